package org.scgateway.api.se;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.HexFormat;

import org.junit.Test;

public class AidTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    public void lengthFiveToSixteenEnforced() {
        assertThrows(IllegalArgumentException.class, () -> Aid.of(new byte[4]));
        assertThrows(IllegalArgumentException.class, () -> Aid.of(new byte[17]));
        assertThrows(IllegalArgumentException.class, () -> Aid.of(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> Aid.of(null));
        assertEquals(5, Aid.of(new byte[5]).length());
        assertEquals(16, Aid.of(new byte[16]).length());
        assertThrows(IllegalArgumentException.class, () -> Aid.fromHex("A0000000"));
        assertThrows(IllegalArgumentException.class, () -> Aid.fromHex("A0000000030000000000000000000000FF"));
    }

    @Test
    public void fromHexWithSpaces() {
        Aid aid = Aid.fromHex("A0 00 00 00 63 50 4B 43 53 2D 31 35");
        assertEquals(12, aid.length());
        assertArrayEquals(hex("A000000063504B43532D3135"), aid.bytes());
        assertEquals("A000000063504B43532D3135", aid.toHex());
        assertEquals("A000000063504B43532D3135", aid.toString());
        assertEquals(aid, Aid.fromHex("a000000063504b43532d3135"));
    }

    @Test
    public void fromHexRejectsNonHex() {
        assertThrows(IllegalArgumentException.class, () -> Aid.fromHex(null));
        assertThrows(IllegalArgumentException.class, () -> Aid.fromHex("A0000000G3"));
        assertThrows(IllegalArgumentException.class, () -> Aid.fromHex("A00000006"));
    }

    @Test
    public void fromHexWrongLengthMessageNamesLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Aid.fromHex("A0000000"));
        assertTrue(e.getMessage(), e.getMessage().contains("5 to 16"));
    }

    @Test
    public void startsWith() {
        Aid isdr = Aid.fromHex("A0000005591010FFFFFFFF8900000100");
        Aid rid = Aid.fromHex("A000000559");
        assertTrue(isdr.startsWith(rid));
        assertTrue(isdr.startsWith(isdr));
        assertFalse(rid.startsWith(isdr));
        assertFalse(isdr.startsWith(Aid.fromHex("A000000558")));
        assertFalse(isdr.startsWith(Aid.fromHex("A0000005591010FFFFFFFF8900000101")));
    }

    @Test
    public void equalsAndHashCodeByContent() {
        Aid a = Aid.of(hex("A0000001510000"));
        Aid b = Aid.fromHex("A0 00 00 01 51 00 00");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Aid.fromHex("A000000151000001"));
        assertNotEquals(a, Aid.fromHex("A0000001510001"));
    }

    @Test
    public void bytesCopiedInAndOut() {
        byte[] raw = hex("A0000001510000");
        Aid aid = Aid.of(raw);
        raw[0] = 0;
        assertArrayEquals(hex("A0000001510000"), aid.bytes());
        byte[] out = aid.bytes();
        out[0] = 0;
        assertArrayEquals(hex("A0000001510000"), aid.bytes());
        assertEquals(Aid.fromHex("A0000001510000"), aid);
    }
}
