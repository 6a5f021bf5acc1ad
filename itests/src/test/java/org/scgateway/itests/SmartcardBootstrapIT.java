package org.scgateway.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.scgateway.itests.CardFiles.file;
import static org.scgateway.itests.CardFiles.integer;
import static org.scgateway.itests.CardFiles.noSec;
import static org.scgateway.itests.CardFiles.object;
import static org.scgateway.itests.CardFiles.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.scgateway.peers.leshan.core.endpoint.Protocol;
import org.scgateway.peers.leshan.core.model.ObjectLoader;
import org.scgateway.peers.leshan.core.model.ResourceModel;
import org.scgateway.peers.leshan.core.node.LwM2mMultipleResource;
import org.scgateway.peers.leshan.core.node.LwM2mObject;
import org.scgateway.peers.leshan.core.node.LwM2mObjectInstance;
import org.scgateway.peers.leshan.core.node.LwM2mSingleResource;
import org.scgateway.peers.leshan.core.node.ObjectLink;
import org.scgateway.peers.leshan.core.request.ContentFormat;
import org.scgateway.peers.leshan.core.request.DownlinkRequest;
import org.scgateway.peers.leshan.core.request.ReadRequest;
import org.scgateway.peers.leshan.core.request.exception.RequestCanceledException;
import org.scgateway.peers.leshan.core.request.WriteRequest;
import org.scgateway.peers.leshan.core.ResponseCode;
import org.scgateway.peers.leshan.core.response.LwM2mResponse;
import org.scgateway.peers.leshan.core.response.ReadResponse;
import org.scgateway.peers.leshan.core.response.WriteResponse;
import org.scgateway.peers.leshan.server.LeshanServer;
import org.scgateway.peers.leshan.server.LeshanServerBuilder;
import org.scgateway.peers.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.scgateway.peers.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider;
import org.scgateway.peers.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.scgateway.peers.leshan.server.model.VersionedModelProvider;
import org.scgateway.peers.leshan.server.registration.Registration;
import org.scgateway.peers.leshan.server.security.InMemorySecurityStore;
import org.scgateway.peers.leshan.server.security.SecurityInfo;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.scgateway.api.config.Pids;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialUpdate;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.lwm2m.bootstrap.AccessControl;
import org.scgateway.api.lwm2m.LwM2mClientService;
import org.scgateway.api.lwm2m.bootstrap.OscoreContext;
import org.scgateway.api.se.Aid;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.SecureElement;
import org.scgateway.globalplatform.scp03.Scp03Keys;
import org.scgateway.globalplatform.scp03.Scp03Session;
import org.scgateway.globalplatform.scp03.SecurityLevel;

/**
 * Bootstrap from smartcard (LwM2M 1.1 Appendix G/H) end to end: the simulated card holds a bootstrap file that
 * names a real Leshan server, reached over DTLS with a PSK the server accepts from nobody else; the gateway
 * has no server in its configuration, reads the file over SCP03 level 33 with keys from its credential
 * store, and registers.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SmartcardBootstrapIT {

    private static final String CLIENT = Pids.LWM2M_CLIENT;
    private static final String SIM = Pids.SE_SIM;
    private static final long TIMEOUT = 30_000;
    private static final Aid PKCS15 = Aid.fromHex("A000000063504B43532D3135");
    private static final byte[] PSK = HexFormat.of().parseHex("5ec12e7a11ce0fca4d5b0123456789ab");

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    private final ServerEvents events = new ServerEvents();
    private final InMemorySecurityStore security = new InMemorySecurityStore();
    private LeshanServer server;
    private int coapPort;
    private int coapsPort;

    /** What every thread was doing when a test failed: a registration that never comes may be a deadlock. */
    @org.junit.Rule
    public final ThreadsOnFailure threads = new ThreadsOnFailure("cardboot");

    @Configuration
    public Option[] config() throws IOException {
        return FelixDistribution.withLeshanServer("cardboot");
    }

    @Before
    public void start() throws Exception {
        coapPort = FelixDistribution.freePort();
        coapsPort = FelixDistribution.freePort();
        CaliforniumServerEndpointsProvider endpoints = new CaliforniumServerEndpointsProvider.Builder(
                new CoapServerProtocolProvider(), new CoapsServerProtocolProvider())
                .addEndpoint(new InetSocketAddress("127.0.0.1", coapPort), Protocol.COAP)
                .addEndpoint(new InetSocketAddress("127.0.0.1", coapsPort), Protocol.COAPS).build();
        server = new LeshanServerBuilder().setEndpointsProviders(endpoints)
                .setObjectModelProvider(TestModels.withGatewayObjects()).setSecurityStore(security).build();
        server.getRegistrationService().addListener(events);
        server.start();
        provisionKeys(SimulatedCardKeys.builtInProfile());
    }

    @After
    public void stop() throws Exception {
        long before = lastServiceId();
        configAdmin.getConfiguration(SIM, null).update(new Hashtable<>(Map.of("profile", "")));
        // The default card back before the next test starts: arriving while the next test had just put an entry
        // in the file, it took the entry into its own state, and the test's card came without it (CI, once).
        awaitServiceAfter(SecureElement.class, "(scgw.component.backend=se.sim)", before);
        if (server != null) {
            server.destroy();
        }
    }

    @Test
    public void anUnconfiguredGatewayBootsFromTheCardOverDtlsWithItsPsk() throws Exception {
        security.add(SecurityInfo.newPreSharedKeyInfo("itest-card", "itest-card-identity", PSK));
        configure("itest-card");
        int mark = events.mark();
        insertCard("itest-card", bootstrapFile("coaps://127.0.0.1:" + coapsPort, 0, "itest-card-identity", PSK, 120));
        ServerEvents.Event registered = events.await(mark, "registered", "itest-card", TIMEOUT);
        assertEquals("registered over DTLS: " + registered, "coaps", registered.registration.getLastEndpointUsed().getScheme());
        assertEquals(120L, (long) registered.registration.getLifeTimeInSec());

        // SCS-5 within what the TS allows: the Security object is not for a management server to read.
        ReadResponse read = send(server, "itest-card", new ReadRequest(0));
        assertFalse("the management server read /0: " + read, read.isSuccess());
        assertTrue("refused as not there (Leshan's answer) or not allowed: " + read.getCode(),
                read.getCode() == ResponseCode.NOT_FOUND || read.getCode() == ResponseCode.UNAUTHORIZED);
        assertEquals("smartcard " + simId() + " EF LwM2M_Bootstrap", client().status().serversFrom().orElse(null));

        // The file's PSK went into the card's keys as read, and the client holds a marker, not the key.
        String filter = "(" + CredentialStore.PROP_SECURE_COMPONENT_ID + "=" + simId() + ")";
        assertArrayEquals("itest-card-identity".getBytes(StandardCharsets.UTF_8), cardKeyIdentity(filter, "lwm2m/card-file/1/psk").orElseThrow());
        String where = keyLocation();
        assertTrue("the status says the key is used in the card: " + where, where.contains("used there (read from its bootstrap file"));
    }

    @Test
    public void aChangedBootstrapFileIsTakenAtTheNextUpdate() throws Exception {
        configure("itest-change");
        int mark = events.mark();
        insertCard("itest-change", bootstrapFile("coap://127.0.0.1:" + coapPort, 3, null, null, 120));
        ServerEvents.Event first = events.await(mark, "registered", "itest-change", TIMEOUT);
        assertEquals(120L, (long) first.registration.getLifeTimeInSec());

        // The issuer changes the file over the card's own secure channel, as an OTA update would.
        writeBootstrapFile(bootstrapFile("coap://127.0.0.1:" + coapPort, 3, null, null, 90));
        int afterWrite = events.mark();
        client().triggerUpdate();
        // A card inserted restarts the client more than once (its bootstrap source, its credential store): the
        // registration looked for is the one with the new file's lifetime.
        ServerEvents.Event again = events.await(afterWrite, "registered", "itest-change",
                e -> e.registration.getLifeTimeInSec() == 90L, TIMEOUT);
        assertEquals("registered with the lifetime of the new file", 90L, (long) again.registration.getLifeTimeInSec());
        assertEquals("smartcard " + simId() + " EF LwM2M_Bootstrap", client().status().serversFrom().orElse(null));
    }

    @Test
    public void wrongScp03KeysAreNamedAndTheClientFallsBackToItsConfiguration() throws Exception {
        byte[] wrong = new byte[16];
        provisionKeys(Scp03Keys.of(0x30, wrong, wrong.clone(), wrong.clone()));
        configure("itest-wrongkeys", "serverUri", "coap://127.0.0.1:" + coapPort);
        int mark = events.mark();
        insertCard("itest-wrongkeys", bootstrapFile("coaps://127.0.0.1:" + coapsPort, 0, "nobody", PSK, 120));
        ServerEvents.Event registered = events.await(mark, "registered", "itest-wrongkeys", TIMEOUT);
        assertEquals("fell back to the configured server, without DTLS", "coap", registered.registration.getLastEndpointUsed().getScheme());
        assertSourceProblem("did not accept the SCP03 keys");
    }

    @Test
    public void aDamagedFileIsRefusedWithItsCauseAndTheClientFallsBack() throws Exception {
        configure("itest-damaged", "serverUri", "coap://127.0.0.1:" + coapPort);
        int mark = events.mark();
        byte[] file = bootstrapFile("coap://127.0.0.1:" + coapPort, 3, null, null, 120);
        file[2] = 0;
        file[3] = 6; // the header's size no longer adds up
        insertCard("itest-damaged", file);
        events.await(mark, "registered", "itest-damaged", TIMEOUT);
        assertSourceProblem("EF LwM2M_Bootstrap of card " + simId() + " cannot be used: the header announces 2 objects in 6 bytes");
    }

    /**
     * Damaged files one after another in the card, each taken up at the next Update: the client never dies,
     * always says where its servers come from, and takes the good file again at the end.
     */
    @Test
    public void fuzzedBootstrapFilesNeverStopTheClient() throws Exception {
        configure("itest-fuzz", "serverUri", "coap://127.0.0.1:" + coapPort);
        byte[] good = bootstrapFile("coap://127.0.0.1:" + coapPort, 3, null, null, 120);
        int mark = events.mark();
        insertCard("itest-fuzz", good);
        events.await(mark, "registered", "itest-fuzz", TIMEOUT);
        java.util.Random random = new java.util.Random(6);
        for (int round = 0; round < 25; round++) {
            byte[] bad = good.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
            }
            writeBootstrapFile(bad);
            client().triggerUpdate();
            Thread.sleep(100);
            org.scgateway.api.lwm2m.ClientStatus status = client().status();
            assertTrue("round " + round + ": the client says where its servers come from: " + status,
                    status.serversFrom().isPresent() || status.sourceProblem().isPresent() || status.state() != null);
            assertEquals("round " + round + ": the client bundle runs", Bundle.ACTIVE, Services.bundle(context, CLIENT).getState());
        }
        writeBootstrapFile(bootstrapFile("coap://127.0.0.1:" + coapPort, 3, null, null, 77));
        int back = events.mark();
        long deadline = System.currentTimeMillis() + TIMEOUT;
        ServerEvents.Event again = null;
        while (again == null && System.currentTimeMillis() < deadline) {
            client().triggerUpdate();
            again = events.events.subList(back, events.events.size()).stream()
                    .filter(e -> e.kind.equals("registered") && e.registration.getLifeTimeInSec() == 77L).findFirst().orElse(null);
            Thread.sleep(200);
        }
        assertNotNull("after 25 damaged files the good one is taken: the server saw " + events.events.subList(back, events.events.size()), again);
    }

    /**
     * SCS-4 and issue 20: with a card that has SC Gateway's credential application, the client's PSKs live in its
     * key store and are used there. An entry still in the local file goes in when the card arrives, and the PSK
     * typed into the client's configuration goes straight in; neither can be read back, by the card's store or
     * anyone, yet the client registers over DTLS-PSK, and again after a restart (a new handshake): the card
     * computed the master secrets.
     */
    @Test
    public void theClientsPsksAreUsedInTheCardAndNeverReadOut() throws Exception {
        byte[] key = HexFormat.of().parseHex("0badc0ffee0123456789");
        security.add(SecurityInfo.newPreSharedKeyInfo("itest-sc4", "itest-sc4-identity", key));
        org.osgi.service.cm.Configuration boot = configAdmin.getConfiguration(Pids.BOOTSTRAP_SMARTCARD, null);
        boot.update(new Hashtable<>(Map.of("enabled", false))); // the configured server, not the card's file
        try {
            hostStore().apply(CredentialUpdate.put("lwm2m/server/9/psk", Secret.of(new byte[] {9, 9, 9})));
            hostStore().apply(CredentialUpdate.put("lwm2m/server/9/note", Secret.of(new byte[] {7})));
            insertCard("itest-sc4", bootstrapFile("coap://127.0.0.1:" + coapPort, 3, null, null, 120));
            String filter = "(" + CredentialStore.PROP_SECURE_COMPONENT_ID + "=" + simId() + ")";
            // The card's store is offered anew with each insertion: wait for the one of this card to hold the entries.
            assertArrayEquals("an entry that is not a key is moved as it is", new byte[] {7}, fromCard(filter, "lwm2m/server/9/note"));
            assertTrue("the PSK went into the card's keys", cardKeyIdentity(filter, "lwm2m/server/9/psk").isPresent());
            assertFalse("where no one reads it", store(filter).read("lwm2m/server/9/psk").isPresent());
            assertFalse("and out of the file", hostStore().read("lwm2m/server/9/psk").isPresent());
            int mark = events.mark();
            configure("itest-sc4", "serverUri", "coaps://127.0.0.1:" + coapsPort, "securityMode", "PSK", "pskIdentity", "itest-sc4-identity",
                    "pskKey", HexFormat.of().formatHex(key));
            ServerEvents.Event registered = events.await(mark, "registered", "itest-sc4", TIMEOUT);
            assertEquals("coaps", registered.registration.getLastEndpointUsed().getScheme());
            assertEquals("the card's admin instance links the Security instance whose key it keeps", List.of("0:0"),
                    hostedIn(simId(), "itest-sc4"));
            assertArrayEquals("the card keeps the identity", "itest-sc4-identity".getBytes(StandardCharsets.UTF_8),
                    cardKeyIdentity(filter, "lwm2m/server/123/psk").orElseThrow());
            assertFalse("the PSK cannot be read from the card", store(filter).read("lwm2m/server/123/psk").isPresent());
            assertFalse("and is not in the file", hostStore().read("lwm2m/server/123/psk").isPresent());
            assertTrue("the file's content never held it", !java.nio.file.Files.readString(Paths.get("target", "cardboot-data",
                    "credentials.properties")).contains(java.util.Base64.getEncoder().encodeToString(key)));
            assertTrue("the status says where the key is used: " + keyLocation(), keyLocation().contains("never read out"));

            mark = events.mark();
            configure("itest-sc4", "serverUri", "coaps://127.0.0.1:" + coapsPort, "securityMode", "PSK", "pskIdentity", "itest-sc4-identity",
                    "lifetime", 91, "requestTimeoutMs", 3000);
            assertEquals("a new handshake, the master secret again from the card", 91L,
                    (long) events.await(mark, "registered", "itest-sc4", TIMEOUT).registration.getLifeTimeInSec());

            // The server forgets the DTLS session, as one does after a restart or when its session expires: the next
            // Update cannot go through the old one; the client shakes hands again, the card again computing.
            assertReachedAfterTheServerForgetsTheSession(server, "itest-sc4");
        } finally {
            boot.delete();
        }
    }

    /**
     * ECDHE-PSK against a Leshan server that offers no other key exchange: the card gets the ECDH shared secret as
     * RFC 5489's other_secret and computes the master secret; the server cannot read the Security object the key is
     * behind.
     */
    @Test
    public void anEcdhePskHandshakeHasTheCardMixTheSharedSecretAndTheServerCannotReadTheSecurityObject() throws Exception {
        byte[] key = HexFormat.of().parseHex("ec0d5e75ca7d00112233");
        security.add(SecurityInfo.newPreSharedKeyInfo("itest-ecdhe", "itest-ecdhe-identity", key));
        int port = FelixDistribution.freePort();
        CaliforniumServerEndpointsProvider.Builder endpoints = new CaliforniumServerEndpointsProvider.Builder(new CoapsServerProtocolProvider());
        org.scgateway.peers.californium.elements.config.Configuration cf = endpoints.createDefaultConfiguration();
        cf.set(org.scgateway.peers.californium.scandium.config.DtlsConfig.DTLS_CIPHER_SUITES,
                List.of(org.scgateway.peers.californium.scandium.dtls.cipher.CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256));
        LeshanServer ecdheServer = new LeshanServerBuilder().setSecurityStore(security)
                .setEndpointsProviders(endpoints.setConfiguration(cf).addEndpoint(new InetSocketAddress("127.0.0.1", port), Protocol.COAPS).build())
                .build();
        ecdheServer.getRegistrationService().addListener(events);
        ecdheServer.start();
        org.osgi.service.cm.Configuration boot = configAdmin.getConfiguration(Pids.BOOTSTRAP_SMARTCARD, null);
        boot.update(new Hashtable<>(Map.of("enabled", false)));
        try {
            insertCard("itest-ecdhe", bootstrapFile("coap://127.0.0.1:" + coapPort, 3, null, null, 120));
            String filter = "(" + CredentialStore.PROP_SECURE_COMPONENT_ID + "=" + simId() + ")";
            store(filter);
            int mark = events.mark();
            configure("itest-ecdhe", "serverUri", "coaps://127.0.0.1:" + port, "securityMode", "PSK", "pskIdentity", "itest-ecdhe-identity",
                    "pskKey", HexFormat.of().formatHex(key), "requestTimeoutMs", 3000);
            ServerEvents.Event registered = events.await(mark, "registered", "itest-ecdhe", TIMEOUT);
            assertTrue("the key is in the card", cardKeyIdentity(filter, "lwm2m/server/123/psk").isPresent());
            ReadResponse read = ecdheServer.send(registered.registration, new ReadRequest(0, 0), 10_000);
            assertNotNull("the client answers", read);
            assertFalse("a management server cannot read the Security object: " + read, read.isSuccess());

            assertReachedAfterTheServerForgetsTheSession(ecdheServer, "itest-ecdhe");
            mark = events.mark();
            configure("itest-ecdhe", "serverUri", "coaps://127.0.0.1:" + port, "securityMode", "PSK", "pskIdentity", "itest-ecdhe-identity",
                    "requestTimeoutMs", 3000, "lifetime", 94);
            assertEquals("registered again after a restart, over a new ECDHE-PSK handshake", 94L,
                    (long) events.await(mark, "registered", "itest-ecdhe", TIMEOUT).registration.getLifeTimeInSec());
        } finally {
            boot.delete();
            ecdheServer.destroy();
        }
    }

    /**
     * RPK with the key pair made in the card: the public key comes out and the server is given it, the private key
     * never does; the client registers over DTLS-RPK, its CertificateVerify signed by the card, against a real Leshan
     * server that knows only that public key.
     */
    @Test
    public void theClientsRpkKeyIsMadeInTheCardAndSignsThere() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair serverKeys = g.generateKeyPair();
        int rpkPort = FelixDistribution.freePort();
        LeshanServer rpkServer = new LeshanServerBuilder()
                .setEndpointsProviders(new CaliforniumServerEndpointsProvider.Builder(new CoapsServerProtocolProvider())
                        .addEndpoint(new InetSocketAddress("127.0.0.1", rpkPort), Protocol.COAPS).build())
                .setPrivateKey(serverKeys.getPrivate()).setPublicKey(serverKeys.getPublic()).setSecurityStore(security)
                .setObjectModelProvider(TestModels.withGatewayObjects()).build();
        rpkServer.getRegistrationService().addListener(events);
        rpkServer.start();
        org.osgi.service.cm.Configuration boot = configAdmin.getConfiguration(Pids.BOOTSTRAP_SMARTCARD, null);
        boot.update(new Hashtable<>(Map.of("enabled", false)));
        try {
            long before = lastServiceId();
            insertCard("itest-rpk", bootstrapFile("coap://127.0.0.1:" + coapPort, 3, null, null, 120));
            // Every card of this suite has the same id: the store of this insertion is the one registered after it (a
            // card just taken out may still answer, and what it is given is lost with it).
            String filter = "(" + CredentialStore.PROP_SECURE_COMPONENT_ID + "=" + simId() + ")";
            awaitServiceAfter(CredentialStore.class, filter, before);
            CredentialStore card = store("(&" + filter + "(" + Constants.SERVICE_ID + ">=" + (before + 1) + "))");
            java.security.PublicKey clientKey = card.signingKeys().orElseThrow(() -> new AssertionError("the card makes key pairs"))
                    .generate("lwm2m/server/123/client-private-key");
            card.apply(CredentialUpdate.put("lwm2m/server/123/server-public-key", Secret.of(serverKeys.getPublic().getEncoded())));
            security.add(SecurityInfo.newRawPublicKeyInfo("itest-rpk", clientKey));

            int mark = events.mark();
            configure("itest-rpk", "serverUri", "coaps://127.0.0.1:" + rpkPort, "securityMode", "RPK", "requestTimeoutMs", 3000);
            ServerEvents.Event registered = events.await(mark, "registered", "itest-rpk", TIMEOUT);
            assertEquals("coaps", registered.registration.getLastEndpointUsed().getScheme());
            assertReachedAfterTheServerForgetsTheSession(rpkServer, "itest-rpk");
            mark = events.mark();
            configure("itest-rpk", "serverUri", "coaps://127.0.0.1:" + rpkPort, "securityMode", "RPK", "requestTimeoutMs", 3000, "lifetime", 92);
            assertEquals("registered again after a restart, a new handshake signed by the card", 92L,
                    (long) events.await(mark, "registered", "itest-rpk", TIMEOUT).registration.getLifeTimeInSec());
            assertFalse("the private key cannot be read from the card", card.read("lwm2m/server/123/client-private-key").isPresent());
            assertTrue("the status says where the key is used: " + keyLocation(), keyLocation().contains("never read out"));

            // The server reads the card's public key through the Secure Component Admin object, and nothing more.
            AdminObject admin = new AdminObject(rpkServer, "itest-rpk", TIMEOUT);
            ReadResponse keys = admin.send(new ReadRequest(AdminObject.OBJECT, admin.awaitInstanceOf(simId()), 15));
            assertTrue("Public Keys reads: " + keys, keys.isSuccess());
            java.util.Collection<?> listed = ((org.scgateway.peers.leshan.core.node.LwM2mMultipleResource) keys.getContent()).getInstances().values()
                    .stream().map(r -> r.getValue()).collect(java.util.stream.Collectors.toList());
            assertTrue("the server is shown the public key it was given: " + listed, listed.contains("lwm2m/server/123/client-private-key EC-P256 "
                    + HexFormat.of().formatHex(clientKey.getEncoded())));
        } finally {
            boot.delete();
            rpkServer.destroy();
        }
    }

    /**
     * X.509 with the key pair made in the card: the card signs a certificate request, a CA run with openssl issues the
     * certificate from it (openssl checks the request's signature), the card signs the handshake's CertificateVerify
     * towards a real Leshan server that trusts that CA and knows the endpoint, and the server reads the card's request
     * again through the admin object.
     */
    @Test
    public void theClientsCertificateIsForAKeyMadeInTheCardWhichSignsTheHandshake() throws Exception {
        try (OpenSslCa ca = new OpenSslCa("itest-ca")) {
            OpenSslCa.Issued server = ca.localServer();
            int x509Port = FelixDistribution.freePort();
            LeshanServer x509Server = new LeshanServerBuilder()
                    .setEndpointsProviders(new CaliforniumServerEndpointsProvider.Builder(new CoapsServerProtocolProvider())
                            .addEndpoint(new InetSocketAddress("127.0.0.1", x509Port), Protocol.COAPS).build())
                    .setPrivateKey(server.key).setCertificateChain(new java.security.cert.X509Certificate[] {server.certificate})
                    .setTrustedCertificates(new java.security.cert.X509Certificate[] {ca.certificate}).setSecurityStore(security)
                    .setObjectModelProvider(TestModels.withGatewayObjects()).build();
            x509Server.getRegistrationService().addListener(events);
            x509Server.start();
            org.osgi.service.cm.Configuration boot = configAdmin.getConfiguration(Pids.BOOTSTRAP_SMARTCARD, null);
            boot.update(new Hashtable<>(Map.of("enabled", false)));
            try {
                long before = lastServiceId();
                insertCard("itest-x509", bootstrapFile("coap://127.0.0.1:" + coapPort, 3, null, null, 120));
                String filter = "(" + CredentialStore.PROP_SECURE_COMPONENT_ID + "=" + simId() + ")";
                awaitServiceAfter(CredentialStore.class, filter, before);
                CredentialStore card = store("(&" + filter + "(" + Constants.SERVICE_ID + ">=" + (before + 1) + "))");
                String name = "lwm2m/server/123/client-private-key";
                org.scgateway.api.credential.SigningKeys keys = card.signingKeys().orElseThrow(() -> new AssertionError("the card makes key pairs"));
                java.security.PublicKey clientKey = keys.generate(name);
                byte[] request = org.scgateway.api.credential.CertificationRequest.of(keys, name,
                        org.scgateway.api.credential.CertificationRequest.commonName("itest-x509"));
                java.security.cert.X509Certificate clientCert = ca.issue(org.scgateway.api.credential.CertificationRequest.pem(request),
                        "basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature");
                assertEquals("the CA certified the card's key", clientKey, clientCert.getPublicKey());
                card.apply(CredentialUpdate.builder().put("lwm2m/server/123/client-certificate", Secret.of(clientCert.getEncoded()))
                        .put("lwm2m/server/123/server-certificate", Secret.of(server.certificate.getEncoded())).build());
                security.add(SecurityInfo.newX509CertInfo("itest-x509"));

                int mark = events.mark();
                configure("itest-x509", "serverUri", "coaps://127.0.0.1:" + x509Port, "securityMode", "X509", "requestTimeoutMs", 3000);
                ServerEvents.Event registered = events.await(mark, "registered", "itest-x509", TIMEOUT);
                assertEquals("coaps", registered.registration.getLastEndpointUsed().getScheme());
                assertReachedAfterTheServerForgetsTheSession(x509Server, "itest-x509");
                mark = events.mark();
                configure("itest-x509", "serverUri", "coaps://127.0.0.1:" + x509Port, "securityMode", "X509", "requestTimeoutMs", 3000,
                        "lifetime", 93);
                assertEquals("registered again after a restart, a new handshake signed by the card", 93L,
                        (long) events.await(mark, "registered", "itest-x509", TIMEOUT).registration.getLifeTimeInSec());
                assertTrue("the client authenticated with its certificate: " + registered.registration.getClientTransportData(),
                        String.valueOf(registered.registration.getClientTransportData()).contains("itest-x509"));
                assertFalse("the private key cannot be read from the card", card.read(name).isPresent());
                assertTrue("the status says where the key is used: " + keyLocation(), keyLocation().contains("never read out"));

                AdminObject admin = new AdminObject(x509Server, "itest-x509", TIMEOUT);
                ReadResponse requests = admin.send(new ReadRequest(AdminObject.OBJECT, admin.awaitInstanceOf(simId()), 16));
                assertTrue("Certificate Requests reads: " + requests, requests.isSuccess());
                java.util.List<byte[]> listed = ((org.scgateway.peers.leshan.core.node.LwM2mMultipleResource) requests.getContent()).getInstances().values()
                        .stream().map(r -> (byte[]) r.getValue()).collect(java.util.stream.Collectors.toList());
                assertEquals("one key pair, one request", 1, listed.size());
                java.security.cert.X509Certificate again = ca.issue(org.scgateway.api.credential.CertificationRequest.pem(listed.get(0)));
                assertEquals("for the same key", clientKey, again.getPublicKey());
                assertEquals("for the endpoint", "CN=itest-x509", again.getSubjectX500Principal().getName());
            } finally {
                boot.delete();
                x509Server.destroy();
            }
        }
    }

    /**
     * Without a card, the software TEE keeps the client's PSK when it is told to (clientKeys): the configured pskKey goes
     * into the TEE, the client registers over DTLS-PSK with the master secret the TEE computes, and neither the TEE's
     * store nor the host file reads the key.
     */
    @Test
    public void withoutACardTheSoftwareTeeKeepsAndUsesThePskWhenToldTo() throws Exception {
        byte[] key = HexFormat.of().parseHex("7ee5ca7d0b5e55ed7ee5ca7d");
        security.add(SecurityInfo.newPreSharedKeyInfo("itest-tee", "itest-tee-identity", key));
        Bundle sim = Services.bundle(context, SIM);
        org.osgi.service.cm.Configuration tee = configAdmin.getConfiguration(Pids.TEE_SOFT, null);
        sim.stop();
        try {
            tee.update(new Hashtable<>(Map.of("clientKeys", true)));
            CredentialStore teeStore = store("(scgw.credential.tee=true)");
            int mark = events.mark();
            configure("itest-tee", "serverUri", "coaps://127.0.0.1:" + coapsPort, "securityMode", "PSK", "pskIdentity", "itest-tee-identity",
                    "pskKey", HexFormat.of().formatHex(key));
            ServerEvents.Event registered = events.await(mark, "registered", "itest-tee", TIMEOUT);
            assertEquals("coaps", registered.registration.getLastEndpointUsed().getScheme());
            assertTrue("the TEE keeps the key", teeStore.pskKeys().orElseThrow().identity("lwm2m/server/123/psk").isPresent());
            assertFalse("and no one reads it there", teeStore.read("lwm2m/server/123/psk").isPresent());
            assertFalse("nor in the host file", hostStore().read("lwm2m/server/123/psk").isPresent());
            String where = keyLocation();
            assertTrue("the status says where the key is used: " + where, where.contains("software TEE") && where.contains("never read out"));
        } finally {
            tee.delete();
            sim.start();
        }
    }

    /**
     * The card pulled while the client uses its key: the client cannot shake hands without it and says which key it
     * lacks; the card put back, the client registers again over a new handshake, and the card's keys are as they were
     * (the handshake writes nothing into the card).
     */
    @Test
    public void theCardPulledTheClientWaitsAndRegistersAgainWhenItIsBack() throws Exception {
        byte[] key = HexFormat.of().parseHex("5e11ca7d0b5e55ed");
        security.add(SecurityInfo.newPreSharedKeyInfo("itest-pull", "itest-pull-identity", key));
        org.osgi.service.cm.Configuration boot = configAdmin.getConfiguration(Pids.BOOTSTRAP_SMARTCARD, null);
        boot.update(new Hashtable<>(Map.of("enabled", false)));
        try {
            insertCard("itest-pull", bootstrapFile("coap://127.0.0.1:" + coapPort, 3, null, null, 120));
            String filter = "(" + CredentialStore.PROP_SECURE_COMPONENT_ID + "=" + simId() + ")";
            store(filter);
            int mark = events.mark();
            configure("itest-pull", "serverUri", "coaps://127.0.0.1:" + coapsPort, "securityMode", "PSK", "pskIdentity", "itest-pull-identity",
                    "pskKey", HexFormat.of().formatHex(key));
            events.await(mark, "registered", "itest-pull", TIMEOUT);
            byte[] identity = cardKeyIdentity(filter, "lwm2m/server/123/psk").orElseThrow();

            mark = events.mark();
            Bundle sim = Services.bundle(context, SIM);
            sim.stop(); // the card is pulled
            try {
                events.await(mark, "unregistered", "itest-pull", TIMEOUT);
                long deadline = System.currentTimeMillis() + TIMEOUT;
                while (!client().status().lastError().orElse("").contains("lwm2m/server/123/psk") && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
                assertTrue("the client says which key it lacks: " + client().status(),
                        client().status().lastError().orElse("").contains("lwm2m/server/123/psk"));
                mark = events.mark();
            } finally {
                sim.start(); // and put back
            }
            assertEquals("coaps", events.await(mark, "registered", "itest-pull", TIMEOUT).registration.getLastEndpointUsed().getScheme());
            assertArrayEquals("the card's key is as it was", identity, cardKeyIdentity(filter, "lwm2m/server/123/psk").orElseThrow());
            assertFalse("and still unreadable", store(filter).read("lwm2m/server/123/psk").isPresent());
        } finally {
            boot.delete();
        }
    }

    /**
     * A PSK that a bootstrap server writes goes into the card's keys as it arrives: the Security instance keeps a
     * marker, the card keeps the key, and the client registers over DTLS-PSK with the master secret from the card.
     */
    @Test
    public void aPskABootstrapServerWritesGoesIntoTheCard() throws Exception {
        byte[] key = HexFormat.of().parseHex("b0075712a9e0c0ffee");
        security.add(SecurityInfo.newPreSharedKeyInfo("itest-bsw", "itest-bsw-identity", key));
        org.osgi.service.cm.Configuration boot = configAdmin.getConfiguration(Pids.BOOTSTRAP_SMARTCARD, null);
        boot.update(new Hashtable<>(Map.of("enabled", false))); // the bootstrap server, not the card's file
        int bsPort = FelixDistribution.freePort();
        org.scgateway.peers.leshan.server.bootstrap.InMemoryBootstrapConfigStore configs = new org.scgateway.peers.leshan.server.bootstrap.InMemoryBootstrapConfigStore();
        org.scgateway.peers.leshan.server.bootstrap.BootstrapConfig bc = new org.scgateway.peers.leshan.server.bootstrap.BootstrapConfig();
        org.scgateway.peers.leshan.server.bootstrap.BootstrapConfig.ServerConfig dm = new org.scgateway.peers.leshan.server.bootstrap.BootstrapConfig.ServerConfig();
        dm.shortId = 123;
        dm.lifetime = 300;
        dm.binding = java.util.EnumSet.of(org.scgateway.peers.leshan.core.request.BindingMode.U);
        bc.servers.put(0, dm);
        org.scgateway.peers.leshan.server.bootstrap.BootstrapConfig.ServerSecurity bs = new org.scgateway.peers.leshan.server.bootstrap.BootstrapConfig.ServerSecurity();
        bs.uri = "coap://127.0.0.1:" + bsPort;
        bs.bootstrapServer = true;
        bs.securityMode = org.scgateway.peers.leshan.core.SecurityMode.NO_SEC;
        bc.security.put(0, bs);
        org.scgateway.peers.leshan.server.bootstrap.BootstrapConfig.ServerSecurity dms = new org.scgateway.peers.leshan.server.bootstrap.BootstrapConfig.ServerSecurity();
        dms.uri = "coaps://127.0.0.1:" + coapsPort;
        dms.bootstrapServer = false;
        dms.securityMode = org.scgateway.peers.leshan.core.SecurityMode.PSK;
        dms.publicKeyOrId = "itest-bsw-identity".getBytes(StandardCharsets.UTF_8);
        dms.secretKey = key;
        dms.serverId = 123;
        bc.security.put(1, dms);
        bc.toDelete = List.of("/0", "/1");
        configs.add("itest-bsw", bc);
        org.scgateway.peers.leshan.server.bootstrap.LeshanBootstrapServer bootstrapServer = new org.scgateway.peers.leshan.server.bootstrap.LeshanBootstrapServerBuilder()
                .setConfigStore(configs)
                .setEndpointsProviders(new org.scgateway.peers.leshan.server.californium.bootstrap.endpoint.CaliforniumBootstrapServerEndpointsProvider.Builder(
                        new org.scgateway.peers.leshan.server.californium.bootstrap.endpoint.coap.CoapBootstrapServerProtocolProvider())
                        .addEndpoint(new InetSocketAddress("127.0.0.1", bsPort), Protocol.COAP).build())
                .build();
        bootstrapServer.start();
        try {
            insertCard("itest-bsw", bootstrapFile("coap://127.0.0.1:" + coapPort, 3, null, null, 120));
            String filter = "(" + CredentialStore.PROP_SECURE_COMPONENT_ID + "=" + simId() + ")";
            store(filter);
            int mark = events.mark();
            configure("itest-bsw", "bootstrapServerUri", "coap://127.0.0.1:" + bsPort);
            ServerEvents.Event registered = events.await(mark, "registered", "itest-bsw", TIMEOUT);
            assertEquals("coaps", registered.registration.getLastEndpointUsed().getScheme());
            assertArrayEquals("the card keeps the key of /0/1, with its identity", "itest-bsw-identity".getBytes(StandardCharsets.UTF_8),
                    cardKeyIdentity(filter, "lwm2m/bootstrapped/1/psk").orElseThrow());
            assertFalse("and no one reads it", store(filter).read("lwm2m/bootstrapped/1/psk").isPresent());
        } finally {
            bootstrapServer.destroy();
            boot.delete();
        }
    }

    /** The identity of a PSK in the card's keys, waited for as {@link #fromCard} waits. */
    private Optional<byte[]> cardKeyIdentity(String filter, String name) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while (System.currentTimeMillis() < deadline) {
            try {
                Optional<byte[]> identity = store(filter).pskKeys().orElseThrow(() -> new AssertionError("the card offers no keys"))
                        .identity(name);
                if (identity.isPresent()) {
                    return identity;
                }
            } catch (org.scgateway.api.credential.CredentialStoreException e) {
                // the store of a card just taken out
            }
            Thread.sleep(50);
        }
        return Optional.empty();
    }

    /**
     * The card's Access Control instances are written into the client as a Bootstrap-Write would: the server
     * reads them at /2, and the ACL's owner may rewrite one. With a lone server the ACL does not limit it (a
     * client with one server account gives it full rights, LwM2M 1.1 Core 7.3.3), so the Device object, which
     * the ACL grants it nothing on, still reads; what the ACL does with two servers is AccessPolicyTest's, as
     * Leshan's registration engine registers with the first server only.
     */
    @Test
    public void theCardsAccessControlInstancesAreInTheClient() throws Exception {
        configure("itest-acl");
        int mark = events.mark();
        LwM2mObject acl = new LwM2mObject(2,
                new LwM2mObjectInstance(0, integer(0, 3), integer(1, 0), LwM2mMultipleResource.newIntegerResource(2, Map.of(7, 1L)),
                        integer(3, 1)),
                new LwM2mObjectInstance(1, integer(0, 1), integer(1, 0), LwM2mMultipleResource.newIntegerResource(2, Map.of(1, 15L)),
                        integer(3, AccessControl.OBJECT)));
        insertCard("itest-acl", file(new LwM2mObject(0, noSec(0, "coap://127.0.0.1:" + coapPort, 1)),
                new LwM2mObject(1, server(0, 1)), acl));
        Registration r = events.await(mark, "registered", "itest-acl", TIMEOUT).registration;
        assertTrue("the client announces the Access Control object: " + Arrays.toString(r.getObjectLinks()),
                Arrays.stream(r.getObjectLinks()).anyMatch(l -> l.getUriReference().equals("/2/0")));
        assertEquals("SCS-4/5: the card's admin instance links every instance read from its file", List.of("0:0", "1:0", "2:0", "2:1"),
                hostedIn(simId(), "itest-acl"));

        ReadResponse first = send(server, "itest-acl", new ReadRequest(2, 0));
        assertTrue("/2/0 reads: " + first, first.isSuccess());
        LwM2mObjectInstance read = (LwM2mObjectInstance) first.getContent();
        assertEquals("object", 3L, read.getResource(0).getValue());
        assertEquals("instance", 0L, read.getResource(1).getValue());
        assertEquals("the card's ACL", Map.of(7, 1L), read.getResource(2).getInstances().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getValue())));
        assertEquals("owner", 1L, read.getResource(3).getValue());

        // The rewrite lives as long as the client: write and read back within one registration.
        LwM2mObjectInstance after = null;
        while (after == null) {
            Registration current = server.getRegistrationService().getByEndpoint("itest-acl");
            try {
                WriteResponse rewrite = server.send(current,
                        new WriteRequest(ContentFormat.TLV, 2, 0, 2, Map.of(1, 1L, 7, 3L), ResourceModel.Type.INTEGER), 10_000);
                assertTrue("the owner rewrites its ACL: " + rewrite, rewrite.isSuccess());
                after = (LwM2mObjectInstance) server.send(current, new ReadRequest(2, 0), 10_000).getContent();
            } catch (RequestCanceledException e) {
                Thread.sleep(100); // the client re-registered in between
            }
        }
        assertEquals(Map.of(1, 1L, 7, 3L), after.getResource(2).getInstances().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getValue())));
        assertEquals("an instance owned by the bootstrap server is not the server's to write", ResponseCode.UNAUTHORIZED,
                send(server, "itest-acl", new WriteRequest(ContentFormat.TLV, 2, 1, 2, Map.of(1, 31L), ResourceModel.Type.INTEGER))
                        .getCode());
        assertTrue("a lone server has full rights: /3/0 reads", send(server, "itest-acl", new ReadRequest(3, 0)).isSuccess());
    }

    /**
     * A server protected by OSCORE rather than DTLS (the card's Security instance links, resource 17, to its OSCORE
     * instance): Leshan 2.0.0-M18 has no OSCORE transport, and its plain CoAP endpoint would carry the client's
     * messages unprotected. The client says why it does not reach the server, in its status, and not one datagram
     * leaves for the server's address (a socket bound there instead of a server hears nothing).
     */
    @Test
    public void anOscoreServerIsRefusedSaidAndSentNothingUnprotected() throws Exception {
        try (java.net.DatagramSocket listener = new java.net.DatagramSocket(new java.net.InetSocketAddress("127.0.0.1", 0))) {
            int oscorePort = listener.getLocalPort();
            byte[] secret = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f10");
            configure("itest-oscore");
            LwM2mObjectInstance security = new LwM2mObjectInstance(0, LwM2mSingleResource.newStringResource(0, "coap://127.0.0.1:" + oscorePort),
                    LwM2mSingleResource.newBooleanResource(1, false), integer(2, 3), integer(10, 1),
                    LwM2mSingleResource.newObjectLinkResource(17, new ObjectLink(21, 0)));
            LwM2mObjectInstance context = new LwM2mObjectInstance(0, LwM2mSingleResource.newBinaryResource(0, secret),
                    LwM2mSingleResource.newBinaryResource(1, new byte[] {0x01}), LwM2mSingleResource.newBinaryResource(2, new byte[] {0x02}),
                    integer(3, OscoreContext.AES_CCM_16_64_128), integer(4, OscoreContext.HKDF_SHA_256),
                    LwM2mSingleResource.newBinaryResource(5, HexFormat.of().parseHex("9e7ca92223786340")));
            insertCard("itest-oscore", file(new LwM2mObject(0, security), new LwM2mObject(1, server(0, 1)), new LwM2mObject(21, context)));

            long deadline = System.currentTimeMillis() + TIMEOUT;
            java.util.Optional<org.scgateway.api.lwm2m.ServerStatus> refused = java.util.Optional.empty();
            while (refused.isEmpty() && System.currentTimeMillis() < deadline) {
                refused = client().status().servers().stream().filter(v -> v.shortServerId() == 1
                        && v.state() == org.scgateway.api.lwm2m.ServerStatus.State.FAILED).findFirst();
                Thread.sleep(100);
            }
            assertTrue("the OSCORE server is shown failed: " + client().status(), refused.isPresent());
            assertTrue("and why: " + refused.get(), refused.get().lastError().orElse("").contains("OSCORE"));
            listener.setSoTimeout(3000);
            try {
                java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[1500], 1500);
                listener.receive(p);
                org.junit.Assert.fail("a datagram of " + p.getLength() + " bytes went to the OSCORE server's address unprotected");
            } catch (java.net.SocketTimeoutException nothing) {
                // as it must be
            }
        }
    }

    // --- the card

    private String simId() throws Exception {
        return Services.await(context, SecureElement.class, "(scgw.component.backend=se.sim)", TIMEOUT).id();
    }

    /** The store outside any Secure Component: where the keys that open the card are kept. */
    private CredentialStore hostStore() throws Exception {
        return store(CredentialStore.HOST_STORE);
    }

    private CredentialStore store(String filter) throws Exception {
        return Services.await(context, CredentialStore.class, filter, TIMEOUT);
    }

    /**
     * An entry of the card's store, waited for: the card's store is offered anew with each insertion, and one
     * taken a moment ago may be that of a card just taken out.
     */
    private long lastServiceId() throws Exception {
        return CardFiles.lastServiceId(context);
    }

    /** Waits for a {@code type} service matching {@code filter} registered after service {@code after}. */
    private void awaitServiceAfter(Class<?> type, String filter, long after) throws Exception {
        CardFiles.awaitServiceAfter(context, type, filter, after);
    }

    private byte[] fromCard(String filter, String name) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while (System.currentTimeMillis() < deadline) {
            try {
                Optional<Secret> s = store(filter).read(name);
                if (s.isPresent()) {
                    return s.get().bytes();
                }
            } catch (org.scgateway.api.credential.CredentialStoreException e) {
                // the store of a card just taken out
            }
            Thread.sleep(50);
        }
        return null;
    }

    private void provisionKeys(Scp03Keys keys) throws Exception {
        CardFiles.provisionKeys(context, keys);
    }

    /** The built-in profile under another name (so another state file), with {@code file} in EF 6432. */
    private void insertCard(String name, byte[] file) throws Exception {
        CardFiles.insert(context, configAdmin, "cardboot", name, file);
    }

    /** UPDATE BINARY of EF LwM2M_Bootstrap inside SCP03, as the card's issuer may. */
    private void writeBootstrapFile(byte[] file) throws Exception {
        ServiceTracker<SecureElement, SecureElement> t = new ServiceTracker<>(context, context.createFilter(
                "(&(objectClass=" + SecureElement.class.getName() + ")(scgw.component.backend=se.sim))"), null);
        t.open();
        try {
            SecureElement se = t.waitForService(TIMEOUT);
            assertNotNull("the simulated card", se);
            try (ApduChannel ch = se.openLogicalChannel(PKCS15)) {
                Scp03Session scp = Scp03Session.open(ch, SimulatedCardKeys.builtInProfile(), SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC);
                assertEquals(0x9000, scp.transmit(CommandApdu.of(0x00, 0xA4, 0x08, 0x0C, new byte[] {0x7F, (byte) 0xFF, 0x64, 0x32})).sw());
                for (int offset = 0; offset < file.length; offset += 200) {
                    byte[] part = java.util.Arrays.copyOfRange(file, offset, Math.min(file.length, offset + 200));
                    assertEquals(0x9000, scp.transmit(CommandApdu.of(0x00, 0xD6, offset >> 8, offset & 0xFF, part)).sw());
                }
            }
        } finally {
            t.close();
        }
    }

    /**
     * A bootstrap file (Appendix G): /0/0 with the server's URI, Security Mode, and for PSK the identity and
     * key, short server id 1; /1/0 with short server id 1, the lifetime and binding U.
     */
    static byte[] bootstrapFile(String uri, int mode, String identity, byte[] key, int lifetime) {
        ByteArrayOutputStream security = new ByteArrayOutputStream();
        security.writeBytes(resource(0, uri.getBytes(StandardCharsets.UTF_8)));
        security.writeBytes(resource(1, new byte[] {0}));
        security.writeBytes(resource(2, new byte[] {(byte) mode}));
        if (identity != null) {
            security.writeBytes(resource(3, identity.getBytes(StandardCharsets.UTF_8)));
            security.writeBytes(resource(5, key));
        }
        security.writeBytes(resource(10, new byte[] {1}));
        ByteArrayOutputStream server = new ByteArrayOutputStream();
        server.writeBytes(resource(0, new byte[] {1}));
        server.writeBytes(resource(1, new byte[] {(byte) (lifetime >> 8), (byte) lifetime}));
        server.writeBytes(resource(6, new byte[] {0}));
        server.writeBytes(resource(7, "U".getBytes(StandardCharsets.UTF_8)));
        byte[] o0 = object(0, instance(0, security.toByteArray()));
        byte[] o1 = object(1, instance(0, server.toByteArray()));
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        int size = o0.length + o1.length;
        f.writeBytes(new byte[] {0, 2, (byte) (size >> 8), (byte) size});
        f.writeBytes(o0);
        f.writeBytes(o1);
        return f.toByteArray();
    }


    /** LwM2M TLV: type 00 (instance) or 11 (resource), 8-bit id, length in the next one or two bytes. */
    private static byte[] tlv(int type, int id, byte[] value) {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        if (value.length < 256) {
            t.write(type << 6 | 0x08);
            t.write(id);
            t.write(value.length);
        } else {
            t.write(type << 6 | 0x10);
            t.write(id);
            t.write(value.length >> 8);
            t.write(value.length);
        }
        t.writeBytes(value);
        return t.toByteArray();
    }

    private static byte[] instance(int id, byte[] resources) {
        return tlv(0, id, resources);
    }

    private static byte[] resource(int id, byte[] value) {
        return tlv(3, id, value);
    }

    // --- bootstrap files from Leshan's own objects

    private static LeshanServer leshan(CaliforniumServerEndpointsProvider endpoints, InMemorySecurityStore store) {
        return new LeshanServerBuilder().setEndpointsProviders(endpoints)
                .setObjectModelProvider(new VersionedModelProvider(ObjectLoader.loadDefault())).setSecurityStore(store).build();
    }

    /**
     * Hosted Instances (/42769/x/14) of the admin instance of a component that come from its bootstrap file or
     * credential store, as the server reads them. The test cards are eUICCs too (they start from the built-in
     * profile), and their 504 instance, linked there as well, is RemoteSimProvisioningIT's concern.
     */
    private List<String> hostedIn(String componentId, String endpoint) throws Exception {
        // The client tells the admin object what it took from the card once it has registered with it: the
        // links can lag the registration by a moment, so the server reads again until there are some.
        AdminObject admin = new AdminObject(server, endpoint, TIMEOUT);
        long deadline = System.currentTimeMillis() + TIMEOUT;
        List<String> links = List.of();
        while (links.isEmpty() && System.currentTimeMillis() < deadline) {
            ReadResponse read = admin.send(new ReadRequest(AdminObject.OBJECT, admin.awaitInstanceOf(componentId), 14));
            if (read.getCode() != ResponseCode.NOT_FOUND) { // an empty multiple resource is not there
                assertTrue("Hosted Instances reads: " + read, read.isSuccess());
                links = ((org.scgateway.peers.leshan.core.node.LwM2mMultipleResource) read.getContent()).getInstances().values().stream()
                        .map(v -> (ObjectLink) v.getValue()).filter(l -> l.getObjectId() != 504)
                        .map(l -> l.getObjectId() + ":" + l.getObjectInstanceId()).collect(java.util.stream.Collectors.toList());
            }
            if (links.isEmpty()) {
                Thread.sleep(100);
            }
        }
        return links;
    }

    private static <T extends LwM2mResponse> T send(LeshanServer to, String endpoint, DownlinkRequest<T> request) throws Exception {
        return Requests.send(to, endpoint, request, TIMEOUT);
    }

    // --- helpers

    /**
     * The server forgets every DTLS session, as one does after a restart or when a session expires: the client's next
     * Update cannot go through the old one, times out, and the client reaches the server again over a full handshake
     * (an Update or a new registration). For the client's keys in the card, that handshake uses the card again.
     */
    private void assertReachedAfterTheServerForgetsTheSession(LeshanServer s, String endpoint) throws Exception {
        forgetDtlsSessions(s);
        int mark = events.mark();
        client().triggerUpdate();
        long deadline = System.currentTimeMillis() + 2 * TIMEOUT;
        ServerEvents.Event after = null;
        while (after == null && System.currentTimeMillis() < deadline) {
            after = events.events.subList(mark, events.events.size()).stream()
                    .filter(e -> e.endpoint().equals(endpoint) && (e.kind.equals("updated") || e.kind.equals("registered")))
                    .findFirst().orElse(null);
            Thread.sleep(100);
        }
        assertNotNull("after the server lost the session, the client reached it again: the server saw "
                + events.events.subList(mark, events.events.size()), after);
    }

    /**
     * Where the client says its server's key is used, once it says so: the server sees the registration a moment
     * before the client's status has it.
     */
    private String keyLocation() throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT;
        java.util.Optional<String> where = client().status().keyLocation();
        while (where.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            where = client().status().keyLocation();
        }
        return where.orElse("");
    }

    /** The server forgets every DTLS session of its CoAPS endpoint, as after a restart or an expiry. */
    static void forgetDtlsSessions(LeshanServer s) {
        ((org.scgateway.peers.californium.scandium.DTLSConnector) ((org.scgateway.peers.leshan.server.californium.endpoint.CaliforniumServerEndpoint) s
                .getEndpoint(Protocol.COAPS)).getCoapEndpoint().getConnector()).clearConnectionState();
    }

    private void configure(String endpoint, Object... kv) throws IOException {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("endpoint", endpoint);
        props.put("retryWaitMs", 500);
        for (int i = 0; i < kv.length; i += 2) {
            props.put((String) kv[i], kv[i + 1]);
        }
        configAdmin.getConfiguration(CLIENT, null).update(props);
    }

    private LwM2mClientService client() throws InterruptedException {
        ServiceTracker<LwM2mClientService, LwM2mClientService> t = new ServiceTracker<>(context, LwM2mClientService.class, null);
        t.open();
        try {
            LwM2mClientService s = t.waitForService(TIMEOUT);
            assertNotNull("no LwM2mClientService", s);
            return s;
        } finally {
            t.close();
        }
    }

    /**
     * The client says, in its status (lwm2m:status, the Web Console), why the card's data was not used. Waited
     * for: a card inserted restarts the client more than once (its bootstrap source, its credential store).
     */
    private void assertSourceProblem(String text) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT;
        org.scgateway.api.lwm2m.ClientStatus status = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                status = client().status();
                if (status.sourceProblem().orElse("").contains(text)) {
                    assertEquals("configuration " + CLIENT, status.serversFrom().orElse(null));
                    return;
                }
            } catch (IllegalStateException e) {
                // the client component is being replaced
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the status does not name the cause '" + text + "': " + status);
    }

}
