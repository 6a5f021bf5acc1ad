package org.scgateway.api.se;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;

import org.junit.Test;

public class CommandApduTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().withUpperCase().formatHex(b);
    }

    private static byte[] seq(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 3);
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int i = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }

    private static void assertRoundTrip(CommandApdu c) {
        byte[] encoded = c.toBytes();
        CommandApdu parsed = CommandApdu.parse(encoded);
        assertEquals(c, parsed);
        assertEquals(c.hashCode(), parsed.hashCode());
        assertArrayEquals(encoded, parsed.toBytes());
        assertEquals(c.isoCase(), parsed.isoCase());
        assertEquals(c.isExtended(), parsed.isExtended());
    }

    // ---------------------------------------------------------------- encoding, case 1

    @Test
    public void case1EncodesHeaderOnly() {
        CommandApdu c = CommandApdu.of(0x80, 0xCA, 0x9F, 0x7F);
        assertEquals("80CA9F7F", hex(c.toBytes()));
        assertEquals(4, c.toBytes().length);
        assertEquals(1, c.isoCase());
        assertFalse(c.isExtended());
        assertEquals(0, c.nc());
        assertEquals(0, c.ne());
        assertEquals(0, c.data().length);
    }

    @Test
    public void emptyDataIsCase1() {
        CommandApdu c = CommandApdu.of(0x00, 0x70, 0x00, 0x00, new byte[0]);
        assertEquals(1, c.isoCase());
        assertEquals("00700000", hex(c.toBytes()));
    }

    // ---------------------------------------------------------------- encoding, case 2

    @Test
    public void case2ShortEncodesLe() {
        CommandApdu c = CommandApdu.of(0x80, 0xCA, 0x9F, 0x7F, 0x2D);
        assertEquals("80CA9F7F2D", hex(c.toBytes()));
        assertEquals(2, c.isoCase());
        assertFalse(c.isExtended());
    }

    @Test
    public void case2ShortNe256EncodesLe00() {
        CommandApdu c = CommandApdu.of(0x80, 0xCA, 0x9F, 0x7F, 256);
        assertEquals("80CA9F7F00", hex(c.toBytes()));
        assertEquals(2, c.isoCase());
        assertFalse(c.isExtended());
    }

    @Test
    public void case2ExtendedNe257() {
        CommandApdu c = CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 257);
        assertTrue(c.isExtended());
        assertEquals(2, c.isoCase());
        assertEquals("00B00000000101", hex(c.toBytes()));
    }

    @Test
    public void case2ExtendedNe65536EncodesLe000000() {
        CommandApdu c = CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 65536);
        assertTrue(c.isExtended());
        assertEquals("00B00000000000", hex(c.toBytes()));
        assertEquals(7, c.toBytes().length);
    }

    @Test
    public void case2ExtendedNe65535() {
        assertEquals("00B0000000FFFF", hex(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 65535).toBytes()));
    }

    // ---------------------------------------------------------------- encoding, case 3

    @Test
    public void case3ShortEncodesLcAndData() {
        CommandApdu c = CommandApdu.of(0x80, 0xE2, 0x88, 0x00, hex("0102030405"));
        assertEquals("80E28800050102030405", hex(c.toBytes()));
        assertEquals(3, c.isoCase());
        assertFalse(c.isExtended());
        assertEquals(5, c.nc());
        assertEquals(0, c.ne());
    }

    @Test
    public void case3Short255BytesStaysShort() {
        byte[] data = seq(255);
        CommandApdu c = CommandApdu.of(0x00, 0xD6, 0x00, 0x00, data);
        assertFalse(c.isExtended());
        assertArrayEquals(concat(hex("00D60000FF"), data), c.toBytes());
    }

    @Test
    public void case3Extended256BytesEncodes000100() {
        byte[] data = seq(256);
        CommandApdu c = CommandApdu.of(0x00, 0xD6, 0x00, 0x00, data);
        assertTrue(c.isExtended());
        assertEquals(3, c.isoCase());
        assertArrayEquals(concat(hex("00D60000 00 0100"), data), c.toBytes());
        assertEquals(4 + 3 + 256, c.toBytes().length);
    }

    @Test
    public void case3ExtendedMaxNc() {
        byte[] data = seq(CommandApdu.MAX_NC);
        CommandApdu c = CommandApdu.of(0x00, 0xD6, 0x00, 0x00, data);
        assertArrayEquals(concat(hex("00D60000 00 FFFF"), data), c.toBytes());
        assertRoundTrip(c);
    }

    // ---------------------------------------------------------------- encoding, case 4

    @Test
    public void case4ShortEncodesLcDataLe() {
        CommandApdu c = CommandApdu.of(0x00, 0xA4, 0x04, 0x00, hex("A000000151000000"), 256);
        assertEquals("00A4040008A00000015100000000", hex(c.toBytes()));
        assertEquals(4, c.isoCase());
        assertFalse(c.isExtended());
    }

    @Test
    public void case4ShortWithSmallLe() {
        CommandApdu c = CommandApdu.of(0x80, 0xCA, 0x00, 0x00, hex("AABB"), 0x10);
        assertEquals("80CA000002AABB10", hex(c.toBytes()));
    }

    @Test
    public void case4ExtendedWhenNeAbove256() {
        CommandApdu c = CommandApdu.of(0x00, 0x2A, 0x80, 0x86, hex("0102030405"), 257);
        assertTrue(c.isExtended());
        assertEquals(4, c.isoCase());
        assertEquals("002A8086" + "000005" + "0102030405" + "0101", hex(c.toBytes()));
    }

    @Test
    public void case4ExtendedNe65536EncodesLe0000() {
        CommandApdu c = CommandApdu.of(0x00, 0x2A, 0x80, 0x86, hex("0102"), 65536);
        assertEquals("002A8086" + "000002" + "0102" + "0000", hex(c.toBytes()));
    }

    @Test
    public void case4ExtendedWhenNcAbove255() {
        byte[] data = seq(300);
        CommandApdu c = CommandApdu.of(0x00, 0x2A, 0x9E, 0x9A, data, 0x20);
        assertTrue(c.isExtended());
        assertArrayEquals(concat(hex("002A9E9A 00 012C"), data, hex("0020")), c.toBytes());
    }

    // ---------------------------------------------------------------- parse, round trips

    @Test
    public void everyCaseRoundTrips() {
        byte[] d5 = hex("0102030405");
        assertRoundTrip(CommandApdu.of(0x80, 0xCA, 0x9F, 0x7F));
        assertRoundTrip(CommandApdu.of(0x80, 0xCA, 0x9F, 0x7F, 1));
        assertRoundTrip(CommandApdu.of(0x80, 0xCA, 0x9F, 0x7F, 255));
        assertRoundTrip(CommandApdu.of(0x80, 0xCA, 0x9F, 0x7F, 256));
        assertRoundTrip(CommandApdu.of(0x80, 0xCA, 0x9F, 0x7F, 257));
        assertRoundTrip(CommandApdu.of(0x80, 0xCA, 0x9F, 0x7F, 65535));
        assertRoundTrip(CommandApdu.of(0x80, 0xCA, 0x9F, 0x7F, 65536));
        assertRoundTrip(CommandApdu.of(0x00, 0xD6, 0x00, 0x00, new byte[] {0x42}));
        assertRoundTrip(CommandApdu.of(0x00, 0xD6, 0x00, 0x00, seq(255)));
        assertRoundTrip(CommandApdu.of(0x00, 0xD6, 0x00, 0x00, seq(256)));
        assertRoundTrip(CommandApdu.of(0x00, 0xA4, 0x04, 0x00, d5, 1));
        assertRoundTrip(CommandApdu.of(0x00, 0xA4, 0x04, 0x00, d5, 256));
        assertRoundTrip(CommandApdu.of(0x00, 0xA4, 0x04, 0x00, seq(255), 256));
        assertRoundTrip(CommandApdu.of(0x00, 0xA4, 0x04, 0x00, d5, 257));
        assertRoundTrip(CommandApdu.of(0x00, 0xA4, 0x04, 0x00, d5, 65536));
        assertRoundTrip(CommandApdu.of(0x00, 0xA4, 0x04, 0x00, seq(256), 1));
        assertRoundTrip(CommandApdu.of(0x00, 0xA4, 0x04, 0x00, seq(1000), 65536));
    }

    @Test
    public void parsesShortCase2Le00AsNe256() {
        CommandApdu c = CommandApdu.parse(hex("80CA9F7F00"));
        assertEquals(256, c.ne());
        assertEquals(2, c.isoCase());
    }

    @Test
    public void parsesExtendedCase2Le0000AsNe65536() {
        CommandApdu c = CommandApdu.parse(hex("00B00000000000"));
        assertEquals(65536, c.ne());
        assertEquals(0, c.nc());
        assertEquals(2, c.isoCase());
    }

    @Test
    public void parsesExtendedCase3() {
        byte[] data = seq(256);
        CommandApdu c = CommandApdu.parse(concat(hex("00D60000000100"), data));
        assertEquals(256, c.nc());
        assertEquals(0, c.ne());
        assertArrayEquals(data, c.data());
    }

    @Test
    public void parsesExtendedCase4() {
        CommandApdu c = CommandApdu.parse(hex("002A8086" + "000003" + "AABBCC" + "0200"));
        assertEquals(0x00, c.cla());
        assertEquals(0x2A, c.ins());
        assertEquals(0x80, c.p1());
        assertEquals(0x86, c.p2());
        assertArrayEquals(hex("AABBCC"), c.data());
        assertEquals(0x200, c.ne());
        assertEquals(4, c.isoCase());
    }

    @Test
    public void parsesExtendedCase4WithLe0000AsNe65536() {
        CommandApdu c = CommandApdu.parse(hex("002A8086" + "000003" + "AABBCC" + "0000"));
        assertEquals(65536, c.ne());
    }

    @Test
    public void parsesGlobalPlatformGetStatusVector() {
        // GET STATUS (GlobalPlatform / SGP.22 ISD-R style) with a tag list, Le 00
        byte[] apdu = hex("80E2910006BF3E035C015A00");
        CommandApdu c = CommandApdu.parse(apdu);
        assertEquals(0x80, c.cla());
        assertEquals(0xE2, c.ins());
        assertEquals(0x91, c.p1());
        assertEquals(0x00, c.p2());
        assertEquals(6, c.nc());
        assertArrayEquals(hex("BF3E035C015A"), c.data());
        assertEquals(256, c.ne());
        assertEquals(4, c.isoCase());
        assertTrue(c.isProprietaryClass());
        assertArrayEquals(apdu, c.toBytes());
    }

    @Test
    public void parsesSelectPkcs15Vector() {
        byte[] apdu = hex("00A4040C0CA000000063504B43532D313500");
        CommandApdu c = CommandApdu.parse(apdu);
        assertEquals(0x00, c.cla());
        assertEquals(0xA4, c.ins());
        assertEquals(0x04, c.p1());
        assertEquals(0x0C, c.p2());
        assertEquals(12, c.nc());
        assertArrayEquals(hex("A000000063504B43532D3135"), c.data());
        assertEquals(256, c.ne());
        assertEquals(4, c.isoCase());
        assertFalse(c.isProprietaryClass());
        assertArrayEquals(apdu, c.toBytes());
    }

    @Test
    public void parsesShortCase3WithoutLe() {
        CommandApdu c = CommandApdu.parse(hex("00A4040C0CA000000063504B43532D3135"));
        assertEquals(3, c.isoCase());
        assertEquals(12, c.nc());
        assertEquals(0, c.ne());
    }

    // ---------------------------------------------------------------- parse, malformed

    @Test
    public void parseRejectsNullAndShortInput() {
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.parse(null));
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.parse(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.parse(hex("80CA9F")));
    }

    @Test
    public void parseRejectsLcDisagreeingWithLength() {
        // Lc 05 but only 4 data bytes
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.parse(hex("00D600000501020304")));
        // Lc 02 but 2 data bytes + 2 extra bytes
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.parse(hex("00D6000002010203 04")));
        // Lc 03, 1 byte of data
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.parse(hex("00D600000301")));
    }

    @Test
    public void parseRejectsTooShortExtended() {
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.parse(hex("00B000000001")));
    }

    @Test
    public void parseRejectsExtendedLc0000FollowedByData() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CommandApdu.parse(hex("00D60000000000AABB")));
        assertTrue(e.getMessage(), e.getMessage().contains("0000"));
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.parse(hex("00D6000000000001")));
    }

    @Test
    public void parseRejectsExtendedLcDisagreeingWithLength() {
        // extended Lc 0003 but 2 data bytes
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.parse(hex("00D60000000003AABB")));
        // extended Lc 0002, 2 data bytes and a single Le byte (Le must be 2 bytes)
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.parse(hex("00D60000000002AABB01")));
    }

    @Test
    public void parseRejectsClaFF() {
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.parse(hex("FFCA0000")));
    }

    // ---------------------------------------------------------------- construction validation

    @Test
    public void rejectsBadHeaderBytesAndLengths() {
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.of(0x100, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.of(0, -1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.of(0, 0, 256, 0));
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.of(0, 0, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.of(0xFF, 0xA4, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.of(0, 0xA4, 0, 0, 65537));
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.of(0, 0xA4, 0, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.of(0, 0xA4, 0, 0, (byte[]) null));
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.of(0, 0xD6, 0, 0, new byte[65536]));
    }

    @Test
    public void dataIsCopiedInAndOut() {
        byte[] data = hex("01020304");
        CommandApdu c = CommandApdu.of(0x00, 0xD6, 0x00, 0x00, data);
        data[0] = 0x7F;
        assertArrayEquals(hex("01020304"), c.data());
        c.data()[1] = 0x7F;
        assertArrayEquals(hex("01020304"), c.data());
        assertEquals("00D600000401020304", hex(c.toBytes()));
    }

    @Test
    public void equalsAndHashCodeByContent() {
        CommandApdu a = CommandApdu.of(0x00, 0xA4, 0x04, 0x00, hex("A0000001"), 256);
        CommandApdu b = CommandApdu.of(0x00, 0xA4, 0x04, 0x00, hex("A0000001"), 256);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, CommandApdu.of(0x00, 0xA4, 0x04, 0x00, hex("A0000002"), 256));
        assertNotEquals(a, CommandApdu.of(0x00, 0xA4, 0x04, 0x00, hex("A0000001"), 255));
        assertNotEquals(a, CommandApdu.of(0x01, 0xA4, 0x04, 0x00, hex("A0000001"), 256));
        assertNotEquals(a, CommandApdu.of(0x00, 0xA4, 0x04, 0x00, hex("A0000001")));
    }

    // ---------------------------------------------------------------- classification

    @Test
    public void isoCaseAndExtendedBoundaries() {
        assertEquals(1, CommandApdu.of(0, 0xA4, 0, 0).isoCase());
        assertEquals(2, CommandApdu.of(0, 0xA4, 0, 0, 1).isoCase());
        assertEquals(3, CommandApdu.of(0, 0xA4, 0, 0, new byte[1]).isoCase());
        assertEquals(4, CommandApdu.of(0, 0xA4, 0, 0, new byte[1], 1).isoCase());
        assertFalse(CommandApdu.of(0, 0xA4, 0, 0, new byte[255], 256).isExtended());
        assertTrue(CommandApdu.of(0, 0xA4, 0, 0, new byte[256], 256).isExtended());
        assertTrue(CommandApdu.of(0, 0xA4, 0, 0, new byte[255], 257).isExtended());
    }

    @Test
    public void secureMessagingIndication() {
        assertFalse(CommandApdu.of(0x00, 0xA4, 0, 0).isSecureMessaging());
        assertTrue(CommandApdu.of(0x04, 0xA4, 0, 0).isSecureMessaging());
        assertTrue(CommandApdu.of(0x08, 0xA4, 0, 0).isSecureMessaging());
        assertTrue(CommandApdu.of(0x0C, 0xA4, 0, 0).isSecureMessaging());
        assertTrue(CommandApdu.of(0x84, 0x82, 0, 0).isSecureMessaging());
        assertFalse(CommandApdu.of(0x80, 0x50, 0, 0).isSecureMessaging());
        // further interindustry: SM is b6
        assertTrue(CommandApdu.of(0x60, 0xA4, 0, 0).isSecureMessaging());
        assertFalse(CommandApdu.of(0x40, 0xA4, 0, 0).isSecureMessaging());
        // in further coding, bits 0x0C are channel bits, not SM
        assertFalse(CommandApdu.of(0x4C, 0xA4, 0, 0).isSecureMessaging());
    }

    @Test
    public void proprietaryClass() {
        assertTrue(CommandApdu.of(0x80, 0x50, 0, 0).isProprietaryClass());
        assertTrue(CommandApdu.of(0x84, 0x82, 0, 0).isProprietaryClass());
        assertFalse(CommandApdu.of(0x00, 0xA4, 0, 0).isProprietaryClass());
        assertFalse(CommandApdu.of(0x40, 0xA4, 0, 0).isProprietaryClass());
    }

    // ---------------------------------------------------------------- logical channels

    @Test
    public void channel1OnCla00() {
        CommandApdu c = CommandApdu.of(0x00, 0xA4, 0x04, 0x00).onChannel(1);
        assertEquals(0x01, c.cla());
        assertEquals(1, c.channel());
    }

    @Test
    public void secureMessagingKeptOnChannel2() {
        CommandApdu c = CommandApdu.of(0x04, 0xA4, 0x04, 0x00).onChannel(2);
        assertEquals(0x06, c.cla());
        assertEquals(2, c.channel());
        assertTrue(c.isSecureMessaging());
    }

    @Test
    public void gpSecuredClaOnChannel5() {
        CommandApdu c = CommandApdu.of(0x84, 0xE6, 0x0C, 0x00, hex("0102"), 0).onChannel(5);
        assertEquals(0x80 | 0x40 | 0x20 | 0x01, c.cla());
        assertEquals(0xE1, c.cla());
        assertEquals(5, c.channel());
        assertTrue(c.isSecureMessaging());
        assertTrue(c.isProprietaryClass());
        // the rest is unchanged
        assertEquals(0xE6, c.ins());
        assertEquals(0x0C, c.p1());
        assertArrayEquals(hex("0102"), c.data());
    }

    @Test
    public void channel19() {
        CommandApdu c = CommandApdu.of(0x00, 0xA4, 0x04, 0x00).onChannel(19);
        assertEquals(0x4F, c.cla());
        assertEquals(19, c.channel());
    }

    @Test
    public void channelDecodesEveryChannel() {
        CommandApdu base = CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 16);
        for (int ch = 0; ch <= 19; ch++) {
            CommandApdu c = base.onChannel(ch);
            assertEquals("channel " + ch, ch, c.channel());
            assertFalse(c.isSecureMessaging());
            assertEquals(base.onChannel(0), c.onChannel(0));
        }
    }

    @Test
    public void backFromChannel5ToChannel0KeepsSmAs04() {
        CommandApdu on5 = CommandApdu.of(0x84, 0xE6, 0x0C, 0x00).onChannel(5);
        CommandApdu on0 = on5.onChannel(0);
        assertEquals(0x84, on0.cla());
        assertEquals(0, on0.channel());
        assertTrue(on0.isSecureMessaging());
        CommandApdu on3 = CommandApdu.of(0x0C, 0xA4, 0, 0).onChannel(7).onChannel(3);
        assertEquals(0x07, on3.cla());
    }

    @Test
    public void chainingBitKept() {
        CommandApdu c = CommandApdu.of(0x10, 0xDB, 0x3F, 0xFF, hex("01")).onChannel(6);
        assertEquals(0x10 | 0x40 | 0x02, c.cla());
        assertEquals(0x10, c.onChannel(0).cla());
    }

    @Test
    public void firstCodingSmBitsPreservedBetweenLowChannels() {
        CommandApdu c = CommandApdu.of(0x08, 0xA4, 0, 0).onChannel(3);
        assertEquals(0x0B, c.cla());
        assertEquals(0x09, c.onChannel(1).cla());
    }

    @Test
    public void sameChannelReturnsSameInstance() {
        CommandApdu c = CommandApdu.of(0x01, 0xA4, 0, 0);
        assertSame(c, c.onChannel(1));
        assertNotSame(c, c.onChannel(2));
    }

    @Test
    public void onChannelRejectsOutOfRange() {
        CommandApdu c = CommandApdu.of(0x00, 0xA4, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> c.onChannel(20));
        assertThrows(IllegalArgumentException.class, () -> c.onChannel(-1));
    }

    @Test
    public void onChannelRefusesClaThatWouldBecomeFF() {
        // proprietary + chaining + SM on channel 19 would be 80|10|40|20|0F = FF, which is not a command CLA
        CommandApdu c = CommandApdu.of(0x9C, 0xA4, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> c.onChannel(19));
        assertEquals(0xFE, c.onChannel(18).cla());
    }

    @Test
    public void withCla() {
        CommandApdu c = CommandApdu.of(0x00, 0xA4, 0x04, 0x00, hex("A0000001"), 256);
        CommandApdu d = c.withCla(0x80);
        assertEquals(0x80, d.cla());
        assertArrayEquals(c.data(), d.data());
        assertEquals(c.ne(), d.ne());
        assertSame(c, c.withCla(0x00));
        assertThrows(IllegalArgumentException.class, () -> c.withCla(0xFF));
        assertThrows(IllegalArgumentException.class, () -> c.withCla(0x100));
    }

    // ---------------------------------------------------------------- printing

    @Test
    public void headerFormat() {
        assertEquals("80 50 30 00", CommandApdu.of(0x80, 0x50, 0x30, 0x00, new byte[8], 256).header());
    }

    @Test
    public void toStringHidesData() {
        CommandApdu c = CommandApdu.of(0x00, 0x20, 0x00, 0x81, hex("DEADBEEF"), 0);
        String s = c.toString();
        String upper = s.toUpperCase();
        assertFalse(s, upper.contains("DEADBEEF"));
        assertFalse(s, upper.contains("DE AD BE EF"));
        assertFalse(s, upper.contains("DE AD"));
        assertFalse(s, s.contains(Arrays.toString(hex("DEADBEEF"))));
        assertTrue(s, s.contains("00 20 00 81"));
        assertTrue(s, s.contains("Nc=4"));
    }

    @Test
    public void toStringShowsNe() {
        String s = CommandApdu.of(0x80, 0xCA, 0x9F, 0x7F, 256).toString();
        assertTrue(s, s.contains("80 CA 9F 7F"));
        assertTrue(s, s.contains("Ne=256"));
        assertFalse(s, s.contains("Nc="));
    }
}
