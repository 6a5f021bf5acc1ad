package org.scgateway.teep;

import java.security.AlgorithmParameters;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.interfaces.EdECKey;
import java.util.Optional;

/**
 * The COSE signature algorithms a TEEP message or SUIT manifest may be signed with. TEEP's mandatory
 * cipher suites use the fully specified ESP256 and Ed25519; the polymorphic ES256 and EdDSA, which older
 * TAMs and the SUIT examples use, name the same computations over the same curves and are accepted too.
 */
public enum CoseAlgorithm {
    /** ECDSA on P-256 with SHA-256, signature r||s. */
    ESP256(-9, "SHA256withECDSAinP1363Format"),
    /** ECDSA with SHA-256; here always on P-256. */
    ES256(-7, "SHA256withECDSAinP1363Format"),
    /** EdDSA on Ed25519. */
    ED25519(-19, "Ed25519"),
    /** EdDSA; here always on Ed25519. */
    EDDSA(-8, "Ed25519");

    private static final ECParameterSpec P256 = p256();

    private final int id;
    private final String jcaName;

    CoseAlgorithm(int id, String jcaName) {
        this.id = id;
        this.jcaName = jcaName;
    }

    /** The COSE algorithm identifier (IANA "COSE Algorithms"). */
    public int id() {
        return id;
    }

    /** The algorithm of that COSE identifier, if it is one of these. */
    public static Optional<CoseAlgorithm> of(long id) {
        for (CoseAlgorithm a : values()) {
            if (a.id == id) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The fully specified algorithm for a P-256 or Ed25519 key. */
    public static CoseAlgorithm forKey(Key key) {
        if (isP256(key)) {
            return ESP256;
        }
        if (isEd25519(key)) {
            return ED25519;
        }
        throw new IllegalArgumentException("a TEEP key is EC P-256 or Ed25519, not " + key.getAlgorithm());
    }

    /** Whether a key of this type can make or check signatures of this algorithm. */
    public boolean fits(Key key) {
        return jcaName.equals("Ed25519") ? isEd25519(key) : isP256(key);
    }

    byte[] sign(PrivateKey key, byte[] toBeSigned) throws GeneralSecurityException {
        Signature s = Signature.getInstance(jcaName);
        s.initSign(key);
        s.update(toBeSigned);
        return s.sign();
    }

    boolean verify(PublicKey key, byte[] toBeSigned, byte[] signature) throws GeneralSecurityException {
        // A raw ECDSA signature on P-256 is r||s, 32 bytes each; JCA would take a shorter one as valid input.
        if (signature.length != 64) {
            return false;
        }
        Signature s = Signature.getInstance(jcaName);
        s.initVerify(key);
        s.update(toBeSigned);
        return s.verify(signature);
    }

    private static boolean isP256(Key key) {
        if (!(key instanceof ECKey)) {
            return false;
        }
        ECParameterSpec p = ((ECKey) key).getParams();
        return p.getCurve().equals(P256.getCurve()) && p.getGenerator().equals(P256.getGenerator())
                && p.getOrder().equals(P256.getOrder());
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            return params.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no EC P-256", e);
        }
    }

    private static boolean isEd25519(Key key) {
        return key instanceof EdECKey && ((EdECKey) key).getParams() instanceof NamedParameterSpec
                && "Ed25519".equalsIgnoreCase(((NamedParameterSpec) ((EdECKey) key).getParams()).getName());
    }
}
