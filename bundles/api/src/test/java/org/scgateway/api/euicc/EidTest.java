package org.scgateway.api.euicc;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;

import java.util.HexFormat;

import org.junit.Test;

public class EidTest {

    private static final String VECTOR = "89049044900000000000000000102355";

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    public void acceptsValidVector() {
        Eid eid = Eid.of(VECTOR);
        assertEquals(VECTOR, eid.digits());
        assertEquals(VECTOR, eid.toString());
    }

    @Test
    public void rejectsWrongCheckDigits() {
        for (char c = '0'; c <= '9'; c++) {
            if (c == '5') {
                continue;
            }
            String wrong = VECTOR.substring(0, 31) + c;
            assertThrows(wrong, IllegalArgumentException.class, () -> Eid.of(wrong));
        }
        // a single changed digit elsewhere is caught too
        assertThrows(IllegalArgumentException.class, () -> Eid.of("89049044900000000000000000102365"));
        // swapped check digits
        assertThrows(IllegalArgumentException.class, () -> Eid.of("89049044900000000000000000102353"));
    }

    @Test
    public void rejectsWrongLengthAndNonDigits() {
        assertThrows(IllegalArgumentException.class, () -> Eid.of(VECTOR.substring(0, 31)));
        assertThrows(IllegalArgumentException.class, () -> Eid.of(VECTOR + "0"));
        assertThrows(IllegalArgumentException.class, () -> Eid.of(null));
        assertThrows(IllegalArgumentException.class, () -> Eid.of(""));
        assertThrows(IllegalArgumentException.class, () -> Eid.of("8904904490000000000000000010235A"));
        assertThrows(IllegalArgumentException.class, () -> Eid.of("+9049044900000000000000000102355"));
        assertThrows(IllegalArgumentException.class, () -> Eid.of("89049044900000000000000000 02355"));
    }

    @Test
    public void toBcdGivesExactBytes() {
        assertArrayEquals(hex("89 04 90 44 90 00 00 00 00 00 00 00 00 10 23 55"), Eid.of(VECTOR).toBcd());
    }

    @Test
    public void fromBcdRoundTrip() {
        byte[] bcd = hex("89049044900000000000000000102355");
        Eid eid = Eid.fromBcd(bcd);
        assertEquals(Eid.of(VECTOR), eid);
        assertArrayEquals(bcd, eid.toBcd());
    }

    @Test
    public void fromBcdRejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Eid.fromBcd(null));
        assertThrows(IllegalArgumentException.class, () -> Eid.fromBcd(new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> Eid.fromBcd(new byte[17]));
        assertThrows(IllegalArgumentException.class, () -> Eid.fromBcd(hex("8904904490000000000000000010235F")));
        assertThrows(IllegalArgumentException.class, () -> Eid.fromBcd(hex("8904904490000000000000000010A355")));
        // decimal but failing the check
        assertThrows(IllegalArgumentException.class, () -> Eid.fromBcd(hex("89049044900000000000000000102356")));
    }

    @Test
    public void equalsAndHashCode() {
        assertEquals(Eid.of(VECTOR), Eid.of(VECTOR));
        assertEquals(Eid.of(VECTOR).hashCode(), Eid.of(VECTOR).hashCode());
        Eid other = Eid.of("89049044900000000000000000102452");
        assertNotEquals(Eid.of(VECTOR), other);
        assertEquals("89049044900000000000000000102452", Eid.fromBcd(other.toBcd()).digits());
    }
}
