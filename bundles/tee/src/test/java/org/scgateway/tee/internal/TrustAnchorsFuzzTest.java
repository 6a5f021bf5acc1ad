package org.scgateway.tee.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.PublicKey;

import org.scgateway.teep.CoseAlgorithm;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A TAM trust anchor as the operator provisions it (a file, a credential store entry): {@link TrustAnchors#parse}
 * returns a P-256 or Ed25519 key whose DER SubjectPublicKeyInfo is exactly the bytes given (the form the class
 * documents), or throws the IllegalArgumentException it documents — never another exception, never a hang.
 */
class TrustAnchorsFuzzTest {

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void takesOnlyTheDerOfAP256OrEd25519Key(byte[] input) {
        PublicKey key;
        try {
            key = TrustAnchors.parse(input);
        } catch (IllegalArgumentException e) {
            assertEquals("not a DER SubjectPublicKeyInfo of a P-256 or Ed25519 key", e.getMessage());
            return;
        }
        CoseAlgorithm.forKey(key);
        assertArrayEquals(input, key.getEncoded(), "the key is its DER encoding");
        assertEquals(key, TrustAnchors.parse(key.getEncoded()));
    }
}
