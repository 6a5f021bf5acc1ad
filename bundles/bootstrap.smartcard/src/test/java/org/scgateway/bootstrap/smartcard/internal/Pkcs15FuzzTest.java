package org.scgateway.bootstrap.smartcard.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.scgateway.globalplatform.tlv.BerTlv;
import org.scgateway.globalplatform.tlv.Tlv;
import org.scgateway.globalplatform.tlv.TlvException;

/**
 * The PKCS#15 structures bootstrap from smartcard walks when it finds the application (EF DIR record, ODF, DODF),
 * anything a card may hold: the path found is bytes of the file (an OCTET STRING of an even number of bytes, at
 * least two), and the file's canonical BER-TLV form (its data objects re-encoded, padding left out) leads to the same
 * path, or to the same refusal; a refusal is a {@link MalformedBootstrapFileException} saying why. Whether an EF DIR
 * record names PKCS#15 is a yes or no, the same for its canonical form, yes only if it holds the PKCS#15 AID. Never
 * another exception, never a hang. Regression inputs: {@code src/test/resources/.../Pkcs15FuzzTestInputs/}.
 */
class Pkcs15FuzzTest {

    private interface Walk {
        byte[] path(byte[] file) throws MalformedBootstrapFileException;
    }

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void efDirRecordNamesPkcs15OrNot(byte[] record) {
        boolean names = Pkcs15.namesPkcs15(record);
        Optional<byte[]> canonical = canonical(record);
        if (canonical.isEmpty()) {
            assertFalse(names, "a record that is not BER-TLV names nothing");
            return;
        }
        assertEquals(names, Pkcs15.namesPkcs15(canonical.get()), "the canonical form names the same");
        if (names) {
            assertTrue(contains(record, Pkcs15.AID.bytes()), "named only with the PKCS#15 AID in it");
        }
    }

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void odfLeadsToTheDodfOrSaysWhy(byte[] odf) {
        same(Pkcs15::dodfPath, odf);
    }

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void dodfLeadsToTheBootstrapFileOrSaysWhy(byte[] dodf) {
        byte[] path = same(Pkcs15::bootstrapFilePath, dodf);
        if (path != null) {
            assertTrue(contains(dodf, Pkcs15.BOOTSTRAP_OID), "found only in an entry with the bootstrap OID");
        }
    }

    /** The path from {@code file}, checked against its canonical form; null when refused. */
    private static byte[] same(Walk walk, byte[] file) {
        byte[] path;
        try {
            path = walk.path(file);
        } catch (MalformedBootstrapFileException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a refusal says why");
            canonical(file).ifPresent(c -> {
                try {
                    walk.path(c);
                    fail("the canonical form leads to a path where the file did not");
                } catch (MalformedBootstrapFileException again) {
                    assertEquals(e.getMessage(), again.getMessage(), "the same refusal");
                }
            });
            return null;
        }
        assertTrue(path.length >= 2 && path.length % 2 == 0, "a path is file ids of two bytes: " + path.length);
        assertTrue(contains(file, path), "the path is bytes of the file");
        byte[] c = canonical(file).orElseThrow(() -> new AssertionError("a path from what is not BER-TLV"));
        try {
            assertArrayEquals(path, walk.path(c), "the canonical form leads to the same path");
        } catch (MalformedBootstrapFileException e) {
            fail("the canonical form is refused: " + e.getMessage());
        }
        return path;
    }

    /** The data objects re-encoded, in the shortest form, without padding; empty if not BER-TLV. */
    private static Optional<byte[]> canonical(byte[] file) {
        List<Tlv> objects;
        try {
            objects = BerTlv.parse(file);
        } catch (TlvException e) {
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        objects.forEach(t -> out.writeBytes(t.encode()));
        return Optional.of(out.toByteArray());
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
