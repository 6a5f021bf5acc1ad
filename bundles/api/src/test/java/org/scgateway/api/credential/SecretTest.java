package org.scgateway.api.credential;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.Test;

public class SecretTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    public void toStringNeverShowsContent() {
        byte[] key = hex("DEADBEEF00112233");
        Secret s = Secret.of(key);
        String str = s.toString();
        assertEquals("Secret[8 bytes]", str);
        assertFalse(str.toUpperCase().contains("DEADBEEF"));
        assertFalse(str.contains(Arrays.toString(key)));
        Secret text = Secret.of("hunter2".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertFalse(text.toString().contains("hunter2"));
    }

    @Test
    public void bytesCopiedInAndOut() {
        byte[] key = hex("0102030405");
        Secret s = Secret.of(key);
        Arrays.fill(key, (byte) 0);
        assertArrayEquals(hex("0102030405"), s.bytes());
        byte[] out = s.bytes();
        Arrays.fill(out, (byte) 0);
        assertArrayEquals(hex("0102030405"), s.bytes());
        assertEquals(5, s.length());
    }

    @Test
    public void emptySecretAllowedNullRejected() {
        assertEquals(0, Secret.of(new byte[0]).length());
        assertThrows(IllegalArgumentException.class, () -> Secret.of(null));
    }

    @Test
    public void destroyZeroesAndBlocksReading() throws Exception {
        Secret s = Secret.of(hex("0102030405"));
        assertFalse(s.isDestroyed());
        s.destroy();
        assertTrue(s.isDestroyed());
        assertThrows(IllegalStateException.class, s::bytes);
        assertEquals("Secret[destroyed]", s.toString());
        // the held array itself is overwritten
        Field f = Secret.class.getDeclaredField("value");
        f.setAccessible(true);
        assertArrayEquals(new byte[5], (byte[]) f.get(s));
        // destroying twice is harmless
        s.destroy();
        assertTrue(s.isDestroyed());
    }

    @Test
    public void equalsByContent() {
        Secret a = Secret.of(hex("0102030405"));
        Secret b = Secret.of(hex("0102030405"));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Secret.of(hex("0102030406")));
        assertNotEquals(a, Secret.of(hex("01020304")));
        assertNotEquals(a, hex("0102030405"));
        assertEquals(Secret.of(new byte[0]), Secret.of(new byte[0]));
    }

    @Test
    public void destroyedSecretIsNeverEqual() {
        Secret a = Secret.of(hex("0102030405"));
        Secret b = Secret.of(hex("0102030405"));
        b.destroy();
        assertNotEquals(a, b);
        assertNotEquals(b, a);
        Secret c = Secret.of(hex("0102030405"));
        Secret d = Secret.of(hex("0102030405"));
        c.destroy();
        d.destroy();
        assertNotEquals(c, d);
        // two destroyed secrets of the same length both hold zeroes, yet are not equal
        Secret z = Secret.of(new byte[5]);
        assertNotEquals(c, z);
    }

    @Test
    public void hashCodeDependsOnLengthOnly() {
        assertEquals(Secret.of(hex("0102")).hashCode(), Secret.of(hex("FFEE")).hashCode());
    }

    @Test
    public void aDestroyedSecretStillEqualsItself() {
        Secret s = Secret.of(hex("0102"));
        s.destroy();
        assertEquals(s, s);
        assertTrue(java.util.Set.of(s).contains(s));
    }
}
