package org.scgateway.tee.optee.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.UUID;

/**
 * An OP-TEE signed TA as secstor installs it (optee_os {@code signed_hdr.h}): a little-endian header
 * {@code magic, img_type, img_size, algo, hash_size, sig_size}, the hash and the signature, then for a
 * bootstrap TA its UUID (16 octets, network order) and version, then the TA itself. The TEE verifies the
 * signature with its own key; the gateway reads the header to know the TA's name, and checks the hash
 * where it knows the algorithm, so that a damaged image is named before the TEE is asked.
 */
final class SignedTa {

    static final int MAGIC = 0x4f545348;
    static final int BOOTSTRAP_TA = 1;
    static final int HEADER = 20;
    static final int BOOTSTRAP_HEADER = 20;
    /** TEE_ALG_RSASSA_PKCS1_V1_5_SHA256 and TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256: SHA-256 over header and image. */
    static final int RSA_PKCS1_SHA256 = 0x70004830;
    static final int RSA_PSS_SHA256 = 0x70414930;

    private static final String[] TYPES = {"a TA loaded from the REE file system (type 0)", "a bootstrap TA",
        "an encrypted TA (type 2)", "a subkey-signed TA (type 3)"};

    final byte[] uuid;
    final long version;

    private SignedTa(byte[] uuid, long version) {
        this.uuid = uuid;
        this.version = version;
    }

    UUID uuid() {
        return uuidOf(uuid);
    }

    /** The UUID of 16 octets in network order. */
    static UUID uuidOf(byte[] octets) {
        ByteBuffer b = ByteBuffer.wrap(octets);
        return new UUID(b.getLong(), b.getLong());
    }

    static SignedTa parse(byte[] image) throws IllegalArgumentException {
        if (image.length < HEADER) {
            throw new IllegalArgumentException("not an OP-TEE signed TA: " + image.length + " bytes, shorter than its header");
        }
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt();
        if (magic != MAGIC) {
            throw new IllegalArgumentException(String.format("not an OP-TEE signed TA: magic 0x%08X, not 0x%08X", magic, MAGIC));
        }
        int type = b.getInt();
        if (type != BOOTSTRAP_TA) {
            String what = type >= 0 && type < TYPES.length ? TYPES[type] : "of type " + Integer.toUnsignedString(type);
            throw new IllegalArgumentException("the OP-TEE signed TA is " + what + "; secstor installs bootstrap TAs (type 1) only");
        }
        long imageSize = Integer.toUnsignedLong(b.getInt());
        int algo = b.getInt();
        int hashSize = Short.toUnsignedInt(b.getShort());
        int sigSize = Short.toUnsignedInt(b.getShort());
        long expected = (long) HEADER + hashSize + sigSize + BOOTSTRAP_HEADER + imageSize;
        if (hashSize == 0 || sigSize == 0 || expected != image.length) {
            throw new IllegalArgumentException("the OP-TEE signed TA is damaged: its header announces " + expected + " bytes (hash "
                    + hashSize + ", signature " + sigSize + ", TA " + imageSize + "), it has " + image.length);
        }
        int bootstrap = HEADER + hashSize + sigSize;
        byte[] uuid = Arrays.copyOfRange(image, bootstrap, bootstrap + 16);
        long version = Integer.toUnsignedLong(b.getInt(bootstrap + 16));
        if ((algo == RSA_PKCS1_SHA256 || algo == RSA_PSS_SHA256) && hashSize == 32) {
            MessageDigest sha;
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            sha.update(image, 0, HEADER);
            sha.update(image, bootstrap, image.length - bootstrap);
            if (!MessageDigest.isEqual(sha.digest(), Arrays.copyOfRange(image, HEADER, HEADER + 32))) {
                throw new IllegalArgumentException("the OP-TEE signed TA is damaged: its hash does not match its content");
            }
        }
        return new SignedTa(uuid, version);
    }
}
