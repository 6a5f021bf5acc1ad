package org.scgateway.api.euicc;

import java.math.BigInteger;

/**
 * An eUICC identifier: 32 decimal digits whose value modulo 97 is 1 (ISO 7064 MOD 97-10, GSMA SGP.29).
 * On the card it is 16 bytes of BCD, first digit in the high nibble.
 */
public final class Eid {

    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    private final String digits;

    private Eid(String digits) {
        this.digits = digits;
    }

    /**
     * @throws IllegalArgumentException unless 32 decimal digits with a valid check value
     */
    public static Eid of(String digits) {
        if (digits == null || digits.length() != 32 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("an EID is 32 decimal digits: " + digits);
        }
        if (!new BigInteger(digits).mod(NINETY_SEVEN).equals(BigInteger.ONE)) {
            throw new IllegalArgumentException("EID " + digits + " fails its check digits (value mod 97 must be 1)");
        }
        return new Eid(digits);
    }

    /** From the 16 BCD bytes the card holds (tag 5A). */
    public static Eid fromBcd(byte[] bcd) {
        if (bcd == null || bcd.length != 16) {
            throw new IllegalArgumentException("an EID is 16 BCD bytes, not " + (bcd == null ? "none" : bcd.length));
        }
        StringBuilder sb = new StringBuilder(32);
        for (byte b : bcd) {
            sb.append(bcdDigit((b >> 4) & 0x0F)).append(bcdDigit(b & 0x0F));
        }
        return of(sb.toString());
    }

    public String digits() {
        return digits;
    }

    /** The 16 BCD bytes, first digit in the high nibble. */
    public byte[] toBcd() {
        byte[] out = new byte[16];
        for (int i = 0; i < 16; i++) {
            out[i] = (byte) (((digits.charAt(2 * i) - '0') << 4) | (digits.charAt(2 * i + 1) - '0'));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Eid && digits.equals(((Eid) o).digits);
    }

    @Override
    public int hashCode() {
        return digits.hashCode();
    }

    @Override
    public String toString() {
        return digits;
    }

    private static char bcdDigit(int nibble) {
        if (nibble > 9) {
            throw new IllegalArgumentException("an EID is decimal; found BCD nibble " + Integer.toHexString(nibble).toUpperCase());
        }
        return (char) ('0' + nibble);
    }
}
