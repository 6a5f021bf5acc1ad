package org.scgateway.lwm2m.client.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.leshan.transport.californium.client.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.transport.californium.client.endpoint.ClientProtocolProvider;
import org.eclipse.leshan.transport.californium.client.endpoint.coap.CoapClientProtocolProvider;
import org.eclipse.leshan.client.object.Oscore;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.send.ManualDataSender;
import org.eclipse.leshan.client.util.LinkFormatHelper;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.oscore.OscoreSetting;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mDecoder;
import org.eclipse.leshan.core.node.codec.LwM2mDecoder;
import org.eclipse.leshan.core.node.codec.NodeDecoder;
import org.eclipse.leshan.core.request.ContentFormat;
import org.osgi.framework.BundleContext;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.lwm2m.bootstrap.AccessControl;
import org.scgateway.api.lwm2m.bootstrap.OscoreContext;
import org.scgateway.api.lwm2m.bootstrap.ServerAccount;
import org.scgateway.lwm2m.codec.StrictTlvDecoder;

/**
 * Assembles a Leshan client from server accounts, as Leshan separates its builder from its engine: no lifecycle
 * here, only what the client is made of. The component decides when to build one and from which accounts.
 */
final class ClientAssembly {

    /** Leshan's defaults, kept: a stopping client waits a second per server for its Deregister to be answered. */
    static final long DEREGISTRATION_TIMEOUT_MS = 1000;
    /** From the Bootstrap-Request to the Bootstrap-Finish (Leshan's default, a little above CoAP's MAX_TRANSMIT_WAIT). */
    static final int BOOTSTRAP_SESSION_TIMEOUT_S = 93;

    private ClientAssembly() {
    }

    /**
     * A client for the accounts: the Security, Server, Access Control and OSCORE instances they make, the Device
     * object, the CoAP and DTLS endpoints with the configuration's timers (and {@code held}'s PSKs used in their
     * components), the registration engine with the
     * scheduler's back-off, and the access policy over the ACL instances.
     */
    static GatewayLeshanClient build(BundleContext context, ClientSettings s, List<ServerAccount> accounts, List<AccessControl> acls,
            CredentialStore credentials, HeldKeys held, ScheduledExecutorService scheduler, LinkFormatHelper linkFormat) {
        ClientConfiguration c = s.raw;
        ObjectsInitializer init = new ObjectsInitializer(new StaticModel(ObjectLoader.loadDefault()));
        List<Oscore> oscore = new ArrayList<>();
        List<Security> security = new ArrayList<>();
        for (ServerAccount a : accounts) {
            if (a.oscore().isPresent()) {
                oscore.add(new Oscore(oscore.size(), oscoreSetting(a.oscore().get())));
                security.add(a.isBootstrapServer() ? Security.oscoreOnlyBootstrap(a.uri(), oscore.size() - 1)
                        : Security.oscoreOnly(a.uri(), a.shortServerId(), oscore.size() - 1));
            } else {
                security.add(security(a));
            }
        }
        init.setInstancesForObject(LwM2mId.SECURITY, security.toArray(Security[]::new));
        // What a bootstrap server writes: its PSKs into the credential store's component when it can keep them.
        init.setFactoryForObject(LwM2mId.SECURITY, (model, id, used) -> new BootstrappedSecurity(id != null ? id : unused(used), model,
                credentials, held));
        Server[] servers = accounts.stream().filter(a -> !a.isBootstrapServer())
                .map(a -> new BoundedServer(a, s.minLifetime))
                .toArray(Server[]::new);
        if (servers.length > 0) {
            init.setInstancesForObject(LwM2mId.SERVER, servers);
        }
        // What a bootstrap server creates is bounded the same way, and starts from the TS's registration policy:
        // the Bootstrap-Write that creates it carries the resources 13 to 20 it sets.
        init.setFactoryForObject(LwM2mId.SERVER, (model, id, used) -> {
            BoundedServer created = new BoundedServer(s.minLifetime);
            created.setId(id != null ? id : unused(used));
            created.setModel(model);
            return created;
        });
        List<Integer> objects = new ArrayList<>(List.of(LwM2mId.SECURITY, LwM2mId.SERVER, LwM2mId.DEVICE));
        Map<Integer, AccessControlInstance> aclInstances = new TreeMap<>();
        if (!acls.isEmpty()) {
            for (AccessControl acl : acls) {
                aclInstances.put(aclInstances.size(), new AccessControlInstance(aclInstances.size(), acl));
            }
            init.setInstancesForObject(LwM2mId.ACCESS_CONTROL, aclInstances.values().toArray(AccessControlInstance[]::new));
            init.setFactoryForObject(LwM2mId.ACCESS_CONTROL, (model, id, used) -> {
                throw new IllegalStateException("Access Control instances come from the bootstrap information only");
            });
            objects.add(LwM2mId.ACCESS_CONTROL);
        }
        if (!oscore.isEmpty()) {
            init.setInstancesForObject(LwM2mId.OSCORE, oscore.toArray(Oscore[]::new));
            objects.add(LwM2mId.OSCORE);
        }
        String serial = c.serialNumber().isBlank() ? s.endpoint : c.serialNumber();
        init.setInstancesForObject(LwM2mId.DEVICE, new GatewayDevice(context, c.manufacturer(), c.model(), serial,
                BindingMode.toString(s.binding), c.rebootAllowed()));
        // The Device object has its one instance; the initializer still wants a factory for Create, which it refuses.
        init.setFactoryForObject(LwM2mId.DEVICE, (model, id, used) -> {
            throw new IllegalStateException("the Device object has exactly one instance");
        });
        List<LwM2mObjectEnabler> enablers = init.create(objects.stream().mapToInt(Integer::intValue).toArray());

        ClientProtocolProvider[] protocols = {new CoapClientProtocolProvider(), new HeldKeyEndpoints(held)};
        Configuration config = timers(c, new CaliforniumClientEndpointsProvider.Builder(protocols).createDefaultConfiguration());
        ServerEndpoints endpoints = new ServerEndpoints(config, s.localAddress, protocols);

        return (GatewayLeshanClient) new GatewayLeshanClient.Builder(s.endpoint)
                .setAccessPolicy(new AccessPolicy(() -> acls(aclInstances), servers.length)).setObjects(enablers).setEndpointsProviders(endpoints)
                .setRegistrationEngineFactory(registrationEngine(s)).setSharedExecutor(scheduler).setLinkFormatHelper(linkFormat)
                .setDecoder(decoder()).setDataSenders(new ManualDataSender()).build();
    }

    /** Leshan's decoders, its TLV one refusing integers LwM2M has not got ({@link StrictTlvDecoder}, issue 22 finding 11). */
    static LwM2mDecoder decoder() {
        Map<ContentFormat, NodeDecoder> nodes = new HashMap<>(DefaultLwM2mDecoder.getDefaultNodeDecoders(false));
        nodes.put(ContentFormat.TLV, new StrictTlvDecoder());
        return new DefaultLwM2mDecoder(nodes);
    }

    /**
     * The configuration's timers and sizes set into Californium's configuration of the endpoints. The waits between
     * retransmissions, of a CoAP message and of a DTLS handshake flight, double up to {@code maxRetransmissionWaitMs}
     * (8 s; 60 s in Californium): after a server is back, what is in flight reaches it within that wait. With 60 s, a
     * handshake begun during an outage sent its last flight 30 s in and then waited 32 s for an answer before failing,
     * and a Register queued behind it waited with it (issue 22, finding 10).
     */
    static Configuration timers(ClientConfiguration c, Configuration cf) {
        cf.set(CoapConfig.ACK_TIMEOUT, c.coapAckTimeoutMs(), TimeUnit.MILLISECONDS);
        cf.set(CoapConfig.MAX_ACK_TIMEOUT, Math.max(c.coapAckTimeoutMs(), c.maxRetransmissionWaitMs()), TimeUnit.MILLISECONDS);
        cf.set(CoapConfig.MAX_RETRANSMIT, c.coapMaxRetransmit());
        cf.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, Math.max(1024, c.maxRequestBodyBytes()));
        cf.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, c.dtlsRetransmissionTimeoutMs(), TimeUnit.MILLISECONDS);
        cf.set(DtlsConfig.DTLS_MAX_RETRANSMISSION_TIMEOUT, Math.max(c.dtlsRetransmissionTimeoutMs(), c.maxRetransmissionWaitMs()),
                TimeUnit.MILLISECONDS);
        return cf;
    }

    /**
     * The gateway's registration engine ({@link GatewayRegistrationEngine}) with the configuration's timers; with
     * {@code handshakeBeforeRegistration} (the default) its Registers and Updates go through a
     * {@link ResumingRequestSender}, which has the DTLS session resumed before each (issue 22, finding 10). What a
     * handshake after a timed-out Register or Update is: a resumption.
     */
    static GatewayEngineFactory registrationEngine(ClientSettings s) {
        ClientConfiguration c = s.raw;
        return new GatewayEngineFactory(new GatewayRegistrationEngine.Timing(c.requestTimeoutMs(), DEREGISTRATION_TIMEOUT_MS,
                BOOTSTRAP_SESSION_TIMEOUT_S, true, c.retryWaitMs(), c.maxRetryWaitMs()), c.handshakeBeforeRegistration());
    }

    private static int unused(java.util.Collection<Integer> used) {
        int id = 0;
        while (used.contains(id)) {
            id++;
        }
        return id;
    }

    private static Map<Integer, AccessControl> acls(Map<Integer, AccessControlInstance> instances) {
        Map<Integer, AccessControl> now = new TreeMap<>();
        instances.forEach((id, i) -> now.put(id, i.acl()));
        return now;
    }

    /** Leshan's form of an OSCORE context; an empty salt is no salt (RFC 8613, 3.2: the default is empty). */
    private static OscoreSetting oscoreSetting(OscoreContext o) {
        byte[] salt = o.masterSalt().bytes();
        return new OscoreSetting(o.senderId(), o.recipientId(), o.masterSecret().bytes(), o.aeadAlgorithm(), o.hkdfAlgorithm(),
                salt);
    }

    /** A Security (0) instance for a server account. */
    static Security security(ServerAccount a) {
        String uri = a.uri();
        boolean bs = a.isBootstrapServer();
        byte[] key = a.secretKey().map(Secret::bytes).orElse(null);
        switch (a.securityMode()) {
            case PSK:
                return bs ? Security.pskBootstrap(uri, a.identity(), key) : Security.psk(uri, a.shortServerId(), a.identity(), key);
            case RPK:
                return bs ? Security.rpkBootstrap(uri, a.identity(), key, a.serverKey())
                        : Security.rpk(uri, a.shortServerId(), a.identity(), key, a.serverKey());
            case X509:
                return bs ? Security.x509Bootstrap(uri, a.identity(), key, a.serverKey())
                        : Security.x509(uri, a.shortServerId(), a.identity(), key, a.serverKey());
            default:
                return bs ? Security.noSecBootstrap(uri) : Security.noSec(uri, a.shortServerId());
        }
    }
}
