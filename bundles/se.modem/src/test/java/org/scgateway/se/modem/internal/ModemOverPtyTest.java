package org.scgateway.se.modem.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.se.sim.internal.ModemCard;

/**
 * The AT layer through a real pseudo-terminal pair made by Debian's {@code socat} and jSerialComm, against the simulated
 * card playing a modem's SIM on the other end.
 */
public class ModemOverPtyTest {

    @org.junit.Rule
    public final org.junit.rules.Timeout timeout = org.junit.rules.Timeout.seconds(60);

    private Path dir;
    private Process socat;
    private ModemCard modem;
    private AtPort port;
    private final List<String> urcs = new CopyOnWriteArrayList<>();
    /** The element the URCs go to, as the driver wires them. */
    private volatile ModemSecureElement sim;
    private final java.util.concurrent.atomic.AtomicInteger lost = new java.util.concurrent.atomic.AtomicInteger();

    @Before
    public void ptyPairWithTheModemOnOneEnd() throws Exception {
        Assume.assumeTrue("socat is installed (.ci/run installs it)", Files.isExecutable(Path.of("/usr/bin/socat")));
        dir = Files.createTempDirectory("scgw-pty");
        socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + dir.resolve("modem"), "pty,raw,echo=0,link=" + dir.resolve("gateway"))
                .redirectErrorStream(true).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!(Files.exists(dir.resolve("modem")) && Files.exists(dir.resolve("gateway"))) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        modem = ModemCard.start(dir.resolve("modem"), null);
        port = new AtPort(dir.resolve("gateway").toString(), SerialLineTransport.open(dir.resolve("gateway").toString(), 115200), 3_000, 3_000,
                line -> {
                    urcs.add(line);
                    return sim != null && sim.unsolicited(line);
                });
        // The modem's end opens as soon as it can: AT answers once it does.
        deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                port.run(new AtExchange("AT", "", false));
                break;
            } catch (AtException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
            }
        }
    }

    @After
    public void stopEverything() throws Exception {
        if (port != null) {
            port.close();
        }
        if (socat != null) { // first: the modem's end reading the pty then sees it hang up
            socat.destroy();
            if (!socat.waitFor(10, TimeUnit.SECONDS)) {
                socat.destroyForcibly();
            }
        }
        if (modem != null) {
            modem.close();
        }
        if (dir != null) {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    @Test
    public void theSimAnswersOnBothKindsOfChannelWithEchoOnAndOff() throws Exception {
        CommandApdu selectIsd = CommandApdu.of(0x00, 0xA4, 0x04, 0x00, HexFormat.of().parseHex("A000000151000000"), 256);
        assertEquals("with echo", 0x9000, SimCommands.response(port.run(SimCommands.csim(selectIsd))).sw());
        port.run(new AtExchange("ATE0", "", false));
        assertEquals("without", 0x9000, SimCommands.response(port.run(SimCommands.csim(selectIsd))).sw());

        int session = SimCommands.session(port.run(SimCommands.ccho(HexFormat.of().parseHex("F0534347574352454401"))));
        // Outside a secure channel SC Gateway's credential application refuses its key commands: 6982, through the modem.
        assertEquals(0x6982, SimCommands.response(port.run(SimCommands.cgla(session, CommandApdu.of(0x80, 0xE4, 0x00, 0x01)))).sw());
        port.run(SimCommands.cchc(session));
    }

    /**
     * The SIM as a Secure Element: the basic channel through +CSIM, a logical channel with an application through
     * +CCHO/+CGLA carrying a whole SCP03 level 33 session, one without through MANAGE CHANNEL over +CSIM.
     */
    @Test
    public void theSimIsASecureElementWithAnScp03SessionOverCgla() throws Exception {
        ModemSecureElement se = element();
        try (org.scgateway.api.se.ApduChannel basic = se.openBasicChannel()) {
            assertEquals(0x9000, basic.transmit(CommandApdu.of(0x00, 0xA4, 0x04, 0x00, HexFormat.of().parseHex("A000000151000000"), 256)).sw());
        }
        try (org.scgateway.api.se.ApduChannel app = se.openLogicalChannel(org.scgateway.api.se.Aid.fromHex("F0534347574352454401"))) {
            assertEquals("the application's FCI", 0x9000, app.selectResponse().orElseThrow().sw());
            org.scgateway.globalplatform.scp03.Scp03Session scp = org.scgateway.globalplatform.scp03.Scp03Session.open(app, APP_KEYS,
                    org.scgateway.globalplatform.scp03.SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC);
            // DELETE SECRET of a reference that holds none: 6A88, answered inside the secure channel, through the modem.
            assertEquals(0x6A88, scp.transmit(CommandApdu.of(0x80, 0xE4, 0x00, 0x7E)).sw());
        }
        try (org.scgateway.api.se.ApduChannel plain = se.openLogicalChannel()) {
            assertTrue("a channel of the card's: " + plain.channelNumber(), plain.channelNumber() >= 1 && plain.channelNumber() <= 19);
            assertEquals(0x9000, plain.transmit(CommandApdu.of(0x00, 0xA4, 0x04, 0x00, HexFormat.of().parseHex("A000000151000000"), 256)).sw());
        }
        modem.simRemoved(true);
        port.run(new AtExchange("AT+CMEE=1", "", false));
        org.scgateway.api.se.SecureElementException gone = assertThrows(org.scgateway.api.se.SecureElementException.class,
                () -> se.openBasicChannel().transmit(CommandApdu.of(0x00, 0xA4, 0x00, 0x0C, new byte[] {0x3F, 0x00})));
        assertEquals(org.scgateway.api.se.SecureElementException.Reason.CARD_REMOVED, gone.reason());
    }

    /** The credential application's SCP03 keys in the simulated card's built-in profile (test keys, public). */
    private static final org.scgateway.globalplatform.scp03.Scp03Keys APP_KEYS = org.scgateway.globalplatform.scp03.Scp03Keys.of(0x30,
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f"), HexFormat.of().parseHex("101112131415161718191a1b1c1d1e1f"),
            HexFormat.of().parseHex("202122232425262728292a2b2c2d2e2f"));

    @Test
    public void anUnsolicitedResultCodeIsHandedOnAndTheAnswerStillRead() throws Exception {
        modem.unsolicited("+CREG: 1,\"00C3\",\"0000A1B2\",7");
        CommandApdu selectMf = CommandApdu.of(0x00, 0xA4, 0x00, 0x0C, new byte[] {0x3F, 0x00});
        assertEquals(0x9000, SimCommands.response(port.run(SimCommands.csim(selectMf))).sw());
        assertEquals(List.of("+CREG: 1,\"00C3\",\"0000A1B2\",7"), urcs);
    }

    @Test
    public void aRemovedSimAndASilentModemAreTold() throws Exception {
        port.run(new AtExchange("AT+CMEE=2", "", false));
        modem.simRemoved(true);
        AtException gone = assertThrows(AtException.class, () -> port.run(new AtExchange("AT+CPIN?", "+CPIN:", false)));
        assertTrue(gone.getMessage(), gone.result().simGone());
        modem.simRemoved(false);
        modem.silent(true);
        AtException silent = assertThrows(AtException.class, () -> port.run(new AtExchange("AT", "", false)));
        assertTrue(silent.getMessage(), silent.getMessage().contains("AT got no final result code within 3000 ms"));
        modem.silent(false);
        assertEquals("+CPIN: READY", port.run(new AtExchange("AT+CPIN?", "+CPIN:", false)).information().get(0));
    }

    private ModemSecureElement element() {
        sim = new ModemSecureElement("modem-test", org.scgateway.api.component.ComponentKind.UICC,
                org.scgateway.api.component.Identification.empty(), port, java.util.regex.Pattern.compile("RDY|\\+CPIN: (?!READY).*"),
                lost::incrementAndGet);
        return sim;
    }

    @Test
    public void theProbeFindsTheModemAndTheSimsIccid() throws Exception {
        SimProbe.Found found = SimProbe.probe(port);
        assertEquals("SC Gateway Simulated modem", found.modem());
        // The built-in profile's ICCID, read from EF ICCID through +CSIM.
        assertEquals(java.util.Optional.of("89490000000000000019"), found.iccid());
        modem.simRemoved(true);
        AtException gone = assertThrows(AtException.class, () -> SimProbe.probe(port));
        assertTrue(gone.getMessage(), gone.result() != null && gone.result().simGone());
    }

    /** A modem that resets between two commands of a session: the next one is CARD_REMOVED, not an answer from a reset card. */
    @Test
    public void aModemResetLosesTheSimAtTheNextCommand() throws Exception {
        SimProbe.probe(port);
        ModemSecureElement se = element();
        org.scgateway.api.se.ApduChannel app = se.openLogicalChannel(org.scgateway.api.se.Aid.fromHex("F0534347574352454401"));
        modem.reset();
        org.scgateway.api.se.SecureElementException e = assertThrows(org.scgateway.api.se.SecureElementException.class,
                () -> app.transmit(CommandApdu.of(0x80, 0xE4, 0x00, 0x01)));
        assertEquals(e.getMessage(), org.scgateway.api.se.SecureElementException.Reason.CARD_REMOVED, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains("RDY"));
        assertEquals("the driver is told once", 1, lost.get());
    }

    /** Between commands only the driver's check notices: the SIM taken out, then a modem that stops answering. */
    @Test
    public void theCheckTellsARemovedSimAndASilentModem() throws Exception {
        SimProbe.probe(port);
        ModemSecureElement se = element();
        se.check();
        assertTrue("a ready SIM is kept", !se.isLost());
        modem.simRemoved(true);
        se.check();
        assertTrue(se.isLost());
        assertEquals("the SIM was removed", se.whyLost());

        modem.simRemoved(false);
        ModemSecureElement again = element();
        modem.silent(true);
        again.check();
        assertTrue(again.whyLost(), again.whyLost().contains("AT+CPIN got no final result code within 3000 ms"));
    }

    @Test
    public void anApplicationTheSimLacksIsTheCardsOwn6A82() throws Exception {
        org.scgateway.api.se.StatusWordException e = assertThrows(org.scgateway.api.se.StatusWordException.class,
                () -> element().openLogicalChannel(org.scgateway.api.se.Aid.fromHex("F0000000000001")));
        assertEquals(0x6A82, e.statusWord().value());
    }

    /** A modem that resets instead of answering: the command ends at its RDY as CARD_REMOVED, not at the timeout. */
    @Test
    public void aModemThatResetsInsteadOfAnsweringLosesTheSimAtOnce() throws Exception {
        SimProbe.probe(port);
        ModemSecureElement se = element();
        org.scgateway.api.se.ApduChannel basic = se.openBasicChannel();
        modem.resetOnCommand(1, () -> { });
        org.scgateway.api.se.SecureElementException e = assertThrows(org.scgateway.api.se.SecureElementException.class,
                () -> basic.transmit(CommandApdu.of(0x00, 0xA4, 0x00, 0x0C, new byte[] {0x3F, 0x00})));
        assertEquals(e.getMessage(), org.scgateway.api.se.SecureElementException.Reason.CARD_REMOVED, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains("cut short: the modem said RDY"));
    }

    @Test
    public void anUnsolicitedResultCodeInsideAnAnswerIsSetAside() throws Exception {
        modem.unsolicitedInNextAnswer("+CREG: 5", () -> { });
        CommandApdu selectMf = CommandApdu.of(0x00, 0xA4, 0x00, 0x0C, new byte[] {0x3F, 0x00});
        assertEquals(0x9000, SimCommands.response(port.run(SimCommands.csim(selectMf))).sw());
        assertEquals(List.of("+CREG: 5"), urcs);
    }

    /** Found on the whole gateway: a client restart interrupts its reader; that is the caller's failure, not the SIM's loss. */
    @Test
    public void anInterruptedCallerFailsAloneAndTheSimStays() throws Exception {
        ModemSecureElement se = element();
        org.scgateway.api.se.ApduChannel basic = se.openBasicChannel();
        CommandApdu selectMf = CommandApdu.of(0x00, 0xA4, 0x00, 0x0C, new byte[] {0x3F, 0x00});
        Thread.currentThread().interrupt();
        org.scgateway.api.se.SecureElementException e = assertThrows(org.scgateway.api.se.SecureElementException.class,
                () -> basic.transmit(selectMf));
        assertTrue("the interrupt is kept for the caller", Thread.interrupted());
        assertEquals(e.getMessage(), org.scgateway.api.se.SecureElementException.Reason.TRANSPORT, e.reason());
        assertTrue("the SIM is not lost: " + se.whyLost(), !se.isLost());
        assertEquals(0x9000, basic.transmit(selectMf).sw());
    }

    /** A SIM waiting for its PIN is not offered, and one that starts waiting is lost at the next check. */
    @Test
    public void aSimWaitingForItsPinIsNotOffered() throws Exception {
        ModemSecureElement se = element();
        modem.pinRequired(true);
        AtException refused = assertThrows(AtException.class, () -> SimProbe.probe(port));
        assertTrue(refused.getMessage(), refused.getMessage().contains("the SIM is not ready (+CPIN: SIM PIN)"));
        se.check();
        assertEquals("the modem says the SIM is SIM PIN", se.whyLost());
    }

    /** A slow modem within the command timeout is waited for; past it, the command fails as a timeout naming it. */
    @Test
    public void aSlowModemIsWaitedForUpToTheTimeout() throws Exception {
        ModemSecureElement se = element();
        org.scgateway.api.se.ApduChannel basic = se.openBasicChannel();
        CommandApdu selectMf = CommandApdu.of(0x00, 0xA4, 0x00, 0x0C, new byte[] {0x3F, 0x00});
        modem.slow(1_000);
        assertEquals(0x9000, basic.transmit(selectMf).sw());
        modem.slow(4_000);
        org.scgateway.api.se.SecureElementException e = assertThrows(org.scgateway.api.se.SecureElementException.class,
                () -> basic.transmit(selectMf));
        assertEquals(e.getMessage(), org.scgateway.api.se.SecureElementException.Reason.TIMEOUT, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains("AT+CSIM got no final result code within 3000 ms"));
        assertTrue("let go, to be probed again", se.isLost());
    }
}
