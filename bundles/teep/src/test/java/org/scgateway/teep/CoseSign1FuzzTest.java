package org.scgateway.teep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.upokecenter.cbor.CBORObject;

/**
 * COSE_Sign1 from the network, checked against fixed trust anchors ({@link FuzzAnchors}) whose private keys signed
 * only the seeds: {@link CoseSign1#verify} and {@link CoseSign1#verifyDetached} accept a message only as its anchor
 * signed it — that anchor's name, the payload signed, a protected header it signed with — and refuse anything
 * forged or garbled with {@link CoseException} and a reason — never another exception, never a hang.
 */
class CoseSign1FuzzTest {

    private static final Map<String, java.security.PublicKey> ANCHORS = FuzzAnchors.anchors();
    /** The protected headers signed: {1: alg} with ESP256 (-9) and ES256 (-7) by the P-256 key, Ed25519 (-19) and EdDSA (-8) by the Ed25519 key. */
    private static final Map<String, Set<String>> SIGNED_HEADERS = Map.of("tam-ec", Set.of("a10128", "a10126"),
            "tam-ed", Set.of("a10132", "a10127"));

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void acceptsOnlyWhatAnAnchorSigned(byte[] input) {
        CoseSign1.Verified v;
        try {
            v = CoseSign1.verify(input, ANCHORS);
        } catch (CoseException e) {
            assertNotNull(e.reason());
            assertNotNull(e.getMessage());
            return;
        }
        assertArrayEquals(FuzzAnchors.PAYLOAD, v.payload(), "only the payload the anchors signed verifies");
        assertSignedHeader(input, v);
    }

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void acceptsADetachedSignatureOnlyAsAnAnchorMadeIt(byte[] input) {
        CoseSign1.Verified v;
        try {
            v = CoseSign1.verifyDetached(input, FuzzAnchors.PAYLOAD, ANCHORS);
        } catch (CoseException e) {
            assertNotNull(e.reason());
            assertNotNull(e.getMessage());
            return;
        }
        assertArrayEquals(FuzzAnchors.PAYLOAD, v.payload());
        assertSignedHeader(input, v);
    }

    private static void assertSignedHeader(byte[] input, CoseSign1.Verified v) {
        CBORObject cose = CBORObject.DecodeFromBytes(input);
        String header = HexFormat.of().formatHex(cose.UntagOne().get(0).GetByteString());
        assertTrue(SIGNED_HEADERS.get(v.anchor()).contains(header), v.anchor() + " never signed with protected header " + header);
        assertEquals(v.algorithm().id(), CBORObject.DecodeFromBytes(HexFormat.of().parseHex(header)).get(1).AsInt32());
    }
}
