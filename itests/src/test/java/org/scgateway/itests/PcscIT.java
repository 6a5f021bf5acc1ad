package org.scgateway.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Hashtable;

import javax.inject.Inject;

import org.junit.Assume;
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
import org.osgi.util.tracker.ServiceTracker;
import org.scgateway.api.component.Identification;
import org.scgateway.api.se.Aid;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.globalplatform.scp03.Scp03Keys;
import org.scgateway.globalplatform.scp03.Scp03Session;
import org.scgateway.globalplatform.scp03.SecurityLevel;

/**
 * The PC/SC driver against the real stack: pcscd with vsmartcard's vpcd, and the simulated card bridged
 * into the "Virtual PCD 00 00" reader. Skipped, saying how to enable it, where pcscd does not run.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PcscIT {

    /** pcsc-lite's socket: where it exists, pcscd runs. */
    private static final Path PCSCD = Paths.get("/run/pcscd/pcscd.comm");
    private static final long TIMEOUT = 30_000;

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() throws IOException {
        return FelixDistribution.options("pcsc").toArray(new Option[0]);
    }

    @Before
    public void needsPcscd() {
        String how = "pcscd does not run here. To run them: apt-get install pcscd vsmartcard-vpcd, then start "
                + "pcscd (pcscd -f &); .ci/run does both";
        if (System.getenv("SCGW_REQUIRE_PCSCD") != null) {
            assertTrue("PC/SC tests required (SCGW_REQUIRE_PCSCD) but " + how, Files.exists(PCSCD));
        }
        Assume.assumeTrue("PC/SC tests skipped: " + how, Files.exists(PCSCD));
    }

    private ServiceTracker<SecureElement, SecureElement> pcscCards() throws Exception {
        ServiceTracker<SecureElement, SecureElement> t = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + SecureElement.class.getName() + ")(scgw.component.backend=se.pcsc))"), null);
        t.open();
        return t;
    }

    private String simulatedCardAtr() throws Exception {
        ServiceTracker<SecureElement, SecureElement> sim = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + SecureElement.class.getName() + ")(scgw.component.backend=se.sim))"), null);
        sim.open();
        try {
            SecureElement se = sim.waitForService(TIMEOUT);
            assertNotNull("the simulated card", se);
            return java.util.HexFormat.of().withUpperCase().formatHex(se.identification().get(Identification.ATR).orElseThrow());
        } finally {
            sim.close();
        }
    }

    /** Takes the card out and waits until the driver has seen it go, so that the next test starts clean. */
    private void pull(ServiceTracker<SecureElement, SecureElement> t) throws Exception {
        bridge("");
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while (t.getService() != null && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        t.close();
    }

    private void bridge(String vpcd) throws Exception {
        configAdmin.getConfiguration("org.scgateway.se.sim", null).update(new Hashtable<>(java.util.Map.of("vpcd", vpcd)));
    }

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

            try (ApduChannel ch = se.openLogicalChannel(Aid.fromHex("A000000063504B43532D3135"))) {
                Scp03Session scp = Scp03Session.open(ch, testKeys(), SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC);
                assertEquals(0x9000, scp.transmit(CommandApdu.of(0x00, 0xA4, 0x08, 0x0C, new byte[] {0x7F, (byte) 0xFF, 0x64, 0x32})).sw());
                ResponseApdu head = scp.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 4));
                assertArrayEquals("the bootstrap file through pcscd", new byte[] {0x00, 0x02, 0x00, 0x3E}, head.data());
            }

            bridge(""); // the card is pulled out of the reader
            long deadline = System.currentTimeMillis() + TIMEOUT;
            while (t.getService() != null && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertNull("the card's service went with the card", t.getService());
        } finally {
            pull(t);
        }
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
            deadline = System.currentTimeMillis() + TIMEOUT;
            while (t.getService() != null && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
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

    /**
     * pcscd stops and starts again under the running gateway: the card goes and comes back, no restart.
     * It restarts the machine's pcscd, so it runs only where that is allowed (SCGW_PCSCD_RESTARTABLE, set
     * by .ci/run).
     */
    @Test
    public void theDriverFindsPcscdAgainAfterItRestarts() throws Exception {
        Assume.assumeTrue("pcscd restart test skipped: set SCGW_PCSCD_RESTARTABLE=1 to let it restart pcscd",
                System.getenv("SCGW_PCSCD_RESTARTABLE") != null);
        ServiceTracker<SecureElement, SecureElement> t = pcscCards();
        try {
            bridge("127.0.0.1:35963");
            assertNotNull("no card appeared in a PC/SC reader", t.waitForService(TIMEOUT));

            assertEquals(0, new ProcessBuilder("pkill", "-x", "pcscd").inheritIO().start().waitFor());
            long deadline = System.currentTimeMillis() + TIMEOUT;
            while ((t.getService() != null || Files.exists(PCSCD)) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertNull("the card went with pcscd", t.getService());

            Path log = Files.createTempFile("pcscd", ".log");
            new ProcessBuilder("pcscd", "--foreground").redirectErrorStream(true).redirectOutput(log.toFile()).start();
            SecureElement back = t.waitForService(TIMEOUT);
            assertNotNull("the card came back with pcscd, without a gateway restart", back);
            try (ApduChannel ch = back.openLogicalChannel(Aid.fromHex("A000000063504B43532D3135"))) {
                Scp03Session scp = Scp03Session.open(ch, testKeys(), SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC);
                assertEquals(0x9000, scp.transmit(CommandApdu.of(0x00, 0xA4, 0x08, 0x0C, new byte[] {0x7F, (byte) 0xFF, 0x64, 0x32})).sw());
            }
        } finally {
            pull(t);
        }
    }

    /** The public test keys of the built-in card profile (ENC 00..0F, MAC 10..1F, DEK 20..2F, version 30). */
    private static Scp03Keys testKeys() {
        byte[] enc = new byte[16];
        byte[] mac = new byte[16];
        byte[] dek = new byte[16];
        for (int i = 0; i < 16; i++) {
            enc[i] = (byte) i;
            mac[i] = (byte) (0x10 + i);
            dek[i] = (byte) (0x20 + i);
        }
        return Scp03Keys.of(0x30, enc, mac, dek);
    }
}
