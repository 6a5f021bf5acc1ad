package org.scgateway.api.lwm2m.bootstrap;

import java.util.HexFormat;
import java.util.Objects;

import org.scgateway.api.credential.Secret;

/**
 * An OSCORE security context (RFC 8613) as an OSCORE (21) instance describes it: the client's sender and
 * recipient ids, the master secret and salt, and the COSE algorithms. {@link #toString()} shows neither secret.
 */
public final class OscoreContext {

    /** COSE AES-CCM-16-64-128, the default AEAD algorithm of RFC 8613 (3.2). */
    public static final int AES_CCM_16_64_128 = 10;
    /** COSE HKDF SHA-256, the default key derivation of RFC 8613 (3.2). */
    public static final int HKDF_SHA_256 = -10;

    private final byte[] senderId;
    private final byte[] recipientId;
    private final Secret masterSecret;
    private final Secret masterSalt;
    private final int aeadAlgorithm;
    private final int hkdfAlgorithm;

    private OscoreContext(byte[] senderId, byte[] recipientId, Secret masterSecret, Secret masterSalt, int aead, int hkdf) {
        this.senderId = senderId;
        this.recipientId = recipientId;
        this.masterSecret = masterSecret;
        this.masterSalt = masterSalt;
        this.aeadAlgorithm = aead;
        this.hkdfAlgorithm = hkdf;
    }

    /**
     * @param masterSalt empty for none
     * @throws IllegalArgumentException for an empty master secret, or sender and recipient ids that are equal
     *         or longer than an AES-CCM-16-64-128 nonce allows (7 bytes)
     */
    public static OscoreContext of(byte[] senderId, byte[] recipientId, Secret masterSecret, Secret masterSalt,
            int aeadAlgorithm, int hkdfAlgorithm) {
        Objects.requireNonNull(senderId, "senderId");
        Objects.requireNonNull(recipientId, "recipientId");
        Objects.requireNonNull(masterSalt, "masterSalt");
        if (masterSecret == null || masterSecret.length() == 0) {
            throw new IllegalArgumentException("an OSCORE context needs a master secret");
        }
        if (senderId.length > 7 || recipientId.length > 7) {
            throw new IllegalArgumentException("an OSCORE sender or recipient id is at most 7 bytes");
        }
        if (java.util.Arrays.equals(senderId, recipientId)) {
            throw new IllegalArgumentException("an OSCORE sender id differs from the recipient id");
        }
        return new OscoreContext(senderId.clone(), recipientId.clone(), masterSecret, masterSalt, aeadAlgorithm, hkdfAlgorithm);
    }

    public byte[] senderId() {
        return senderId.clone();
    }

    public byte[] recipientId() {
        return recipientId.clone();
    }

    public Secret masterSecret() {
        return masterSecret;
    }

    /** Empty when the context has none. */
    public Secret masterSalt() {
        return masterSalt;
    }

    /** A COSE algorithm id, such as {@link #AES_CCM_16_64_128}. */
    public int aeadAlgorithm() {
        return aeadAlgorithm;
    }

    /** A COSE algorithm id, such as {@link #HKDF_SHA_256}. */
    public int hkdfAlgorithm() {
        return hkdfAlgorithm;
    }

    @Override
    public String toString() {
        return "OSCORE sender " + HexFormat.of().formatHex(senderId) + " recipient " + HexFormat.of().formatHex(recipientId);
    }
}
