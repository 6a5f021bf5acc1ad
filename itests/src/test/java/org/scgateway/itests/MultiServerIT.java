package org.scgateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.scgateway.itests.CardFiles.file;
import static org.scgateway.itests.CardFiles.integer;
import static org.scgateway.itests.CardFiles.noSec;
import static org.scgateway.itests.CardFiles.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import org.scgateway.peers.leshan.core.ResponseCode;
import org.scgateway.peers.leshan.core.endpoint.Protocol;
import org.scgateway.peers.leshan.core.link.Link;
import org.scgateway.peers.leshan.core.link.lwm2m.LwM2mLink;
import org.scgateway.peers.leshan.core.node.LwM2mMultipleResource;
import org.scgateway.peers.leshan.core.node.LwM2mObject;
import org.scgateway.peers.leshan.core.node.LwM2mObjectInstance;
import org.scgateway.peers.leshan.core.node.LwM2mSingleResource;
import org.scgateway.peers.leshan.core.request.DiscoverRequest;
import org.scgateway.peers.leshan.core.request.DownlinkRequest;
import org.scgateway.peers.leshan.core.node.TimestampedLwM2mNodes;
import org.scgateway.peers.leshan.core.request.ExecuteRequest;
import org.scgateway.peers.leshan.core.request.ObserveRequest;
import org.scgateway.peers.leshan.core.request.SendRequest;
import org.scgateway.peers.leshan.core.request.ReadRequest;
import org.scgateway.peers.leshan.core.request.WriteRequest;
import org.scgateway.peers.leshan.core.response.DiscoverResponse;
import org.scgateway.peers.leshan.core.response.LwM2mResponse;
import org.scgateway.peers.leshan.core.response.ReadResponse;
import org.scgateway.peers.leshan.server.LeshanServer;
import org.scgateway.peers.leshan.server.LeshanServerBuilder;
import org.scgateway.peers.leshan.server.bootstrap.BootstrapConfig;
import org.scgateway.peers.leshan.server.bootstrap.InMemoryBootstrapConfigStore;
import org.scgateway.peers.leshan.server.bootstrap.LeshanBootstrapServer;
import org.scgateway.peers.leshan.server.bootstrap.LeshanBootstrapServerBuilder;
import org.scgateway.peers.leshan.server.californium.bootstrap.endpoint.CaliforniumBootstrapServerEndpointsProvider;
import org.scgateway.peers.leshan.server.californium.bootstrap.endpoint.coap.CoapBootstrapServerProtocolProvider;
import org.scgateway.peers.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.scgateway.peers.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider;
import org.scgateway.peers.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.scgateway.peers.leshan.server.registration.Registration;
import org.scgateway.peers.leshan.server.security.Authorization;
import org.scgateway.peers.leshan.server.security.InMemorySecurityStore;
import org.scgateway.peers.leshan.server.security.SecurityInfo;
import org.scgateway.peers.leshan.server.send.SendListener;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.scgateway.api.config.Pids;
import org.scgateway.api.lwm2m.ClientStatus;
import org.scgateway.api.lwm2m.LwM2mClientService;
import org.scgateway.api.lwm2m.LwM2mOperationException;
import org.scgateway.api.lwm2m.ServerStatus;

/**
 * One gateway, several LwM2M servers at once (issue 23): every server of the card's bootstrap file is registered to,
 * each over its own endpoint and DTLS session, each answered under its own Access Control rights; the order, the
 * blocking and the bootstrap on failure of LwM2M 1.1's Server object (resources 13 to 20). The servers are real Leshan
 * servers; the keys come from the card's file and are used in the card.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MultiServerIT {

    private static final String SUITE = "multiserver";
    private static final long TIMEOUT = 30_000;
    private static final int OPERATOR = 1;
    private static final int OWNER = 2;
    private static final int RSP = 504;
    private static final int ADMIN = 42769;
    private static final byte[] PSK = HexFormat.of().parseHex("0badc0ffee0ddf00d0123456789abcde");

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    private final List<LeshanServer> servers = new ArrayList<>();

    /** Once, in a fresh-clone run, a server's registration never came and the framework then did not stop. */
    @org.junit.Rule
    public final ThreadsOnFailure threads = new ThreadsOnFailure(SUITE);

    @Configuration
    public Option[] config() throws IOException {
        return FelixDistribution.withLeshanServer(SUITE);
    }

    @Before
    public void keys() throws Exception {
        CardFiles.provisionKeys(context, SimulatedCardKeys.builtInProfile());
    }

    @After
    public void stop() throws Exception {
        CardFiles.restoreDefaultCard(context, configAdmin);
        servers.forEach(LeshanServer::destroy);
    }

    /**
     * The operator (DTLS-PSK, the key from the card) and the device owner (RPK, the private key imported into the card)
     * both register the gateway from one bootstrap file; the card's ACL gives the operator the eUICC's 504 and the owner
     * the Device object: the operator switches a profile, the owner is refused 504 and does not see it, and reads /3/0.
     */
    @Test
    public void theOperatorAndTheOwnerAreEachAnsweredUnderTheirOwnRights() throws Exception {
        String ep = "itest-two";
        InMemorySecurityStore operatorKeys = new InMemorySecurityStore();
        operatorKeys.add(SecurityInfo.newPreSharedKeyInfo(ep, "itest-two-operator", PSK));
        ServerEvents operatorEvents = new ServerEvents();
        LeshanServer operator = start(coaps(operatorKeys, null), operatorEvents);
        KeyPair ownerServerKeys = ecKeyPair();
        KeyPair clientKeys = ecKeyPair();
        InMemorySecurityStore ownerKeys = new InMemorySecurityStore();
        ownerKeys.add(SecurityInfo.newRawPublicKeyInfo(ep, clientKeys.getPublic()));
        ServerEvents ownerEvents = new ServerEvents();
        LeshanServer owner = start(coaps(ownerKeys, ownerServerKeys), ownerEvents);

        configure(ep);
        LwM2mObject security = new LwM2mObject(0, psk(0, uri(operator, Protocol.COAPS), OPERATOR, "itest-two-operator", PSK),
                rpk(1, uri(owner, Protocol.COAPS), OWNER, clientKeys, ownerServerKeys));
        // Mute Send false: both take a Send (absent, as in the other tests' files, it is muted: TS 1.1 E.2)
        LwM2mObject serverObject = new LwM2mObject(1, sending(server(0, OPERATOR)), sending(server(1, OWNER)));
        // First without ACLs: the 504 instance's id is the gateway's to give, and is learnt from the registration.
        int operatorMark = operatorEvents.mark();
        int ownerMark = ownerEvents.mark();
        CardFiles.insert(context, configAdmin, SUITE, ep, file(security, serverObject));
        Registration first = operatorEvents.await(operatorMark, "registered", ep,
                e -> rspInstance(e.registration) >= 0 && instances(e.registration, ADMIN).size() >= 2, TIMEOUT).registration;
        ownerEvents.await(ownerMark, "registered", ep, TIMEOUT);
        int rsp = rspInstance(first);
        // The card's and the software TEE's admin instances: the owner is to see the first only.
        int shown = instances(first, ADMIN).get(0);
        int hidden = instances(first, ADMIN).get(1);

        LwM2mObject acl = new LwM2mObject(2,
                acl(0, RSP, rsp, Map.of(OPERATOR, 31L), OPERATOR), // read, write, execute, delete, create
                acl(1, 3, 0, Map.of(OWNER, 7L), OWNER), // read, write, execute
                acl(2, ADMIN, shown, Map.of(OPERATOR, 1L, OWNER, 1L), OPERATOR), // read
                acl(3, ADMIN, hidden, Map.of(OPERATOR, 1L), OPERATOR));
        operatorMark = operatorEvents.mark();
        ownerMark = ownerEvents.mark();
        CardFiles.insert(context, configAdmin, SUITE, ep + "-acl", file(security, serverObject, acl));
        Registration toOperator = operatorEvents.await(operatorMark, "registered", ep, e -> hasLink(e.registration, "/2/1"), TIMEOUT).registration;
        Registration toOwner = ownerEvents.await(ownerMark, "registered", ep, e -> hasLink(e.registration, "/2/1"), TIMEOUT).registration;
        assertEquals("over DTLS to the operator", "coaps", toOperator.getLastEndpointUsed().getScheme());
        assertEquals("over DTLS to the owner", "coaps", toOwner.getLastEndpointUsed().getScheme());
        // A card inserted restarts the client more than once (its bootstrap source, its credential store): settled first.
        awaitBothRegistered(2);

        // The operator observes the ICCIDs and switches the eUICC's profile through 504; the notification comes to it
        // over its own session. The owner may not observe them.
        LwM2mMultipleResource iccids = (LwM2mMultipleResource) ok(send(operator, ep, new ReadRequest(RSP, rsp, 11))).getContent();
        String enabled = (String) iccids.getInstance(0).getValue();
        String other = iccids.getInstances().values().stream().map(i -> (String) i.getValue())
                .filter(i -> !i.equals(enabled) && !i.equals(EuiccIT.PROVISIONING.digits())).findFirst().orElseThrow();
        assertEquals(ResponseCode.UNAUTHORIZED, send(owner, ep, new ObserveRequest(RSP, rsp, 11)).getCode());
        BlockingQueue<Object> notified = new LinkedBlockingQueue<>();
        operator.getObservationService().addListener(Notifications.into(notified, Notifications.firstInstanceOf(RSP)));
        assertTrue(send(operator, ep, new ObserveRequest(RSP, rsp, 11)).isSuccess());
        assertTrue(send(operator, ep, new WriteRequest(RSP, rsp, 14, other)).isSuccess());
        assertTrue(send(operator, ep, new ExecuteRequest(RSP + "/" + rsp + "/4", "1")).isSuccess());
        awaitEnabled(operator, ep, rsp, other);
        assertEquals("the operator was notified of the new profile", other, awaitValue(notified, other));

        // The owner: refused the instance, not shown it in a Read or a Discover of the object; the Device object is its.
        assertEquals(ResponseCode.UNAUTHORIZED, send(owner, ep, new ReadRequest(RSP, rsp, 11)).getCode());
        assertEquals(ResponseCode.UNAUTHORIZED, send(owner, ep, new WriteRequest(RSP, rsp, 14, enabled)).getCode());
        ReadResponse whole = send(owner, ep, new ReadRequest(RSP));
        assertFalse("the owner's Read of /504 shows no instance it may not read: " + whole,
                whole.isSuccess() && ((LwM2mObject) whole.getContent()).getInstances().containsKey(rsp));
        DiscoverResponse discover = send(owner, ep, new DiscoverRequest(RSP));
        assertFalse("the owner's Discover of /504 lists no instance it has no right on: " + discover, discover.isSuccess()
                && Arrays.stream(discover.getObjectLinks()).map(LwM2mLink::getPath).anyMatch(p -> p.isObjectInstance()));
        DiscoverResponse admin = send(owner, ep, new DiscoverRequest(ADMIN));
        assertTrue(admin.toString(), admin.isSuccess());
        assertEquals("the owner's Discover of the admin object lists the one instance it may read", List.of(shown),
                Arrays.stream(admin.getObjectLinks()).map(LwM2mLink::getPath).filter(p -> p.isObjectInstance())
                        .map(p -> p.getObjectInstanceId()).toList());
        ReadResponse adminRead = send(owner, ep, new ReadRequest(ADMIN));
        assertEquals("and its Read of the object the same", java.util.Set.of(shown),
                ((LwM2mObject) ok(adminRead).getContent()).getInstances().keySet());
        assertEquals("the operator sees both", 2, Arrays.stream(send(operator, ep, new DiscoverRequest(ADMIN)).getObjectLinks())
                .filter(l -> l.getPath().isObjectInstance()).count());
        assertTrue("the owner reads the Device object", send(owner, ep, new ReadRequest(3, 0)).isSuccess());
        assertEquals("the operator was given no right on /3/0", ResponseCode.UNAUTHORIZED, send(operator, ep, new ReadRequest(3, 0)).getCode());

        // Send goes to the servers that may read what is sent: the Device object's to the owner only, 504's to the operator.
        BlockingQueue<String> operatorGot = new LinkedBlockingQueue<>();
        BlockingQueue<String> ownerGot = new LinkedBlockingQueue<>();
        operator.getSendService().addListener(sentInto(operatorGot));
        owner.getSendService().addListener(sentInto(ownerGot));
        client().send(List.of("/3/0/0"), Duration.ofSeconds(10));
        assertEquals("/3/0/0", ownerGot.poll(TIMEOUT, TimeUnit.MILLISECONDS));
        client().send(List.of("/" + RSP + "/" + rsp + "/12"), Duration.ofSeconds(10));
        assertEquals("/" + RSP + "/" + rsp + "/12", operatorGot.poll(TIMEOUT, TimeUnit.MILLISECONDS));
        assertTrue("the operator was sent nothing of /3/0: " + operatorGot, operatorGot.isEmpty());
        assertTrue("the owner was sent nothing of 504: " + ownerGot, ownerGot.isEmpty());

        // The status shows both, each over its own security.
        ClientStatus status = awaitBothRegistered(2);
        assertEquals(List.of("PSK", "RPK"), status.servers().stream().map(s -> s.securityMode().orElse("")).toList());
        assertEquals(List.of(OPERATOR, OWNER), status.servers().stream().map(ServerStatus::shortServerId).toList());
    }

    /** One server goes away and comes back; the other keeps its registration throughout. */
    @Test
    public void aServerThatGoesDownTakesNothingFromTheOther() throws Exception {
        String ep = "itest-down";
        ServerEvents stayingEvents = new ServerEvents();
        LeshanServer staying = start(coap(null), stayingEvents);
        ServerEvents goingEvents = new ServerEvents();
        LeshanServer going = start(coap(null), goingEvents);
        int goingPort = going.getEndpoint(Protocol.COAP).getURI().getPort();
        configure(ep, "requestTimeoutMs", 2000);
        int stayMark = stayingEvents.mark();
        int goMark = goingEvents.mark();
        CardFiles.insert(context, configAdmin, SUITE, ep, file(new LwM2mObject(0, noSec(0, uri(staying, Protocol.COAP), 1),
                noSec(1, uri(going, Protocol.COAP), 2)), new LwM2mObject(1, server(0, 1), server(1, 2))));
        stayingEvents.await(stayMark, "registered", ep, TIMEOUT);
        goingEvents.await(goMark, "registered", ep, TIMEOUT);
        awaitBothRegistered(2);
        try {
            client().send(List.of("/3/0/0"), Duration.ofSeconds(5));
            throw new AssertionError("sent, though neither Server instance has Mute Send false");
        } catch (LwM2mOperationException e) {
            assertEquals("no server takes a Send: Mute Send (/1/x/23) absent", LwM2mOperationException.Code.UNAUTHORIZED, e.code());
        }

        // The registration as the server holds it now: a card inserted may start the client twice (its bootstrap source,
        // its credential store), so the first one seen may already have been replaced (seen on a loaded machine).
        String stayingId = staying.getRegistrationService().getByEndpoint(ep).getId();
        going.stop();
        client().triggerUpdate();
        ServerStatus down = awaitServer(2, s -> s.state() != ServerStatus.State.REGISTERED);
        assertTrue("the status says why: " + down, down.lastError().isPresent());
        stayMark = stayingEvents.mark();
        client().triggerUpdate();
        stayingEvents.await(stayMark, "updated", ep, TIMEOUT);

        goMark = goingEvents.mark();
        going.start();
        goingEvents.await(goMark, "registered", ep, TIMEOUT);
        assertEquals(goingPort, going.getEndpoint(Protocol.COAP).getURI().getPort());
        assertEquals("the staying server's registration never ended", stayingId, staying.getRegistrationService().getByEndpoint(ep).getId());
        assertTrue("nor was it registered anew: " + stayingEvents.events,
                stayingEvents.events.subList(stayMark, stayingEvents.events.size()).stream().noneMatch(e -> e.kind.equals("registered")));
    }

    /**
     * Registration Priority Order with Registration Failure Block: the first server refuses, and the second in the order
     * is held back; without the block it goes on.
     */
    @Test
    public void registrationFailureBlockHoldsTheServersAfterTheOneThatFailed() throws Exception {
        AtomicInteger refused = new AtomicInteger();
        LeshanServer refusing = start(coap((req, reg, peer) -> {
            refused.incrementAndGet();
            return Authorization.declined();
        }), new ServerEvents());
        ServerEvents nextEvents = new ServerEvents();
        LeshanServer next = start(coap(null), nextEvents);

        String ep = "itest-block";
        configure(ep);
        CardFiles.insert(context, configAdmin, SUITE, ep, orderedFile(refusing, next, true));
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while (refused.get() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(ServerStatus.State.FAILED, awaitServer(1, s -> s.state() == ServerStatus.State.FAILED).state());
        Thread.sleep(3000);
        assertEquals("the next server waits for the one that failed", ServerStatus.State.BLOCKED, serverStatus(2).state());
        assertTrue("and never heard of the gateway: " + nextEvents.events, nextEvents.events.isEmpty());

        String ep2 = "itest-noblock";
        int mark = nextEvents.mark();
        configure(ep2);
        CardFiles.insert(context, configAdmin, SUITE, ep2, orderedFile(refusing, next, false));
        nextEvents.await(mark, "registered", ep2, TIMEOUT);
        assertEquals(ServerStatus.State.FAILED, serverStatus(1).state());
    }

    /**
     * Bootstrap on Registration Failure: the card's server refuses the gateway, whose Server instance asks for a
     * bootstrap then; the bootstrap server of the card's file writes another server, which the gateway registers to.
     */
    @Test
    public void bootstrapOnRegistrationFailureAsksTheBootstrapServer() throws Exception {
        LeshanServer refusing = start(coap((req, reg, peer) -> Authorization.declined()), new ServerEvents());
        ServerEvents goodEvents = new ServerEvents();
        LeshanServer good = start(coap(null), goodEvents);
        String ep = "itest-rebootstrap";
        int bsPort = FelixDistribution.freePort();
        InMemoryBootstrapConfigStore configs = new InMemoryBootstrapConfigStore();
        BootstrapConfig written = BootstrapConfigs.noSec(bsPort, good.getEndpoint(Protocol.COAP).getURI().getPort());
        configs.add(ep, written);
        AtomicInteger bootstraps = new AtomicInteger();
        LeshanBootstrapServer bs = new LeshanBootstrapServerBuilder().setConfigStore(configs)
                .setEndpointsProviders(new CaliforniumBootstrapServerEndpointsProvider.Builder(new CoapBootstrapServerProtocolProvider())
                        .addEndpoint(new InetSocketAddress("127.0.0.1", bsPort), Protocol.COAP).build())
                .build();
        bs.addListener(new org.scgateway.peers.leshan.server.bootstrap.BootstrapSessionAdapter() {
            @Override
            public void sessionInitiated(org.scgateway.peers.leshan.core.request.BootstrapRequest request, org.scgateway.peers.leshan.core.peer.LwM2mPeer client) {
                bootstraps.incrementAndGet();
            }
        });
        bs.start();
        try {
            configure(ep);
            int mark = goodEvents.mark();
            LwM2mObjectInstance bsSecurity = new LwM2mObjectInstance(1, LwM2mSingleResource.newStringResource(0, "coap://127.0.0.1:" + bsPort),
                    LwM2mSingleResource.newBooleanResource(1, true), integer(2, 3));
            LwM2mObjectInstance failing = new LwM2mObjectInstance(0, integer(0, 1), integer(1, 120),
                    LwM2mSingleResource.newBooleanResource(6, false), LwM2mSingleResource.newStringResource(7, "U"),
                    LwM2mSingleResource.newBooleanResource(16, true));
            CardFiles.insert(context, configAdmin, SUITE, ep, file(new LwM2mObject(0, noSec(0, uri(refusing, Protocol.COAP), 1), bsSecurity),
                    new LwM2mObject(1, failing)));
            goodEvents.await(mark, "registered", ep, TIMEOUT);
            assertTrue("the bootstrap server was asked", bootstraps.get() >= 1);
        } finally {
            bs.destroy();
        }
    }

    // --- the servers

    private LeshanServer start(LeshanServer server, ServerEvents events) {
        server.getRegistrationService().addListener(events);
        server.start();
        servers.add(server);
        return server;
    }

    private static LeshanServer coap(org.scgateway.peers.leshan.server.security.Authorizer authorizer) throws Exception {
        LeshanServerBuilder b = new LeshanServerBuilder().setObjectModelProvider(TestModels.withGatewayObjects())
                .setEndpointsProviders(new CaliforniumServerEndpointsProvider.Builder(new CoapServerProtocolProvider())
                        .addEndpoint(new InetSocketAddress("127.0.0.1", FelixDistribution.freePort()), Protocol.COAP).build());
        if (authorizer != null) {
            b.setAuthorizer(authorizer);
        }
        return b.build();
    }

    /** A DTLS server: PSK with {@code keys}, and RPK when it has a key pair of its own. */
    private static LeshanServer coaps(InMemorySecurityStore keys, KeyPair own) throws Exception {
        LeshanServerBuilder b = new LeshanServerBuilder().setObjectModelProvider(TestModels.withGatewayObjects()).setSecurityStore(keys)
                .setEndpointsProviders(new CaliforniumServerEndpointsProvider.Builder(new CoapsServerProtocolProvider())
                        .addEndpoint(new InetSocketAddress("127.0.0.1", FelixDistribution.freePort()), Protocol.COAPS).build());
        if (own != null) {
            b.setPrivateKey(own.getPrivate()).setPublicKey(own.getPublic());
        }
        return b.build();
    }

    private static String uri(LeshanServer s, Protocol protocol) {
        return protocol.getUriScheme() + "://127.0.0.1:" + s.getEndpoint(protocol).getURI().getPort();
    }

    // --- the card's file

    private static LwM2mObjectInstance psk(int instance, String uri, int ssid, String identity, byte[] key) {
        return new LwM2mObjectInstance(instance, LwM2mSingleResource.newStringResource(0, uri), LwM2mSingleResource.newBooleanResource(1, false),
                integer(2, 0), LwM2mSingleResource.newBinaryResource(3, identity.getBytes(StandardCharsets.UTF_8)),
                LwM2mSingleResource.newBinaryResource(5, key), integer(10, ssid));
    }

    private static LwM2mObjectInstance rpk(int instance, String uri, int ssid, KeyPair client, KeyPair server) {
        return new LwM2mObjectInstance(instance, LwM2mSingleResource.newStringResource(0, uri), LwM2mSingleResource.newBooleanResource(1, false),
                integer(2, 1), LwM2mSingleResource.newBinaryResource(3, client.getPublic().getEncoded()),
                LwM2mSingleResource.newBinaryResource(4, server.getPublic().getEncoded()),
                LwM2mSingleResource.newBinaryResource(5, client.getPrivate().getEncoded()), integer(10, ssid));
    }

    /** The Server instance with Mute Send (23) false: the client may Send to it. */
    private static LwM2mObjectInstance sending(LwM2mObjectInstance server) {
        List<org.scgateway.peers.leshan.core.node.LwM2mResource> resources = new ArrayList<>(server.getResources().values());
        resources.add(LwM2mSingleResource.newBooleanResource(23, false));
        return new LwM2mObjectInstance(server.getId(), resources);
    }

    private static LwM2mObjectInstance acl(int instance, int objectId, int instanceId, Map<Integer, Long> rights, int owner) {
        return new LwM2mObjectInstance(instance, integer(0, objectId), integer(1, instanceId),
                LwM2mMultipleResource.newIntegerResource(2, rights), integer(3, owner));
    }

    /** Two NoSec servers in Registration Priority Order, the first blocking (or not) and not bootstrapping on failure. */
    private static byte[] orderedFile(LeshanServer first, LeshanServer second, boolean block) {
        LwM2mObjectInstance one = new LwM2mObjectInstance(0, integer(0, 1), integer(1, 120), LwM2mSingleResource.newBooleanResource(6, false),
                LwM2mSingleResource.newStringResource(7, "U"), LwM2mSingleResource.newUnsignedIntegerResource(13, 1L),
                LwM2mSingleResource.newBooleanResource(15, block), LwM2mSingleResource.newBooleanResource(16, false),
                LwM2mSingleResource.newUnsignedIntegerResource(19, 3600L));
        LwM2mObjectInstance two = new LwM2mObjectInstance(1, integer(0, 2), integer(1, 120), LwM2mSingleResource.newBooleanResource(6, false),
                LwM2mSingleResource.newStringResource(7, "U"), LwM2mSingleResource.newUnsignedIntegerResource(13, 2L));
        return file(new LwM2mObject(0, noSec(0, uri(first, Protocol.COAP), 1), noSec(1, uri(second, Protocol.COAP), 2)),
                new LwM2mObject(1, one, two));
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    // --- the gateway

    private void configure(String endpoint, Object... kv) throws IOException {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("endpoint", endpoint);
        props.put("retryWaitMs", 500);
        for (int i = 0; i < kv.length; i += 2) {
            props.put((String) kv[i], kv[i + 1]);
        }
        configAdmin.getConfiguration(Pids.LWM2M_CLIENT, null).update(props);
    }

    private LwM2mClientService client() throws Exception {
        return Services.await(context, LwM2mClientService.class, null, TIMEOUT);
    }

    private ServerStatus serverStatus(int ssid) throws Exception {
        return client().status().servers().stream().filter(s -> s.shortServerId() == ssid).findFirst()
                .orElseThrow(() -> new AssertionError("no server " + ssid + " in the status"));
    }

    private ServerStatus awaitServer(int ssid, java.util.function.Predicate<ServerStatus> wanted) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT;
        ClientStatus last = null;
        while (System.currentTimeMillis() < deadline) {
            last = client().status();
            for (ServerStatus s : last.servers()) {
                if (s.shortServerId() == ssid && wanted.test(s)) {
                    return s;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("server " + ssid + " never came to the state looked for: " + (last == null ? null : last.servers()));
    }

    private ClientStatus awaitBothRegistered(int count) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT;
        ClientStatus s = client().status();
        while (s.servers().stream().filter(v -> v.state() == ServerStatus.State.REGISTERED).count() < count
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            s = client().status();
        }
        assertEquals("registered to every server: " + s.servers(), count,
                s.servers().stream().filter(v -> v.state() == ServerStatus.State.REGISTERED).count());
        assertEquals(ClientStatus.State.REGISTERED, s.state());
        return s;
    }

    // --- what the servers see

    private static Object awaitValue(BlockingQueue<Object> values, String wanted) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT;
        Object last = null;
        while (System.currentTimeMillis() < deadline) {
            Object v = values.poll(deadline - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
            if (v == null || v.equals(wanted)) {
                return v;
            }
            last = v;
        }
        return last;
    }

    /** The paths of each Send a server receives. */
    private static SendListener sentInto(BlockingQueue<String> paths) {
        return new SendListener() {
            @Override
            public void dataReceived(Registration registration, TimestampedLwM2mNodes data, SendRequest request) {
                data.getNodes().keySet().forEach(p -> paths.add(p.toString()));
            }

            @Override
            public void onError(Registration registration, String errorMessage, Exception error) {
            }
        };
    }

    private static int rspInstance(Registration r) {
        for (Link l : r.getObjectLinks()) {
            String u = l.getUriReference();
            if (u.startsWith("/" + RSP + "/")) {
                return Integer.parseInt(u.substring(u.lastIndexOf('/') + 1));
            }
        }
        return -1;
    }

    private static List<Integer> instances(Registration r, int objectId) {
        List<Integer> ids = new ArrayList<>();
        for (Link l : r.getObjectLinks()) {
            String[] parts = l.getUriReference().split("/");
            if (parts.length == 3 && parts[1].equals(Integer.toString(objectId))) {
                ids.add(Integer.parseInt(parts[2]));
            }
        }
        return ids;
    }

    private static boolean hasLink(Registration r, String path) {
        return Arrays.stream(r.getObjectLinks()).anyMatch(l -> l.getUriReference().equals(path));
    }

    private static void awaitEnabled(LeshanServer s, String ep, int rsp, String iccid) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT;
        String first = null;
        while (System.currentTimeMillis() < deadline) {
            LwM2mMultipleResource iccids = (LwM2mMultipleResource) ok(send(s, ep, new ReadRequest(RSP, rsp, 11))).getContent();
            first = (String) iccids.getInstance(0).getValue();
            if (first.equals(iccid)) {
                return;
            }
            Thread.sleep(100);
        }
        assertEquals("the profile the operator enabled", iccid, first);
    }

    private static ReadResponse ok(ReadResponse r) {
        assertNotNull(r);
        assertTrue(r.toString(), r.isSuccess());
        return r;
    }

    private static <T extends LwM2mResponse> T send(LeshanServer to, String endpoint, DownlinkRequest<T> request) throws Exception {
        return Requests.send(to, endpoint, request, TIMEOUT);
    }
}
