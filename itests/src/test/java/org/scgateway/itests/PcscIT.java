package org.scgateway.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.TerminalFactory;

import jnasmartcardio.Smartcardio;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.util.tracker.ServiceTracker;
import org.scgateway.api.config.Pids;
import org.scgateway.api.se.Aid;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.globalplatform.scp03.Scp03Session;
import org.scgateway.globalplatform.scp03.SecurityLevel;

/**
 * The PC/SC driver against the real stack: pcscd with vsmartcard's vpcd, and the simulated card bridged
 * into the "Virtual PCD 00 00" reader. Run only where pcscd runs; elsewhere {@link NoPcscdIT} says how to
 * enable it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PcscIT extends PcscSupport {

    @Test
    public void aBridgedCardAppearsIsReadOverScp03AndDisappearsWhenPulled() throws Exception {
        ServiceTracker<SecureElement, SecureElement> t = pcscCards();
        try {
            bridge("127.0.0.1:35963");
            SecureElement se = t.waitForService(TIMEOUT);
            assertNotNull("no card appeared in a PC/SC reader", se);
            assertEquals("Virtual PCD 00 00", t.getServiceReference().getProperty("scgw.pcsc.reader"));
            assertEquals("the simulated card's ATR, as pcscd got it through vpcd", simulatedCardAtr(),
                    t.getServiceReference().getProperty("scgw.se.atr"));
            assertEquals("what the built-in profile's ATR asks for", "T=0", t.getServiceReference().getProperty("scgw.pcsc.protocol"));

            try (ApduChannel ch = se.openLogicalChannel(Aid.fromHex("A000000063504B43532D3135"))) {
                Scp03Session scp = Scp03Session.open(ch, testKeys(), SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC);
                assertEquals(0x9000, scp.transmit(CommandApdu.of(0x00, 0xA4, 0x08, 0x0C, new byte[] {0x7F, (byte) 0xFF, 0x64, 0x32})).sw());
                ResponseApdu head = scp.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 4));
                assertArrayEquals("the bootstrap file through pcscd", new byte[] {0x00, 0x02, 0x00, 0x3E}, head.data());
            }

            // Any PC/SC program sees it too, while the gateway runs: OpenSC's tool, as a user would check.
            String readers = run("opensc-tool", "--list-readers");
            assertTrue("opensc-tool lists the reader with a card:\n" + readers,
                    readers.lines().anyMatch(l -> l.contains("Virtual PCD 00 00") && l.matches("\\s*\\d+\\s+Yes\\s.*")));
            String atr = run("opensc-tool", "--reader", "Virtual PCD 00 00", "--atr");
            assertTrue("opensc-tool reads the simulated card's ATR:\n" + atr,
                    atr.replace(":", "").toUpperCase().contains(simulatedCardAtr()));

            bridge(""); // the card is pulled out of the reader
            awaitGone(t);
            assertNull("the card's service went with the card", t.getService());
        } finally {
            pull(t);
        }
    }


    /**
     * The standard tools on the bridged card while the gateway runs: pcsc-tools' scanner sees the reader, and OpenSC's
     * PKCS#15 reader (its generic driver, as the simulated card's ATR is no card OpenSC knows) lists the bootstrap
     * application and its data object with no secure channel, and is refused the bootstrap file's content.
     */
    @Test
    public void theStandardToolsReadThePkcs15ApplicationAndAreRefusedTheBootstrapFile() throws Exception {
        ServiceTracker<SecureElement, SecureElement> t = pcscCards();
        try {
            bridge("127.0.0.1:35963");
            assertNotNull("no card appeared in a PC/SC reader", t.waitForService(TIMEOUT));
            assertTrue(run("pcsc_scan", "-r").contains("Virtual PCD 00 00"));

            java.nio.file.Path conf = java.nio.file.Files.createTempFile("opensc", ".conf");
            java.nio.file.Files.writeString(conf, "app default {\n    enable_default_driver = true;\n    card_drivers = default;\n}\n");
            java.util.Map<String, String> env = java.util.Map.of("OPENSC_CONF", conf.toString());
            String apps = tool(env, 0, "pkcs15-tool", "--reader", "Virtual PCD 00 00", "--list-applications");
            assertTrue("the PKCS#15 application through EF DIR:\n" + apps, apps.contains("A000000063504B43532D3135"));
            String dump = tool(env, 0, "pkcs15-tool", "--reader", "Virtual PCD 00 00", "--dump");
            assertTrue("its TokenInfo:\n" + dump, dump.contains("LwM2M Bootstrap") && dump.contains("89490000000000000019"));
            // Listing reads each public data object's content too: the entry is shown, its content refused (exit 1).
            String objects = tool(env, 1, "pkcs15-tool", "--reader", "Virtual PCD 00 00", "--list-data-objects");
            assertTrue("the bootstrap file as a data object:\n" + objects, objects.contains("Data object 'LwM2M Bootstrap'")
                    && objects.contains("2.23.43.9.1") && objects.contains("::6432") && objects.contains("Security status not satisfied"));
            String refused = tool(env, 1, "pkcs15-tool", "--reader", "Virtual PCD 00 00", "--read-data-object", "LwM2M Bootstrap");
            assertTrue("its content only over SCP03:\n" + refused, refused.contains("Security status not satisfied"));
            java.nio.file.Files.delete(conf);
        } finally {
            pull(t);
        }
    }

    /**
     * The gateway's own simulated card bridged into vpcd is not taken a second time by its PC/SC driver, unless the
     * driver is told to; a card taken before the bridge was known goes when it is.
     */
    @Test
    public void theGatewaysOwnBridgedCardIsNotTakenTwiceUnlessAsked() throws Exception {
        ServiceTracker<SecureElement, SecureElement> t = pcscCards();
        try {
            takeBridgedCards(false);
            configAdmin.getConfiguration(Pids.SE_SIM, null).update(new Hashtable<>(Map.of("vpcd", "127.0.0.1:35963")));
            Thread.sleep(4_000); // several of the driver's looks, the card in the reader meanwhile
            assertNull("the driver took the gateway's own bridged card", t.getService());
            assertTrue("other programs have it", run("opensc-tool", "--list-readers").lines()
                    .anyMatch(l -> l.contains("Virtual PCD 00 00") && l.matches("\\s*\\d+\\s+Yes\\s.*")));

            takeBridgedCards(true);
            assertNotNull("taken when asked", t.waitForService(TIMEOUT));
        } finally {
            pull(t);
        }
    }

    /** Runs a tool with more environment; its output, once it exited with {@code exit}. */
    private static String tool(java.util.Map<String, String> env, int exit, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(command[0] + " did not end", p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(String.join(" ", command) + ":\n" + out, exit, p.exitValue());
        return out;
    }

    @Test
    public void aCardPulledMidScriptFailsTheCommandAndComesBackWhenReinserted() throws Exception {
        ServiceTracker<SecureElement, SecureElement> t = pcscCards();
        try {
            bridge("127.0.0.1:35963");
            SecureElement se = t.waitForService(TIMEOUT);
            assertNotNull("no card appeared in a PC/SC reader", se);
            ApduChannel ch = se.openLogicalChannel(Aid.fromHex("A000000063504B43532D3135"));
            Scp03Session scp = Scp03Session.open(ch, testKeys(), SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC);
            assertEquals(0x9000, scp.transmit(CommandApdu.of(0x00, 0xA4, 0x08, 0x0C, new byte[] {0x7F, (byte) 0xFF, 0x64, 0x32})).sw());

            bridge(""); // pulled between two commands of the script
            SecureElementException failure = null;
            long deadline = System.currentTimeMillis() + TIMEOUT;
            while (failure == null && System.currentTimeMillis() < deadline) {
                try {
                    scp.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 4));
                    Thread.sleep(20); // the bridge is still closing
                } catch (SecureElementException e) {
                    failure = e;
                }
            }
            assertNotNull("a command to a pulled card failed", failure);
            assertTrue("the error says the card went: " + failure.getMessage(),
                    failure.reason() == SecureElementException.Reason.CARD_REMOVED);
            assertTrue("the error names the reader: " + failure.getMessage(), failure.getMessage().contains("Virtual PCD 00 00"));
            ch.close();
            awaitGone(t);
            assertNull("the pulled card's service is gone", t.getService());

            bridge("127.0.0.1:35963"); // and put back
            SecureElement again = t.waitForService(TIMEOUT);
            assertNotNull("the reinserted card came back", again);
            try (ApduChannel ch2 = again.openLogicalChannel(Aid.fromHex("A000000063504B43532D3135"))) {
                Scp03Session scp2 = Scp03Session.open(ch2, testKeys(), SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC);
                assertEquals(0x9000, scp2.transmit(CommandApdu.of(0x00, 0xA4, 0x08, 0x0C, new byte[] {0x7F, (byte) 0xFF, 0x64, 0x32})).sw());
                assertArrayEquals(new byte[] {0x00, 0x02, 0x00, 0x3E}, scp2.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 4)).data());
            }
        } finally {
            pull(t);
        }
    }

    @Test
    public void theBasicChannelReadsEfDirAndOpensScp03WithTheIsd() throws Exception {
        ServiceTracker<SecureElement, SecureElement> t = pcscCards();
        try {
            bridge("127.0.0.1:35963");
            SecureElement se = t.waitForService(TIMEOUT);
            assertNotNull("no card appeared in a PC/SC reader", se);
            try (ApduChannel basic = se.openBasicChannel()) {
                assertEquals(0, basic.channelNumber());
                assertEquals(0x9000, basic.transmit(CommandApdu.of(0x00, 0xA4, 0x00, 0x0C, new byte[] {0x2F, 0x00})).sw());
                ResponseApdu dir = basic.transmit(CommandApdu.of(0x00, 0xB2, 0x01, 0x04, 256));
                assertEquals("EF DIR's first record names the PKCS#15 application", "610E4F0CA000000063504B43532D3135",
                        HexFormat.of().withUpperCase().formatHex(dir.data()).substring(0, 32));

                assertEquals(0x9000, basic.transmit(CommandApdu.of(0x00, 0xA4, 0x04, 0x00, HexFormat.of().parseHex("A000000151000000"), 256)).sw());
                Scp03Session isd = Scp03Session.open(basic, SimulatedCardKeys.isdOfBuiltInProfile(), SecurityLevel.C_MAC);
                assertEquals(0, isd.channelNumber());
                isd.close();
            }
        } finally {
            pull(t);
        }
    }

    /**
     * The test plays another program on the same reader, with a PC/SC context of its own: its command waits
     * while a secure channel session holds the card (a PC/SC transaction), and is answered after the session
     * ends.
     */
    @Test
    public void aSecureChannelSessionKeepsOtherProgramsOutUntilItEnds() throws Exception {
        ServiceTracker<SecureElement, SecureElement> t = pcscCards();
        CardTerminals otherProgram = null;
        Card otherCard = null;
        try {
            bridge("127.0.0.1:35963");
            SecureElement se = t.waitForService(TIMEOUT);
            assertNotNull("no card appeared in a PC/SC reader", se);
            otherProgram = TerminalFactory.getInstance("PC/SC", null, new Smartcardio()).terminals();
            otherCard = otherProgram.getTerminal("Virtual PCD 00 00").connect("*");
            CardChannel other = otherCard.getBasicChannel();

            AtomicLong answeredAt = new AtomicLong();
            AtomicReference<Exception> otherFailure = new AtomicReference<>();
            Thread command = new Thread(() -> {
                try {
                    other.transmit(new CommandAPDU(0x80, 0xCA, 0x9F, 0x7F, 256));
                    answeredAt.set(System.nanoTime());
                } catch (Exception e) {
                    otherFailure.set(e);
                }
            });
            long closedAt;
            try (ApduChannel ch = se.openLogicalChannel(Aid.fromHex("A000000063504B43532D3135"))) {
                Scp03Session scp = Scp03Session.open(ch, testKeys(), SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC);
                command.start();
                for (int i = 0; i < 5; i++) { // the session goes on, a command every 200 ms, while the other waits
                    Thread.sleep(200);
                    assertEquals(0x9000, scp.transmit(CommandApdu.of(0x00, 0xA4, 0x08, 0x0C, new byte[] {0x7F, (byte) 0xFF, 0x64, 0x32})).sw());
                }
                assertEquals("the other program was answered during the session", 0, answeredAt.get());
                closedAt = System.nanoTime();
                scp.close();
            }
            command.join(TIMEOUT);
            assertNull("the other program's command failed", otherFailure.get());
            assertTrue("the other program is answered once the session has ended", answeredAt.get() > closedAt);
        } finally {
            if (otherCard != null) {
                otherCard.disconnect(false);
            }
            if (otherProgram instanceof Smartcardio.JnaCardTerminals) {
                ((Smartcardio.JnaCardTerminals) otherProgram).close();
            }
            pull(t);
        }
    }

    /**
     * The same card with an ATR that offers T=1 (TD2 = 01): pcscd agrees T=1 with it, and the bootstrap file reads
     * the same over SCP03. The other tests run on T=0, which the built-in profile's ATR asks for.
     */
    @Test
    public void aCardOnT1ReadsTheSame() throws Exception {
        org.osgi.service.cm.Configuration sim = configAdmin.getConfiguration(Pids.SE_SIM, null);
        String builtIn;
        try (java.io.InputStream in = bundle(Pids.SE_SIM).getEntry("profiles/default.json").openStream()) {
            builtIn = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String t1 = builtIn.replace("\"name\": \"scgw-default\"", "\"name\": \"scgw-t1\"")
                .replace("\"atr\": \"3B9F96801FC78031A073BE21136743200718000001A5\"", "\"atr\": \"3B80800101\"");
        assertTrue("the built-in profile changed; adjust this test", !t1.equals(builtIn) && t1.contains("3B80800101"));
        Path profile = Files.createTempFile(Paths.get("target"), "t1-profile", ".json");
        Files.writeString(profile, t1);
        ServiceTracker<SecureElement, SecureElement> t = pcscCards();
        try {
            sim.update(new Hashtable<>(Map.of("vpcd", "127.0.0.1:35963", "profile", profile.toAbsolutePath().toString())));
            SecureElement se = t.waitForService(TIMEOUT);
            assertNotNull("no card appeared in a PC/SC reader", se);
            assertEquals("3B80800101", t.getServiceReference().getProperty("scgw.se.atr"));
            assertEquals("T=1", t.getServiceReference().getProperty("scgw.pcsc.protocol"));
            try (ApduChannel ch = se.openLogicalChannel(Aid.fromHex("A000000063504B43532D3135"))) {
                Scp03Session scp = Scp03Session.open(ch, testKeys(), SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC);
                assertEquals(0x9000, scp.transmit(CommandApdu.of(0x00, 0xA4, 0x08, 0x0C, new byte[] {0x7F, (byte) 0xFF, 0x64, 0x32})).sw());
                assertArrayEquals(new byte[] {0x00, 0x02, 0x00, 0x3E}, scp.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 4)).data());
            }
        } finally {
            pull(t);
            sim.update(new Hashtable<>(Map.of("vpcd", "")));
            Files.deleteIfExists(profile);
        }
    }

    private org.osgi.framework.Bundle bundle(String symbolicName) {
        for (org.osgi.framework.Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    /**
     * Another program resets the card: every channel and session of the gateway is gone with it, so the
     * driver withdraws the card at the next command and offers it afresh, ready for a new session.
     */
    @Test
    public void aCardResetByAnotherProgramIsWithdrawnAndOfferedAfresh() throws Exception {
        ServiceTracker<SecureElement, SecureElement> t = pcscCards();
        CardTerminals otherProgram = null;
        try {
            bridge("127.0.0.1:35963");
            SecureElement se = t.waitForService(TIMEOUT);
            assertNotNull("no card appeared in a PC/SC reader", se);
            ApduChannel ch = se.openLogicalChannel(Aid.fromHex("A000000063504B43532D3135"));
            Scp03Session scp = Scp03Session.open(ch, testKeys(), SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC);
            scp.close(); // a session ended; the channel stays open below
            ch = se.openLogicalChannel(Aid.fromHex("A000000063504B43532D3135"));

            otherProgram = TerminalFactory.getInstance("PC/SC", null, new Smartcardio()).terminals();
            otherProgram.getTerminal("Virtual PCD 00 00").connect("*").disconnect(true); // and the card is reset

            try {
                ch.transmit(CommandApdu.of(0x00, 0xA4, 0x08, 0x0C, new byte[] {0x7F, (byte) 0xFF, 0x64, 0x32}));
                org.junit.Assert.fail("the card was reset under the channel");
            } catch (SecureElementException e) {
                assertEquals(e.getMessage(), SecureElementException.Reason.CARD_REMOVED, e.reason());
            }
            // Offered afresh, ready for a new session. pcscd may still be bringing the reset card up when the driver
            // takes it (a protocol mismatch): that element is withdrawn in turn and the card offered once more.
            long deadline = System.currentTimeMillis() + TIMEOUT;
            SecureElement previous = se;
            while (true) {
                SecureElement again = t.getService();
                if (again != null && again != previous) {
                    try (ApduChannel ch2 = again.openLogicalChannel(Aid.fromHex("A000000063504B43532D3135"))) {
                        Scp03Session scp2 = Scp03Session.open(ch2, testKeys(), SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC);
                        assertEquals(0x9000, scp2.transmit(CommandApdu.of(0x00, 0xA4, 0x08, 0x0C, new byte[] {0x7F, (byte) 0xFF, 0x64, 0x32})).sw());
                        break;
                    } catch (SecureElementException e) {
                        assertEquals("only a card still coming up after its reset: " + e.getMessage(), SecureElementException.Reason.CARD_REMOVED,
                                e.reason());
                        previous = again;
                    }
                }
                assertTrue("the reset card was offered again, ready for a session", System.currentTimeMillis() < deadline);
                Thread.sleep(50);
            }
        } finally {
            if (otherProgram instanceof Smartcardio.JnaCardTerminals) {
                ((Smartcardio.JnaCardTerminals) otherProgram).close();
            }
            pull(t);
        }
    }

    @Test
    public void theDriverTalksThroughTheLibraryItIsGiven() throws Exception {
        String library = systemPcscLite();
        org.osgi.service.cm.Configuration driver = configAdmin.getConfiguration(Pids.SE_PCSC, null);
        ServiceTracker<SecureElement, SecureElement> t = pcscCards();
        try {
            bridge("127.0.0.1:35963");
            assertNotNull("no card appeared in a PC/SC reader", t.waitForService(TIMEOUT));

            driver.update(new Hashtable<>(Map.of("library", "/nonexistent/libpcsclite.so.1", DRIVER_TAKES_BRIDGED, true)));
            awaitGone(t); // the driver restarts on its new configuration
            Thread.sleep(3_000); // three of the driver's looks
            assertNull("a card was offered through a library that does not exist", t.getService());

            driver.update(new Hashtable<>(Map.of("library", library, DRIVER_TAKES_BRIDGED, true)));
            assertNotNull("no card through " + library, t.waitForService(TIMEOUT));
        } finally {
            pull(t);
            driver.delete();
        }
    }

    /** pcsc-lite's client library where Debian puts it, by path rather than by the loader's search. */
    private static String systemPcscLite() {
        for (String dir : new String[] {"/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib/arm-linux-gnueabihf", "/usr/lib64",
                "/usr/lib"}) {
            Path p = Paths.get(dir, "libpcsclite.so.1");
            if (Files.exists(p)) {
                return p.toString();
            }
        }
        throw new AssertionError("libpcsclite.so.1 is in none of Debian's library directories");
    }

    /** Runs a PC/SC tool and gives its output; the tool must be installed where pcscd is (Debian: opensc). */
    /**
     * Sharing the reader: idle, the gateway holds no connection to the card, so programs that connect exclusively, as
     * card managers and LPAs do, get it: OpenSC's tool told to connect exclusively, and a program on pcsc-lite's own
     * API (src/test/c/exclusive-holder.c). While that program holds the card, the gateway waits for it, and goes on
     * once it lets go.
     */
    @Test
    public void programsThatConnectExclusivelyGetTheCardWhileTheGatewayIsIdleAndTheGatewayWaitsForThem() throws Exception {
        ServiceTracker<SecureElement, SecureElement> t = pcscCards();
        Process holder = null;
        try {
            bridge("127.0.0.1:35963");
            SecureElement se = t.waitForService(TIMEOUT);
            assertNotNull("no card appeared in a PC/SC reader", se);

            Path conf = Files.createTempFile("opensc", ".conf");
            Files.writeString(conf, "app default {\n    enable_default_driver = true;\n    card_drivers = default;\n"
                    + "    reader_driver pcsc {\n        connect_exclusive = true;\n    }\n}\n");
            // The gateway's own components look at a new card for a moment; the tool is asked until the gateway is idle.
            String selected = "";
            long deadline = System.currentTimeMillis() + TIMEOUT;
            while (!selected.contains("SW1=0x90") && System.currentTimeMillis() < deadline) {
                ProcessBuilder pb = new ProcessBuilder("opensc-tool", "--reader", "Virtual PCD 00 00", "--send-apdu", "00A4040000")
                        .redirectErrorStream(true);
                pb.environment().put("OPENSC_CONF", conf.toString());
                Process p = pb.start();
                selected = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
                Thread.sleep(200);
            }
            Files.delete(conf);
            assertTrue("OpenSC, connected exclusively, selects the card's default application (the ISD):\n" + selected,
                    selected.contains("SW1=0x90") && selected.contains("6F"));

            holder = new ProcessBuilder(exclusiveHolder().toString(), "Virtual PCD 00 00", "10").redirectErrorStream(true).start();
            java.io.BufferedReader said = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII));
            String connected = said.readLine();
            assertTrue("the exclusive client gets the card: " + connected, connected != null && connected.startsWith("connected"));
            String select = said.readLine();
            assertTrue("and talks to it: " + select, select != null && (select.equals("selected 9000") || select.startsWith("selected 61")));

            AtomicLong answeredAt = new AtomicLong();
            AtomicReference<Object> answer = new AtomicReference<>();
            Thread gateway = new Thread(() -> {
                try (ApduChannel ch = se.openLogicalChannel(Aid.fromHex("A000000063504B43532D3135"))) {
                    answer.set(ch.selectResponse().orElseThrow().sw());
                } catch (Exception e) {
                    answer.set(e);
                }
                answeredAt.set(System.nanoTime());
            });
            gateway.start();
            Thread.sleep(1_500);
            assertEquals("the gateway got the card while another program held it exclusively", 0, answeredAt.get());
            long releasedAt = System.nanoTime();
            holder.getOutputStream().close(); // the other program lets go
            assertEquals("released", said.readLine());
            gateway.join(TIMEOUT);
            assertEquals("the gateway went on once the card was free", 0x9000, answer.get());
            assertTrue(answeredAt.get() > releasedAt);
            assertTrue("the card is still offered", t.getService() == se);
        } finally {
            if (holder != null) {
                holder.destroyForcibly().waitFor();
            }
            pull(t);
        }
    }

    /** src/test/c/exclusive-holder.c, built with gcc against pcsc-lite (libpcsclite-dev). */
    private static Path exclusiveHolder() throws Exception {
        Path exe = Paths.get("target", "exclusive-holder").toAbsolutePath();
        Process gcc = new ProcessBuilder("gcc", "-O1", "-Wall", "-Werror", "-I/usr/include/PCSC", "-o", exe.toString(),
                Paths.get("src", "test", "c", "exclusive-holder.c").toAbsolutePath().toString(), "-lpcsclite")
                .redirectErrorStream(true).start();
        String out = new String(gcc.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue("gcc did not end", gcc.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("gcc could not build the exclusive PC/SC client (apt-get install gcc libpcsclite-dev):\n" + out, 0, gcc.exitValue());
        return exe;
    }

    private static String run(String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError(command[0] + " is not installed: apt-get install opensc (" + e.getMessage() + ")");
        }
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(command[0] + " did not end", p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(String.join(" ", command) + " failed:\n" + out, 0, p.exitValue());
        return out;
    }
}
