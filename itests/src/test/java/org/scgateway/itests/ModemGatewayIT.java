package org.scgateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.scgateway.peers.leshan.core.endpoint.Protocol;
import org.scgateway.peers.leshan.core.request.ExecuteRequest;
import org.scgateway.peers.leshan.core.request.ReadRequest;
import org.scgateway.peers.leshan.core.request.WriteRequest;
import org.scgateway.peers.leshan.core.response.ReadResponse;
import org.scgateway.peers.leshan.server.LeshanServer;
import org.scgateway.peers.leshan.server.LeshanServerBuilder;
import org.scgateway.peers.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.scgateway.peers.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.scgateway.peers.leshan.server.security.InMemorySecurityStore;
import org.scgateway.peers.leshan.server.security.SecurityInfo;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;

/**
 * Issue 21 on the whole gateway: the SIM in a modem. A pseudo-terminal pair made by Debian's socat; on one end the
 * simulated card plays a modem's SIM in a JVM of its own (se.sim's ModemCard, which takes faults on its input); on the
 * other, run/'s Felix distribution without its own simulated card, whose modem driver opens the port with jSerialComm.
 * The card's bootstrap file names a real Leshan server (in this JVM, with the OMA registry's models and the gateway's)
 * and a PSK; the gateway reads it over SCP03 level 33 through +CCHO/+CGLA, puts the PSK into the card, and registers over
 * DTLS-PSK with the card computing the handshake's secret through the modem. The server then works the card through
 * the admin object and object 504, and the modem misbehaves as real ones do.
 */
public class ModemGatewayIT {

    private static final String ENDPOINT = "modem-gw";
    private static final String IDENTITY = "modem-gw-identity";
    private static final String PKCS15 = "A000000063504B43532D3135";
    /** The modem's port on the gateway's side is a link named so: the element's id follows it and the SIM's ICCID. */
    private static final String SIM_ID = "modem-gateway-89490000000000000019";
    private static final long TIMEOUT = 60_000;

    private final GatewayProcesses processes = new GatewayProcesses();
    private final ServerEvents events = new ServerEvents();
    private Path work;
    private LeshanServer server;
    private AdminObject admin;
    private byte[] psk;
    private byte[] bootstrapFile;
    private Process modem;
    private Process gateway;
    private List<String> gatewayCommand;
    private Process socat;
    private Path log;

    @Before
    public void ptyPairModemServerAndGateway() throws Exception {
        Assume.assumeTrue("socat is installed (.ci/run installs it)", Files.isExecutable(Paths.get("/usr/bin/socat")));
        work = Files.createTempDirectory(Files.createDirectories(Paths.get("target").toAbsolutePath()), "modem-");
        psk = new byte[16];
        new SecureRandom().nextBytes(psk);
        int coapsPort = FelixDistribution.freePort();
        InMemorySecurityStore security = new InMemorySecurityStore();
        security.add(SecurityInfo.newPreSharedKeyInfo(ENDPOINT, IDENTITY, psk));
        server = new LeshanServerBuilder().setObjectModelProvider(TestModels.withGatewayObjects()).setSecurityStore(security)
                .setEndpointsProviders(new CaliforniumServerEndpointsProvider.Builder(new CoapsServerProtocolProvider())
                        .addEndpoint(new InetSocketAddress("127.0.0.1", coapsPort), Protocol.COAPS).build())
                .build();
        server.getRegistrationService().addListener(events);
        server.start();
        admin = new AdminObject(server, ENDPOINT, TIMEOUT);

        Path modemEnd = work.resolve("modem");
        Path gatewayEnd = work.resolve("gateway");
        plugModemIn();
        bootstrapFile = SmartcardBootstrapIT.bootstrapFile("coaps://127.0.0.1:" + coapsPort, 0, IDENTITY, psk, 120);
        Path profile = GatewayProcesses.cardProfileWithBootstrapFile(work.resolve("card-profile.json"), bootstrapFile);
        modem = processes.startJava("modem", "org.scgateway.se.sim.internal.ModemCard", modemEnd.toString(), profile.toString());
        processes.awaitLine("ModemCard: the modem answers on", 30_000);

        Path home = GatewayProcesses.homeWithoutSimulatedCard(work.resolve("home"));
        Files.writeString(home.resolve("etc/org.scgateway.se.modem.cfg"),
                "ports = " + gatewayEnd + "\ncommandTimeoutMs = 5000\nscanIntervalMs = 500\n");
        Files.writeString(home.resolve("etc/org.scgateway.lwm2m.client.cfg"), "retryWaitMs = 1000\n",
                java.nio.file.StandardOpenOption.APPEND);
        Path data = Files.createDirectories(work.resolve("data"));
        log = data.resolve("log/gateway.log");
        gatewayCommand = GatewayProcesses.gatewayCommand(home, data, FelixDistribution.freePort(),
                "coap://127.0.0.1:" + FelixDistribution.freePort(), true, ENDPOINT); // the card's file names the server
        gateway = processes.start("gateway", new ProcessBuilder(gatewayCommand));
        processes.awaitLine(GatewayProcesses.READY, 120_000);
    }

    @After
    public void stopEverything() throws Exception {
        processes.close(); // the gateway, the modem, then socat
        if (server != null) {
            server.destroy();
        }
        if (!Boolean.getBoolean("keepModemWork")) {
            GatewayProcesses.deleteTree(work);
        }
    }

    /**
     * The bootstrap file read from the modem's SIM over SCP03 level 33, its PSK put into the SIM, and the registration
     * over DTLS-PSK whose secret the SIM computed through the modem.
     */
    @Test
    public void theClientBootstrapsFromTheModemsSimOverScp03AndRegisters() throws Exception {
        awaitRegistered(0);
        List<String> lines = Files.readAllLines(log);
        assertLogged(lines, "SIM offered through SC Gateway Simulated modem on " + work.resolve("gateway") + ": " + SIM_ID);
        assertLogged(lines, "read EF LwM2M_Bootstrap of card " + SIM_ID + " over SCP03 level 33");
        assertLogged(lines, "LwM2M client " + ENDPOINT + " started towards");
        String started = lines.stream().filter(l -> l.contains("LwM2M client " + ENDPOINT + " started towards")).reduce((a, b) -> b)
                .orElseThrow();
        assertTrue(started, started.contains("credentials in secure component"));
    }

    /**
     * The server works the modem's SIM: a script inside SCP03 through the admin object, with an unsolicited result code
     * in the middle of one of the modem's answers; then a profile switch through the registry's 504, and back.
     */
    @Test
    public void aServerRunsAScriptAndSwitchesAProfileThroughTheModemsSim() throws Exception {
        awaitRegistered(0);
        int card = admin.awaitInstanceOf(SIM_ID);
        assertEquals("se.modem", admin.value(card, 3));
        admin.write(card, 11, HexFormat.of().parseHex(PKCS15));
        admin.write(card, 12, 51L);
        tellModem("urc-in-answer +CREG: 1,\"00C3\",\"0000A1B2\",7");
        String header = HexFormat.of().withUpperCase().formatHex(bootstrapFile, 0, 4);
        // EF LwM2M_Bootstrap selected and its first four bytes read, inside SCP03 level 33.
        assertEquals("AB0F" + "800102" + "23029000" + "2306" + header + "9000",
                admin.runScript(card, "AA12" + "2209" + "00A4080C047FFF6432" + "2205" + "00B0000004"));
        assertEquals(2L, admin.value(card, 9));
        processes.awaitLine("ModemCard: URC sent inside an answer", 10_000);

        int rsp = awaitRspInstance();
        List<String> iccids = iccids(rsp);
        String was = iccids.get(0);
        String other = iccids.stream().filter(i -> !i.equals(was) && !i.equals(EuiccIT.PROVISIONING.digits())).findFirst().orElseThrow();
        switchTo(rsp, other);
        assertEquals(other, iccids(rsp).get(0));
        switchTo(rsp, was);
        assertEquals(was, iccids(rsp).get(0));
    }

    /**
     * The modem resets instead of answering a command in the middle of a script: the script ends as "component lost"
     * (7) with the answers that came before, the SIM is withdrawn and offered again once the modem answers, and the
     * client reaches the server again.
     */
    @Test
    public void aModemResetMidScriptIsComponentLostAndTheClientComesBack() throws Exception {
        awaitRegistered(0);
        int card = admin.awaitInstanceOf(SIM_ID);
        admin.write(card, 11, new byte[0]);
        admin.write(card, 12, 0L);
        List<String> commands = new ArrayList<>(List.of("00A4000C022FE2")); // EF ICCID, readable outside a secure channel
        while (commands.size() < 20) {
            commands.add("00B000000A");
        }
        tellModem("reset-on-command 8");
        int mark = events.mark();
        admin.start(card, AdminObject.script(commands));
        processes.awaitLine("ModemCard: reset mid-command", 30_000);
        awaitLogged("SIM on " + work.resolve("gateway") + " withdrawn: the modem said RDY");
        awaitReachedAgain(mark);
        int back = admin.awaitInstanceOf(SIM_ID);
        assertEquals("the SIM has its instance again", card, back);
        assertEquals("component lost: " + admin.value(back, 10), 7L, admin.value(back, 9));
        String response = admin.response(back);
        assertTrue(response, response.contains("8001") && !response.contains(String.format("8001%02X", commands.size())));
    }

    /**
     * Issue 22, finding 14: the gateway killed (kill -9) while a script runs on the SIM. After the restart the instance
     * says the script was interrupted (7), not "no script has run", although part of it reached the card.
     */
    @Test
    public void aScriptCutByAGatewayCrashIsReportedInterruptedAfterTheRestart() throws Exception {
        awaitRegistered(0);
        int card = admin.awaitInstanceOf(SIM_ID);
        admin.write(card, 11, new byte[0]);
        admin.write(card, 12, 0L);
        List<String> commands = new ArrayList<>(List.of("00A4000C022FE2"));
        while (commands.size() < 200) {
            commands.add("00B000000A");
        }
        tellModem("slow 50");
        admin.start(card, AdminObject.script(commands));
        Thread.sleep(1_000); // some twenty commands in
        gateway.destroyForcibly().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        tellModem("slow 0");

        int mark = events.mark();
        processes.output.clear();
        gateway = processes.start("gateway", new ProcessBuilder(gatewayCommand));
        processes.awaitLine(GatewayProcesses.READY, 120_000);
        awaitReachedAgain(mark);
        int back = admin.awaitInstanceOf(SIM_ID);
        String why = String.valueOf(admin.value(back, 10));
        assertEquals("interrupted: " + why, 7L, admin.value(back, 9));
        assertTrue(why, why.startsWith("interrupted: the gateway stopped while ") && why.contains("may hold part of it"));
    }

    /**
     * The SIM taken out of the modem is withdrawn (the driver's AT+CPIN? check), and the client, whose key went with it,
     * stops reaching the server; put back, the SIM is offered again and the client registers again.
     */
    @Test
    public void aSimRemovedIsWithdrawnAndOfferedAgainWhenInserted() throws Exception {
        awaitRegistered(0);
        tellModem("sim-removed");
        awaitLogged("SIM on " + work.resolve("gateway") + " withdrawn: the SIM was removed");
        int mark = events.mark();
        tellModem("sim-inserted");
        awaitLoggedTimes("SIM offered through SC Gateway Simulated modem", 2);
        awaitReachedAgain(mark);
        admin.awaitInstanceOf(SIM_ID);
    }

    /**
     * The modem's port vanishes, as a USB modem's does when it is unplugged (socat gone, its pty links with it): the SIM
     * is withdrawn. Plugged in again (a new pty pair under the same names, the modem's end reopened by the modem), it is
     * probed and offered again, and the client registers again.
     */
    @Test
    public void aPortThatVanishesIsWithdrawnAndItsSimComesBackWithIt() throws Exception {
        awaitRegistered(0);
        socat.destroy();
        socat.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        // Told by whichever comes first: a command failing on the dead port, or the driver's look finding it gone.
        awaitLogged("SIM on " + work.resolve("gateway") + " withdrawn: ");
        int mark = events.mark();
        plugModemIn();
        awaitLoggedTimes("SIM offered through SC Gateway Simulated modem", 2);
        awaitReachedAgain(mark);
    }

    /** A modem that stops answering is withdrawn at its first command past the timeout, and offered again once it answers. */
    @Test
    public void aSilentModemIsWithdrawnAndOfferedAgainOnceItAnswers() throws Exception {
        awaitRegistered(0);
        tellModem("silent");
        // The driver's AT+CPIN? check, or a command of the client's (its Update reads the bootstrap file), times out.
        String withdrawn = "SIM on " + work.resolve("gateway") + " withdrawn: ";
        awaitLogged(l -> l.contains(withdrawn) && l.contains("got no final result code within 5000 ms"), "withdrawn at a timeout");
        int mark = events.mark();
        tellModem("answering");
        awaitLoggedTimes("SIM offered through SC Gateway Simulated modem", 2);
        awaitReachedAgain(mark);
    }

    /** A pty pair under fixed names, as a modem's port appears when it is plugged in. */
    private void plugModemIn() throws Exception {
        Path modemEnd = work.resolve("modem");
        Path gatewayEnd = work.resolve("gateway");
        socat = processes.start("socat", new ProcessBuilder("socat", "pty,raw,echo=0,link=" + modemEnd, "pty,raw,echo=0,link=" + gatewayEnd));
        long deadline = System.currentTimeMillis() + 10_000;
        while (!(Files.exists(modemEnd) && Files.exists(gatewayEnd)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }

    private void awaitRegistered(int mark) throws Exception {
        try {
            events.await(mark, "registered", ENDPOINT, TIMEOUT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nthe gateway's log ends:\n" + GatewayProcesses.tail(log, 60), e);
        }
    }

    /** The client registers again, or updates its registration, after {@code mark}. */
    private void awaitReachedAgain(int mark) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            if (events.events.subList(mark, events.events.size()).stream()
                    .anyMatch(e -> e.endpoint().equals(ENDPOINT) && (e.kind.equals("registered") || e.kind.equals("updated")))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the client did not reach the server again; the server saw " + events.events
                + "\nthe gateway's log ends:\n" + GatewayProcesses.tail(log, 60));
    }

    private void tellModem(String fault) throws IOException, InterruptedException {
        Writer in = new java.io.OutputStreamWriter(modem.getOutputStream(), StandardCharsets.UTF_8);
        in.write(fault + "\n");
        in.flush();
        processes.awaitLine("ModemCard: " + fault, 10_000);
    }

    private void switchTo(int rsp, String iccid) throws Exception {
        assertTrue(admin.send(new WriteRequest(504, rsp, 14, iccid)).isSuccess());
        assertTrue(admin.send(new ExecuteRequest("504/" + rsp + "/4", "1")).isSuccess());
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while ((Long) value(504, rsp, 5) != 0L && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals("RSP Update Result: done", 1L, value(504, rsp, 6));
    }

    private int awaitRspInstance() throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while (System.currentTimeMillis() < deadline) {
            var r = server.getRegistrationService().getByEndpoint(ENDPOINT);
            if (r != null) {
                for (var l : r.getObjectLinks()) {
                    String uri = l.getUriReference();
                    if (uri.startsWith("/504/")) {
                        return Integer.parseInt(uri.substring(uri.lastIndexOf('/') + 1));
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(ENDPOINT + " registered no /504 instance");
    }

    /** The ICCIDs of 504's resource 11, the enabled profile's first. */
    private List<String> iccids(int rsp) throws Exception {
        ReadResponse r = admin.send(new ReadRequest(504, rsp, 11));
        assertTrue(r.toString(), r.isSuccess());
        List<String> out = new ArrayList<>();
        ((org.scgateway.peers.leshan.core.node.LwM2mMultipleResource) r.getContent()).getInstances().values()
                .forEach(i -> out.add(String.valueOf(i.getValue())));
        return out;
    }

    private Object value(int object, int instance, int resource) throws Exception {
        ReadResponse r = admin.send(new ReadRequest(object, instance, resource));
        assertTrue(r.toString(), r.isSuccess());
        return ((org.scgateway.peers.leshan.core.node.LwM2mSingleResource) r.getContent()).getValue();
    }

    private static void assertLogged(List<String> lines, String text) {
        assertTrue("the gateway's log says '" + text + "'", lines.stream().anyMatch(l -> l.contains(text)));
    }

    private void awaitLogged(String text) throws Exception {
        awaitLoggedTimes(text, 1);
    }

    private void awaitLoggedTimes(String text, int times) throws Exception {
        awaitLogged(l -> l.contains(text), times, "'" + text + "'");
    }

    private void awaitLogged(java.util.function.Predicate<String> line, String what) throws Exception {
        awaitLogged(line, 1, what);
    }

    private void awaitLogged(java.util.function.Predicate<String> line, int times, String what) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(log) && Files.readAllLines(log).stream().filter(line).count() >= times) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the gateway's log does not say " + what + " " + times + " time(s); it ends:\n"
                + GatewayProcesses.tail(log, 60));
    }
}
