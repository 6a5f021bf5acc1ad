package org.scgateway.api.credential;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Base64;

import javax.security.auth.x500.X500Principal;

/**
 * A PKCS#10 certificate signing request (RFC 2986) for a key pair kept in a Secure Component, signed there: what a CA
 * is given to certify the gateway's X.509 identity without any private part leaving the component. ECDSA with
 * SHA-256 (RFC 5758 3.2), no attributes.
 * <p>
 * Encoded here, not with bcpkix: the JDK encodes the two parts that have rules of their own (the subject, through
 * {@link X500Principal}, and the key's SubjectPublicKeyInfo); what is left is three DER headers, which do not justify
 * an implementation dependency of the API bundle. Tests check the result with bcpkix and OpenSSL.
 */
public final class CertificationRequest {

    /** ecdsa-with-SHA256, 1.2.840.10045.4.3.2, as an AlgorithmIdentifier without parameters (RFC 5758 3.2). */
    private static final byte[] ECDSA_WITH_SHA256 = {0x30, 0x0A, 0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x04, 0x03, 0x02};

    private CertificationRequest() {
    }

    /**
     * The request for the key pair kept as {@code name} in {@code keys}' component, for {@code subject} (such as
     * {@code CN=urn:imei:490154203237518}: an LwM2M server expects its client's certificate to name the endpoint in
     * its CN), DER-encoded.
     *
     * @throws CredentialStoreException when no key pair is kept as {@code name}, or the component cannot sign
     */
    public static byte[] of(SigningKeys keys, String name, X500Principal subject) throws CredentialStoreException {
        PublicKey key = keys.publicKey(name).orElseThrow(() -> new CredentialStoreException("no key pair is kept as '" + name + "'"));
        byte[] info = der(0x30, concat(new byte[] {0x02, 0x01, 0x00}, subject.getEncoded(), key.getEncoded(), new byte[] {(byte) 0xA0, 0x00}));
        byte[] signature;
        try {
            signature = keys.signDigest(name, MessageDigest.getInstance("SHA-256").digest(info));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
        return der(0x30, concat(info, ECDSA_WITH_SHA256, der(0x03, concat(new byte[] {0}, signature))));
    }

    /**
     * The subject {@code CN=cn}, escaped as RFC 4514 2.4 asks, so that an endpoint name with a comma or a plus stays
     * one attribute value.
     */
    public static X500Principal commonName(String cn) {
        StringBuilder sb = new StringBuilder("CN=");
        for (int i = 0; i < cn.length(); i++) {
            char c = cn.charAt(i);
            boolean edge = i == 0 && (c == ' ' || c == '#') || i == cn.length() - 1 && c == ' ';
            if (edge || ",+\"\\<>;=".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return new X500Principal(sb.toString());
    }

    /** {@code der} as PEM ({@code CERTIFICATE REQUEST}, RFC 7468 7), what CAs and {@code openssl req} read. */
    public static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END CERTIFICATE REQUEST-----\n";
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 4);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            if (n > 0xFFFF) {
                throw new IllegalArgumentException("a certificate request of " + n + " bytes: the subject is too long");
            }
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
