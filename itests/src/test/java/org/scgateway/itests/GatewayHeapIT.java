package org.scgateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.scgateway.peers.leshan.core.endpoint.Protocol;
import org.scgateway.peers.leshan.server.LeshanServer;
import org.scgateway.peers.leshan.server.LeshanServerBuilder;
import org.scgateway.peers.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.scgateway.peers.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.scgateway.peers.leshan.server.security.InMemorySecurityStore;
import org.scgateway.peers.leshan.server.security.SecurityInfo;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Issue 20's proof, on the whole gateway: run/'s Felix distribution in a process of its own registers over DTLS-PSK
 * (and over DTLS-RPK) with a real Leshan server (in this JVM, which is not dumped), then {@code jcmd GC.heap_dump} takes
 * the gateway's live heap and the test searches it for the PSK's bytes (the private key's scalar). With the simulated card in another process, in vpcd's
 * reader (the gateway reaches it through pcscd and its PC/SC driver, as it would a real card), the card computes
 * the master secret and the dump holds no copy of the key. With no card, the key is in the file store and in
 * Leshan's Security instance, and the same search finds it: the search can find what it looks for. The PSK of the
 * card's own bootstrap file, which the client reads at each start, goes into the card as read: no copy while the
 * client runs; with the card's credential store turned off, the client keeps it and the search finds it.
 * <p>
 * The dump has the live objects only (jcmd's default, after a full GC): copies the gateway made and let go (the host
 * file's entry as the card's store moved it in) are not counted. The key starts in the host file here, as a pskKey
 * import or a file from before the card would put it; the client starts once, on the card, which was in its reader
 * before the gateway started (it waits for the PC/SC driver's first look at the readers).
 */
public class GatewayHeapIT {

    private static final String READY = GatewayProcesses.READY;
    private static final String IDENTITY = "heap-psk-identity";
    /** Leshan's server knows each PSK identity once: the bootstrap file's account has its own. */
    private static final String CARD_FILE_IDENTITY = "heap-card-file-identity";

    private final GatewayProcesses processes = new GatewayProcesses();
    private final ServerEvents events = new ServerEvents();
    private LeshanServer server;
    private int coapsPort;
    private Path work;
    private byte[] psk;
    /** The client's RPK key pair, made here and given to the gateway as a readable PKCS#8 entry; and the server's. */
    private KeyPair client;
    private KeyPair serverKeys;
    /** Whether the gateway's card credential store is turned off (credential.se), for the bootstrap file's control. */
    private boolean credentialStoreInCardOff;
    /** More lines for the client's configuration file. */
    private String clientSettings = "";

    /** How the gateway reaches the server: its endpoint name, the client's settings, and its host file's entries. */
    private enum Mode {
        PSK("heap-psk"), RPK("heap-rpk"),
        /** The PSK in the card's bootstrap file (Appendix G), which the client reads at each start. */
        CARD_FILE("heap-card-file");

        final String endpoint;

        Mode(String endpoint) {
            this.endpoint = endpoint;
        }
    }

    @Before
    public void serverKnowingOnlyIdentityAndPskOrThePublicKey() throws Exception {
        work = Files.createTempDirectory(Files.createDirectories(Paths.get("target").toAbsolutePath()), "heap-");
        psk = new byte[16];
        new SecureRandom().nextBytes(psk);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        client = g.generateKeyPair();
        serverKeys = g.generateKeyPair();
        coapsPort = FelixDistribution.freePort();
        InMemorySecurityStore security = new InMemorySecurityStore();
        security.add(SecurityInfo.newPreSharedKeyInfo(Mode.PSK.endpoint, IDENTITY, psk));
        security.add(SecurityInfo.newRawPublicKeyInfo(Mode.RPK.endpoint, client.getPublic()));
        security.add(SecurityInfo.newPreSharedKeyInfo(Mode.CARD_FILE.endpoint, CARD_FILE_IDENTITY, psk));
        server = new LeshanServerBuilder().setSecurityStore(security).setPrivateKey(serverKeys.getPrivate()).setPublicKey(serverKeys.getPublic())
                .setEndpointsProviders(new CaliforniumServerEndpointsProvider.Builder(new CoapsServerProtocolProvider())
                        .addEndpoint(new InetSocketAddress("127.0.0.1", coapsPort), Protocol.COAPS).build())
                .build();
        server.getRegistrationService().addListener(events);
        server.start();
    }

    @After
    public void stopEverything() throws Exception {
        processes.close();
        if (server != null) {
            server.destroy();
        }
        // Dumps are large, and hold whatever the gateway held; -DkeepHeapWork=true keeps them to look into.
        if (!Boolean.getBoolean("keepHeapWork")) {
            GatewayProcesses.deleteTree(work);
        }
    }

    @Test
    public void withTheKeyInTheCardTheGatewaysHeapHoldsNoCopyOfIt() throws Exception {
        PcscSupport.requirePcscd();
        Process card = startCard();
        Path dump = registerAndDump(Mode.PSK, "credentials in secure component");
        assertFalse("the PSK's bytes are in the gateway's live heap (" + dump + ")", contains(dump, psk));
        assertStartedOnceOnTheCard(Mode.PSK);
        assertFalse("the PSK left the host file", Files.readString(work.resolve("data/credentials.properties"))
                .contains(Base64.getEncoder().encodeToString(psk)));
        assertTrue("the card process still runs", card.isAlive());
    }

    @Test
    public void withTheKeyInTheFileStoreTheSameSearchFindsIt() throws Exception {
        Path dump = registerAndDump(Mode.PSK, "credentials in file");
        assertTrue("the search finds the PSK where the gateway holds it", contains(dump, psk));
    }

    /** RPK: the private key, given once as a readable entry, goes into the card, which signs; its scalar is in no live object. */
    @Test
    public void withTheRpkKeyInTheCardTheGatewaysHeapHoldsNoCopyOfItsScalar() throws Exception {
        PcscSupport.requirePcscd();
        startCard();
        Path dump = registerAndDump(Mode.RPK, "credentials in secure component");
        assertFalse("the private key's scalar is in the gateway's live heap (" + dump + ")", contains(dump, scalar()));
        assertStartedOnceOnTheCard(Mode.RPK);
    }

    @Test
    public void withTheRpkKeyInTheFileStoreTheSameSearchFindsItsScalar() throws Exception {
        Path dump = registerAndDump(Mode.RPK, "credentials in file");
        assertTrue("the search finds the scalar where the gateway holds it", contains(dump, scalar()));
    }

    /**
     * The card pulled in the middle of a handshake, as pcscd sees it: registered over DTLS-PSK with the card, the server
     * forgets the session, and the card leaves its reader in the middle of the DERIVE MASTER SECRET of the next
     * handshake (unanswered). The handshake fails, the client waits and tries again, and once the card is back (3 s
     * later) registers again, with the same key in the card: a handshake writes nothing there.
     */
    @Test
    public void theCardPulledInTheMiddleOfAHandshakeTheClientRegistersOnceItIsBack() throws Exception {
        PcscSupport.requirePcscd();
        Process card = startCard();
        clientSettings = "lifetime = 30\nrequestTimeoutMs = 3000\n"; // an Update within the lifetime, and soon given up
        registered(Mode.PSK, "credentials in secure component");
        java.io.Writer toCard = new java.io.OutputStreamWriter(card.getOutputStream(), StandardCharsets.UTF_8);
        toCard.write("pull-on-ins 2A 3000\n"); // DERIVE MASTER SECRET
        toCard.flush();
        processes.awaitLine("VpcdCard: armed", 10_000);

        SmartcardBootstrapIT.forgetDtlsSessions(server);
        processes.awaitLine("VpcdCard: pulled", 90_000); // at the client's next Update, which needs a new handshake
        int mark = events.mark();
        Path log = work.resolve("data/log/gateway.log");
        long deadline = System.currentTimeMillis() + 90_000;
        ServerEvents.Event back = null;
        while (back == null && System.currentTimeMillis() < deadline) {
            back = events.events.subList(mark, events.events.size()).stream().filter(e -> e.endpoint().equals(Mode.PSK.endpoint)
                    && (e.kind.equals("registered") || e.kind.equals("updated"))).findFirst().orElse(null);
            Thread.sleep(100);
        }
        assertNotNull("after the card was pulled mid-handshake and put back, the client reached the server again: the server saw "
                + events.events.subList(mark, events.events.size()) + "\nthe gateway's log ends:\n" + GatewayProcesses.tail(log, 60), back);
        assertTrue("the card process still runs", card.isAlive());
        List<String> lines = Files.readAllLines(log);
        assertTrue("the gateway saw the card go", lines.stream().anyMatch(l -> l.contains("card removed from Virtual PCD")));
    }

    /**
     * The card's own bootstrap file names the server and carries the PSK; the client reads it at each start, and the
     * card, which keeps keys, takes the key in: the live heap holds no copy of it while the client runs.
     */
    @Test
    public void withTheKeyInTheCardsBootstrapFileTheGatewaysHeapHoldsNoCopyOfItWhileTheClientRuns() throws Exception {
        PcscSupport.requirePcscd();
        startCard(cardWithBootstrapFile());
        Path dump = registerAndDump(Mode.CARD_FILE, "credentials in secure component");
        assertFalse("the PSK's bytes are in the gateway's live heap (" + dump + ")", contains(dump, psk));
        assertStartedOnceOnTheCard(Mode.CARD_FILE);
    }

    /** The same card, with the card's credential store turned off: the key read from the file stays in the client. */
    @Test
    public void withTheBootstrapFilesKeyKeptByTheClientTheSameSearchFindsIt() throws Exception {
        PcscSupport.requirePcscd();
        startCard(cardWithBootstrapFile());
        credentialStoreInCardOff = true;
        Path dump = registerAndDump(Mode.CARD_FILE, "credentials in file");
        assertTrue("the search finds the PSK where the gateway holds it", contains(dump, psk));
    }

    /**
     * The card was in its reader before the gateway started: the client waited for the PC/SC driver's first look at the
     * readers and for what the card offers, and started once, on the card, never on the host file with the key in it.
     */
    private void assertStartedOnceOnTheCard(Mode mode) throws IOException {
        List<String> starts = Files.readAllLines(work.resolve("data/log/gateway.log")).stream()
                .filter(l -> l.contains("LwM2M client " + mode.endpoint + " started towards")).toList();
        assertEquals("the client's starts: " + starts, 1, starts.size());
        assertTrue(starts.get(0), starts.get(0).contains("credentials in secure component"));
    }

    /** The built-in card profile with a bootstrap file for this test's server and PSK, as a file for VpcdCard. */
    private Path cardWithBootstrapFile() throws IOException {
        byte[] file = SmartcardBootstrapIT.bootstrapFile("coaps://127.0.0.1:" + coapsPort, 0, CARD_FILE_IDENTITY, psk, 120);
        return GatewayProcesses.cardProfileWithBootstrapFile(work.resolve("card-profile.json"), file);
    }

    /** The client's private key as 32 big-endian bytes, as PKCS#8 and a card carry it. */
    private byte[] scalar() {
        byte[] s = ((ECPrivateKey) client.getPrivate()).getS().toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(32, s.length);
        System.arraycopy(s, s.length - n, out, 32 - n, n);
        return out;
    }

    /**
     * Starts the gateway with the PSK in its host file, waits until it is registered with {@code credentials} (as its
     * log names the store the client started with) and has settled, and dumps its live heap. A card that arrives
     * after the client started moves the key and restarts the client: the registration before that used the file.
     */
    private Path registerAndDump(Mode mode, String startedWith) throws Exception {
        return dump(registered(mode, startedWith));
    }

    /** Starts the gateway (see {@link #registerAndDump}) and waits until it is registered and settled. */
    private Process registered(Mode mode, String startedWith) throws Exception {
        Path home = home(mode);
        Path data = Files.createDirectories(work.resolve("data"));
        Path credentials = data.resolve("credentials.properties");
        Files.createFile(credentials, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Base64.Encoder b64 = Base64.getEncoder();
        Files.writeString(credentials, mode == Mode.CARD_FILE ? "" : mode == Mode.PSK ? "lwm2m/server/123/psk=" + b64.encodeToString(psk) + "\n"
                : "lwm2m/server/123/client-private-key=" + b64.encodeToString(client.getPrivate().getEncoded()) + "\n"
                        + "lwm2m/server/123/client-public-key=" + b64.encodeToString(client.getPublic().getEncoded()) + "\n"
                        + "lwm2m/server/123/server-public-key=" + b64.encodeToString(serverKeys.getPublic().getEncoded()) + "\n",
                StandardOpenOption.APPEND);
        String endpoint = mode.endpoint;

        int mark = events.mark();
        Process gateway = processes.start("gateway", new ProcessBuilder(GatewayProcesses.gatewayCommand(home, data, FelixDistribution.freePort(),
                mode == Mode.CARD_FILE
                        ? "coap://127.0.0.1:" + FelixDistribution.freePort() // the card's file names the server; this one is not used
                        : "coaps://127.0.0.1:" + coapsPort,
                mode == Mode.CARD_FILE, endpoint)));
        processes.awaitLine(READY, 120_000);
        Path log = data.resolve("log/gateway.log");
        try {
            ServerEvents.Event registered = events.await(mark, "registered", endpoint, 60_000);
            assertEquals("coaps", registered.registration.getLastEndpointUsed().getScheme());
            awaitSettled(log, endpoint, startedWith);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nthe gateway's log ends:\n" + GatewayProcesses.tail(log, 40), e);
        }
        return gateway;
    }

    /** The gateway's live heap, dumped by jcmd. */
    private Path dump(Process gateway) throws Exception {
        Path dump = work.resolve("gateway.hprof");
        Process jcmd = new ProcessBuilder(Paths.get(GatewayProcesses.javaBin()).resolveSibling("jcmd").toString(), Long.toString(gateway.pid()),
                "GC.heap_dump", dump.toString()).redirectErrorStream(true).start();
        String said = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("jcmd: " + said, jcmd.waitFor(120, TimeUnit.SECONDS) && jcmd.exitValue() == 0 && Files.size(dump) > 1_000_000);
        return dump;
    }

    /**
     * Waits until the client last started with {@code credentials}, the server's last event of the gateway is a
     * registration, and nothing more happened for three seconds.
     */
    private void awaitSettled(Path log, String endpoint, String credentials) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        int seen = -1;
        long quietSince = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            int now = events.mark();
            if (now != seen) {
                seen = now;
                quietSince = System.currentTimeMillis();
            }
            List<String> starts = Files.readAllLines(log).stream().filter(l -> l.contains("LwM2M client " + endpoint + " started towards")).toList();
            boolean started = !starts.isEmpty() && starts.get(starts.size() - 1).contains(credentials);
            boolean registered = now > 0 && events.events.get(now - 1).kind.equals("registered");
            if (started && registered && System.currentTimeMillis() - quietSince > 3_000) {
                return;
            }
            Thread.sleep(100);
        }
        fail("the gateway did not settle registered with " + credentials + "; the server saw " + events.events);
    }

    /**
     * run/'s distribution without the simulated card (its card would be in the gateway's heap by construction), and
     * with the client set to DTLS-PSK: bundles and libraries linked, configuration copied and changed.
     */
    private Path home(Mode mode) throws IOException {
        Path home = GatewayProcesses.homeWithoutSimulatedCard(work.resolve("home"));
        Files.writeString(home.resolve("etc/org.scgateway.lwm2m.client.cfg"),
                (mode == Mode.PSK ? "securityMode = PSK\npskIdentity = " + IDENTITY + "\n" : mode == Mode.RPK ? "securityMode = RPK\n" : "")
                        + "retryWaitMs = 1000\n" + clientSettings,
                StandardOpenOption.APPEND);
        if (credentialStoreInCardOff) {
            Files.writeString(home.resolve("etc/org.scgateway.credential.se.cfg"), "enabled = false\n");
        }
        return home;
    }

    /** The simulated card in vpcd's reader, from a JVM of its own (se.sim's test-support VpcdCard). */
    private Process startCard() throws Exception {
        return startCard(null);
    }

    /** The same with a card profile of the test's ({@code null}: the built-in one). */
    private Process startCard(Path profile) throws Exception {
        Process card = profile == null ? processes.startJava("card", "org.scgateway.se.sim.internal.VpcdCard", "127.0.0.1:35963")
                : processes.startJava("card", "org.scgateway.se.sim.internal.VpcdCard", "127.0.0.1:35963", profile.toString());
        processes.awaitLine("VpcdCard: the card is in vpcd's reader", 30_000);
        return card;
    }

    /** Whether {@code needle} occurs in the file, read in pieces that overlap by its length. */
    static boolean contains(Path file, byte[] needle) throws IOException {
        byte[] buffer = new byte[1 << 20];
        int kept = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer, kept, buffer.length - kept)) > 0; ) {
                int end = kept + n;
                for (int i = 0; i + needle.length <= end; i++) {
                    if (java.util.Arrays.equals(buffer, i, i + needle.length, needle, 0, needle.length)) {
                        return true;
                    }
                }
                kept = Math.min(needle.length - 1, end);
                System.arraycopy(buffer, end - kept, buffer, 0, kept);
            }
        }
        return false;
    }
}
