package org.scgateway.api.se;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.HexFormat;

import org.junit.Test;

public class ResponseApduTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().withUpperCase().formatHex(b);
    }

    @Test
    public void parseSplitsDataAndStatusWord() {
        ResponseApdu r = ResponseApdu.parse(hex("BF3E125A10" + "89049044900000000000000000102355" + "9000"));
        assertArrayEquals(hex("BF3E125A10" + "89049044900000000000000000102355"), r.data());
        assertEquals(21, r.nr());
        assertEquals(0x9000, r.sw());
        assertSame(StatusWord.OK, r.statusWord());
        assertTrue(r.isOk());
    }

    @Test
    public void parseStatusWordOnly() {
        ResponseApdu r = ResponseApdu.parse(hex("6A82"));
        assertEquals(0, r.nr());
        assertEquals(0, r.data().length);
        assertEquals(StatusWord.FILE_NOT_FOUND, r.statusWord());
        assertEquals(0x6A, r.statusWord().sw1());
        assertEquals(0x82, r.statusWord().sw2());
        assertFalse(r.isOk());
    }

    @Test
    public void parseAndToBytesRoundTrip() {
        for (String s : new String[] {"9000", "6A82", "0102039000", "6112", "AABBCCDDEE6310", "00FF6C10"}) {
            byte[] bytes = hex(s);
            ResponseApdu r = ResponseApdu.parse(bytes);
            assertArrayEquals(s, bytes, r.toBytes());
            assertEquals(r, ResponseApdu.parse(r.toBytes()));
        }
    }

    @Test
    public void toBytesAppendsStatusWord() {
        ResponseApdu r = ResponseApdu.of(hex("0102"), 0x6310);
        assertEquals("01026310", hex(r.toBytes()));
        assertEquals("9000", hex(ResponseApdu.of(StatusWord.OK).toBytes()));
    }

    @Test
    public void parseRejectsShortInput() {
        assertThrows(IllegalArgumentException.class, () -> ResponseApdu.parse(null));
        assertThrows(IllegalArgumentException.class, () -> ResponseApdu.parse(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> ResponseApdu.parse(hex("90")));
    }

    @Test
    public void parseRejectsInvalidStatusWord() {
        assertThrows(IllegalArgumentException.class, () -> ResponseApdu.parse(hex("010203")));
        assertThrows(IllegalArgumentException.class, () -> ResponseApdu.parse(hex("6000")));
        assertThrows(IllegalArgumentException.class, () -> ResponseApdu.parse(hex("0000")));
    }

    @Test
    public void ofRejectsNullsAndTooMuchData() {
        assertThrows(IllegalArgumentException.class, () -> ResponseApdu.of(null, StatusWord.OK));
        assertThrows(IllegalArgumentException.class, () -> ResponseApdu.of(new byte[0], (StatusWord) null));
        assertThrows(IllegalArgumentException.class, () -> ResponseApdu.of(new byte[65537], StatusWord.OK));
        assertEquals(65536, ResponseApdu.of(new byte[65536], StatusWord.OK).nr());
        assertThrows(IllegalArgumentException.class, () -> ResponseApdu.of(new byte[1], 0x1234));
    }

    @Test
    public void dataCopiedInAndOut() {
        byte[] data = hex("0102");
        ResponseApdu r = ResponseApdu.of(data, StatusWord.OK);
        data[0] = 9;
        r.data()[1] = 9;
        assertArrayEquals(hex("0102"), r.data());
        byte[] raw = hex("AABB9000");
        ResponseApdu p = ResponseApdu.parse(raw);
        raw[0] = 0;
        assertArrayEquals(hex("AABB"), p.data());
    }

    @Test
    public void requireOkReturnsThisOnSuccess() throws Exception {
        ResponseApdu r = ResponseApdu.of(hex("01"), StatusWord.OK);
        assertSame(r, r.requireOk());
        assertSame(r, r.requireOk(CommandApdu.of(0x80, 0xCA, 0x9F, 0x7F, 256)));
    }

    @Test
    public void requireOkThrowsWithStatusWord() {
        ResponseApdu r = ResponseApdu.of(hex("DEADBEEF"), 0x6982);
        StatusWordException e = assertThrows(StatusWordException.class, r::requireOk);
        assertEquals(StatusWord.SECURITY_STATUS_NOT_SATISFIED, e.statusWord());
        assertEquals(SecureElementException.Reason.STATUS_WORD, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains("6982"));
        assertFalse(e.getMessage(), e.getMessage().toUpperCase().contains("DEADBEEF"));
    }

    @Test
    public void requireOkWithCommandNamesSwAndHeaderButNotData() {
        CommandApdu cmd = CommandApdu.of(0x00, 0xA4, 0x04, 0x00, hex("CAFEBABE01"), 256);
        ResponseApdu r = ResponseApdu.of(hex("DEADBEEF"), 0x6A82);
        StatusWordException e = assertThrows(StatusWordException.class, () -> r.requireOk(cmd));
        assertEquals(0x6A82, e.statusWord().value());
        String m = e.getMessage();
        assertTrue(m, m.contains("6A82"));
        assertTrue(m, m.contains("00 A4 04 00"));
        assertTrue(m, m.contains("file or application not found"));
        String mu = m.toUpperCase().replace(" ", "");
        assertFalse(m, mu.contains("CAFEBABE"));
        assertFalse(m, mu.contains("DEADBEEF"));
    }

    @Test
    public void warningIsNotOk() {
        ResponseApdu r = ResponseApdu.of(StatusWord.of(0x6310));
        assertFalse(r.isOk());
        assertThrows(StatusWordException.class, r::requireOk);
        assertThrows(StatusWordException.class, () -> ResponseApdu.of(StatusWord.of(0x6110)).requireOk());
    }

    @Test
    public void equalsAndHashCode() {
        ResponseApdu a = ResponseApdu.parse(hex("01029000"));
        ResponseApdu b = ResponseApdu.of(hex("0102"), 0x9000);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, ResponseApdu.of(hex("0102"), 0x6310));
        assertNotEquals(a, ResponseApdu.of(hex("0103"), 0x9000));
        assertNotEquals(a, ResponseApdu.of(StatusWord.OK));
    }

    @Test
    public void toStringHidesData() {
        ResponseApdu r = ResponseApdu.of(hex("DEADBEEF"), 0x9000);
        String s = r.toString();
        assertFalse(s, s.toUpperCase().contains("DEADBEEF"));
        assertFalse(s, s.toUpperCase().contains("DE AD"));
        assertTrue(s, s.contains("Nr=4"));
        assertTrue(s, s.contains("9000"));
        String e = ResponseApdu.of(StatusWord.FILE_NOT_FOUND).toString();
        assertTrue(e, e.contains("6A82"));
        assertFalse(e, e.contains("Nr="));
    }
}
