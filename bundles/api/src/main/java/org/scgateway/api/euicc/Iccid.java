package org.scgateway.api.euicc;

/**
 * An ICCID (ITU-T E.118): 18 to 20 decimal digits. On the card it is 10 bytes of nibble-swapped BCD,
 * padded with F when shorter than 20 digits. The Luhn check digit is not enforced: test profiles in the
 * field carry ICCIDs that fail it.
 */
public final class Iccid {

    private final String digits;

    private Iccid(String digits) {
        this.digits = digits;
    }

    /**
     * @throws IllegalArgumentException unless 18 to 20 decimal digits
     */
    public static Iccid of(String digits) {
        if (digits == null || digits.length() < 18 || digits.length() > 20
                || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("an ICCID is 18 to 20 decimal digits: " + digits);
        }
        return new Iccid(digits);
    }

    /** From the 10 nibble-swapped BCD bytes of the card, F padding allowed at the end only. */
    public static Iccid fromBcd(byte[] bcd) {
        if (bcd == null || bcd.length != 10) {
            throw new IllegalArgumentException("an ICCID is 10 BCD bytes, not " + (bcd == null ? "none" : bcd.length));
        }
        StringBuilder sb = new StringBuilder(20);
        boolean padding = false;
        for (byte b : bcd) {
            for (int nibble : new int[] {b & 0x0F, (b >> 4) & 0x0F}) {
                if (nibble == 0x0F) {
                    padding = true;
                } else if (padding || nibble > 9) {
                    throw new IllegalArgumentException("ICCID BCD has nibble " + Integer.toHexString(nibble).toUpperCase()
                            + (padding ? " after F padding" : ""));
                } else {
                    sb.append((char) ('0' + nibble));
                }
            }
        }
        return of(sb.toString());
    }

    public String digits() {
        return digits;
    }

    /** The 10 nibble-swapped BCD bytes, F-padded. */
    public byte[] toBcd() {
        byte[] out = new byte[10];
        for (int i = 0; i < 10; i++) {
            int lo = 2 * i < digits.length() ? digits.charAt(2 * i) - '0' : 0x0F;
            int hi = 2 * i + 1 < digits.length() ? digits.charAt(2 * i + 1) - '0' : 0x0F;
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Iccid && digits.equals(((Iccid) o).digits);
    }

    @Override
    public int hashCode() {
        return digits.hashCode();
    }

    @Override
    public String toString() {
        return digits;
    }
}
