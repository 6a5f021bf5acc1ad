package org.scgateway.lwm2m.client.internal;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Optional;

import org.eclipse.leshan.core.request.BindingMode;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.PskKeys;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.credential.SigningKeys;
import org.scgateway.api.lwm2m.bootstrap.ServerAccount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server account the configuration names, when no bootstrap source gives one: its URI, ids and security mode
 * from the configuration, its keys from the credential store under the server's entries, never from the
 * configuration itself.
 */
final class ConfiguredAccount {

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredAccount.class);

    private ConfiguredAccount() {
    }

    /**
     * The server or bootstrap server of the configuration, with key material from the credential store. A PSK, or the
     * key pair of RPK or of a certificate, that the store can keep in its Secure Component is used there: the account
     * gets {@code held}'s marker instead, and a readable copy still in the store is moved in first. A certificate must
     * be of the key pair kept in the component.
     */
    static ServerAccount from(ClientSettings s, CredentialStore credentials, HeldKeys held) throws InvalidConfigurationException {
        boolean bootstrap = s.serverUri.isEmpty();
        ServerAccount.Builder b = bootstrap ? ServerAccount.bootstrapServer(s.bootstrapServerUri)
                : ServerAccount.server(s.serverUri, s.shortServerId).lifetime(s.lifetime).binding(BindingMode.toString(s.binding))
                        .muteSend(false); // the configuration's server may be sent to, as it always could
        String prefix = entryPrefix(s, bootstrap);
        switch (s.securityMode) {
            case PSK:
                byte[] identity = s.pskIdentity.getBytes(StandardCharsets.UTF_8);
                Optional<PskKeys> keys = credentials.pskKeys();
                if (keys.isPresent()) {
                    return b.psk(identity, held(credentials, keys.get(), prefix + "psk", identity, held)).build();
                }
                return b.psk(identity, secret(credentials, prefix + "psk", "PSK key (or enter it once as pskKey)")).build();
            case RPK:
                Optional<SigningKeys> signing = credentials.signingKeys();
                if (signing.isPresent()) {
                    String name = prefix + "client-private-key";
                    String publicName = prefix + "client-public-key";
                    PublicKey publicKey = heldPair(credentials, signing.get(), name, "its public key as '" + publicName + "'",
                            () -> publicKey(credentials, publicName));
                    Secret marker = held.holdSigning(new ComponentPrivateKey(name, signing.get(), credentials.location()));
                    byte[] serverKey = secret(credentials, prefix + "server-public-key", "server public key (SubjectPublicKeyInfo, DER)").bytes();
                    return b.rpk(publicKey.getEncoded(), marker, serverKey).build();
                }
                return b.rpk(secret(credentials, prefix + "client-public-key", "client public key (SubjectPublicKeyInfo, DER)").bytes(),
                        secret(credentials, prefix + "client-private-key", "client private key (PKCS#8, DER)"),
                        secret(credentials, prefix + "server-public-key", "server public key (SubjectPublicKeyInfo, DER)").bytes()).build();
            case X509:
                String certificateName = prefix + "client-certificate";
                byte[] certificate = secret(credentials, certificateName, "client certificate (DER)").bytes();
                byte[] serverCertificate = secret(credentials, prefix + "server-certificate", "server certificate (DER)").bytes();
                Optional<SigningKeys> certifiedKeys = credentials.signingKeys();
                if (certifiedKeys.isPresent()) {
                    String name = prefix + "client-private-key";
                    PublicKey certified = certifiedKey(credentials, certificateName, certificate);
                    PublicKey kept = heldPair(credentials, certifiedKeys.get(), name, "its certificate as '" + certificateName + "'",
                            () -> certified);
                    if (!java.util.Arrays.equals(kept.getEncoded(), certified.getEncoded())) {
                        throw new InvalidConfigurationException("the client certificate '" + certificateName + "' in " + credentials.location()
                                + " is not of the key pair kept there as '" + name + "': have a certificate issued for that key "
                                + "(scgw:csr gives its request)");
                    }
                    Secret marker = held.holdSigning(new ComponentPrivateKey(name, certifiedKeys.get(), credentials.location()));
                    return b.x509(certificate, marker, serverCertificate).build();
                }
                return b.x509(certificate, secret(credentials, prefix + "client-private-key", "client private key (PKCS#8, DER)"),
                        serverCertificate).build();
            default:
                return b.build();
        }
    }

    /** Credential store entries of a server: {@code lwm2m/server/<short server id>/...} or {@code lwm2m/bootstrap/...}. */
    static String entryPrefix(ClientSettings s, boolean bootstrap) {
        return bootstrap ? "lwm2m/bootstrap/" : "lwm2m/server/" + s.shortServerId + "/";
    }

    /** The marker of a PSK kept in the store's component, moving a readable copy of it there first. */
    private static Secret held(CredentialStore credentials, PskKeys keys, String name, byte[] identity, HeldKeys held)
            throws InvalidConfigurationException {
        try {
            if (keys.identity(name).isEmpty()) {
                Secret readable = credentials.read(name).orElseThrow(() -> new InvalidConfigurationException(
                        "security mode needs the PSK key (enter it once as pskKey): none is kept as '" + name + "' in "
                                + credentials.location()));
                try {
                    keys.put(name, identity, readable);
                } finally {
                    readable.destroy();
                }
                LOG.info("the PSK {} is now used inside {} and no longer readable there", name, credentials.location());
            }
        } catch (CredentialStoreException e) {
            throw new InvalidConfigurationException("the credential store (" + credentials.location() + ") could not be used: "
                    + e.getMessage());
        }
        return held.hold(new HeldKeys.Held(name, keys, credentials.location()));
    }

    /** The public key a readable private key is moved into the component with. */
    @FunctionalInterface
    private interface PublicPart {
        PublicKey get() throws InvalidConfigurationException;
    }

    /**
     * The public key of the pair kept in the store's component under {@code name}; a readable private key still in the
     * store (PKCS#8, with its public key given by {@code publicPart}: an entry, or the certificate) is moved in first.
     */
    private static PublicKey heldPair(CredentialStore credentials, SigningKeys keys, String name, String besideIt, PublicPart publicPart)
            throws InvalidConfigurationException {
        try {
            Optional<PublicKey> kept = keys.publicKey(name);
            if (kept.isPresent()) {
                return kept.get();
            }
            Secret readable = credentials.read(name).orElseThrow(() -> new InvalidConfigurationException("security mode needs the "
                    + "client's key pair: none is kept as '" + name + "' in " + credentials.location() + " (make one there, or store "
                    + "the PKCS#8 private key once as '" + name + "' and " + besideIt + ")"));
            try {
                PublicKey publicKey = publicPart.get();
                keys.put(name, readable, publicKey);
                LOG.info("the private key {} is now used inside {} and no longer readable there", name, credentials.location());
                return publicKey;
            } finally {
                readable.destroy();
            }
        } catch (CredentialStoreException e) {
            throw new InvalidConfigurationException("the credential store (" + credentials.location() + ") could not be used: "
                    + e.getMessage());
        }
    }

    private static PublicKey publicKey(CredentialStore credentials, String name) throws InvalidConfigurationException {
        byte[] encoded = secret(credentials, name, "client public key (SubjectPublicKeyInfo, DER)").bytes();
        try {
            return java.security.KeyFactory.getInstance("EC").generatePublic(new java.security.spec.X509EncodedKeySpec(encoded));
        } catch (java.security.GeneralSecurityException e) {
            throw new InvalidConfigurationException("'" + name + "' in " + credentials.location() + " is no EC public key: " + e.getMessage());
        }
    }

    private static PublicKey certifiedKey(CredentialStore credentials, String name, byte[] certificate) throws InvalidConfigurationException {
        try {
            return java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(certificate)).getPublicKey();
        } catch (java.security.cert.CertificateException e) {
            throw new InvalidConfigurationException("'" + name + "' in " + credentials.location() + " is no X.509 certificate (DER): "
                    + e.getMessage());
        }
    }

    private static Secret secret(CredentialStore credentials, String name, String what) throws InvalidConfigurationException {
        try {
            return credentials.read(name).orElseThrow(() -> new InvalidConfigurationException(
                    "security mode needs the " + what + ": store it as '" + name + "' in " + credentials.location()));
        } catch (CredentialStoreException e) {
            throw new InvalidConfigurationException("the credential store (" + credentials.location() + ") could not be read: "
                    + e.getMessage());
        }
    }
}
