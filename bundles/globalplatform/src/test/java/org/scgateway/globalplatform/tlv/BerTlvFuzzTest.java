package org.scgateway.globalplatform.tlv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * BER-TLV from anyone (cards, servers, files): a parse returns data objects whose encoding parses back to the same
 * objects and encodes to the same bytes (the canonical form: shortest tag and length), or throws {@link TlvException}
 * naming an offset inside the input — never another exception, never a hang, never memory for a length it has not
 * checked. Regression inputs: {@code src/test/resources/.../BerTlvFuzzTestInputs/}; fuzzing: {@code bench/fuzz}.
 */
class BerTlvFuzzTest {

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void parsesToCanonicalObjectsOrSaysWhere(byte[] input) {
        List<Tlv> parsed;
        try {
            parsed = BerTlv.parse(input);
        } catch (TlvException e) {
            assertTrue(e.offset() >= 0 && e.offset() <= input.length, "offset " + e.offset() + " of " + input.length + ": " + e.getMessage());
            return;
        }
        List<byte[]> encoded = new ArrayList<>();
        int total = 0;
        for (Tlv t : parsed) {
            byte[] e = t.encode();
            encoded.add(e);
            total += e.length;
        }
        byte[] canonical = new byte[total];
        int at = 0;
        for (byte[] e : encoded) {
            System.arraycopy(e, 0, canonical, at, e.length);
            at += e.length;
        }
        List<Tlv> again = BerTlv.parse(canonical);
        assertEquals(parsed, again, "the encoding parses back to the same objects");
        byte[] twice = new byte[total];
        at = 0;
        for (Tlv t : again) {
            byte[] e = t.encode();
            System.arraycopy(e, 0, twice, at, e.length);
            at += e.length;
        }
        assertArrayEquals(canonical, twice, "the canonical form is a fixed point");
        assertTrue(canonical.length <= input.length, "canonical is never longer than what was read");
    }

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void parseOneStrictTakesExactlyOneObject(byte[] input) {
        try {
            Tlv t = BerTlv.parseOneStrict(input);
            assertTrue(t.encodedLength() <= input.length);
        } catch (TlvException e) {
            assertTrue(e.offset() >= 0 && e.offset() <= input.length, "offset " + e.offset() + " of " + input.length);
        }
    }
}
