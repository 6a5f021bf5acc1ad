package org.scgateway.euicc.internal.ipa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Properties;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The IPA's memory against replay as a credential store or an old file holds it, anything at all:
 * {@link IpaMemory#parse} returns values that are only what the class writes (version 1, non-negative counters of
 * at most 40 digits, a sequence number of at most 18 that can still be counted up), which stored and read back
 * are the same values; or it throws {@link IllegalArgumentException} saying what is wrong, which is what
 * {@code open} turns into damage. Never another exception, never a hang. A versioned parse that succeeds succeeds
 * unversioned too, with the same values. Regression inputs: {@code src/test/resources/.../IpaMemoryFuzzTestInputs/}.
 */
class IpaMemoryFuzzTest {

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void parseGivesCheckedValuesThatReadBackOrSaysWhy(byte[] bytes) {
        boolean versioned = bytes.length > 0 && (bytes[0] & 1) == 0;
        Properties p;
        try {
            p = IpaMemory.parse(bytes, versioned);
        } catch (IllegalArgumentException e) {
            assertEquals(IllegalArgumentException.class, e.getClass(), "the memory's own refusal, not a parser's exception");
            assertNotNull(e.getMessage());
            return;
        }
        assertEquals("1", p.getProperty("version"));
        for (String name : p.stringPropertyNames()) {
            String value = p.getProperty(name);
            if (name.equals("version")) {
                continue;
            }
            if (name.equals("seqNumber")) {
                assertTrue(value.matches("[0-9]{1,18}"), "seqNumber " + value);
                assertTrue(Long.parseLong(value) < Long.MAX_VALUE, "the sequence number can be counted up");
            } else {
                assertTrue(name.startsWith("counter."), "only what IpaMemory writes: " + name);
                assertTrue(value.matches("[0-9]{1,40}"), "counter " + value);
                assertTrue(new BigInteger(value).signum() >= 0);
            }
        }
        assertEquals(p.size(), p.stringPropertyNames().size(), "strings only");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            p.store(out, null);
        } catch (IOException e) {
            fail(e);
        }
        assertEquals(p, IpaMemory.parse(out.toByteArray(), true), "what is written reads back the same");
        if (versioned) {
            assertEquals(p, IpaMemory.parse(bytes, false), "a versioned memory reads the same unversioned");
        }
    }
}
