package org.scgateway.globalplatform.tlv;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.Test;

public class TlvTest {

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static String hex(byte[] b) {
        return HexFormat.of().withUpperCase().formatHex(b);
    }

    @Test
    public void validTagsAreAccepted() {
        for (int tag : new int[] {0x4F, 0x5A, 0x01, 0x1E, 0x9F70, 0x9F01, 0x5F20, 0x7F49, 0xBF2D, 0x1F1F, 0x7FFF21,
                0x9F8101, 0xDF7F}) {
            Tlv t = Tlv.isConstructedTag(tag) ? Tlv.constructed(tag) : Tlv.primitive(tag, new byte[0]);
            assertEquals(tag, t.tag());
        }
    }

    @Test
    public void constructedBitComesFromTheFirstTagByte() {
        assertTrue(Tlv.constructed(0xBF2D).isConstructed());
        assertTrue(Tlv.constructed(0x7F49).isConstructed());
        assertTrue(Tlv.constructed(0x7FFF21).isConstructed());
        assertTrue(Tlv.constructed(0xA0).isConstructed());
        assertFalse(Tlv.primitive(0x9F70, new byte[] {1}).isConstructed());
        assertFalse(Tlv.primitive(0x5F20, new byte[] {1}).isConstructed());
        // 0x9F7F: the second byte has bit 6 set, but only the first byte counts.
        assertFalse(Tlv.primitive(0x9F7F, new byte[] {1}).isConstructed());
    }

    @Test
    public void invalidTagsAreRejectedNamingTheTagInHex() {
        assertInvalidTag(0x1F, "1F");            // announces a subsequent byte
        assertInvalidTag(0x9F, "9F");
        assertInvalidTag(0x5A01, "5A01");        // first byte does not announce more
        assertInvalidTag(0x9F80, "9F80");        // last byte has bit 8 set
        assertInvalidTag(0x9F00, "9F00");        // first subsequent byte with bits 7-1 zero
        assertInvalidTag(0x9F8001, "9F8001");    // ditto, in three bytes
        assertInvalidTag(0x9F0101, "9F0101");    // middle byte without bit 8
        assertInvalidTag(0x9F8181, "9F8181");    // last byte with bit 8
        assertInvalidTag(0x7FFFFF21, "7FFFFF21"); // four bytes
        assertInvalidTag(0x00, "00");
        assertInvalidTag(0xFF, "FF");
        assertInvalidTag(0xFF20, "FF20");
        assertInvalidTag(-1, "FFFFFFFF");
    }

    private static void assertInvalidTag(int tag, String hexTag) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tlv.primitive(tag, new byte[] {1}));
        assertTrue(e.getMessage(), e.getMessage().contains("tag " + hexTag + " "));
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> Tlv.constructed(tag, List.of()));
        assertTrue(e2.getMessage(), e2.getMessage().contains("tag " + hexTag + " "));
    }

    @Test
    public void constructedBitMustMatchTheFactory() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tlv.primitive(0xBF2D, new byte[] {1}));
        assertTrue(e.getMessage(), e.getMessage().contains("BF2D") && e.getMessage().contains("constructed"));
        e = assertThrows(IllegalArgumentException.class, () -> Tlv.constructed(0x5A, List.of()));
        assertTrue(e.getMessage(), e.getMessage().contains("5A") && e.getMessage().contains("primitive"));
    }

    @Test
    public void nullsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Tlv.primitive(0x5A, null));
        assertThrows(IllegalArgumentException.class, () -> Tlv.constructed(0xA0, (List<Tlv>) null));
        assertThrows(IllegalArgumentException.class, () -> Tlv.constructed(0xA0, Arrays.asList(Tlv.primitive(0x5A, new byte[0]), null)));
    }

    @Test
    public void valueIsCopiedInAndOut() {
        byte[] v = {1, 2, 3};
        Tlv t = Tlv.primitive(0x5A, v);
        v[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, t.value());
        t.value()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, t.value());
        assertEquals(3, t.length());
    }

    @Test
    public void childrenAreCopiedAndUnmodifiable() {
        List<Tlv> list = new ArrayList<>();
        list.add(Tlv.primitive(0x5A, new byte[] {1}));
        Tlv t = Tlv.constructed(0xE3, list);
        list.add(Tlv.primitive(0x4F, new byte[] {2}));
        assertEquals(1, t.children().size());
        assertThrows(UnsupportedOperationException.class, () -> t.children().add(Tlv.primitive(0x4F, new byte[0])));
        assertTrue(Tlv.primitive(0x5A, new byte[] {1}).children().isEmpty());
    }

    @Test
    public void encodesTheEidResponse() {
        // GetEID response (SGP.22), as in pySim: BF3E len 18 { 5A len 16 EID }.
        Tlv eid = Tlv.primitive(0x5A, hex("89882119900000000000000000000005"));
        Tlv t = Tlv.constructed(0xBF3E, eid);
        assertEquals("BF3E125A1089882119900000000000000000000005", hex(t.encode()));
        assertEquals(18, t.length());
        assertEquals(21, t.encodedLength());
        assertEquals("5A1089882119900000000000000000000005", hex(t.value()));
    }

    @Test
    public void encodesLengthsInTheShortestForm() {
        assertEquals("5A00", hex(Tlv.primitive(0x5A, new byte[0]).encode()));
        assertHeader(127, "5A7F");
        assertHeader(128, "5A8180");
        assertHeader(200, "5A81C8");
        assertHeader(255, "5A81FF");
        assertHeader(256, "5A820100");
        assertHeader(65535, "5A82FFFF");
        assertHeader(65536, "5A83010000");
        assertHeader(70000, "5A83011170");
    }

    @Test
    public void encodesFourByteLengths() {
        byte[] big = new byte[0x1000000];
        big[big.length - 1] = 0x42;
        byte[] enc = Tlv.primitive(0x9F70, big).encode();
        assertEquals("9F708401000000", hex(Arrays.copyOf(enc, 7)));
        assertEquals(7 + big.length, enc.length);
        assertEquals(0x42, enc[enc.length - 1]);
    }

    private static void assertHeader(int len, String header) {
        byte[] v = new byte[len];
        Arrays.fill(v, (byte) 0xA5);
        byte[] enc = Tlv.primitive(0x5A, v).encode();
        assertEquals(header, hex(Arrays.copyOf(enc, header.length() / 2)));
        assertEquals(header.length() / 2 + len, enc.length);
    }

    @Test
    public void findsChildrenAndDescendants() {
        Tlv a = Tlv.primitive(0x4F, hex("A0000001510000"));
        Tlv b = Tlv.primitive(0x4F, hex("A0000005591010"));
        Tlv deep = Tlv.primitive(0x5A, hex("01"));
        Tlv inner = Tlv.constructed(0xE1, Tlv.constructed(0xA0, deep), Tlv.primitive(0x9F70, hex("07")));
        Tlv root = Tlv.constructed(0xE3, a, inner, b, Tlv.primitive(0x5A, hex("02")));

        assertEquals(a, root.find(0x4F).get());
        assertEquals(List.of(a, b), root.findAll(0x4F));
        assertTrue(root.find(0x9F70).isEmpty());
        assertEquals(hex("07").length, root.findRecursive(0x9F70).get().length());
        // Depth first: the 5A under E1/A0 comes before the direct child 5A later in the list.
        assertArrayEquals(hex("01"), root.findRecursive(0x5A).get().value());
        assertArrayEquals(hex("02"), root.find(0x5A).get().value());
        assertTrue(root.findRecursive(0xE3).isEmpty()); // not the object itself
        assertTrue(root.findAll(0x99).isEmpty());
    }

    @Test
    public void equalityIsByContent() {
        Tlv x = Tlv.constructed(0xA0, Tlv.primitive(0x5A, hex("0102")));
        Tlv y = Tlv.constructed(0xA0, List.of(Tlv.primitive(0x5A, hex("0102"))));
        assertEquals(x, y);
        assertEquals(x.hashCode(), y.hashCode());
        assertNotEquals(x, Tlv.constructed(0xA0, Tlv.primitive(0x5A, hex("0103"))));
        assertNotEquals(x, Tlv.constructed(0xA1, Tlv.primitive(0x5A, hex("0102"))));
        assertNotEquals(Tlv.primitive(0x5A, hex("01")), Tlv.primitive(0x4F, hex("01")));
        assertNotEquals(x, "A0045A020102");
    }

    @Test
    public void toStringShowsTagAndLengthButNoValue() {
        Tlv t = Tlv.constructed(0xBF3E, Tlv.primitive(0x5A, hex("89882119900000000000000000000005")));
        String s = t.toString();
        assertTrue(s, s.contains("BF3E") && s.contains("18"));
        assertFalse(s, s.contains("8988"));
        assertEquals("Tlv[5A, 16 bytes]", t.children().get(0).toString());
        String tree = t.toString(false);
        assertTrue(tree, tree.contains("5A (16 bytes)"));
        assertFalse(tree, tree.contains("8988"));
        String debug = t.toString(true);
        assertEquals("BF3E (18 bytes)\n  5A (16 bytes) 89882119900000000000000000000005", debug);
    }

    @Test
    public void depthIsLimited() {
        Tlv t = Tlv.primitive(0x5A, new byte[0]);
        for (int i = 1; i < Tlv.MAX_DEPTH; i++) {
            t = Tlv.constructed(0xA0, t);
        }
        Tlv deepest = t; // 32 levels
        assertEquals(2 * Tlv.MAX_DEPTH, deepest.encodedLength());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tlv.constructed(0xA0, deepest));
        assertTrue(e.getMessage(), e.getMessage().contains("32"));
        assertEquals(deepest, BerTlv.parseOne(deepest.encode()));
    }
}
