package org.scgateway.api.se;

import java.util.Arrays;
import java.util.HexFormat;

/** An application identifier (ISO/IEC 7816-4 DF name): 5 to 16 bytes. Immutable. */
public final class Aid {

    private final byte[] bytes;

    private Aid(byte[] bytes) {
        if (bytes.length < 5 || bytes.length > 16) {
            throw new IllegalArgumentException("an AID is 5 to 16 bytes, not " + bytes.length);
        }
        this.bytes = bytes;
    }

    public static Aid of(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("an AID needs bytes");
        }
        return new Aid(bytes.clone());
    }

    /** From hexadecimal, spaces allowed: {@code "A0 00 00 00 63 50 4B 43 53 2D 31 35"}. */
    public static Aid fromHex(String hex) {
        if (hex == null) {
            throw new IllegalArgumentException("an AID needs bytes");
        }
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(hex.replace(" ", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a hexadecimal AID: '" + hex + "'", e);
        }
        return new Aid(bytes);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** Whether this AID begins with {@code prefix} (partial selection, registered application provider). */
    public boolean startsWith(Aid prefix) {
        return prefix.bytes.length <= bytes.length
                && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
    }

    public String toHex() {
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Aid && Arrays.equals(bytes, ((Aid) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
