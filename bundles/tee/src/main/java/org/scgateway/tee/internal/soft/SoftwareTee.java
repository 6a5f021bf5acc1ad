package org.scgateway.tee.internal.soft;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scgateway.api.config.Pids;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.tee.internal.AgentKeys;
import org.scgateway.tee.internal.AgentTee;
import org.scgateway.api.io.DataFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The software TEE, the embedded default: trusted components kept in a private folder of the gateway, a
 * TEEP agent in front. It gives the TMF operations and the protocol without hardware isolation; the TEE
 * properties say so. Registered by hand, as the simulated card is, because its id comes from its store.
 */
@Component(configurationPid = Pids.TEE_SOFT, immediate = true)
@Designate(ocd = SoftwareTee.Config.class)
public class SoftwareTee {

    @ObjectClassDefinition(name = "SC Gateway software TEE",
            description = "The embedded default TEE: a TEEP agent over trusted components kept in a private folder. No hardware "
                    + "isolation; for development, tests and gateways without a hardware TEE.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Whether the software TEE is offered as a Secure Component.")
        boolean enabled() default true;

        @AttributeDefinition(name = "Store folder", description = "Where the trusted components and the agent's keys are kept "
                + "(only the gateway's user can read it). Empty: tee-soft/ in the gateway's data folder (scgw.data, "
                + "karaf.data), or this bundle's data area.")
        String storeFolder() default "";

        @AttributeDefinition(name = "TAM trust anchors to provision", description = "A folder of <tam>.der files, each a DER "
                + "SubjectPublicKeyInfo (P-256 or Ed25519): a file whose TAM has no trust anchor in the credential store yet is "
                + "put there as tee/tam/<tam>, creating its security domain. Checked before each TEEP message. Empty: none.")
        String tamTrustAnchors() default "";

        @AttributeDefinition(name = "Keep the LwM2M client's keys", description = "Offer the software TEE as a credential store "
                + "that keeps PSKs and key pairs and uses them inside (the DTLS master secret, signatures), as a card with SC "
                + "Gateway's credential application does; a card's store still comes first. Off by default: without hardware "
                + "isolation the keys are in the TEE's file and, while it computes, in the gateway's process, so it shows the "
                + "contract a hardware TEE gives, not its protection.")
        boolean clientKeys() default false;
    }

    static final String BACKEND = "tee.soft";
    /** Below a card's store (credential.se, 100), above the host file (-1000). */
    static final int KEYS_RANKING = 50;
    private static final Logger LOG = LoggerFactory.getLogger(SoftwareTee.class);

    private volatile CredentialStore credentials;
    private ServiceRegistration<?> registration;
    private ServiceRegistration<CredentialStore> keys;

    /** The store of the TAMs' trust anchors and the agent's keys: never the TEE's own store of client keys. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(!(" + TeeCredentialStore.PROP_TEE_STORE + "=true))")
    void setCredentials(CredentialStore store) {
        credentials = store;
    }

    void unsetCredentials(CredentialStore store) {
        if (credentials == store) {
            credentials = null;
        }
    }

    @Activate
    void activate(BundleContext context, Config config) {
        if (!config.enabled()) {
            LOG.info("the software TEE is disabled by configuration");
            return;
        }
        Path folder = config.storeFolder().isBlank() ? DataFolder.resolve(context, "tee-soft") : Paths.get(config.storeFolder().strip());
        AgentTee tee;
        try {
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("gpd.tee.description", "SC Gateway software TEE: no hardware isolation");
            properties.put("gpd.tee.trustedos.implementation.version", context.getBundle().getVersion().toString());
            tee = new AgentTee(new FileTeeStore(folder), AgentKeys.in(folder), BACKEND, properties, () -> credentials,
                    config.tamTrustAnchors().isBlank() ? null : Paths.get(config.tamTrustAnchors().strip()));
        } catch (IOException e) {
            LOG.error("the software TEE is not offered: its store in {} cannot be used: {}", folder, e.getMessage());
            return;
        }
        registration = tee.register(context, "software TEE (no hardware isolation)");
        LOG.info("software TEE {} offered, {} trusted component(s), store in {}", tee.id(), tee.store().components().size(), folder);
        if (config.clientKeys()) {
            java.util.Dictionary<String, Object> props = new java.util.Hashtable<>();
            props.put(CredentialStore.PROP_SECURE_COMPONENT_ID, tee.id());
            props.put(TeeCredentialStore.PROP_TEE_STORE, true);
            props.put(org.osgi.framework.Constants.SERVICE_RANKING, KEYS_RANKING);
            keys = context.registerService(CredentialStore.class, new TeeCredentialStore(folder, tee.id()), props);
            LOG.info("software TEE {} keeps the LwM2M client's keys and uses them inside (no hardware isolation)", tee.id());
        }
    }

    @Deactivate
    void deactivate() {
        if (keys != null) {
            keys.unregister();
            keys = null;
        }
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }

}
