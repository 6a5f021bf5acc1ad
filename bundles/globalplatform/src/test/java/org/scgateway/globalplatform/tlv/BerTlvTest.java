package org.scgateway.globalplatform.tlv;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.scgateway.globalplatform.tlv.TlvTest.hex;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.Test;

public class BerTlvTest {

    private static final String EID_RESPONSE = "BF3E125A1089882119900000000000000000000005";
    /** A DODF entry (PKCS #15 / GSMA OMA-DM bootstrap style): A1 len 37. */
    private static final String DODF = "A125" + "3011" + "0C0F" + "4C774D324D20426F6F747374726170" + "3000"
            + "A10E" + "300C" + "0604" + "672B0901" + "3004" + "0402" + "6432";
    private static final String ODF_PADDED = "A70630040402643" + "0" + "FFFFFF";

    @Test
    public void parsesTheEidResponse() {
        Tlv t = BerTlv.parseOne(hex(EID_RESPONSE));
        assertEquals(0xBF3E, t.tag());
        assertTrue(t.isConstructed());
        assertEquals(1, t.children().size());
        Tlv eid = t.find(0x5A).orElseThrow();
        assertFalse(eid.isConstructed());
        assertEquals("89882119900000000000000000000005", TlvTest.hex(eid.value()));
        assertEquals(EID_RESPONSE, TlvTest.hex(t.encode()));
        assertEquals(List.of(t), BerTlv.parse(hex(EID_RESPONSE)));
        assertEquals(t, BerTlv.parseOneStrict(hex(EID_RESPONSE)));
    }

    @Test
    public void parsesTheDodfEntry() {
        byte[] enc = hex(DODF);
        Tlv t = BerTlv.parseOne(enc);
        assertEquals(0xA1, t.tag());
        assertEquals(37, t.length());
        assertEquals(3, t.children().size());
        assertEquals("672B0901", TlvTest.hex(t.findRecursive(0x06).orElseThrow().value()));
        assertEquals("6432", TlvTest.hex(t.findRecursive(0x04).orElseThrow().value()));
        assertEquals("LwM2M Bootstrap", new String(t.findRecursive(0x0C).orElseThrow().value(),
                java.nio.charset.StandardCharsets.UTF_8));
        // The first 30 in document order is the one holding the label; the empty 30 00 is the second.
        assertEquals(17, t.findRecursive(0x30).orElseThrow().length());
        assertEquals(2, t.findAll(0x30).size());
        assertEquals(0, t.findAll(0x30).get(1).length());
        assertArrayEquals(enc, t.encode());
    }

    @Test
    public void skipsPaddingAfterTheOdfEntry() {
        byte[] enc = hex(ODF_PADDED);
        List<Tlv> list = BerTlv.parse(enc);
        assertEquals(1, list.size());
        Tlv t = list.get(0);
        assertEquals(0xA7, t.tag());
        assertEquals("04026430", TlvTest.hex(t.find(0x30).orElseThrow().value()));
        assertEquals("A7063004040264" + "30", TlvTest.hex(t.encode()));
        assertEquals(t, BerTlv.parseOne(enc));

        TlvException e = assertThrows(TlvException.class, () -> BerTlv.parseStrict(enc));
        assertEquals(8, e.offset());
        assertTrue(e.getMessage(), e.getMessage().contains("offset 8") && e.getMessage().contains("FF"));
        assertThrows(TlvException.class, () -> BerTlv.parseOneStrict(enc));
        assertEquals(List.of(t), BerTlv.parseStrict(enc, 0, 8));
    }

    @Test
    public void skipsPaddingBeforeBetweenAndInsideConstructedValues() {
        byte[] enc = hex("00FF" + "5A0101" + "0000FF" + "A0 06 00 5A0102 FF 00" + "FF");
        List<Tlv> list = BerTlv.parse(enc);
        assertEquals(2, list.size());
        assertEquals(Tlv.primitive(0x5A, hex("01")), list.get(0));
        assertEquals(Tlv.constructed(0xA0, Tlv.primitive(0x5A, hex("02"))), list.get(1));
        TlvException e = assertThrows(TlvException.class, () -> BerTlv.parseStrict(enc));
        assertEquals(0, e.offset());
        e = assertThrows(TlvException.class, () -> BerTlv.parseStrict(enc, 2, 3 + 3 + 8));
        assertTrue(e.getMessage(), e.getMessage().contains("offset 5"));
    }

    @Test
    public void emptyAndPaddingOnlyInput() {
        assertTrue(BerTlv.parse(new byte[0]).isEmpty());
        assertTrue(BerTlv.parse(hex("00FF00")).isEmpty());
        assertTrue(BerTlv.parseStrict(new byte[0]).isEmpty());
        TlvException e = assertThrows(TlvException.class, () -> BerTlv.parseOne(hex("00FF00")));
        assertTrue(e.getMessage(), e.getMessage().contains("offset 0"));
        assertThrows(TlvException.class, () -> BerTlv.parseOne(new byte[0]));
    }

    @Test
    public void parseOneRejectsTrailingObjects() {
        TlvException e = assertThrows(TlvException.class, () -> BerTlv.parseOne(hex("5A0101" + "4F0102")));
        assertEquals(3, e.offset());
        assertTrue(e.getMessage(), e.getMessage().contains("offset 3"));
        e = assertThrows(TlvException.class, () -> BerTlv.parseOne(hex("5A0101" + "FF" + "01")));
        assertEquals(4, e.offset());
    }

    @Test
    public void parsesARegionWithAbsoluteOffsetsInErrors() {
        byte[] buf = hex("DEADBEEF" + EID_RESPONSE + "CAFE");
        List<Tlv> list = BerTlv.parse(buf, 4, EID_RESPONSE.length() / 2);
        assertEquals(List.of(BerTlv.parseOne(hex(EID_RESPONSE))), list);
        assertEquals(list.get(0), BerTlv.parseOne(buf, 4, EID_RESPONSE.length() / 2));
        // One byte short: the 5A value is cut.
        TlvException e = assertThrows(TlvException.class, () -> BerTlv.parse(buf, 4, EID_RESPONSE.length() / 2 - 1));
        assertTrue(e.getMessage(), e.getMessage().contains("value of tag BF3E at offset 4 claims 18 bytes, 17 remain"));
        assertEquals(4, e.offset());
        assertThrows(IndexOutOfBoundsException.class, () -> BerTlv.parse(buf, 4, buf.length));
        assertThrows(NullPointerException.class, () -> BerTlv.parse(null));
    }

    @Test
    public void multiByteTags() {
        String enc = "7F49 05 86 03 040506" + "5F20 02 4142" + "9F70 01 07" + "BF2D 03 5C 01 5A";
        List<Tlv> list = BerTlv.parseStrict(hex(enc));
        assertEquals(4, list.size());
        assertEquals(0x7F49, list.get(0).tag());
        assertTrue(list.get(0).isConstructed());
        assertEquals(0x86, list.get(0).children().get(0).tag());
        assertEquals(0x5F20, list.get(1).tag());
        assertEquals(0x9F70, list.get(2).tag());
        assertEquals(0xBF2D, list.get(3).tag());
        assertEquals(0x5C, list.get(3).children().get(0).tag());
        assertEquals(0x7FFF21, BerTlv.parseOne(hex("7FFF21 00")).tag());
        assertRoundTrip(hex(enc));
    }

    @Test
    public void longFormLengthsRoundTrip() {
        for (int len : new int[] {0, 1, 127, 128, 200, 255, 256, 300, 65535, 65536, 70000}) {
            byte[] v = new byte[len];
            new Random(len).nextBytes(v);
            Tlv t = Tlv.primitive(0x5A, v);
            byte[] enc = t.encode();
            Tlv back = BerTlv.parseOne(enc);
            assertEquals(t, back);
            assertArrayEquals(v, back.value());
            assertArrayEquals(enc, back.encode());
            // Inside a constructed object, whose own length then needs a longer form.
            Tlv c = Tlv.constructed(0xBF2D, t, Tlv.primitive(0x9F70, hex("01")));
            assertEquals(c, BerTlv.parseOneStrict(c.encode()));
        }
        Tlv t = BerTlv.parseOne(hex("5A 81C8" + "00".repeat(200)));
        assertEquals(200, t.length());
        t = BerTlv.parseOne(hex("5A 83011170" + "11".repeat(70000)));
        assertEquals(70000, t.length());
    }

    @Test
    public void acceptsNonMinimalLengthsAndReencodesThemMinimally() {
        Tlv t = BerTlv.parseOne(hex("5A 8400000003 010203"));
        assertEquals("5A03010203", TlvTest.hex(t.encode()));
        t = BerTlv.parseOne(hex("5A 8103 010203"));
        assertEquals("5A03010203", TlvTest.hex(t.encode()));
        t = BerTlv.parseOne(hex("A0 820005 5A03010203"));
        assertEquals("A0055A03010203", TlvTest.hex(t.encode()));
    }

    @Test
    public void indefiniteLength() {
        Tlv t = BerTlv.parseOneStrict(hex("A0 80 5A 01 01 00 00"));
        assertEquals(Tlv.constructed(0xA0, Tlv.primitive(0x5A, hex("01"))), t);
        assertEquals("A0035A0101", TlvTest.hex(t.encode()));
        assertEquals(Tlv.constructed(0xA0), BerTlv.parseOne(hex("A0800000")));
    }

    @Test
    public void nestedIndefiniteLength() {
        byte[] enc = hex("A0 80" + "A1 80 5A 01 01 0000" + "BF2D 80 A2 03 4F 01 02 0000" + "9F70 01 03" + "0000" + "4F0104");
        List<Tlv> list = BerTlv.parseStrict(enc);
        assertEquals(2, list.size());
        Tlv expected = Tlv.constructed(0xA0,
                Tlv.constructed(0xA1, Tlv.primitive(0x5A, hex("01"))),
                Tlv.constructed(0xBF2D, Tlv.constructed(0xA2, Tlv.primitive(0x4F, hex("02")))),
                Tlv.primitive(0x9F70, hex("03")));
        assertEquals(expected, list.get(0));
        assertEquals(Tlv.primitive(0x4F, hex("04")), list.get(1));
        assertEquals(expected, BerTlv.parseOneStrict(expected.encode()));
    }

    @Test
    public void indefiniteLengthSkipsOnlyFfPaddingInLenientMode() {
        assertEquals(Tlv.constructed(0xA0, Tlv.primitive(0x5A, hex("01"))),
                BerTlv.parseOne(hex("A0 80 FF 5A 01 01 FF 00 00 FF")));
        assertThrows(TlvException.class, () -> BerTlv.parseOneStrict(hex("A0 80 FF 5A 01 01 00 00")));
    }

    @Test
    public void missingEndOfContentsIsRejected() {
        assertMalformed("A0 80 5A 01 01", 0, "end-of-contents missing for indefinite-length tag A0 at offset 0");
        assertMalformed("5A0101 A0 80 A1 80 5A 01 01 00 00", 3,
                "end-of-contents missing for indefinite-length tag A0 at offset 3");
        assertMalformed("A0 80 5A 01 01 00", 5, "end-of-contents at offset 5");
        assertMalformed("A0 80 5A 01 01 00 01", 5, "must be 00 00");
        // The end-of-contents must lie within the enclosing definite-length value.
        assertMalformed("E1 06 A0 80 5A 01 01 00 00", 7, "end-of-contents at offset 7");
    }

    @Test
    public void indefiniteLengthOnPrimitiveIsRejected() {
        assertMalformed("A0 80 5A 80 01 00 00 00 00", 2, "indefinite length on primitive tag 5A at offset 2");
        assertMalformed("9F70 80 00 00", 0, "indefinite length on primitive tag 9F70 at offset 0");
    }

    @Test
    public void truncatedTagIsRejected() {
        assertMalformed("5A 01 01 9F", 3, "tag at offset 3 is truncated");
        assertMalformed("BF", 0, "tag at offset 0 is truncated");
        assertMalformed("7F FF", 0, "tag at offset 0 is truncated");
        assertMalformed("A0 01 9F 70", 2, "tag at offset 2 is truncated"); // cut by the parent's length
    }

    @Test
    public void truncatedLengthIsRejected() {
        assertMalformed("5A", 0, "length of tag 5A at offset 0 is truncated");
        assertMalformed("9F70 82 01", 0, "length of tag 9F70 at offset 0 is truncated");
        assertMalformed("4F 01 02 BF2D 84 000000", 3, "length of tag BF2D at offset 3 is truncated");
    }

    @Test
    public void valueLongerThanTheDataIsRejected() {
        assertMalformed("BF2D 81C8" + "00".repeat(12), 0, "value of tag BF2D at offset 0 claims 200 bytes, 12 remain");
        assertMalformed("5A 84FFFFFFFF 00", 0, "value of tag 5A at offset 0 claims 4294967295 bytes, 1 remain");
        // A child claiming more than its parent holds, though the array would have enough.
        assertMalformed("A0 03 5A 05 01 02 03 04 05", 2, "value of tag 5A at offset 2 claims 5 bytes, 1 remain");
    }

    @Test
    public void lengthsOverFourBytesAreRejected() {
        assertMalformed("5A 85 0000000001 00", 1, "length 0x85 at offset 1: lengths over 4 bytes are not supported");
        assertMalformed("5A FF", 1, "length 0xFF at offset 1");
    }

    @Test
    public void invalidTagBytesAreRejected() {
        assertMalformed("9F 80 01 00", 0, "tag 9F8001 at offset 0 is not valid");
        assertMalformed("5A0101 9F 00 00", 3, "tag 9F00 at offset 3 is not valid");
        assertMalformed("9F FF FF 01 00", 0, "tag at offset 0 is longer than 3 bytes");
        assertMalformed("7F FF 81 21 00", 0, "tag at offset 0 is longer than 3 bytes");
    }

    @Test
    public void nestingIsLimitedTo32Levels() {
        byte[] ok = nested(32);
        Tlv t = BerTlv.parseOneStrict(ok);
        int levels = 1;
        while (!t.children().isEmpty()) {
            t = t.children().get(0);
            levels++;
        }
        assertEquals(32, levels);

        TlvException e = assertThrows(TlvException.class, () -> BerTlv.parse(nested(33)));
        assertTrue(e.getMessage(), e.getMessage().contains("nesting deeper than 32 levels at offset 64"));
        assertEquals(64, e.offset());

        // Indefinite lengths count the same.
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 33; i++) {
            sb.append("A080");
        }
        for (int i = 0; i < 33; i++) {
            sb.append("0000");
        }
        e = assertThrows(TlvException.class, () -> BerTlv.parse(hex(sb.toString())));
        assertTrue(e.getMessage(), e.getMessage().contains("nesting deeper than 32 levels"));
    }

    @Test
    public void hostileDeepNestingDoesNotOverflowTheStack() {
        byte[] deep = new byte[200_000];
        for (int i = 0; i < deep.length; i += 2) {
            deep[i] = (byte) 0xA0;
            deep[i + 1] = (byte) 0x80;
        }
        TlvException e = assertThrows(TlvException.class, () -> BerTlv.parse(deep));
        assertTrue(e.getMessage(), e.getMessage().contains("nesting deeper than 32 levels"));
    }

    @Test
    public void messagesNeverContainValueBytes() {
        // A value with a distinctive pattern, cut short so the parser complains about it.
        String secret = "C0FFEE11C0FFEE11";
        TlvException e = assertThrows(TlvException.class, () -> BerTlv.parse(hex("A0 0B 5A 09 " + secret)));
        assertFalse(e.getMessage(), e.getMessage().toUpperCase().contains("C0FFEE"));
        e = assertThrows(TlvException.class, () -> BerTlv.parse(hex("A0 0A 5A 08 " + secret + " 9F")));
        assertFalse(e.getMessage(), e.getMessage().toUpperCase().contains("C0FFEE"));
    }

    @Test
    public void fuzzNeverThrowsAnythingButTlvException() {
        Random random = new Random(0x7157_2024L);
        byte[][] seeds = {hex(EID_RESPONSE), hex(DODF), hex(ODF_PADDED), hex("A0 80 A1 80 5A 01 01 0000 0000"),
                hex("7F49 05 86 03 040506 5F20 02 4142 BF2D 03 5C 01 5A")};
        int parsed = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] data;
            if (i % 2 == 0) {
                data = new byte[random.nextInt(64)];
                random.nextBytes(data);
                if (data.length > 0 && random.nextBoolean()) {
                    // Favour constructed tags and indefinite lengths, which exercise the recursion.
                    data[0] = (byte) (0xA0 | random.nextInt(16));
                }
            } else {
                byte[] seed = seeds[random.nextInt(seeds.length)];
                data = seed.clone();
                int mutations = 1 + random.nextInt(4);
                for (int m = 0; m < mutations; m++) {
                    int p = random.nextInt(data.length);
                    switch (random.nextInt(4)) {
                        case 0: data[p] = (byte) random.nextInt(256); break;
                        case 1: data[p] = (byte) 0x80; break;
                        case 2: data[p] ^= (byte) (1 << random.nextInt(8)); break;
                        default: data = Arrays.copyOf(data, p); break;
                    }
                    if (data.length == 0) {
                        break;
                    }
                }
            }
            for (int mode = 0; mode < 4; mode++) {
                try {
                    switch (mode) {
                        case 0: {
                            List<Tlv> list = BerTlv.parse(data);
                            parsed++;
                            for (Tlv t : list) {
                                // Whatever was accepted re-encodes to something the strict parser accepts as equal.
                                assertEquals(t, BerTlv.parseOneStrict(t.encode()));
                                t.toString(true);
                            }
                            break;
                        }
                        case 1: BerTlv.parseStrict(data); break;
                        case 2: BerTlv.parseOne(data); break;
                        default: BerTlv.parseOneStrict(data); break;
                    }
                } catch (TlvException expected) {
                    assertTrue(expected.getMessage(), expected.getMessage().contains("offset")
                            || expected.getMessage().contains("nesting"));
                    assertTrue(expected.offset() >= 0 && expected.offset() <= data.length);
                } catch (AssertionError e) {
                    throw e;
                } catch (Throwable t) {
                    throw new AssertionError("input " + TlvTest.hex(data) + " mode " + mode + " threw " + t, t);
                }
            }
        }
        assertTrue("some inputs should parse: " + parsed, parsed > 100);
    }

    private static byte[] nested(int levels) {
        // levels-1 constructed A0 around an empty A0: 2 bytes a level.
        byte[] out = new byte[2 * levels];
        for (int i = 0; i < levels; i++) {
            out[2 * i] = (byte) 0xA0;
            out[2 * i + 1] = (byte) (2 * (levels - 1 - i));
        }
        return out;
    }

    private static void assertRoundTrip(byte[] enc) {
        List<Tlv> list = BerTlv.parseStrict(enc);
        byte[] again = new byte[0];
        for (Tlv t : list) {
            byte[] e = t.encode();
            byte[] joined = Arrays.copyOf(again, again.length + e.length);
            System.arraycopy(e, 0, joined, again.length, e.length);
            again = joined;
        }
        assertArrayEquals(enc, again);
    }

    private static void assertMalformed(String hexData, int offset, String message) {
        byte[] data = hex(hexData);
        for (int strict = 0; strict < 2; strict++) {
            TlvException e;
            try {
                if (strict == 1) {
                    BerTlv.parseStrict(data);
                } else {
                    BerTlv.parse(data);
                }
                fail("accepted " + hexData);
                return;
            } catch (TlvException ex) {
                e = ex;
            }
            assertTrue("'" + e.getMessage() + "' should contain '" + message + "'", e.getMessage().contains(message));
            assertTrue(e.getMessage(), e.getMessage().contains("offset " + offset));
            assertEquals(offset, e.offset());
        }
    }
}
