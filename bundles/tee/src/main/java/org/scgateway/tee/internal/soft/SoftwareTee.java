package org.scgateway.tee.internal.soft;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
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
import org.scgateway.api.component.ComponentKind;
import org.scgateway.api.component.ComponentState;
import org.scgateway.api.component.Identification;
import org.scgateway.api.component.SecureComponent;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.CredentialUpdate;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.tee.SecurityDomain;
import org.scgateway.api.tee.TeeDeviceState;
import org.scgateway.api.tee.TeeException;
import org.scgateway.api.tee.TeepAnswer;
import org.scgateway.api.tee.TrustedComponent;
import org.scgateway.api.tee.TrustedExecutionEnvironment;
import org.scgateway.tee.internal.AgentKeys;
import org.scgateway.tee.internal.TeepAgent;
import org.scgateway.tee.internal.TrustAnchors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.upokecenter.cbor.CBORObject;

/**
 * The software TEE, the embedded default: trusted components kept in a private folder of the gateway, a
 * TEEP agent in front. It gives the TMF operations and the protocol without hardware isolation; the TEE
 * properties say so. Registered by hand, as the simulated card is, because its id comes from its store.
 */
@Component(configurationPid = "org.scgateway.tee.soft", immediate = true)
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
        Path folder = folder(config, context);
        Tee tee;
        try {
            FileTeeStore store = new FileTeeStore(folder);
            tee = new Tee(store, AgentKeys.in(folder), context.getBundle().getVersion().toString(),
                    config.tamTrustAnchors().isBlank() ? null : Paths.get(config.tamTrustAnchors().strip()));
        } catch (IOException e) {
            LOG.error("the software TEE is not offered: its store in {} cannot be used: {}", folder, e.getMessage());
            return;
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(SecureComponent.PROP_ID, tee.id());
        props.put(SecureComponent.PROP_KIND, ComponentKind.TEE.name());
        props.put(SecureComponent.PROP_BACKEND, BACKEND);
        props.put(Constants.SERVICE_DESCRIPTION, "software TEE (no hardware isolation)");
        registration = context.registerService(new String[] {TrustedExecutionEnvironment.class.getName(), SecureComponent.class.getName()},
                tee, props);
        LOG.info("software TEE {} offered, {} trusted component(s), store in {}", tee.id(), tee.store.components().size(), folder);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }

    static Path folder(Config config, BundleContext context) {
        if (!config.storeFolder().isBlank()) {
            return Paths.get(config.storeFolder().strip());
        }
        for (String property : new String[] {"scgw.data", "karaf.data"}) {
            String dir = context.getProperty(property);
            if (dir != null && !dir.isBlank()) {
                return Paths.get(dir, "tee-soft");
            }
        }
        return context.getDataFile("tee-soft").toPath();
    }

    /** The service: TMF operations over the store, TEEP through the agent. */
    final class Tee implements TrustedExecutionEnvironment {
        final FileTeeStore store;
        private final TeepAgent agent;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Identification identification;

        private final Path provisioned;

        Tee(FileTeeStore store, AgentKeys keys, String version, Path provisioned) {
            this.store = store;
            this.provisioned = provisioned;
            this.agent = new TeepAgent(store, () -> {
                CredentialStore c = credentials;
                if (provisioned != null && c != null) {
                    TrustAnchors.provision(provisioned, c);
                }
                return TrustAnchors.read(c);
            }, keys);
            properties.put("gpd.tee.description", "SC Gateway software TEE: no hardware isolation");
            properties.put("gpd.tee.trustedos.implementation.version", version);
            properties.put("teep.versions", "0");
            properties.put("teep.cipher-suites", "[[18,-9]] [[18,-19]]");
            properties.put("teep.agent.key.p256", HexFormat.of().formatHex(keys.p256().getEncoded()));
            properties.put("teep.agent.key.ed25519", HexFormat.of().formatHex(keys.ed25519().getEncoded()));
            CBORObject map = CBORObject.NewOrderedMap();
            properties.forEach(map::Add);
            identification = Identification.builder().put(Identification.PROPERTIES, map.EncodeToBytes()).build();
        }

        @Override
        public String id() {
            return store.id();
        }

        @Override
        public ComponentKind kind() {
            return ComponentKind.TEE;
        }

        @Override
        public String backend() {
            return BACKEND;
        }

        @Override
        public Identification identification() {
            return identification;
        }

        @Override
        public ComponentState state() {
            return ComponentState.READY;
        }

        @Override
        public TeeDeviceState deviceState() {
            return new TeeDeviceState(TeeDeviceState.Lifecycle.ACTIVE, properties);
        }

        @Override
        public List<SecurityDomain> securityDomains() throws TeeException {
            List<SecurityDomain> domains = new ArrayList<>();
            for (String tam : anchors().keySet()) {
                domains.add(new SecurityDomain(tam, tam));
            }
            return domains;
        }

        @Override
        public SecurityDomain createSecurityDomain(String name, byte[] trustAnchor) throws TeeException {
            SecurityDomain domain;
            try {
                domain = new SecurityDomain(name, name);
                TrustAnchors.parse(trustAnchor);
            } catch (IllegalArgumentException e) {
                throw new TeeException("security domain '" + name + "' not created: " + e.getMessage());
            }
            CredentialStore store = requireStore();
            if (anchors().containsKey(name)) {
                throw new TeeException("security domain '" + name + "' exists");
            }
            try {
                store.apply(CredentialUpdate.put(TrustAnchors.PREFIX + name, Secret.of(trustAnchor)));
            } catch (CredentialStoreException e) {
                throw new TeeException("the trust anchor of '" + name + "' could not be stored: " + e.getMessage(), e);
            }
            LOG.info("security domain {} created in {}; its TAM's trust anchor is in {}", name, id(), store.location());
            return domain;
        }

        @Override
        public void deleteSecurityDomain(String name) throws TeeException {
            long held = this.store.components().stream().filter(i -> i.component.securityDomain().equals(name)).count();
            if (held > 0) {
                throw new TeeException("security domain '" + name + "' holds " + held + " trusted component(s); uninstall them first");
            }
            if (!anchors().containsKey(name)) {
                throw new TeeException("no security domain '" + name + "'");
            }
            try {
                requireStore().apply(CredentialUpdate.delete(TrustAnchors.PREFIX + name));
            } catch (CredentialStoreException e) {
                throw new TeeException("the trust anchor of '" + name + "' could not be removed: " + e.getMessage(), e);
            }
            LOG.info("security domain {} deleted from {}", name, id());
        }

        @Override
        public List<TrustedComponent> trustedComponents() {
            List<TrustedComponent> out = new ArrayList<>();
            store.components().forEach(i -> out.add(i.component));
            return out;
        }

        @Override
        public TeepAnswer processTeepMessage(byte[] message) {
            return agent.process(message);
        }

        private Map<String, PublicKey> anchors() throws TeeException {
            try {
                return TrustAnchors.read(credentials);
            } catch (CredentialStoreException e) {
                throw new TeeException("the TAM trust anchors cannot be read: " + e.getMessage(), e);
            }
        }

        private CredentialStore requireStore() throws TeeException {
            CredentialStore store = credentials;
            if (store == null) {
                throw new TeeException("no credential store to keep TAM trust anchors in");
            }
            return store;
        }
    }
}
