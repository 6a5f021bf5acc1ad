package org.scgateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.util.tracker.ServiceTracker;
import org.scgateway.api.euicc.Eid;
import org.scgateway.api.euicc.EuiccException;
import org.scgateway.api.euicc.EuiccService;
import org.scgateway.api.euicc.Iccid;
import org.scgateway.api.euicc.Profile;
import org.scgateway.api.se.SecureElement;

/**
 * The eUICC profile service through the real PC/SC stack: the simulated card in vpcd's reader, pcscd, the
 * PC/SC driver; ES10c's STORE DATA and, the card speaking T=0, its answers fetched with GET RESPONSE. Every
 * operation: enable, disable (the fall-back profile takes over), the fall-back attribute, the nickname, a
 * refused and a done deletion. Then an LPA's part, from a PC/SC context of its own connected exclusively: the
 * notifications those operations raised, listed, retrieved one by one (signed by the eUICC) and removed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PcscEuiccIT extends PcscSupport {

    @Override
    @Configuration
    public Option[] config() throws IOException {
        return FelixDistribution.withFreshCard("pcsc-euicc");
    }

    @Test
    public void theEuiccInAPcscReaderIsManagedAndGoesWithTheCard() throws Exception {
        ServiceTracker<SecureElement, SecureElement> cards = pcscCards();
        try {
            bridge("127.0.0.1:35963");
            SecureElement se = cards.waitForService(TIMEOUT);
            assertNotNull("no card appeared in a PC/SC reader", se);
            ServiceTracker<EuiccService, EuiccService> euiccs = new ServiceTracker<>(context, context.createFilter("(&(objectClass="
                    + EuiccService.class.getName() + ")(" + EuiccService.PROP_SECURE_ELEMENT_ID + "=" + se.id() + "))"), null);
            euiccs.open();
            try {
                EuiccService euicc = euiccs.waitForService(TIMEOUT);
                assertNotNull("no eUICC service for the card in the PC/SC reader", euicc);
                assertEquals(Eid.of("89049044900000000000000000102355"), euicc.eid());
                List<Profile> profiles = euicc.profiles();
                Iccid was = enabled(profiles);
                Iccid other = profiles.stream().filter(p -> !p.isEnabled() && !p.isFallback()).map(Profile::iccid).findFirst()
                        .orElse(EuiccIT.PROVISIONING);
                euicc.enable(other);
                assertEquals(other, enabled(euicc.profiles()));
                euicc.disable(other); // the fall-back profile takes over
                assertEquals(EuiccIT.PROVISIONING, enabled(euicc.profiles()));
                euicc.setFallback(other);
                assertTrue(profile(euicc, other).isFallback());
                euicc.setFallback(EuiccIT.PROVISIONING);
                euicc.setNickname(other, "over PC/SC");
                assertEquals("over PC/SC", profile(euicc, other).nickname().orElseThrow());
                euicc.enable(was);
                assertEquals(was, enabled(euicc.profiles()));
                EuiccException refused = assertThrows(EuiccException.class, () -> euicc.delete(EuiccIT.PROVISIONING));
                assertEquals(EuiccException.Result.DISALLOWED_BY_POLICY, refused.result());
                euicc.delete(other); // this suite's card is fresh for each run: what it deletes is back next time
                assertTrue(euicc.profiles().stream().noneMatch(p -> p.iccid().equals(other)));

                // The whole list, signed, is some 5 KB: the gateway's PC/SC driver fetches it all through GET RESPONSE
                // (jnasmartcardio alone gave up after eight parts, under a made-up status word).
                try (org.scgateway.api.se.ApduChannel isdR = se.openLogicalChannel(org.scgateway.api.se.Aid.fromHex(
                        "A0000005591010FFFFFFFF8900000100"))) {
                    org.scgateway.api.se.ResponseApdu all = isdR.transmit(org.scgateway.api.se.CommandApdu.of(0x80, 0xE2, 0x91, 0x00,
                            java.util.HexFormat.of().parseHex("BF2B00"), 256));
                    assertEquals(0x9000, all.sw());
                    assertTrue("longer than eight parts: " + all.data().length, all.data().length > 8 * 256);
                    assertEquals(5, org.scgateway.globalplatform.tlv.BerTlv.parseOneStrict(all.data()).find(0xA0).orElseThrow()
                            .children().size());
                }

                // What an LPA then does with the notifications those operations raised: connected exclusively (the
                // gateway is idle), on a logical channel, STORE DATA in class 81 and GET RESPONSE in the same class.
                List<String> raised = new java.util.ArrayList<>();
                for (org.scgateway.globalplatform.tlv.Tlv n : lpaRetrievesNotifications()) {
                    List<org.scgateway.globalplatform.tlv.Tlv> parts = n.children();
                    org.scgateway.globalplatform.tlv.Tlv metadata = parts.get(0);
                    java.security.cert.X509Certificate euiccCert = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory
                            .getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(parts.get(2).encode()));
                    java.security.Signature ecdsa = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
                    ecdsa.initVerify(euiccCert.getPublicKey());
                    ecdsa.update(metadata.encode());
                    assertTrue("signed by the eUICC", ecdsa.verify(parts.get(1).value()));
                    raised.add(java.util.HexFormat.of().formatHex(metadata.find(0x81).orElseThrow().value()) + " "
                            + Iccid.fromBcd(metadata.find(0x5A).orElseThrow().value()));
                }
                assertEquals("disable, enable, disable, enable, delete, for the profiles that ask to be told", List.of(
                        "0520 " + was, "0640 " + other, "0520 " + other, "0640 " + was, "0410 " + other), raised);

                pull(cards);
                long deadline = System.currentTimeMillis() + TIMEOUT;
                while (euiccs.getService() != null && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
                assertNull("the eUICC service went with the card", euiccs.getService());
            } finally {
                euiccs.close();
            }
        } finally {
            pull(cards);
        }
    }

    /**
     * The notifications as an LPA fetches them through pcsc-lite, from a PC/SC context of its own: ListNotification
     * for their sequence numbers, then RetrieveNotificationsList for each (one signed notification is about 1 KB),
     * then RemoveNotificationFromList once "sent". A card reset under the LPA's feet (seen about once in five runs:
     * PROTO_MISMATCH, or its channel gone, 6881; pcscd powers an idle card down and up, and the gateway's own retries
     * while the LPA holds the card were shown not to be the cause) makes it connect again and go on, as an LPA would.
     */
    private static List<org.scgateway.globalplatform.tlv.Tlv> lpaRetrievesNotifications() throws Exception {
        java.util.Map<String, org.scgateway.globalplatform.tlv.Tlv> retrieved = new java.util.LinkedHashMap<>();
        for (int attempt = 1; ; attempt++) {
            try {
                lpaSession(retrieved);
                return new java.util.ArrayList<>(retrieved.values());
            } catch (javax.smartcardio.CardException | CardReset e) {
                assertTrue("the LPA's session was cut three times: " + e, attempt < 3);
            }
        }
    }

    /** The card was reset during the LPA's session: its logical channel is gone. */
    private static final class CardReset extends Exception {
        private static final long serialVersionUID = 1L;

        CardReset(String apdu) {
            super("6881 to " + apdu);
        }
    }

    private static void lpaSession(java.util.Map<String, org.scgateway.globalplatform.tlv.Tlv> retrieved) throws Exception {
        javax.smartcardio.CardTerminals lpa = javax.smartcardio.TerminalFactory.getInstance("PC/SC", null, new jnasmartcardio.Smartcardio())
                .terminals();
        javax.smartcardio.Card card = null;
        try {
            long deadline = System.currentTimeMillis() + TIMEOUT;
            while (card == null) {
                try {
                    card = lpa.getTerminal("Virtual PCD 00 00").connect("EXCLUSIVE;*");
                } catch (javax.smartcardio.CardException e) {
                    assertTrue("the LPA never got the card exclusively: " + e, System.currentTimeMillis() < deadline);
                    Thread.sleep(100);
                }
            }
            javax.smartcardio.CardChannel ch = card.openLogicalChannel();
            assertEquals(1, ch.getChannelNumber());
            es10(ch, "01A4040010A0000005591010FFFFFFFF8900000100");
            // Class 81: STORE DATA on channel 1; the provider fetches longer answers with 81 C0, as LPAs do.
            org.scgateway.globalplatform.tlv.Tlv list = org.scgateway.globalplatform.tlv.BerTlv.parseOneStrict(
                    es10(ch, "81E2910003BF280000").getData());
            for (org.scgateway.globalplatform.tlv.Tlv metadata : list.find(0xA0).orElseThrow().children()) {
                String seq = java.util.HexFormat.of().formatHex(metadata.find(0x80).orElseThrow().value());
                org.scgateway.globalplatform.tlv.Tlv one = org.scgateway.globalplatform.tlv.BerTlv.parseOneStrict(
                        es10(ch, "81E2910008BF2B05A00380" + String.format("%02X", seq.length() / 2) + seq + "00").getData());
                List<org.scgateway.globalplatform.tlv.Tlv> found = one.find(0xA0).orElseThrow().children();
                assertEquals("notification " + seq, 1, found.size());
                assertEquals(metadata.encode().length, found.get(0).children().get(0).encode().length);
                retrieved.put(seq, found.get(0));
                assertEquals("BF3003800100", java.util.HexFormat.of().withUpperCase().formatHex(
                        es10(ch, "81E2910006BF300380" + String.format("%02X", seq.length() / 2) + seq + "00").getData()));
            }
            assertEquals("all removed", "BF2802A000", java.util.HexFormat.of().withUpperCase().formatHex(es10(ch, "81E2910003BF280000").getData()));
            ch.close();
        } finally {
            if (card != null) {
                try {
                    card.disconnect(false);
                } catch (javax.smartcardio.CardException e) {
                    // reset under it: the next session connects afresh
                }
            }
            ((jnasmartcardio.Smartcardio.JnaCardTerminals) lpa).close();
        }
    }

    private static javax.smartcardio.ResponseAPDU es10(javax.smartcardio.CardChannel ch, String apdu) throws Exception {
        javax.smartcardio.ResponseAPDU r = ch.transmit(new javax.smartcardio.CommandAPDU(java.util.HexFormat.of().parseHex(apdu)));
        if (r.getSW() == 0x6881) {
            throw new CardReset(apdu);
        }
        assertEquals(apdu, 0x9000, r.getSW());
        return r;
    }

    private static Profile profile(EuiccService euicc, Iccid iccid) throws EuiccException {
        return euicc.profiles().stream().filter(p -> p.iccid().equals(iccid)).findFirst().orElseThrow();
    }

    private static Iccid enabled(List<Profile> profiles) {
        List<Iccid> on = profiles.stream().filter(Profile::isEnabled).map(Profile::iccid).collect(Collectors.toList());
        assertEquals("one profile enabled: " + profiles, 1, on.size());
        return on.get(0);
    }
}
