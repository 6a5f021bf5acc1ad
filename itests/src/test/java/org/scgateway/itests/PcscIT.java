package org.scgateway.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.util.tracker.ServiceTracker;
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

            try (ApduChannel ch = se.openLogicalChannel(Aid.fromHex("A000000063504B43532D3135"))) {
                Scp03Session scp = Scp03Session.open(ch, testKeys(), SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC);
                assertEquals(0x9000, scp.transmit(CommandApdu.of(0x00, 0xA4, 0x08, 0x0C, new byte[] {0x7F, (byte) 0xFF, 0x64, 0x32})).sw());
                ResponseApdu head = scp.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 4));
                assertArrayEquals("the bootstrap file through pcscd", new byte[] {0x00, 0x02, 0x00, 0x3E}, head.data());
            }

            bridge(""); // the card is pulled out of the reader
            awaitGone(t);
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
}
