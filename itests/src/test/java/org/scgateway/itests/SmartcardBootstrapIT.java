package org.scgateway.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.model.VersionedModelProvider;
import org.eclipse.leshan.server.security.InMemorySecurityStore;
import org.eclipse.leshan.server.security.SecurityInfo;
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
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialUpdate;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.lwm2m.LwM2mClientService;
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

    private static final String CLIENT = "org.scgateway.lwm2m.client";
    private static final String SIM = "org.scgateway.se.sim";
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

    @Configuration
    public Option[] config() throws IOException {
        List<Option> options = FelixDistribution.options("cardboot");
        options.add(mavenBundle("org.eclipse.leshan", "leshan-server-core").versionAsInProject());
        options.add(mavenBundle("org.eclipse.leshan", "leshan-server-cf").versionAsInProject());
        return options.toArray(new Option[0]);
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
                .setObjectModelProvider(new VersionedModelProvider(ObjectLoader.loadDefault())).setSecurityStore(security).build();
        server.getRegistrationService().addListener(events);
        server.start();
        provisionKeys(SimulatedCardKeys.builtInProfile());
    }

    @After
    public void stop() throws Exception {
        configAdmin.getConfiguration(SIM, null).update(new Hashtable<>(Map.of("profile", "")));
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
        ReadResponse read = server.send(registered.registration, new ReadRequest(0), 10_000);
        assertFalse("the management server read /0: " + read, read.isSuccess());
        assertTrue("refused as not there (Leshan's answer) or not allowed: " + read.getCode(),
                read.getCode() == ResponseCode.NOT_FOUND || read.getCode() == ResponseCode.UNAUTHORIZED);
        assertEquals("smartcard " + simId() + " EF LwM2M_Bootstrap", client().status().serversFrom().orElse(null));
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
     * SCS-4: with a card that has SC Gateway's credential application, the client's secrets live there. An
     * entry still in the local file is moved in when the card arrives, and the PSK typed into the client's
     * configuration goes straight into the card; the registration over DTLS reads it from there.
     */
    @Test
    public void theClientsSecretsAreKeptInTheCardNotInTheFile() throws Exception {
        byte[] key = HexFormat.of().parseHex("0badc0ffee0123456789");
        security.add(SecurityInfo.newPreSharedKeyInfo("itest-sc4", "itest-sc4-identity", key));
        org.osgi.service.cm.Configuration boot = configAdmin.getConfiguration("org.scgateway.bootstrap.smartcard", null);
        boot.update(new Hashtable<>(Map.of("enabled", false))); // the configured server, not the card's file
        try {
            hostStore().apply(CredentialUpdate.put("lwm2m/server/9/psk", Secret.of(new byte[] {9, 9, 9})));
            insertCard("itest-sc4", bootstrapFile("coap://127.0.0.1:" + coapPort, 3, null, null, 120));
            String filter = "(scgw.credential.component.id=" + simId() + ")";
            // The card's store is offered anew with each insertion: wait for the one of this card to hold the entry.
            long deadline = System.currentTimeMillis() + TIMEOUT;
            byte[] moved = null;
            while (moved == null && System.currentTimeMillis() < deadline) {
                try {
                    moved = store(filter).read("lwm2m/server/9/psk").map(Secret::bytes).orElse(null);
                } catch (org.scgateway.api.credential.CredentialStoreException e) {
                    // the store of a card just taken out
                }
                Thread.sleep(50);
            }
            assertArrayEquals("moved into the card", new byte[] {9, 9, 9}, moved);
            assertFalse("and out of the file", hostStore().read("lwm2m/server/9/psk").isPresent());
            CredentialStore card = store(filter);

            int mark = events.mark();
            configure("itest-sc4", "serverUri", "coaps://127.0.0.1:" + coapsPort, "securityMode", "PSK", "pskIdentity", "itest-sc4-identity",
                    "pskKey", HexFormat.of().formatHex(key));
            ServerEvents.Event registered = events.await(mark, "registered", "itest-sc4", TIMEOUT);
            assertEquals("coaps", registered.registration.getLastEndpointUsed().getScheme());
            assertArrayEquals("the PSK is in the card", key, card.read("lwm2m/server/123/psk").orElseThrow().bytes());
            assertFalse("and not in the file", hostStore().read("lwm2m/server/123/psk").isPresent());
            assertTrue("the file's content never held it", !java.nio.file.Files.readString(Paths.get("target", "cardboot-data",
                    "credentials.properties")).contains(java.util.Base64.getEncoder().encodeToString(key)));
        } finally {
            boot.delete();
        }
    }

    // --- the card

    private String simId() throws Exception {
        ServiceTracker<SecureElement, SecureElement> t = new ServiceTracker<>(context, context.createFilter(
                "(&(objectClass=" + SecureElement.class.getName() + ")(scgw.component.backend=se.sim))"), null);
        t.open();
        try {
            SecureElement se = t.waitForService(TIMEOUT);
            assertNotNull("the simulated card", se);
            return se.id();
        } finally {
            t.close();
        }
    }

    /** The store outside any Secure Component: where the keys that open the card are kept. */
    private CredentialStore hostStore() throws Exception {
        return store("(!(scgw.credential.component.id=*))");
    }

    private CredentialStore store(String filter) throws Exception {
        ServiceTracker<CredentialStore, CredentialStore> t = new ServiceTracker<>(context, context.createFilter(
                "(&(objectClass=" + CredentialStore.class.getName() + ")" + filter + ")"), null);
        t.open();
        try {
            CredentialStore s = t.waitForService(TIMEOUT);
            assertNotNull("no credential store " + filter, s);
            return s;
        } finally {
            t.close();
        }
    }

    private void provisionKeys(Scp03Keys keys) throws Exception {
        hostStore().apply(CredentialUpdate.builder().put("scp03/default/enc", Secret.of(keys.enc()))
                .put("scp03/default/mac", Secret.of(keys.mac())).put("scp03/default/dek", Secret.of(keys.dek()))
                .put("scp03/default/version", Secret.of(new byte[] {(byte) keys.version()})).build());
    }

    /** The built-in profile under another name (so another state file), with {@code file} in EF 6432. */
    private void insertCard(String name, byte[] file) throws Exception {
        String profile;
        try (InputStream in = bundle("org.scgateway.se.sim").getEntry("profiles/default.json").openStream()) {
            profile = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String builtInFile = "0002003E0000000024080021C80015636F61703A2F2F3132372E302E302E313A35363833C10100C10203C10A7B000100001008000DC1007BC201012CC10600C10755";
        assertTrue("the built-in profile changed; adjust this test", profile.contains(builtInFile));
        profile = profile.replace("\"name\": \"scgw-default\"", "\"name\": \"" + name + "\"")
                .replace(builtInFile, HexFormat.of().withUpperCase().formatHex(file));
        Path path = Paths.get("target", name + "-profile.json").toAbsolutePath();
        Files.writeString(path, profile);
        Path state = Paths.get("target", "cardboot-data", "se-sim", name + ".json");
        Files.deleteIfExists(state);
        configAdmin.getConfiguration(SIM, null).update(new Hashtable<>(Map.of("profile", path.toString())));
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

    private static byte[] object(int id, byte[] tlv) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {(byte) (id >> 8), (byte) id, 0, (byte) (tlv.length >> 8), (byte) tlv.length});
        o.writeBytes(tlv);
        return o.toByteArray();
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

    // --- helpers

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

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }
}
