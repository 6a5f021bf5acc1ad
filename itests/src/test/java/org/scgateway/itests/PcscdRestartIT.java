package org.scgateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.util.tracker.ServiceTracker;
import org.scgateway.api.se.Aid;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.SecureElement;
import org.scgateway.globalplatform.scp03.Scp03Session;
import org.scgateway.globalplatform.scp03.SecurityLevel;

/**
 * pcscd stops and starts again under the running gateway: the card goes and comes back, with no gateway
 * restart. It kills the machine's pcscd, so the build runs it only where SCGW_PCSCD_RESTARTABLE is set
 * (.ci/run sets it) and pcscd runs (profile {@code pcscd-restart} in itests/pom.xml).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PcscdRestartIT extends PcscSupport {

    @Test
    public void theDriverFindsPcscdAgainAfterItRestarts() throws Exception {
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
}
