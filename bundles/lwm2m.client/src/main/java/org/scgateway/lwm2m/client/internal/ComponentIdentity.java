package org.scgateway.lwm2m.client.internal;

import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

import org.eclipse.californium.scandium.dtls.x509.CertificateConfigurationHelper;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;

/**
 * Scandium's one identity (RPK or X.509) for a private key kept in a Secure Component. Scandium checks an identity's key
 * pair when the connector's configuration is built, by signing a text with SHA1withECDSA on the thread that builds it.
 * The component signs SHA-256 digests, and only on the connector's own threads ({@link ComponentKeysProvider#prime()}),
 * so that check could only fail: at every client start Scandium warned "Mismatching key-pair, causing failure when
 * used!" with a stack trace, and the handshakes then succeeded. Here the check is left to the handshake, where it
 * belongs for such a key: a server refuses a CertificateVerify its copy of the public key does not verify.
 */
final class ComponentIdentity extends SingleCertificateProvider {

    private final PublicKey publicKey;
    private final List<X509Certificate> chain;

    private ComponentIdentity(ComponentPrivateKey key, PublicKey publicKey) {
        super(key, publicKey);
        this.publicKey = publicKey;
        this.chain = null;
    }

    private ComponentIdentity(ComponentPrivateKey key, Certificate[] chain) {
        super(key, chain);
        this.publicKey = chain[0].getPublicKey();
        this.chain = Arrays.stream(chain).map(X509Certificate.class::cast).toList();
    }

    /** The raw public key identity: {@code publicKey} is the one the client's Security instance gives. */
    static ComponentIdentity rawPublicKey(ComponentPrivateKey key, PublicKey publicKey) {
        return new ComponentIdentity(key, publicKey);
    }

    /** The certificate identity: the client's certificate first. */
    static ComponentIdentity certificates(ComponentPrivateKey key, Certificate[] chain) {
        return new ComponentIdentity(key, chain);
    }

    @Override
    public void setupConfigurationHelper(CertificateConfigurationHelper helper) {
        // What SingleCertificateProvider does after its key pair check: the curves and signatures this identity needs.
        if (chain != null) {
            helper.addConfigurationDefaultsFor(chain);
        } else {
            helper.addConfigurationDefaultsFor(publicKey);
        }
    }
}
