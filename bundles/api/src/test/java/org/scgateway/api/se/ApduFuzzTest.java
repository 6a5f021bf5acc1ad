package org.scgateway.api.se;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * APDUs and AIDs from anyone (a reader, a modem, vpcd, a server's script): a parse returns a value whose encoding is the
 * documented canonical form and parses back to the same value, or throws {@link IllegalArgumentException} saying what is
 * wrong — never another exception, never a hang, never memory for a length field it has not checked. Regression inputs:
 * {@code src/test/resources/.../ApduFuzzTestInputs/}; fuzzing: {@code bench/fuzz}.
 */
class ApduFuzzTest {

    /**
     * A command APDU re-encodes to its canonical form (short where Nc &le; 255 and Ne &le; 256, extended otherwise),
     * which parses back to the same command and is a fixed point; an input already in the form its lengths call for
     * comes back byte for byte.
     */
    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void commandParsesToItsCanonicalEncodingOrSaysWhy(byte[] input) {
        CommandApdu c;
        try {
            c = CommandApdu.parse(input);
        } catch (IllegalArgumentException e) {
            assertSaysWhy(e);
            return;
        }
        byte[] canonical = c.toBytes();
        CommandApdu again = CommandApdu.parse(canonical);
        assertEquals(c, again, "the canonical encoding parses back to the same command");
        assertEquals(c.hashCode(), again.hashCode());
        assertArrayEquals(canonical, again.toBytes(), "the canonical form is a fixed point");
        assertTrue(canonical.length <= input.length, "canonical is never longer than what was read");
        assertEquals(c.nc(), c.data().length);
        assertTrue(c.ne() >= 0 && c.ne() <= CommandApdu.MAX_NE && c.nc() <= CommandApdu.MAX_NC);
        boolean shortForm = input.length <= 5 || input[4] != 0;
        if (shortForm || c.isExtended()) {
            assertArrayEquals(input, canonical, "an input in the form its lengths call for is kept byte for byte");
        } else {
            assertFalse(Arrays.equals(input, canonical), "an extended encoding of short lengths becomes short");
        }
        assertEquals(c.isoCase(), again.isoCase());
    }

    /** A response APDU is its data and status word again, byte for byte, or a refusal naming the status word or length. */
    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void responseParsesBackToTheSameBytesOrSaysWhy(byte[] input) {
        ResponseApdu r;
        try {
            r = ResponseApdu.parse(input);
        } catch (IllegalArgumentException e) {
            assertSaysWhy(e);
            return;
        }
        assertArrayEquals(input, r.toBytes(), "data and status word, byte for byte");
        assertEquals(input.length - 2, r.nr());
        assertTrue(r.nr() <= CommandApdu.MAX_NE);
        int sw1 = r.statusWord().sw1();
        assertTrue(sw1 >= 0x61 && sw1 <= 0x6F || sw1 >= 0x90 && sw1 <= 0x9F, "SW1 " + Integer.toHexString(sw1));
        assertEquals(r, ResponseApdu.parse(r.toBytes()));
        assertEquals(r.statusWord(), StatusWord.of(r.sw()));
        assertTrue(!r.statusWord().description().isEmpty());
    }

    /**
     * An AID from bytes is 5 to 16 of them, kept as given; from hexadecimal (spaces allowed) it is the same AID as its
     * upper-case hex, which reads back to it; anything else is refused.
     */
    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void aidIsFiveToSixteenBytesOrRefused(FuzzedDataProvider data) {
        boolean fromHex = data.consumeBoolean();
        if (!fromHex) {
            byte[] bytes = data.consumeRemainingAsBytes();
            Aid aid;
            try {
                aid = Aid.of(bytes);
            } catch (IllegalArgumentException e) {
                assertSaysWhy(e);
                assertTrue(bytes.length < 5 || bytes.length > 16, "refused " + bytes.length + " bytes");
                return;
            }
            assertTrue(bytes.length >= 5 && bytes.length <= 16, "took " + bytes.length + " bytes");
            assertArrayEquals(bytes, aid.bytes());
            assertEquals(aid, Aid.fromHex(aid.toHex()));
            assertTrue(aid.startsWith(aid));
            return;
        }
        String hex = data.consumeRemainingAsString();
        Aid aid;
        try {
            aid = Aid.fromHex(hex);
        } catch (IllegalArgumentException e) {
            assertSaysWhy(e);
            return;
        }
        assertEquals(hex.replace(" ", "").toUpperCase(Locale.ROOT), aid.toHex());
        assertArrayEquals(HexFormat.of().parseHex(aid.toHex()), aid.bytes());
        assertEquals(aid, Aid.of(aid.bytes()));
        assertTrue(aid.length() >= 5 && aid.length() <= 16);
    }

    private static void assertSaysWhy(IllegalArgumentException e) {
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a refusal says why");
    }
}
