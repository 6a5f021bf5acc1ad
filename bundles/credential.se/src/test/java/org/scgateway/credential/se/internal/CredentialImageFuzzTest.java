package org.scgateway.credential.se.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A credential slot as the card gives it back, anything at all (a write cut short, another application's data,
 * a hostile card):
 * <ul>
 * <li>{@link CredentialImage#length} reads the header: -1, or the header, the body length it announces (0 to 64 KiB)
 * and the digest; never an exception, whatever the piece it is given.</li>
 * <li>{@link CredentialImage#parse} gives {@code Optional.empty()} for anything that is not an image whose digest
 * verifies, and a present image encodes back to the slot's bytes up to {@code length} — it is exactly what
 * {@link CredentialImage#encode()} wrote. Never an exception, never a hang, never memory beyond the slot's
 * bytes and one value of at most 64 KiB.</li>
 * </ul>
 * The fuzzer cannot forge SHA-256, so {@link #parseWithTheDigestMadeGood} computes it: the input is the slot after
 * the magic, with the digest put where the header says it goes. Regression inputs:
 * {@code src/test/resources/.../CredentialImageFuzzTestInputs/}.
 */
class CredentialImageFuzzTest {

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void lengthIsTheHeadersOrMinusOne(byte[] start) {
        int length = CredentialImage.length(start);
        if (length == -1) {
            return;
        }
        assertTrue(start.length >= CredentialImage.HEADER, "a length from fewer bytes than the header");
        assertArrayEquals(CredentialImage.MAGIC, Arrays.copyOf(start, CredentialImage.MAGIC.length));
        int body = ByteBuffer.wrap(start, CredentialImage.MAGIC.length + 8, 4).getInt();
        assertTrue(body >= 0 && body <= 0x10000, "a body of 0 to 64 KiB, not " + body);
        assertEquals(CredentialImage.HEADER + body + CredentialImage.DIGEST, length);
    }

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void parseIsEmptyOrEncodesBack(byte[] slot) {
        check(slot);
    }

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void parseWithTheDigestMadeGood(byte[] afterMagic) {
        byte[] s = new byte[CredentialImage.MAGIC.length + afterMagic.length];
        System.arraycopy(CredentialImage.MAGIC, 0, s, 0, CredentialImage.MAGIC.length);
        System.arraycopy(afterMagic, 0, s, CredentialImage.MAGIC.length, afterMagic.length);
        int length = CredentialImage.length(s);
        int signed = length - CredentialImage.DIGEST;
        if (length < 0 || signed > s.length) {
            check(s);
            return;
        }
        byte[] slot = new byte[s.length + CredentialImage.DIGEST];
        System.arraycopy(s, 0, slot, 0, signed);
        System.arraycopy(sha256(s, signed), 0, slot, signed, CredentialImage.DIGEST);
        System.arraycopy(s, signed, slot, length, s.length - signed); // what the slot holds after the image
        check(slot);
    }

    private static void check(byte[] slot) {
        Optional<CredentialImage> image = CredentialImage.parse(slot);
        int length = CredentialImage.length(slot);
        if (image.isEmpty()) {
            return;
        }
        assertTrue(length >= CredentialImage.HEADER + CredentialImage.DIGEST && length <= slot.length, "an image within the slot");
        byte[] encoded = image.get().encode();
        assertArrayEquals(Arrays.copyOf(slot, length), encoded, "a present image encodes back to the slot's bytes up to its length");
        Optional<CredentialImage> again = CredentialImage.parse(encoded);
        assertTrue(again.isPresent(), "its encoding is an image");
        assertEquals(image.get().generation(), again.get().generation());
        assertEquals(image.get().entries().keySet(), again.get().entries().keySet());
        for (Map.Entry<String, byte[]> e : image.get().entries().entrySet()) {
            assertArrayEquals(e.getValue(), again.get().entries().get(e.getKey()));
        }
    }

    private static byte[] sha256(byte[] data, int length) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(data, 0, length);
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
