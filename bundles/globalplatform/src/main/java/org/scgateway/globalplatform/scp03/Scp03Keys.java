package org.scgateway.globalplatform.scp03;

import java.util.Arrays;

/**
 * A static SCP03 key set: KEY_ENC, KEY_MAC and KEY_DEK of one key version, AES-128, -192 or -256 (all three
 * the same length). Immutable; the keys are copied in and out, and never printed.
 */
public final class Scp03Keys {

    private final int version;
    private final byte[] enc;
    private final byte[] mac;
    private final byte[] dek;

    private Scp03Keys(int version, byte[] enc, byte[] mac, byte[] dek) {
        this.version = version;
        this.enc = enc;
        this.mac = mac;
        this.dek = dek;
    }

    /**
     * @param version the key version number: 0x30 to 0x3F, or 0 to let the card take its first available
     * @throws IllegalArgumentException for another version, or keys that are not 16, 24 or 32 bytes alike
     */
    public static Scp03Keys of(int version, byte[] enc, byte[] mac, byte[] dek) {
        if (version != 0 && (version < 0x30 || version > 0x3F)) {
            throw new IllegalArgumentException(String.format("SCP03 key version must be 30 to 3F (or 00), not %02X", version));
        }
        if (enc == null || mac == null || dek == null) {
            throw new IllegalArgumentException("an SCP03 key set needs KEY_ENC, KEY_MAC and KEY_DEK");
        }
        int n = enc.length;
        if ((n != 16 && n != 24 && n != 32) || mac.length != n || dek.length != n) {
            throw new IllegalArgumentException("SCP03 keys are AES keys of 16, 24 or 32 bytes, all three of one length; got "
                    + enc.length + ", " + mac.length + ", " + dek.length);
        }
        return new Scp03Keys(version, enc.clone(), mac.clone(), dek.clone());
    }

    /** The key version number (0 = the card's first available). */
    public int version() {
        return version;
    }

    /** Key length in bytes: 16, 24 or 32. */
    public int length() {
        return enc.length;
    }

    public byte[] enc() {
        return enc.clone();
    }

    public byte[] mac() {
        return mac.clone();
    }

    public byte[] dek() {
        return dek.clone();
    }

    /** Overwrites the keys in memory. */
    public void destroy() {
        Arrays.fill(enc, (byte) 0);
        Arrays.fill(mac, (byte) 0);
        Arrays.fill(dek, (byte) 0);
    }

    @Override
    public String toString() {
        return String.format("Scp03Keys[version %02X, AES-%d]", version, enc.length * 8);
    }
}
