package org.scgateway.tee.optee.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * OP-TEE signed TA images from a TAM: {@link SignedTa#parse} accepts exactly the images that this test's own reading of
 * optee_os {@code signed_hdr.h} takes (the OP-TEE magic, a bootstrap TA, a hash and a signature, a length that is the
 * one the header announces, and for SHA-256 algorithms a hash that matches), returning the UUID and version at the
 * place the header puts them; anything else is refused with the IllegalArgumentException it documents, its message
 * saying what the image is — never another exception, never a hang, never memory after a length field.
 */
class SignedTaFuzzTest {

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void acceptsExactlyAWholeBootstrapTa(byte[] image) {
        check(image);
    }

    /** Images laid out as the signing script makes them, with each field of the header perhaps wrong. */
    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void acceptsAWellLaidOutImageOnlyWhenItsHeaderIsRight(FuzzedDataProvider data) {
        int type = data.consumeBoolean() ? SignedTa.BOOTSTRAP_TA : data.consumeInt();
        int algo = data.pickValue(new int[] {SignedTa.RSA_PKCS1_SHA256, SignedTa.RSA_PSS_SHA256, 0x70005830, data.consumeInt()});
        int hashSize = data.consumeBoolean() ? 32 : data.consumeInt(0, 80);
        int sigSize = data.consumeBoolean() ? 256 : data.consumeInt(0, 600);
        int sizeSkew = data.consumeBoolean() ? 0 : data.consumeInt();
        boolean rightHash = data.consumeBoolean();
        byte[] bootstrap = Arrays.copyOf(data.consumeBytes(SignedTa.BOOTSTRAP_HEADER), SignedTa.BOOTSTRAP_HEADER);
        byte[] sig = Arrays.copyOf(data.consumeBytes(sigSize), sigSize);
        byte[] hash = Arrays.copyOf(data.consumeBytes(hashSize), hashSize);
        byte[] ta = data.consumeRemainingAsBytes();

        ByteBuffer header = ByteBuffer.allocate(SignedTa.HEADER).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(SignedTa.MAGIC).putInt(type).putInt(ta.length + sizeSkew).putInt(algo).putShort((short) hashSize)
                .putShort((short) sigSize);
        if (rightHash) {
            byte[] sha = sha256(header.array(), bootstrap, ta);
            System.arraycopy(sha, 0, hash, 0, Math.min(hashSize, sha.length));
        }
        byte[] image = ByteBuffer.allocate(SignedTa.HEADER + hashSize + sigSize + SignedTa.BOOTSTRAP_HEADER + ta.length)
                .put(header.array()).put(hash).put(sig).put(bootstrap).put(ta).array();
        SignedTa parsed = check(image);
        boolean sha256Checked = (algo == SignedTa.RSA_PKCS1_SHA256 || algo == SignedTa.RSA_PSS_SHA256) && hashSize == 32;
        if (type == SignedTa.BOOTSTRAP_TA && hashSize > 0 && sigSize > 0 && sizeSkew == 0 && (rightHash || !sha256Checked)) {
            assertNotNull(parsed, "a whole bootstrap TA is taken");
        }
    }

    /** Parses {@code image} and compares with this test's reading of it; returns what parse returned. */
    private static SignedTa check(byte[] image) {
        SignedTa parsed;
        try {
            parsed = SignedTa.parse(image);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith("not an OP-TEE signed TA: ") || e.getMessage().startsWith("the OP-TEE signed TA is "),
                    e.getMessage());
            assertNull(expected(image), "refused: " + e.getMessage());
            return null;
        }
        long[] expected = expected(image);
        assertNotNull(expected, "taken, though it is not a whole bootstrap TA");
        int bootstrap = (int) expected[0];
        assertArrayEquals(Arrays.copyOfRange(image, bootstrap, bootstrap + 16), parsed.uuid);
        assertEquals(SignedTa.uuidOf(parsed.uuid), parsed.uuid());
        assertEquals(expected[1], parsed.version);
        return parsed;
    }

    /** Where the bootstrap header is and the version it gives, if {@code image} is a whole bootstrap TA; else null. */
    private static long[] expected(byte[] image) {
        if (image.length < 20) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0x4f545348 || b.getInt(4) != 1) {
            return null;
        }
        long imgSize = b.getInt(8) & 0xFFFFFFFFL;
        int algo = b.getInt(12);
        int hashSize = b.getShort(16) & 0xFFFF;
        int sigSize = b.getShort(18) & 0xFFFF;
        if (hashSize == 0 || sigSize == 0 || 20L + hashSize + sigSize + 20 + imgSize != image.length) {
            return null;
        }
        int bootstrap = 20 + hashSize + sigSize;
        if ((algo == 0x70004830 || algo == 0x70414930) && hashSize == 32) {
            byte[] sha = sha256(Arrays.copyOfRange(image, 0, 20), Arrays.copyOfRange(image, bootstrap, image.length));
            if (!Arrays.equals(sha, Arrays.copyOfRange(image, 20, 52))) {
                return null;
            }
        }
        return new long[] {bootstrap, b.getInt(bootstrap + 16) & 0xFFFFFFFFL};
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                sha.update(p);
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
