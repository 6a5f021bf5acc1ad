package org.scgateway.globalplatform.seram;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.scgateway.api.se.CommandApdu;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * An expanded remote command script from a server (ETSI TS 102 226): a parse either returns at most 255 C-APDUs, each
 * one of the input's own {@code 22} objects and parsing back to itself, or throws {@link ScriptFormatException} with
 * one of TS 102 226's fault codes (the script's response carries it) — never another exception, never a hang.
 */
class RemoteScriptFuzzTest {

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void readsWholeScriptsOrNamesTheFault(byte[] input) {
        RemoteScript script;
        try {
            script = RemoteScript.parse(input);
        } catch (ScriptFormatException e) {
            assertNotNull(e.fault(), "a fault code for the response");
            assertNotNull(e.getMessage());
            return;
        }
        assertTrue(script.commands().size() <= 255, "the response counts commands in a byte");
        int bytes = 0;
        for (CommandApdu c : script.commands()) {
            byte[] encoded = c.toBytes();
            bytes += encoded.length;
            assertTrue(java.util.Arrays.equals(encoded, CommandApdu.parse(encoded).toBytes()), "a C-APDU parses back to itself");
        }
        assertTrue(bytes <= input.length, "the commands come from the script's bytes");
    }
}
