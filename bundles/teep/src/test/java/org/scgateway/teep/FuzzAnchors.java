package org.scgateway.teep;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed trust anchors of the fuzz tests, and what was signed with their private keys once, to make the seeds
 * of the corpora ({@code *FuzzTestInputs/}); the private keys are not kept, so whatever else verifies is a forgery.
 */
final class FuzzAnchors {

    /** A P-256 TAM key: it signed {@link #PAYLOAD} with ESP256 and ES256, detached with ESP256, and {@link #ENVELOPE_SEQUENCE}. */
    static final PublicKey EC = key("EC", "3059301306072a8648ce3d020106082a8648ce3d03010703420004af219dafd116344e366bc4627dc7312f"
            + "5d353aef4e06741eba5a0ee19367662467490538d16427228165ce149466ab935b9ef5a60499564ec4cc034188db9956");
    /** An Ed25519 TAM key: it signed {@link #PAYLOAD} with Ed25519 and EdDSA, and detached with Ed25519. */
    static final PublicKey ED = key("Ed25519", "302a300506032b6570032100afd40d209696f6847484ad13f57b19ec3ca18cd8500adfe363e5e2f929db1a2c");

    /** The one payload signed in a COSE_Sign1, carried or detached. */
    static final byte[] PAYLOAD = HexFormat.of().parseHex("8205A11450A0A1A2A3A4A5A6A7A8A9AAABACADAEAF");

    /** The one SUIT envelope signed with {@link #EC}: this component, sequence number and payload. */
    static final List<byte[]> ENVELOPE_COMPONENT = List.of("fuzz".getBytes(StandardCharsets.US_ASCII), new byte[] {1});
    static final long ENVELOPE_SEQUENCE = 7;
    static final byte[] ENVELOPE_PAYLOAD = "a trusted component for the fuzzer".getBytes(StandardCharsets.US_ASCII);

    private FuzzAnchors() {
    }

    static Map<String, PublicKey> anchors() {
        Map<String, PublicKey> anchors = new LinkedHashMap<>();
        anchors.put("tam-ec", EC);
        anchors.put("tam-ed", ED);
        return anchors;
    }

    private static PublicKey key(String algorithm, String der) {
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(HexFormat.of().parseHex(der)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
