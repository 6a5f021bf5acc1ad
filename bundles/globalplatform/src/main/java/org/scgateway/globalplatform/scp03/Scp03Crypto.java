package org.scgateway.globalplatform.scp03;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The SCP03 cryptography both sides share (Amendment D §6.2): AES-CMAC, the NIST SP 800-108 counter-mode
 * KDF built on it, session keys, cryptograms, the pseudo-random card challenge, and ISO 9797-1 method 2
 * padding. Stateless; every method is safe from any thread.
 */
public final class Scp03Crypto {

    /** KDF derivation constants. */
    public static final int CARD_CRYPTOGRAM = 0x00;
    public static final int HOST_CRYPTOGRAM = 0x01;
    public static final int CARD_CHALLENGE = 0x02;
    public static final int S_ENC = 0x04;
    public static final int S_MAC = 0x06;
    public static final int S_RMAC = 0x07;

    private static final int BLOCK = 16;

    private Scp03Crypto() {
    }

    /** AES-CMAC of {@code data} under {@code key}: the full 16 bytes. */
    public static byte[] cmac(byte[] key, byte[] data) {
        CMac mac = new CMac(AESEngine.newInstance());
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[BLOCK];
        mac.doFinal(out, 0);
        return out;
    }

    /**
     * The KDF of Amendment D §6.2.1: CMAC over an 11-byte zero label, the constant, a zero separator, the
     * output length in bits (2 bytes), the counter i (1 byte) and the context, for i = 1, 2... until
     * {@code lengthBits} are produced.
     */
    public static byte[] kdf(byte[] key, int constant, int lengthBits, byte[] context) {
        int blocks = (lengthBits + 127) / 128;
        byte[] out = new byte[blocks * BLOCK];
        byte[] input = new byte[16 + context.length];
        input[11] = (byte) constant;
        input[12] = 0;
        input[13] = (byte) (lengthBits >> 8);
        input[14] = (byte) lengthBits;
        System.arraycopy(context, 0, input, 16, context.length);
        for (int i = 1; i <= blocks; i++) {
            input[15] = (byte) i;
            System.arraycopy(cmac(key, input), 0, out, (i - 1) * BLOCK, BLOCK);
        }
        return Arrays.copyOf(out, lengthBits / 8);
    }

    /** S-ENC from KEY_ENC, S-MAC and S-RMAC from KEY_MAC, with context = host challenge || card challenge. */
    public static SessionKeys sessionKeys(Scp03Keys keys, byte[] hostChallenge, byte[] cardChallenge) {
        byte[] context = concat(hostChallenge, cardChallenge);
        int bits = keys.length() * 8;
        return new SessionKeys(kdf(keys.enc(), S_ENC, bits, context), kdf(keys.mac(), S_MAC, bits, context),
                kdf(keys.mac(), S_RMAC, bits, context));
    }

    /** The card cryptogram: as long as the challenges (8 bytes in S8 mode, 16 in S16). */
    public static byte[] cardCryptogram(SessionKeys keys, byte[] hostChallenge, byte[] cardChallenge) {
        return kdf(keys.mac(), CARD_CRYPTOGRAM, cardChallenge.length * 8, concat(hostChallenge, cardChallenge));
    }

    /** The host cryptogram: as long as the challenges (8 bytes in S8 mode, 16 in S16). */
    public static byte[] hostCryptogram(SessionKeys keys, byte[] hostChallenge, byte[] cardChallenge) {
        return kdf(keys.mac(), HOST_CRYPTOGRAM, cardChallenge.length * 8, concat(hostChallenge, cardChallenge));
    }

    /** An S8 card challenge in pseudo-random mode. */
    public static byte[] pseudoRandomCardChallenge(Scp03Keys keys, int sequenceCounter, byte[] securityDomainAid) {
        return pseudoRandomCardChallenge(keys, sequenceCounter, securityDomainAid, Scp03Mode.S8);
    }

    /**
     * A card challenge in pseudo-random mode: KDF(KEY_ENC, 02, 64 or 128 bits as the mode has it, sequence counter
     * (3 bytes) || SD AID).
     */
    public static byte[] pseudoRandomCardChallenge(Scp03Keys keys, int sequenceCounter, byte[] securityDomainAid, Scp03Mode mode) {
        byte[] counter = {(byte) (sequenceCounter >> 16), (byte) (sequenceCounter >> 8), (byte) sequenceCounter};
        return kdf(keys.enc(), CARD_CHALLENGE, mode.length() * 8, concat(counter, securityDomainAid));
    }

    /** Which static key a diversification derives: the constant of {@link #diversify}. */
    public enum KeyPurpose {
        ENC(1), MAC(2), DEK(3);

        private final int code;

        KeyPurpose(int code) {
            this.code = code;
        }
    }

    /**
     * Diversifies a master key into a card's static key as GlobalPlatformPro's "KDF3" does: CMAC(master,
     * i || 00 00 00 purpose 00 || KDD) for i = 1, 2..., truncated to the master key's length. Cards issued
     * with diversified keys report the KDD in their answer to INITIALIZE UPDATE.
     */
    public static byte[] diversify(byte[] master, KeyPurpose purpose, byte[] kdd) {
        int blocks = (master.length + BLOCK - 1) / BLOCK;
        byte[] out = new byte[blocks * BLOCK];
        byte[] input = concat(new byte[] {0, 0, 0, 0, (byte) purpose.code, 0}, kdd);
        for (int i = 1; i <= blocks; i++) {
            input[0] = (byte) i;
            System.arraycopy(cmac(master, input), 0, out, (i - 1) * BLOCK, BLOCK);
        }
        return Arrays.copyOf(out, master.length);
    }

    /** Compares in time independent of the contents. */
    public static boolean equal(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    /** ISO/IEC 9797-1 padding method 2 to a multiple of 16: 80 then zeros. */
    public static byte[] pad80(byte[] data) {
        byte[] out = Arrays.copyOf(data, (data.length / BLOCK + 1) * BLOCK);
        out[data.length] = (byte) 0x80;
        return out;
    }

    /**
     * Removes ISO/IEC 9797-1 method 2 padding.
     *
     * @throws IllegalArgumentException if the data is no padded multiple of 16 bytes
     */
    public static byte[] unpad80(byte[] data) {
        if (data.length == 0 || data.length % BLOCK != 0) {
            throw new IllegalArgumentException("padded data must be a non-empty multiple of 16 bytes, not " + data.length);
        }
        int i = data.length - 1;
        while (i >= 0 && data[i] == 0) {
            i--;
        }
        if (i < 0 || data[i] != (byte) 0x80 || data.length - i > BLOCK) {
            throw new IllegalArgumentException("bad padding: no 80 marker in the last block");
        }
        return Arrays.copyOf(data, i);
    }

    /** The ICV of command (or, with {@code response}, response) encryption for counter value {@code counter}. */
    public static byte[] icv(byte[] sEnc, long counter, boolean response) {
        byte[] block = new byte[BLOCK];
        for (int i = 0; i < 8; i++) {
            block[15 - i] = (byte) (counter >>> (8 * i));
        }
        if (response) {
            block[0] = (byte) 0x80;
        }
        return aes(sEnc, block, null, Cipher.ENCRYPT_MODE, "AES/ECB/NoPadding");
    }

    /** AES-CBC without padding (the data is padded already). */
    public static byte[] cbc(byte[] key, byte[] iv, byte[] data, boolean encrypt) {
        return aes(key, data, iv, encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, "AES/CBC/NoPadding");
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static byte[] aes(byte[] key, byte[] data, byte[] iv, int mode, String transformation) {
        try {
            Cipher c = Cipher.getInstance(transformation);
            SecretKeySpec k = new SecretKeySpec(key, "AES");
            if (iv == null) {
                c.init(mode, k);
            } else {
                c.init(mode, k, new IvParameterSpec(iv));
            }
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is missing from this Java platform: " + e.getMessage(), e);
        }
    }
}
