package org.scgateway.teep;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Map;
import java.util.Objects;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;

/**
 * COSE_Sign1 (RFC 9052 section 4.2) with one signer: the algorithm in the protected header, no external
 * data, the payload inside or detached (as a SUIT authentication block has it). No COSE library on Maven
 * Central knows the fully specified algorithms TEEP mandates (ESP256 -9, Ed25519 -19), and the structure
 * is small, so it is written here over JCA.
 */
public final class CoseSign1 {

    /** CBOR tag of COSE_Sign1_Tagged. */
    public static final int TAG = 18;
    private static final int HEADER_ALG = 1;

    private CoseSign1() {
    }

    /** A payload that verified, with the name of the trust anchor that verified it. */
    public static final class Verified {
        private final byte[] payload;
        private final String anchor;
        private final CoseAlgorithm algorithm;

        Verified(byte[] payload, String anchor, CoseAlgorithm algorithm) {
            this.payload = payload;
            this.anchor = anchor;
            this.algorithm = algorithm;
        }

        public byte[] payload() {
            return payload.clone();
        }

        public String anchor() {
            return anchor;
        }

        public CoseAlgorithm algorithm() {
            return algorithm;
        }
    }

    /** Signs {@code payload} into a COSE_Sign1_Tagged, with ESP256 or Ed25519 after the key. */
    public static byte[] sign(byte[] payload, PrivateKey key) {
        return build(payload, payload, key, CoseAlgorithm.forKey(key));
    }

    /** As {@link #sign(byte[], PrivateKey)} with an algorithm of choice, such as ES256 for an older peer. */
    public static byte[] sign(byte[] payload, PrivateKey key, CoseAlgorithm algorithm) {
        return build(payload, payload, key, algorithm);
    }

    /** Signs {@code payload} into a COSE_Sign1_Tagged that does not carry it (payload nil). */
    public static byte[] signDetached(byte[] payload, PrivateKey key) {
        return build(payload, null, key, CoseAlgorithm.forKey(key));
    }

    /**
     * Verifies a COSE_Sign1 (tagged or not) that carries its payload against each trust anchor whose key
     * fits the algorithm, and returns the payload.
     */
    public static Verified verify(byte[] message, Map<String, PublicKey> anchors) throws CoseException {
        return check(message, null, anchors);
    }

    /** Verifies a COSE_Sign1 with a detached payload, which the caller supplies. */
    public static Verified verifyDetached(byte[] message, byte[] payload, Map<String, PublicKey> anchors) throws CoseException {
        return check(message, Objects.requireNonNull(payload, "payload"), anchors);
    }

    private static byte[] build(byte[] payload, byte[] carried, PrivateKey key, CoseAlgorithm algorithm) {
        if (!algorithm.fits(key)) {
            throw new IllegalArgumentException(algorithm + " does not sign with a " + key.getAlgorithm() + " key");
        }
        CBORObject header = CBORObject.NewOrderedMap().Add(HEADER_ALG, algorithm.id());
        byte[] protectedBytes = header.EncodeToBytes();
        byte[] signature;
        try {
            signature = algorithm.sign(key, toBeSigned(protectedBytes, payload));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign with " + algorithm + ": " + e.getMessage(), e);
        }
        CBORObject array = CBORObject.NewArray()
                .Add(CBORObject.FromObject(protectedBytes))
                .Add(CBORObject.NewOrderedMap())
                .Add(carried == null ? CBORObject.Null : CBORObject.FromObject(carried))
                .Add(CBORObject.FromObject(signature));
        return CBORObject.FromObjectAndTag(array, TAG).EncodeToBytes();
    }

    private static Verified check(byte[] message, byte[] detached, Map<String, PublicKey> anchors) throws CoseException {
        CBORObject cose;
        try {
            cose = Cbor.decode(message);
        } catch (TeepFormatException e) {
            throw new CoseException(CoseException.Reason.MALFORMED, e.getMessage());
        }
        if (cose.HasMostOuterTag(TAG)) {
            cose = cose.UntagOne();
        } else if (cose.isTagged()) {
            throw new CoseException(CoseException.Reason.MALFORMED, "CBOR tag " + cose.getMostOuterTag() + " where COSE_Sign1 (18) was expected");
        }
        if (cose.getType() == CBORType.Array && cose.size() > 0 && cose.get(0).isNumber()) {
            throw new CoseException(CoseException.Reason.UNSIGNED, "an unsigned message where a COSE_Sign1 was required");
        }
        if (cose.getType() != CBORType.Array || cose.size() != 4) {
            throw new CoseException(CoseException.Reason.MALFORMED, "a COSE_Sign1 is an array of 4");
        }
        CBORObject protectedBytes = cose.get(0);
        CBORObject payload = cose.get(2);
        CBORObject signature = cose.get(3);
        if (protectedBytes.getType() != CBORType.ByteString || cose.get(1).getType() != CBORType.Map
                || signature.getType() != CBORType.ByteString) {
            throw new CoseException(CoseException.Reason.MALFORMED, "COSE_Sign1 fields: protected bstr, unprotected map, signature bstr");
        }
        byte[] content;
        if (detached != null) {
            if (!payload.isNull()) {
                throw new CoseException(CoseException.Reason.MALFORMED, "a detached COSE_Sign1 must have a nil payload");
            }
            content = detached;
        } else if (payload.getType() == CBORType.ByteString) {
            content = payload.GetByteString();
        } else {
            throw new CoseException(CoseException.Reason.MALFORMED, "the COSE_Sign1 payload is not a byte string");
        }
        CoseAlgorithm algorithm = algorithm(protectedBytes.GetByteString());
        byte[] tbs = toBeSigned(protectedBytes.GetByteString(), content);
        byte[] sig = signature.GetByteString();
        boolean anyFits = false;
        for (Map.Entry<String, PublicKey> anchor : anchors.entrySet()) {
            if (!algorithm.fits(anchor.getValue())) {
                continue;
            }
            anyFits = true;
            try {
                if (algorithm.verify(anchor.getValue(), tbs, sig)) {
                    return new Verified(content, anchor.getKey(), algorithm);
                }
            } catch (GeneralSecurityException e) {
                // A key the provider rejects verifies nothing; the next anchor may.
            }
        }
        throw new CoseException(CoseException.Reason.NOT_TRUSTED, anyFits
                ? "the " + algorithm + " signature verifies with no trust anchor (" + anchors.size() + " known)"
                : "no trust anchor holds a key for " + algorithm + " (" + anchors.size() + " known)");
    }

    private static CoseAlgorithm algorithm(byte[] protectedBytes) throws CoseException {
        CBORObject header;
        try {
            header = Cbor.decode(protectedBytes);
        } catch (TeepFormatException e) {
            throw new CoseException(CoseException.Reason.MALFORMED, "protected header: " + e.getMessage());
        }
        if (header.getType() != CBORType.Map) {
            throw new CoseException(CoseException.Reason.MALFORMED, "the protected header is not a map");
        }
        CBORObject alg = header.get(HEADER_ALG);
        if (alg == null || alg.getType() != CBORType.Integer || !alg.AsNumber().CanFitInInt64()) {
            // RFC 9052 3.1: an int or a tstr. A float such as -7.0 is neither, and is not to be read as the integer it rounds to.
            throw new CoseException(CoseException.Reason.MALFORMED, "the protected header names no algorithm (label 1) as an integer");
        }
        long id = alg.AsNumber().ToInt64Checked();
        return CoseAlgorithm.of(id).orElseThrow(() -> new CoseException(CoseException.Reason.UNSUPPORTED_ALGORITHM,
                "COSE algorithm " + id + " is not taken (ESP256 -9, ES256 -7, Ed25519 -19, EdDSA -8)"));
    }

    private static byte[] toBeSigned(byte[] protectedBytes, byte[] payload) {
        return CBORObject.NewArray().Add("Signature1").Add(CBORObject.FromObject(protectedBytes))
                .Add(CBORObject.FromObject(new byte[0])).Add(CBORObject.FromObject(payload)).EncodeToBytes();
    }
}
