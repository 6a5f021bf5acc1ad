package org.scgateway.api.euicc;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.HexFormat;

import org.junit.Test;

public class IccidTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().withUpperCase().formatHex(b);
    }

    @Test
    public void twentyDigitVector() {
        Iccid iccid = Iccid.of("89000123456789012341");
        assertEquals("98001032547698103214", hex(iccid.toBcd()));
        assertEquals(iccid, Iccid.fromBcd(hex("98001032547698103214")));
        assertEquals("89000123456789012341", Iccid.fromBcd(hex("98001032547698103214")).digits());
    }

    @Test
    public void nineteenDigitsPadsHighNibbleOfLastByte() {
        Iccid iccid = Iccid.of("8900012345678901234");
        assertEquals("980010325476981032F4", hex(iccid.toBcd()));
        assertEquals(iccid, Iccid.fromBcd(iccid.toBcd()));
    }

    @Test
    public void eighteenDigitsPadsLastByteFully() {
        Iccid iccid = Iccid.of("890001234567890123");
        assertEquals("980010325476981032FF", hex(iccid.toBcd()));
        assertEquals(iccid, Iccid.fromBcd(iccid.toBcd()));
    }

    @Test
    public void luhnNotEnforced() {
        // the vector above is Luhn-valid; changing its last digit breaks Luhn but stays accepted
        assertEquals("89000123456789012340", Iccid.of("89000123456789012340").digits());
    }

    @Test
    public void fromBcdRejectsDigitAfterPadding() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Iccid.fromBcd(hex("980010325476981032F4".substring(0, 16) + "F214")));
        assertTrue(e.getMessage(), e.getMessage().contains("padding"));
        // F in the low nibble (digit 19) followed by a digit in the high nibble (digit 20)
        assertThrows(IllegalArgumentException.class, () -> Iccid.fromBcd(hex("9800103254769810324F")));
    }

    @Test
    public void fromBcdRejectsNonDecimalNibbles() {
        assertThrows(IllegalArgumentException.class, () -> Iccid.fromBcd(hex("980010325476981032A4")));
        assertThrows(IllegalArgumentException.class, () -> Iccid.fromBcd(hex("9800103254769810321E")));
        assertThrows(IllegalArgumentException.class, () -> Iccid.fromBcd(hex("B8001032547698103214")));
    }

    @Test
    public void fromBcdRejectsWrongLengthAndTooMuchPadding() {
        assertThrows(IllegalArgumentException.class, () -> Iccid.fromBcd(null));
        assertThrows(IllegalArgumentException.class, () -> Iccid.fromBcd(hex("980010325476981032")));
        assertThrows(IllegalArgumentException.class, () -> Iccid.fromBcd(hex("9800103254769810321400")));
        // 17 digits then padding
        assertThrows(IllegalArgumentException.class, () -> Iccid.fromBcd(hex("9800103254769810F3FF")));
        assertThrows(IllegalArgumentException.class, () -> Iccid.fromBcd(hex("FFFFFFFFFFFFFFFFFFFF")));
    }

    @Test
    public void lengthEighteenToTwentyEnforced() {
        assertThrows(IllegalArgumentException.class, () -> Iccid.of("89000123456789012"));
        assertThrows(IllegalArgumentException.class, () -> Iccid.of("890001234567890123412"));
        assertThrows(IllegalArgumentException.class, () -> Iccid.of(null));
        assertThrows(IllegalArgumentException.class, () -> Iccid.of("8900012345678901234F"));
        assertThrows(IllegalArgumentException.class, () -> Iccid.of("8900012345678901234 "));
        assertEquals(18, Iccid.of("890001234567890123").digits().length());
    }

    @Test
    public void equalsAndHashCode() {
        assertEquals(Iccid.of("89000123456789012341"), Iccid.of("89000123456789012341"));
        assertEquals(Iccid.of("89000123456789012341").hashCode(), Iccid.of("89000123456789012341").hashCode());
        assertNotEquals(Iccid.of("89000123456789012341"), Iccid.of("8900012345678901234"));
        assertEquals("89000123456789012341", Iccid.of("89000123456789012341").toString());
    }
}
