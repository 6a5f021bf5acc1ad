package org.scgateway.credential.file.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.scgateway.api.credential.CredentialUpdate;

/**
 * credentials.properties as anyone may have edited it: the file's text (ISO 8859-1, as {@link CredentialFile} reads it)
 * gives entries with valid names and Base64 values, read as {@link Properties} reads the file, and the lines that are
 * none, by number; what a save writes of them reads back to the same entries and the same refused lines — a line is
 * never lost or changed, never another exception, never a hang. Regression inputs:
 * {@code src/test/resources/.../CredentialFileFuzzTestInputs/}; fuzzing: {@code bench/fuzz}.
 */
class CredentialFileFuzzTest {

    /**
     * Thirty minutes: three readings an execution, each line a {@link Properties} of its own, run at 800 to 1,300 a second
     * on two shared cores, and the million executions bench/fuzz asks for need that long.
     */
    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "30m")
    void readsEntriesAsPropertiesDoAndASaveKeepsEveryLine(byte[] input) throws IOException {
        String text = new String(input, StandardCharsets.ISO_8859_1);
        CredentialFile.Parsed parsed = CredentialFile.parse(text);
        int physical = physicalLines(text);
        int last = 0;
        for (CredentialFile.Refused r : parsed.refused()) {
            int n = last;
            assertTrue(r.number() > last && r.number() <= physical, () -> "refused line " + r.number() + " of " + physical + ", after " + n);
            last = r.number();
        }
        for (String name : parsed.entries().keySet()) {
            assertTrue(CredentialUpdate.isValidName(name), name);
        }

        // The entries are those Java properties read in the whole file (a name given twice: the first valid value).
        Properties whole = new Properties();
        boolean readable = true;
        try {
            whole.load(new StringReader(text));
        } catch (IllegalArgumentException e) {
            readable = false; // a malformed \\uXXXX: Properties gives up on the whole file, this reader on its line only
        }
        if (readable) {
            for (String name : parsed.entries().keySet()) {
                assertTrue(whole.containsKey(name), () -> "an entry Java properties do not see: " + name);
            }
            for (String name : whole.stringPropertyNames()) {
                if (CredentialUpdate.isValidName(name) && base64(whole.getProperty(name))) {
                    assertTrue(parsed.entries().containsKey(name), () -> "an entry Java properties see is lost: " + name);
                }
            }
        }

        // A save writes the entries and the refused lines as they were; reading that back gives the same again.
        String saved = CredentialFile.text(parsed.entries(), parsed.refused());
        CredentialFile.Parsed again = CredentialFile.parse(saved);
        assertEquals(parsed.entries().keySet(), again.entries().keySet(), "the same names after a save");
        for (Map.Entry<String, byte[]> e : parsed.entries().entrySet()) {
            assertArrayEquals(e.getValue(), again.entries().get(e.getKey()), () -> "the same value of " + e.getKey());
        }
        assertEquals(texts(parsed.refused()), texts(again.refused()), "the refused lines are kept as they were");
    }

    /** The lines as CR LF, CR or LF end them, the last one after the last line end included. */
    private static int physicalLines(String text) {
        int n = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n')) {
                n++;
            }
        }
        return n;
    }

    private static List<String> texts(List<CredentialFile.Refused> refused) {
        return refused.stream().map(CredentialFile.Refused::text).toList();
    }

    private static boolean base64(String value) {
        try {
            Base64.getDecoder().decode(value.strip());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
