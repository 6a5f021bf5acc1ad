package org.scgateway.lwm2m.client.internal;

import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;

import org.scgateway.api.credential.CredentialStoreException;

/**
 * SHA256withECDSA with a {@link ComponentPrivateKey}: the data is hashed here (it is not secret), the digest is signed
 * by the component. Any other key goes to the JDK's own SHA256withECDSA, unchanged: a Signature that JCA bound to this
 * provider (Scandium keeps one per thread, and the gateway's DTLS threads bind theirs here first, see
 * {@link ComponentKeysProvider#prime()}) also verifies the server's signatures, and signs with keys of the JDK's.
 */
final class ComponentSignature extends SignatureSpi {

    private final MessageDigest sha256;
    private ComponentPrivateKey key;
    /** The JDK's signature, for a key that is not a component's; null while signing with one. */
    private Signature jdk;

    ComponentSignature() throws NoSuchAlgorithmException {
        sha256 = MessageDigest.getInstance("SHA-256");
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
        if (privateKey instanceof ComponentPrivateKey) {
            key = (ComponentPrivateKey) privateKey;
            jdk = null;
            sha256.reset();
        } else {
            key = null;
            jdk = jdk();
            jdk.initSign(privateKey);
        }
    }

    @Override
    protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
        key = null;
        jdk = jdk();
        jdk.initVerify(publicKey);
    }

    /** The JDK's SHA256withECDSA: JCA picks its provider by the key, and never this one for a key of the JDK's. */
    private static Signature jdk() throws InvalidKeyException {
        try {
            return Signature.getInstance("SHA256withECDSA");
        } catch (NoSuchAlgorithmException e) {
            throw new InvalidKeyException("no SHA256withECDSA in the JVM", e);
        }
    }

    @Override
    protected void engineUpdate(byte b) throws SignatureException {
        if (jdk != null) {
            jdk.update(b);
        } else {
            sha256.update(b);
        }
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
        if (jdk != null) {
            jdk.update(b, off, len);
        } else {
            sha256.update(b, off, len);
        }
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
        if (jdk != null) {
            return jdk.sign();
        }
        if (key == null) {
            throw new SignatureException("not initialised for signing");
        }
        try {
            return key.keys.signDigest(key.name, sha256.digest());
        } catch (CredentialStoreException | RuntimeException e) {
            throw new SignatureException(key.location + " could not sign with " + key.name + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
        if (jdk == null) {
            throw new SignatureException("not initialised for verifying");
        }
        return jdk.verify(sigBytes);
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) {
        throw new InvalidParameterException("no parameters");
    }

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) {
        throw new InvalidParameterException("no parameters");
    }
}
