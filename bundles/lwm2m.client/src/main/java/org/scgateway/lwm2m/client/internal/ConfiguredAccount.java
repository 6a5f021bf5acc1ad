package org.scgateway.lwm2m.client.internal;

import java.nio.charset.StandardCharsets;

import org.eclipse.leshan.core.request.BindingMode;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.lwm2m.bootstrap.ServerAccount;

/**
 * The server account the configuration names, when no bootstrap source gives one: its URI, ids and security mode
 * from the configuration, its keys from the credential store under the server's entries, never from the
 * configuration itself.
 */
final class ConfiguredAccount {

    private ConfiguredAccount() {
    }

    /** The server or bootstrap server of the configuration, with key material from the credential store. */
    static ServerAccount from(ClientSettings s, CredentialStore credentials) throws InvalidConfigurationException {
        boolean bootstrap = s.serverUri.isEmpty();
        ServerAccount.Builder b = bootstrap ? ServerAccount.bootstrapServer(s.bootstrapServerUri)
                : ServerAccount.server(s.serverUri, s.shortServerId).lifetime(s.lifetime).binding(BindingMode.toString(s.binding));
        String prefix = entryPrefix(s, bootstrap);
        switch (s.securityMode) {
            case PSK:
                return b.psk(s.pskIdentity.getBytes(StandardCharsets.UTF_8),
                        secret(credentials, prefix + "psk", "PSK key (or enter it once as pskKey)")).build();
            case RPK:
                return b.rpk(secret(credentials, prefix + "client-public-key", "client public key (SubjectPublicKeyInfo, DER)").bytes(),
                        secret(credentials, prefix + "client-private-key", "client private key (PKCS#8, DER)"),
                        secret(credentials, prefix + "server-public-key", "server public key (SubjectPublicKeyInfo, DER)").bytes()).build();
            case X509:
                return b.x509(secret(credentials, prefix + "client-certificate", "client certificate (DER)").bytes(),
                        secret(credentials, prefix + "client-private-key", "client private key (PKCS#8, DER)"),
                        secret(credentials, prefix + "server-certificate", "server certificate (DER)").bytes()).build();
            default:
                return b.build();
        }
    }

    /** Credential store entries of a server: {@code lwm2m/server/<short server id>/...} or {@code lwm2m/bootstrap/...}. */
    static String entryPrefix(ClientSettings s, boolean bootstrap) {
        return bootstrap ? "lwm2m/bootstrap/" : "lwm2m/server/" + s.shortServerId + "/";
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
