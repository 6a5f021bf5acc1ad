package org.scgateway.se.sim.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scgateway.api.euicc.Iccid;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.globalplatform.tlv.BerTlv;
import org.scgateway.globalplatform.tlv.Tlv;

/**
 * SGP.22's notifications on the simulated eUICC: a profile change raises one for each operation the profile's
 * Notification Configuration Information names; ListNotification, RetrieveNotificationsList and
 * RemoveNotificationFromList answer as SGP.22's ASN.1 module encodes them; each retrieved notification is signed by
 * the eUICC, whose certificate chain (eUICC, EUM, CI) the JDK verifies.
 */
public class EuiccNotificationsTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final String OTHER = "89445000000000000027";
    private static final String ADDRESS = "smdp.operator-a.example";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private CardProfile profile;
    private SimulatedCard card;
    private int channel;

    @Before
    public void insert() throws Exception {
        insert(SimulatedEuiccTest.cardJson(SimulatedEuiccTest.profileJson(OTHER, "11", "enabled",
                "\"notifications\": [{\"events\": [\"enable\", \"disable\", \"delete\"], \"address\": \"" + ADDRESS + "\"}]")));
    }

    private void insert(String json) throws Exception {
        profile = CardProfile.parse(json.getBytes(StandardCharsets.UTF_8));
        card = profile.newCard(() -> { });
        ResponseApdu open = card.transmit(CommandApdu.parse(HEX.parseHex("0070000001")));
        channel = open.data()[0];
        assertEquals(0x9000, send("00A4040010A0000005591010FFFFFFFF890000010000").sw());
    }

    private ResponseApdu send(String apdu) {
        return card.transmit(CommandApdu.parse(HEX.parseHex(apdu)).onChannel(channel));
    }

    /** The whole answer, fetched with GET RESPONSE in the class an LPA uses (81 on channel 1) while the card says 61xx. */
    private String es10(String apdu) {
        ResponseApdu r = send(apdu);
        StringBuilder out = new StringBuilder(HEX.formatHex(r.data()));
        while (r.statusWord().sw1() == 0x61) {
            r = send("80C00000" + String.format("%02X", r.statusWord().sw2()));
            out.append(HEX.formatHex(r.data()));
        }
        assertEquals(0x9000, r.sw());
        return out.toString();
    }

    /** ES10c EnableProfile of the reference's profile by ICCID, refresh flag set. */
    private String enableReferenceProfile() {
        return es10("80E2910014BF3111A00C5A0A" + HEX.formatHex(Iccid.of(SimulatedEuiccTest.ICCID).toBcd()) + "8101FF00");
    }

    private static String metadata(int seq, String event, String iccid) {
        String address = HEX.formatHex(ADDRESS.getBytes(StandardCharsets.UTF_8));
        String body = "8001" + String.format("%02X", seq) + "8102" + event + "0C" + String.format("%02X", ADDRESS.length()) + address
                + "5A0A" + HEX.formatHex(Iccid.of(iccid).toBcd());
        return "BF2F" + String.format("%02X", body.length() / 2) + body;
    }

    @Test
    public void aSwitchRaisesTheDisableNotificationTheOldProfileAsksForAndNoneForTheNewOne() {
        assertEquals("no notification before", "BF2802A000", es10("80E2910003BF280000"));
        assertEquals("BF3103800100", enableReferenceProfile());
        // NotificationEvent notificationDisable(2): BIT STRING 05 20. The new profile configured none.
        String disabled = metadata(1, "0520", OTHER);
        assertEquals("BF28" + String.format("%02X", disabled.length() / 2 + 2) + "A0" + String.format("%02X", disabled.length() / 2) + disabled,
                es10("80E2910003BF280000"));

        // Enabled again: notificationEnable(1), 06 40, numbered on.
        assertEquals("BF3203800100", es10("80E291001ABF3217A0124F10A0000005591010FFFFFFFF890000100081010000"));
        assertEquals("BF3103800100", es10("80E2910014BF3111A00C5A0A" + HEX.formatHex(Iccid.of(OTHER).toBcd()) + "8101FF00"));
        Tlv list = BerTlv.parseOneStrict(HEX.parseHex(es10("80E2910003BF280000")));
        List<Tlv> all = list.find(0xA0).orElseThrow().children();
        assertEquals(List.of(disabled, metadata(2, "0640", OTHER)), all.stream().map(t -> HEX.formatHex(t.encode())).toList());
        // Only the enable ones: ListNotificationRequest with profileManagementOperation [1].
        Tlv enables = BerTlv.parseOneStrict(HEX.parseHex(es10("80E2910007BF28048102064000")));
        assertEquals(List.of(metadata(2, "0640", OTHER)),
                enables.find(0xA0).orElseThrow().children().stream().map(t -> HEX.formatHex(t.encode())).toList());
    }

    @Test
    public void aRetrievedNotificationIsSignedByTheEuiccWhoseChainVerifies() throws Exception {
        enableReferenceProfile();
        Tlv answer = BerTlv.parseOneStrict(HEX.parseHex(es10("80E2910003BF2B0000")));
        List<Tlv> notifications = answer.find(0xA0).orElseThrow().children();
        assertEquals(1, notifications.size());
        Tlv signed = notifications.get(0);
        assertEquals("OtherSignedNotification", 0x30, signed.tag());
        List<Tlv> parts = signed.children();
        assertEquals(List.of(0xBF2F, 0x5F37, 0x30, 0x30), parts.stream().map(Tlv::tag).toList());
        assertEquals(metadata(1, "0520", OTHER), HEX.formatHex(parts.get(0).encode()));

        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        X509Certificate euicc = (X509Certificate) x509.generateCertificate(new ByteArrayInputStream(parts.get(2).encode()));
        X509Certificate eum = (X509Certificate) x509.generateCertificate(new ByteArrayInputStream(parts.get(3).encode()));
        X509Certificate ci = (X509Certificate) x509.generateCertificate(new ByteArrayInputStream(profile.euicc.pki().ciCertificate()));
        euicc.verify(eum.getPublicKey());
        eum.verify(ci.getPublicKey());
        ci.verify(ci.getPublicKey());
        assertTrue(euicc.getSubjectX500Principal().getName(), euicc.getSubjectX500Principal().getName()
                .contains("2.5.4.5=#1320" + HEX.formatHex("89049044900000000000000000102355".getBytes(StandardCharsets.US_ASCII))));
        assertTrue("id-rspRole-euicc", HEX.formatHex(euicc.getExtensionValue("2.5.29.32")).contains("060767811201020101"));

        Signature ecdsa = Signature.getInstance("SHA256withECDSAinP1363Format");
        ecdsa.initVerify(euicc.getPublicKey());
        ecdsa.update(parts.get(0).encode());
        assertEquals("TR-03111 plain r || s", 64, parts.get(1).value().length);
        assertTrue("the eUICC's signature of tbsOtherNotification", ecdsa.verify(parts.get(1).value()));

        Tlv info1 = BerTlv.parseOneStrict(HEX.parseHex(es10("80E2910003BF200000")));
        byte[] ciKeyId = java.security.MessageDigest.getInstance("SHA-1").digest(
                org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(ci.getPublicKey().getEncoded()).getPublicKeyData().getBytes());
        assertArrayEquals("EUICCInfo1 names the CI the chain ends in", ciKeyId, info1.find(0xA9).orElseThrow().find(0x04).orElseThrow().value());
    }

    @Test
    public void anLpaRemovesWhatItSentAndNothingElse() {
        enableReferenceProfile();
        assertEquals("nothing numbered 2", "BF3003800101", es10("80E2910006BF3003800102" + "00"));
        assertEquals("by sequence number", "BF3003800100", es10("80E2910006BF3003800101" + "00"));
        assertEquals("gone", "BF2802A000", es10("80E2910003BF280000"));
        assertEquals("noResultAvailable", "BF2B03810101", es10("80E2910003BF2B0000"));
        assertEquals("once", "BF3003800101", es10("80E2910006BF3003800101" + "00"));
    }

    @Test
    public void retrievalBySequenceNumberGivesThatOneOnly() {
        enableReferenceProfile();
        es10("80E2910014BF3111A00C5A0A" + HEX.formatHex(Iccid.of(OTHER).toBcd()) + "8101FF00");
        Tlv second = BerTlv.parseOneStrict(HEX.parseHex(es10("80E2910008BF2B05A003800102" + "00")));
        List<Tlv> found = second.find(0xA0).orElseThrow().children();
        assertEquals(1, found.size());
        assertEquals(metadata(2, "0640", OTHER), HEX.formatHex(found.get(0).children().get(0).encode()));
    }

    @Test
    public void deletionRaisesTheDeleteNotification() {
        enableReferenceProfile();
        assertEquals("BF3303800100", es10("80E291000FBF330C5A0A" + HEX.formatHex(Iccid.of(OTHER).toBcd()) + "00"));
        Tlv list = BerTlv.parseOneStrict(HEX.parseHex(es10("80E2910003BF280000")));
        assertEquals(metadata(2, "0410", OTHER), HEX.formatHex(list.find(0xA0).orElseThrow().children().get(1).encode()));
    }

    @Test
    public void aChangeThatCannotBeKeptRaisesNothing() {
        profile.euicc.keepWith(() -> false);
        assertEquals("BF310380017F", enableReferenceProfile());
        assertEquals("BF2802A000", es10("80E2910003BF280000"));
    }

    @Test
    public void pendingNotificationsAndTheCounterOutliveARestart() throws Exception {
        Path state = folder.getRoot().toPath().resolve("euicc-test.json");
        profile.euicc.keepWith(() -> SimulatedCardComponent.keep(profile, 0, state));
        enableReferenceProfile();
        insert(Files.readString(state));
        assertEquals(List.of(metadata(1, "0520", OTHER)), BerTlv.parseOneStrict(HEX.parseHex(es10("80E2910003BF280000")))
                .find(0xA0).orElseThrow().children().stream().map(t -> HEX.formatHex(t.encode())).toList());
        assertEquals("the configuration too", 1, profile.euicc.notificationConfig(Iccid.of(OTHER)).size());
        es10("80E2910014BF3111A00C5A0A" + HEX.formatHex(Iccid.of(OTHER).toBcd()) + "8101FF00");
        assertEquals("numbered on after the restart", 2, profile.euicc.notifications().pending().get(1).seq());
    }
}
