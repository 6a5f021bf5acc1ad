package org.scgateway.se.sim.internal;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;

/**
 * The card's EC P-256 (secp256r1) arithmetic, with the JDK's: key pairs made on the card, ECDSA over a SHA-256 digest
 * the host computed (a card's "sign a precomputed hash"). Keys cross the card's boundary only as the public point.
 */
final class EcP256 {

    static final int SCALAR = 32;
    static final int POINT = 65;

    private EcP256() {
    }

    /** A new key pair: the private scalar (32 bytes) and the uncompressed public point (04 || X || Y). */
    static byte[][] generate() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        ECPublicKey pub = (ECPublicKey) pair.getPublic();
        byte[] point = new byte[POINT];
        point[0] = 0x04;
        fixed(pub.getW().getAffineX(), point, 1);
        fixed(pub.getW().getAffineY(), point, 1 + SCALAR);
        byte[] scalar = new byte[SCALAR];
        fixed(((ECPrivateKey) pair.getPrivate()).getS(), scalar, 0);
        return new byte[][] {scalar, point};
    }

    /** ECDSA with the private scalar over a 32-byte digest; the signature DER-encoded, as JCA's SHA256withECDSA gives it. */
    static byte[] signDigest(byte[] scalar, byte[] digest) throws GeneralSecurityException {
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec("secp256r1"));
        ECPrivateKey key = (ECPrivateKey) KeyFactory.getInstance("EC")
                .generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), p.getParameterSpec(ECParameterSpec.class)));
        Signature s = Signature.getInstance("NONEwithECDSA");
        s.initSign(key);
        s.update(digest);
        return s.sign();
    }

    /** {@code v} as a 32-byte big-endian number at {@code at}. */
    private static void fixed(BigInteger v, byte[] out, int at) {
        byte[] b = v.toByteArray();
        int from = Math.max(0, b.length - SCALAR);
        int n = b.length - from;
        System.arraycopy(b, from, out, at + SCALAR - n, n);
    }
}
