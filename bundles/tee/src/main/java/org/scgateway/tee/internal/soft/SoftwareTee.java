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
import org.scgateway.tee.internal.DataFolders;
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
    }

    static final String BACKEND = "tee.soft";
    private static final Logger LOG = LoggerFactory.getLogger(SoftwareTee.class);

    private volatile CredentialStore credentials;
    private ServiceRegistration<?> registration;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
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
        Path folder = config.storeFolder().isBlank() ? DataFolders.of(context, "tee-soft") : Paths.get(config.storeFolder().strip());
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
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }

}
