package org.scgateway.api.tee;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

import org.junit.Test;

public class TrustedComponentTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    public void componentIdTextIsHexPartsJoinedBySlash() {
        TrustedComponent t = new TrustedComponent(List.of(hex("544131"), hex("01")), "sd.vendor", 3);
        assertEquals("544131/01", t.componentIdText());
        assertEquals("abcd", new TrustedComponent(List.of(hex("ABCD")), "sd", 0).componentIdText());
        assertEquals("sd.vendor", t.securityDomain());
        assertEquals(3, t.sequenceNumber());
        String s = t.toString();
        assertTrue(s, s.contains("544131/01"));
        assertTrue(s, s.contains("sd.vendor"));
    }

    @Test
    public void validation() {
        assertThrows(IllegalArgumentException.class, () -> new TrustedComponent(null, "sd", 0));
        assertThrows(IllegalArgumentException.class, () -> new TrustedComponent(List.of(), "sd", 0));
        assertThrows(IllegalArgumentException.class,
                () -> new TrustedComponent(List.of(hex("01"), new byte[0]), "sd", 0));
        assertThrows(IllegalArgumentException.class,
                () -> new TrustedComponent(Arrays.asList(hex("01"), null), "sd", 0));
        assertThrows(IllegalArgumentException.class, () -> new TrustedComponent(List.of(hex("01")), "sd", -1));
        assertEquals(Long.MAX_VALUE, new TrustedComponent(List.of(hex("01")), "sd", Long.MAX_VALUE).sequenceNumber());
    }

    @Test
    public void componentIdCopiedInAndOut() {
        byte[] part = hex("544131");
        List<byte[]> parts = new ArrayList<>(List.of(part));
        TrustedComponent t = new TrustedComponent(parts, "sd", 1);
        part[0] = 0;
        parts.add(hex("02"));
        assertEquals("544131", t.componentIdText());
        List<byte[]> out = t.componentId();
        assertEquals(1, out.size());
        out.get(0)[0] = 0;
        assertArrayEquals(hex("544131"), t.componentId().get(0));
        assertThrows(UnsupportedOperationException.class, () -> t.componentId().add(hex("03")));
    }

    @Test
    public void equalsAndHashCodeByContent() {
        TrustedComponent a = new TrustedComponent(List.of(hex("544131"), hex("01")), "sd", 1);
        TrustedComponent b = new TrustedComponent(List.of(hex("544131"), hex("01")), "sd", 1);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new TrustedComponent(List.of(hex("544131"), hex("02")), "sd", 1));
        assertNotEquals(a, new TrustedComponent(List.of(hex("544131")), "sd", 1));
        assertNotEquals(a, new TrustedComponent(List.of(hex("54413101")), "sd", 1));
        assertNotEquals(a, new TrustedComponent(List.of(hex("544131"), hex("01")), "other", 1));
        assertNotEquals(a, new TrustedComponent(List.of(hex("544131"), hex("01")), "sd", 2));
        assertNotEquals(a, new TrustedComponent(Collections.singletonList(hex("544131")), "sd", 1));
    }

    @Test
    public void needsASecurityDomain() {
        List<byte[]> id = List.of(new byte[] {1});
        assertThrows(IllegalArgumentException.class, () -> new TrustedComponent(id, " ", 0));
        assertThrows(IllegalArgumentException.class, () -> new TrustedComponent(id, null, 0));
    }
}
