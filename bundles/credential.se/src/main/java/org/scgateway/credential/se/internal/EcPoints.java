package org.scgateway.credential.se.internal;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;

import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.Secret;

/** EC P-256 keys as the card's commands carry them: the uncompressed point (04 || X || Y) and the 32-byte scalar. */
final class EcPoints {

    private static final int SIZE = 32;

    private EcPoints() {
    }

    static PublicKey publicKey(byte[] point, String what) throws CredentialStoreException {
        if (point.length != 1 + 2 * SIZE || point[0] != 0x04) {
            throw new CredentialStoreException(what + " is not an uncompressed P-256 point (" + point.length + " bytes)");
        }
        try {
            ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 1 + SIZE)),
                    new BigInteger(1, Arrays.copyOfRange(point, 1 + SIZE, point.length)));
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, p256()));
        } catch (GeneralSecurityException e) {
            throw new CredentialStoreException(what + " is not a point of P-256: " + e.getMessage(), e);
        }
    }

    static byte[] point(PublicKey key, String name) throws CredentialStoreException {
        if (!(key instanceof ECPublicKey) || ((ECPublicKey) key).getParams().getCurve().getField().getFieldSize() != 256) {
            throw new CredentialStoreException("the public key of " + name + " is not an EC P-256 key");
        }
        ECPoint w = ((ECPublicKey) key).getW();
        byte[] out = new byte[1 + 2 * SIZE];
        out[0] = 0x04;
        fixed(w.getAffineX(), out, 1);
        fixed(w.getAffineY(), out, 1 + SIZE);
        return out;
    }

    /** The scalar of a PKCS#8 EC private key; the JDK's parse leaves BigInteger copies the caller cannot wipe. */
    static byte[] scalar(Secret pkcs8, String name) throws CredentialStoreException {
        byte[] der = pkcs8.bytes();
        try {
            java.security.PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
            byte[] out = new byte[SIZE];
            fixed(((ECPrivateKey) key).getS(), out, 0);
            return out;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new CredentialStoreException("the private key of " + name + " is not a PKCS#8 EC key", e);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    private static ECParameterSpec p256() throws GeneralSecurityException {
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec("secp256r1"));
        return p.getParameterSpec(ECParameterSpec.class);
    }

    private static void fixed(BigInteger v, byte[] out, int at) {
        byte[] b = v.toByteArray();
        int n = Math.min(SIZE, b.length);
        System.arraycopy(b, b.length - n, out, at + SIZE - n, n);
        Arrays.fill(b, (byte) 0);
    }
}
