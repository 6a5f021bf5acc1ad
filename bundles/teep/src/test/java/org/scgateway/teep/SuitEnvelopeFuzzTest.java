package org.scgateway.teep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PublicKey;
import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * SUIT envelopes from a TAM: {@link SuitEnvelope#decode} throws {@link TeepFormatException}, or returns an envelope
 * that keeps its bytes as they came, decodes again to the same component, sequence number and payload, and whose
 * payload matches the digest its manifest gives; {@link SuitEnvelope#verify} against fixed trust anchors
 * ({@link FuzzAnchors}) refuses with {@link CoseException} all but the one envelope the anchor signed (its component,
 * sequence number and payload) — never another exception, never a hang.
 */
class SuitEnvelopeFuzzTest {

    private static final Map<String, PublicKey> ANCHORS = FuzzAnchors.anchors();

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void decodesAndVerifiesOnlyWhatTheTamSigned(byte[] input) throws TeepFormatException {
        SuitEnvelope e;
        try {
            e = SuitEnvelope.decode(input);
        } catch (TeepFormatException x) {
            assertNotNull(x.getMessage());
            return;
        }
        assertArrayEquals(input, e.encoded(), "the envelope is kept as it came");
        assertFalse(e.componentId().isEmpty());
        assertTrue(e.sequenceNumber() >= 0);
        SuitEnvelope again = SuitEnvelope.decode(e.encoded());
        assertEquals(FuzzIds.text(e.componentId()), FuzzIds.text(again.componentId()));
        assertEquals(e.sequenceNumber(), again.sequenceNumber());
        assertArrayEquals(e.payload(), again.payload());

        String anchor;
        try {
            anchor = e.verify(ANCHORS);
        } catch (CoseException x) {
            assertNotNull(x.reason());
            assertNotNull(x.getMessage());
            return;
        }
        assertEquals("tam-ec", anchor, "only the P-256 anchor signed an envelope");
        assertEquals(FuzzIds.text(FuzzAnchors.ENVELOPE_COMPONENT), FuzzIds.text(e.componentId()));
        assertEquals(FuzzAnchors.ENVELOPE_SEQUENCE, e.sequenceNumber());
        assertArrayEquals(FuzzAnchors.ENVELOPE_PAYLOAD, e.payload());
        assertFalse(e.vendorId().isPresent() || e.classId().isPresent());
    }
}
