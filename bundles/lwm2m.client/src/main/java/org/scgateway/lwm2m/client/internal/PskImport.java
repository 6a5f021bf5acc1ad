package org.scgateway.lwm2m.client.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Dictionary;

import org.osgi.service.cm.ConfigurationAdmin;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.CredentialUpdate;
import org.scgateway.api.credential.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PSK typed into the client's configuration, once: moved into the credential store (into its Secure Component's
 * keys, where it is used and never read, when the store can), and out of the configuration.
 */
final class PskImport {

    private static final Logger LOG = LoggerFactory.getLogger(PskImport.class);

    private PskImport() {
    }

    /**
     * Moves a PSK entered in the configuration into the credential store and takes it out of the
     * configuration. Returns true when the configuration was changed, so that a new activation follows.
     */
    static boolean run(ClientSettings s, CredentialStore credentials, ConfigurationAdmin configAdmin) {
        byte[] key = s.pskKeyToImport;
        String entry = ConfiguredAccount.entryPrefix(s, s.serverUri.isEmpty()) + "psk";
        Secret psk = Secret.of(key);
        try {
            if (credentials.pskKeys().isPresent()) {
                credentials.pskKeys().get().put(entry, s.pskIdentity.getBytes(StandardCharsets.UTF_8), psk);
            } else {
                credentials.apply(CredentialUpdate.put(entry, psk));
            }
        } catch (CredentialStoreException e) {
            LOG.error("the PSK from configuration {} could not be stored in {}: {}", LeshanClientComponent.PID, credentials.location(), e.getMessage());
            return false;
        } finally {
            Arrays.fill(key, (byte) 0);
            psk.destroy();
        }
        ConfigurationAdmin ca = configAdmin;
        if (ca != null) {
            try {
                org.osgi.service.cm.Configuration cfg = ca.getConfiguration(LeshanClientComponent.PID, null);
                Dictionary<String, Object> props = cfg.getProperties();
                if (props != null && props.get("pskKey") != null) {
                    props.remove("pskKey");
                    cfg.update(props);
                    return true;
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not remove pskKey from configuration {}: {}", LeshanClientComponent.PID, e.toString());
            }
        }
        LOG.warn("the PSK is now in {} as '{}'; remove pskKey from configuration {} yourself", credentials.location(), entry, LeshanClientComponent.PID);
        return false;
    }
}
