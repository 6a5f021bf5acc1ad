package org.scgateway.credential.file.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.scgateway.api.io.AtomicFiles;
import org.scgateway.api.credential.CredentialUpdate;

/**
 * The file behind {@link FileCredentialStore}: Java properties, one entry a line, values in Base64.
 * Saving writes a private temporary file beside it, forces it to disk and moves it over the old one, so a
 * crash leaves either the old store or the new one, never a mixture. A line that is not an entry is refused by its
 * number, the good ones kept, and the refused line written back as it was.
 */
final class CredentialFile {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path path;
    private List<Refused> refused = List.of();

    CredentialFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /** The entries of the file; none if it does not exist yet. A file others can read is made private. */
    SortedMap<String, byte[]> load() throws IOException {
        return load(true);
    }

    /** The entries of a file that belongs to someone else (a seed shipped with a distribution): left as it is. */
    SortedMap<String, byte[]> loadAsIs() throws IOException {
        return load(false);
    }

    private SortedMap<String, byte[]> load(boolean ownFile) throws IOException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            refused = List.of();
            return new TreeMap<>();
        }
        if (ownFile) {
            tightenPermissions();
        }
        Parsed parsed = parse(text);
        refused = parsed.refused();
        return parsed.entries();
    }

    /** What a file's text holds: its entries, and the lines that are none, as {@link #load()} reads them. */
    record Parsed(SortedMap<String, byte[]> entries, List<Refused> refused) {
    }

    /** The entries of {@code text} (the whole file), and the lines that are not entries, by number. */
    static Parsed parse(String text) {
        SortedMap<String, byte[]> entries = new TreeMap<>();
        List<Refused> bad = new ArrayList<>();
        for (LogicalLine line : logicalLines(text)) {
            Properties props = new Properties();
            try {
                props.load(new StringReader(line.text()));
            } catch (IllegalArgumentException e) {
                bad.add(new Refused(line.number(), line.text()));
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException("a string could not be read", e); // a StringReader does not fail
            }
            for (String name : props.stringPropertyNames()) {
                byte[] value = decode(props.getProperty(name));
                if (!CredentialUpdate.isValidName(name) || value == null || entries.containsKey(name)) {
                    bad.add(new Refused(line.number(), line.text()));
                } else {
                    entries.put(name, value);
                }
            }
        }
        return new Parsed(entries, List.copyOf(bad));
    }

    /**
     * The lines of the last load that were not entries (a name that is none, a value that is not Base64, a name given
     * twice), by number: a line that lost its {@code =} makes its value part of the name, so neither is ever said.
     */
    List<Integer> refusedLines() {
        return refused.stream().map(Refused::number).toList();
    }

    private static byte[] decode(String value) {
        try {
            return Base64.getDecoder().decode(value.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A line of the file as Java properties read it: comments and blank lines skipped, continued lines joined. */
    private record LogicalLine(int number, String text) {
    }

    record Refused(int number, String text) {
    }

    private static List<LogicalLine> logicalLines(String text) {
        List<LogicalLine> out = new ArrayList<>();
        String[] physical = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < physical.length; i++) {
            String first = physical[i];
            int start = 0; // Properties#load's white space: space, tab, form feed (not a vertical tab, as stripLeading would)
            while (start < first.length() && (first.charAt(start) == ' ' || first.charAt(start) == '\t' || first.charAt(start) == '\f')) {
                start++;
            }
            String trimmed = first.substring(start);
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
                continue;
            }
            int number = i + 1;
            StringBuilder joined = new StringBuilder(first);
            while (endsInContinuation(physical[i]) && i + 1 < physical.length) {
                joined.append('\n').append(physical[++i]);
            }
            out.add(new LogicalLine(number, joined.toString()));
        }
        return out;
    }

    /** An odd number of backslashes at the end continues the line (Properties#load). */
    private static boolean endsInContinuation(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    /**
     * Writes {@code entries}, and after them, as they were, the lines the last load refused: an operator's typo is not
     * a reason to lose the line, which still holds a secret to mend.
     */
    void save(Map<String, byte[]> entries) throws IOException {
        AtomicFiles.write(path, text(entries, refused).getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The text {@link #save} writes: {@code entries}, then the {@code refused} lines as they were. */
    static String text(Map<String, byte[]> entries, List<Refused> refused) throws IOException {
        Properties props = new Properties();
        entries.forEach((k, v) -> props.setProperty(k, Base64.getEncoder().encodeToString(v)));
        StringWriter text = new StringWriter();
        props.store(text, "SC Gateway credentials: written by org.scgateway.credential.file, do not edit while it runs");
        if (!refused.isEmpty()) {
            text.write("# Lines that are not entries, kept as they were found: mend or delete them\n");
            // The file's last line may end in a backslash that continues it onto nothing: it stays last, with no line end,
            // which its next reading would join to it.
            refused.forEach(r -> text.write(endsInContinuation(r.text()) ? r.text() : r.text() + "\n"));
        }
        return text.toString();
    }

    /** A file someone else can read is made private again, and said so. */
    private void tightenPermissions() throws IOException {
        try {
            if (!Files.getPosixFilePermissions(path).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(path, OWNER_ONLY);
                org.slf4j.LoggerFactory.getLogger(CredentialFile.class)
                        .warn("credential file {} was readable by others; its permissions are now rw-------", path);
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to tighten.
        }
    }
}
