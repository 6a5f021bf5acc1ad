package org.scgateway.lwm2m.objects.internal.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.osgi.framework.BundleContext;
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
import org.scgateway.api.component.SecureComponent;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CertificationRequest;
import org.scgateway.api.credential.KeyInUse;
import org.scgateway.api.credential.SigningKeys;
import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.euicc.EuiccService;
import org.scgateway.api.lwm2m.bootstrap.BootstrapSource;
import org.scgateway.api.lwm2m.AdminInstanceView;
import org.scgateway.api.lwm2m.ComponentAdmin;
import org.scgateway.api.lwm2m.LwM2mObjectProvider;
import org.scgateway.api.lwm2m.LwM2mOperationException;
import org.scgateway.api.lwm2m.ObjectLink;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.tee.TrustedExecutionEnvironment;
import org.scgateway.api.util.DaemonThreads;
import org.scgateway.globalplatform.scp03.CardKeys;
import org.scgateway.globalplatform.scp03.CardKeysException;
import org.scgateway.globalplatform.scp03.Scp03Keys;
import org.scgateway.lwm2m.objects.internal.InstanceIds;
import org.scgateway.lwm2m.objects.internal.ProvidedObject;
import org.scgateway.lwm2m.objects.internal.rsp.RemoteSimProvisioning;
import org.scgateway.lwm2m.objects.internal.rsp.RspObjectModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Secure Component Admin object (LwM2M-SCS-2, 3, 6): one instance per {@link SecureComponent} service,
 * added and removed as they come and go, so that stopping a backend or pulling a card reaches the server as
 * a Registration Update. Which components it manages is a target filter in its configuration
 * ({@code components.target}), so a backend can be chosen on a running gateway.
 */
@Component(service = {LwM2mObjectProvider.class, ComponentAdmin.class},
        property = LwM2mObjectProvider.PROP_OBJECT_ID + ":Integer=" + AdminObjectModel.OBJECT_ID,
        configurationPid = Pids.ADMIN_OBJECT)
@Designate(ocd = SecureComponentAdmin.Config.class)
public class SecureComponentAdmin extends ProvidedObject<SecureComponent, AdminInstance> implements ComponentAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(SecureComponentAdmin.class);

    @ObjectClassDefinition(name = "SC Gateway Secure Component Admin object",
            description = "Object 42769: the LwM2M server's door to each Secure Component of the gateway.")
    public @interface Config {
        @AttributeDefinition(name = "Components", description = "Filter on the SecureComponent services to manage, "
                + "such as (scgw.component.backend=se.pcsc). Empty: all of them.")
        String components_target() default "";
    }

    /** The last script's outcome by component id, for as long as the gateway runs: a card pulled and put back shows it. */
    private final Map<String, AdminOutcome> outcomes = new ConcurrentHashMap<>();
    private final Set<String> bootstrapCards = ConcurrentHashMap.newKeySet();
    /** The credential store of each component that keeps one, by component id. */
    private final Map<String, CredentialStore> credentialCards = new ConcurrentHashMap<>();
    private final Set<String> euiccCards = ConcurrentHashMap.newKeySet();
    private final ExecutorService scripts = Executors.newCachedThreadPool(DaemonThreads.numbered("sc-admin-script"));

    /** The SCP03 keys of each card, for a script that asks for a secure channel. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile CardKeys cardKeys;

    /** Object 504, whose instance for a component's eUICC the component's instance links to. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile RemoteSimProvisioning remoteSimProvisioning;

    public SecureComponentAdmin() {
        super(AdminObjectModel.DEFINITION, "sc-admin-notify");
    }

    /** Records nothing until activated with the bundle's data area. */
    private volatile ScriptJournal journal = ScriptJournal.NOWHERE;

    @Activate
    void activate(BundleContext bundle) {
        journal = new ScriptJournal(InstanceIds.file(bundle, "requests-running.properties")); // outlives --clean, as the ids do
        journal.interrupted().forEach((componentId, outcome) -> {
            LOG.warn("component {}: {}", componentId, outcome.description);
            outcomes.put(componentId, outcome);
        });
        keepIdsIn(InstanceIds.file(bundle, "instance-ids.properties")); // makes the instances again, with those outcomes
    }

    @Deactivate
    void deactivate() {
        scripts.shutdownNow();
        close();
    }

    @Reference(name = "components", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addComponent(SecureComponent component) {
        int id = add(component);
        LOG.info("Secure Component Admin instance {} for component {} ({}, {})", id, component.id(), component.kind(), component.backend());
    }

    void removeComponent(SecureComponent component) {
        Optional<Integer> id = forget(component);
        Optional<AdminInstance> i = id.flatMap(this::instanceAt);
        if (i.isEmpty() || i.get().component() != component) {
            return; // the id's instance is already another's (the same card, back while its old script ran)
        }
        if (i.get().leaveAfterScript()) {
            LOG.info("component {} went while a script ran: instance {} goes once the script's result is out", component.id(), id.get());
            return;
        }
        if (remove(id.get(), i.get())) {
            LOG.info("Secure Component Admin instance {} gone with component {}", id.get(), component.id());
        }
    }

    @Override
    protected String nameOf(SecureComponent component) {
        return component.id();
    }

    @Override
    protected AdminInstance newInstance(SecureComponent component, int id) {
        return new AdminInstance(component, protocolOf(component), scripts, new Around(id, component.id()),
                outcomes.getOrDefault(component.id(), AdminOutcome.none()));
    }

    /**
     * The protocol a component takes requests in, by the service it also is: the one place the kind of component
     * matters to this object.
     */
    private Optional<AdminProtocol> protocolOf(SecureComponent component) {
        if (component instanceof SecureElement) {
            return Optional.of(new ScriptProtocol((SecureElement) component, () -> keysFor(component.id())));
        }
        if (component instanceof TrustedExecutionEnvironment) {
            return Optional.of(new TeepProtocol((TrustedExecutionEnvironment) component));
        }
        return Optional.empty();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, target = "(" + SecureComponent.PROP_ID + "=*)")
    void addBootstrapSource(BootstrapSource source, Map<String, Object> props) {
        bootstrapCards.add(String.valueOf(props.get(SecureComponent.PROP_ID)));
    }

    void removeBootstrapSource(BootstrapSource source, Map<String, Object> props) {
        bootstrapCards.remove(String.valueOf(props.get(SecureComponent.PROP_ID)));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, target = CredentialStore.IN_SECURE_COMPONENT)
    void addCardStore(CredentialStore store, Map<String, Object> props) {
        credentialCards.put(String.valueOf(props.get(CredentialStore.PROP_SECURE_COMPONENT_ID)), store);
    }

    void removeCardStore(CredentialStore store, Map<String, Object> props) {
        credentialCards.remove(String.valueOf(props.get(CredentialStore.PROP_SECURE_COMPONENT_ID)), store);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, target = "(" + EuiccService.PROP_SECURE_ELEMENT_ID + "=*)")
    void addEuicc(EuiccService euicc, Map<String, Object> props) {
        String componentId = String.valueOf(props.get(EuiccService.PROP_SECURE_ELEMENT_ID));
        euiccCards.add(componentId);
        reportOn(componentId, AdminObjectModel.SERVICES, AdminObjectModel.HOSTED_INSTANCES);
    }

    void removeEuicc(EuiccService euicc, Map<String, Object> props) {
        String componentId = String.valueOf(props.get(EuiccService.PROP_SECURE_ELEMENT_ID));
        euiccCards.remove(componentId);
        reportOn(componentId, AdminObjectModel.SERVICES, AdminObjectModel.HOSTED_INSTANCES);
    }

    /** Tells the observers of the component's instance, if it has one, that resources changed. */
    private void reportOn(String componentId, int... resources) {
        instancesById().forEach((id, i) -> {
            if (i.component().id().equals(componentId)) {
                changed(id, resources);
            }
        });
    }

    /** The gateway around one component, as its instance sees it. */
    private final class Around implements AdminInstance.Surroundings {
        private final int instanceId;
        private final String componentId;

        Around(int instanceId, String componentId) {
            this.instanceId = instanceId;
            this.componentId = componentId;
        }

        @Override
        public List<String> services() {
            return SecureComponentAdmin.this.services(componentId);
        }

        @Override
        public List<ObjectLink> hostedInstances() {
            // From the client's context, not its service: the client binds this object, and binding it back made a circle.
            List<ObjectLink> links = new ArrayList<>(context().map(c -> c.hostedInstances().getOrDefault(componentId, List.of()))
                    .orElse(List.of()));
            RemoteSimProvisioning rsp = remoteSimProvisioning;
            if (rsp != null) {
                rsp.instanceOf(componentId).ifPresent(id -> links.add(ObjectLink.of(RspObjectModel.OBJECT_ID, id)));
            }
            return links;
        }

        @Override
        public List<String> publicKeys() throws LwM2mOperationException {
            return SecureComponentAdmin.publicKeys(credentialCards.get(componentId));
        }

        @Override
        public Map<Integer, byte[]> certificateRequests() throws LwM2mOperationException {
            return SecureComponentAdmin.certificateRequests(credentialCards.get(componentId), context().flatMap(c -> c.endpointName()));
        }

        @Override
        public void changed(int... resourceIds) {
            SecureComponentAdmin.this.changed(instanceId, resourceIds);
        }

        @Override
        public void started(String what) throws java.io.IOException {
            journal.begin(componentId, what);
        }

        @Override
        public void finished(AdminOutcome outcome) {
            outcomes.put(componentId, outcome);
            journal.end(componentId);
        }

        @Override
        public void leave(AdminInstance self) {
            // Unless the component came back meanwhile and has its new instance under this id.
            if (remove(instanceId, self)) {
                LOG.info("Secure Component Admin instance {} gone with component {}, its script ended", instanceId, componentId);
            }
        }
    }

    /**
     * The keys a component's credential store uses inside it, with their public parts: a PSK's identity, a key pair's
     * SubjectPublicKeyInfo in hex. Nothing for a component without a store, or a store that keeps no keys so.
     */
    static List<String> publicKeys(CredentialStore store) throws LwM2mOperationException {
        List<String> out = new ArrayList<>();
        if (store == null) {
            return out;
        }
        try {
            for (KeyInUse k : KeyInUse.of(store)) {
                out.add(k.name() + (k.kind() == KeyInUse.Kind.PSK ? " PSK " + new String(k.publicPart(), java.nio.charset.StandardCharsets.UTF_8)
                        : " EC-P256 " + java.util.HexFormat.of().formatHex(k.publicPart())));
            }
        } catch (CredentialStoreException e) {
            throw new LwM2mOperationException(LwM2mOperationException.Code.SERVICE_UNAVAILABLE, "the keys of " + store.location() + " cannot be listed now: "
                    + e.getMessage());
        }
        return out;
    }

    /**
     * Certificate signing requests for the key pairs a component's credential store keeps inside it, signed there, for
     * {@code CN=endpoint}; keyed like {@link #publicKeys}. None without an endpoint name (no client yet) or a store.
     */
    static Map<Integer, byte[]> certificateRequests(CredentialStore store, Optional<String> endpoint) throws LwM2mOperationException {
        Map<Integer, byte[]> out = new java.util.LinkedHashMap<>();
        Optional<SigningKeys> keys = store == null ? Optional.empty() : store.signingKeys();
        if (keys.isEmpty() || endpoint.isEmpty()) {
            return out;
        }
        try {
            List<KeyInUse> listed = KeyInUse.of(store);
            for (int i = 0; i < listed.size(); i++) {
                if (listed.get(i).kind() == KeyInUse.Kind.EC_P256) {
                    out.put(i, CertificationRequest.of(keys.get(), listed.get(i).name(), CertificationRequest.commonName(endpoint.get())));
                }
            }
        } catch (CredentialStoreException e) {
            throw new LwM2mOperationException(LwM2mOperationException.Code.SERVICE_UNAVAILABLE, "the key pairs of " + store.location()
                    + " cannot sign a certificate request now: " + e.getMessage());
        }
        return out;
    }

    private List<String> services(String componentId) {
        List<String> s = new ArrayList<>();
        if (bootstrapCards.contains(componentId)) {
            s.add("smartcard-bootstrap");
        }
        if (credentialCards.containsKey(componentId)) {
            s.add("credential-store");
        }
        if (euiccCards.contains(componentId)) {
            s.add("eUICC-M2M");
        }
        return s;
    }

    private Optional<Scp03Keys> keysFor(String componentId) {
        CardKeys keys = cardKeys;
        if (keys == null) {
            return Optional.empty();
        }
        try {
            return keys.lookup(componentId);
        } catch (CardKeysException e) {
            LOG.warn("the SCP03 keys of {} could not be read: {}", componentId, e.getMessage());
            return Optional.empty();
        }
    }

    // --- ComponentAdmin, for the operator's tools

    @Override
    public List<AdminInstanceView> instances() {
        List<AdminInstanceView> views = new ArrayList<>();
        instancesById().forEach((id, i) -> views.add(i.view(id)));
        return views;
    }

    @Override
    public CompletionStage<AdminInstanceView> run(String component, byte[] request, byte[] target, int secureChannel)
            throws LwM2mOperationException {
        for (Map.Entry<Integer, AdminInstance> e : instancesById().entrySet()) {
            if (e.getValue().component().id().equals(component) || String.valueOf(e.getKey()).equals(component)) {
                AdminInstance i = e.getValue();
                int id = e.getKey();
                return i.request(request, target, secureChannel).thenApply(o -> i.view(id));
            }
        }
        throw new LwM2mOperationException(LwM2mOperationException.Code.NOT_FOUND, "no Secure Component " + component);
    }
}
