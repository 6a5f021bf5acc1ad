package org.scgateway.tee.internal.backend;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
import org.scgateway.tee.spi.TeeBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a TEEP agent in front of every {@link TeeBackend} service and offers the result as a Secure
 * Component, for as long as the backend is there: a backend that comes or goes on a running gateway is a
 * TEE that comes or goes.
 */
@Component(configurationPid = Pids.TEE_BACKENDS, immediate = true)
@Designate(ocd = BackendTees.Config.class)
public class BackendTees {

    @ObjectClassDefinition(name = "SC Gateway TEE backends",
            description = "The TEEP agent the gateway puts in front of each hardware TEE backend (OP-TEE, ...): where it keeps "
                    + "its record of trusted components, and which TAM trust anchors it provisions.")
    public @interface Config {
        @AttributeDefinition(name = "Store folder", description = "Where each backend's record (components, nonces) and agent "
                + "keys are kept, in a sub-folder named after the backend; only the gateway's user can read it. Empty: the "
                + "gateway's data folder (scgw.data, karaf.data), or this bundle's data area.")
        String storeFolder() default "";

        @AttributeDefinition(name = "TAM trust anchors to provision", description = "A folder of <tam>.der files, each a DER "
                + "SubjectPublicKeyInfo (P-256 or Ed25519), put in the credential store as tee/tam/<tam> when not there yet. "
                + "Empty: none.")
        String tamTrustAnchors() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(BackendTees.class);

    private volatile CredentialStore credentials;
    private final Map<TeeBackend, ServiceRegistration<?>> offered = new HashMap<>();
    private final List<TeeBackend> pending = new ArrayList<>();
    private BundleContext context;
    private Config config;

    /** Never the software TEE's own store of client keys (see SoftwareTee). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(!(scgw.credential.tee=true))")
    void setCredentials(CredentialStore store) {
        credentials = store;
    }

    void unsetCredentials(CredentialStore store) {
        if (credentials == store) {
            credentials = null;
        }
    }

    @Activate
    synchronized void activate(BundleContext context, Config config) {
        this.context = context;
        this.config = config;
        pending.forEach(this::offer);
        pending.clear();
    }

    @Deactivate
    synchronized void deactivate() {
        offered.values().forEach(ServiceRegistration::unregister);
        offered.clear();
        context = null;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addBackend(TeeBackend backend) {
        if (context == null) {
            pending.add(backend);
        } else {
            offer(backend);
        }
    }

    synchronized void removeBackend(TeeBackend backend) {
        pending.remove(backend);
        ServiceRegistration<?> registration = offered.remove(backend);
        if (registration != null) {
            registration.unregister();
            LOG.info("TEE backend {} gone; its TEE is no longer offered", backend.name());
        }
    }

    private void offer(TeeBackend backend) {
        Path root = config.storeFolder().isBlank() ? DataFolder.resolve(context, "tee") : Paths.get(config.storeFolder().strip());
        Path folder = root.resolve(backend.name());
        AgentTee tee;
        try {
            tee = new AgentTee(new BackendTeeStore(folder, backend), AgentKeys.in(folder), backend.name(), backend.properties(),
                    () -> credentials, config.tamTrustAnchors().isBlank() ? null : Paths.get(config.tamTrustAnchors().strip()));
        } catch (IOException e) {
            LOG.error("TEE backend {} is not offered: its record in {} cannot be used: {}", backend.name(), folder, e.getMessage());
            return;
        }
        offered.put(backend, tee.register(context, backend.description()));
        LOG.info("TEE {} offered on backend {} ({}), {} trusted component(s) on record in {}", tee.id(), backend.name(),
                backend.description(), tee.store().components().size(), folder);
    }
}
