package org.scgateway.tee.internal;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.scgateway.api.component.AbstractSecureComponent;
import org.scgateway.api.component.ComponentKind;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.upokecenter.cbor.CBORObject;

/**
 * A TEE as the gateway offers it: TMF operations over a store, TEEP through an agent in front of it. The
 * security domains are the TAMs whose trust anchors are in the credential store ({@code tee/tam/<name>}).
 */
public final class AgentTee extends AbstractSecureComponent implements TrustedExecutionEnvironment {

    private static final Logger LOG = LoggerFactory.getLogger(AgentTee.class);

    private final TeeStore store;
    private final Supplier<CredentialStore> credentials;
    private final TeepAgent agent;
    private final Map<String, String> properties;

    /**
     * @param properties the TEE's own properties; the agent's TEEP versions, suites and keys are added
     * @param provisioned a folder of {@code <tam>.der} trust anchors to provision before each message, or null
     */
    public AgentTee(TeeStore store, AgentKeys keys, String backend, Map<String, String> properties,
            Supplier<CredentialStore> credentials, Path provisioned) {
        super(store.id(), ComponentKind.TEE, backend, identificationOf(withAgent(properties, keys)));
        this.store = store;
        this.properties = withAgent(properties, keys);
        this.credentials = credentials;
        this.agent = new TeepAgent(store, () -> {
            CredentialStore c = credentials.get();
            if (provisioned != null && c != null) {
                TrustAnchors.provision(provisioned, c);
            }
            return TrustAnchors.read(c);
        }, keys);
    }

    /** The TEE's own properties, then the agent's TEEP versions, suites and keys. */
    private static Map<String, String> withAgent(Map<String, String> own, AgentKeys keys) {
        Map<String, String> all = new LinkedHashMap<>(own);
        all.put("teep.versions", "0");
        all.put("teep.cipher-suites", "[[18,-9]] [[18,-19]]");
        all.put("teep.agent.key.p256", HexFormat.of().formatHex(keys.p256().getEncoded()));
        all.put("teep.agent.key.ed25519", HexFormat.of().formatHex(keys.ed25519().getEncoded()));
        return all;
    }

    private static Identification identificationOf(Map<String, String> properties) {
        CBORObject map = CBORObject.NewOrderedMap();
        properties.forEach(map::Add);
        return Identification.builder().put(Identification.PROPERTIES, map.EncodeToBytes()).build();
    }

    public TeeStore store() {
        return store;
    }

    /** Offers this TEE as a {@code TrustedExecutionEnvironment} and a {@code SecureComponent}. */
    public ServiceRegistration<?> register(BundleContext context, String description) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(SecureComponent.PROP_ID, id());
        props.put(SecureComponent.PROP_KIND, ComponentKind.TEE.name());
        props.put(SecureComponent.PROP_BACKEND, backend());
        props.put(Constants.SERVICE_DESCRIPTION, description);
        return context.registerService(new String[] {TrustedExecutionEnvironment.class.getName(), SecureComponent.class.getName()},
                this, props);
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
        CredentialStore c = requireCredentials();
        if (anchors().containsKey(name)) {
            throw new TeeException("security domain '" + name + "' exists");
        }
        try {
            c.apply(CredentialUpdate.put(TrustAnchors.PREFIX + name, Secret.of(trustAnchor)));
        } catch (CredentialStoreException e) {
            throw new TeeException("the trust anchor of '" + name + "' could not be stored: " + e.getMessage(), e);
        }
        LOG.info("security domain {} created in {}; its TAM's trust anchor is in {}", name, id(), c.location());
        return domain;
    }

    @Override
    public void deleteSecurityDomain(String name) throws TeeException {
        long held = store.components().stream().filter(i -> i.component.securityDomain().equals(name)).count();
        if (held > 0) {
            throw new TeeException("security domain '" + name + "' holds " + held + " trusted component(s); uninstall them first");
        }
        if (!anchors().containsKey(name)) {
            throw new TeeException("no security domain '" + name + "'");
        }
        try {
            requireCredentials().apply(CredentialUpdate.delete(TrustAnchors.PREFIX + name));
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
            return TrustAnchors.read(credentials.get());
        } catch (CredentialStoreException e) {
            throw new TeeException("the TAM trust anchors cannot be read: " + e.getMessage(), e);
        }
    }

    private CredentialStore requireCredentials() throws TeeException {
        CredentialStore c = credentials.get();
        if (c == null) {
            throw new TeeException("no credential store to keep TAM trust anchors in");
        }
        return c;
    }
}
