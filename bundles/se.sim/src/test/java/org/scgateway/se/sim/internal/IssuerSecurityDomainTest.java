package org.scgateway.se.sim.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.Before;
import org.junit.Test;
import org.scgateway.api.se.Aid;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.globalplatform.scp03.Scp03Crypto;
import org.scgateway.globalplatform.scp03.Scp03Mode;
import org.scgateway.globalplatform.scp03.Scp03Session;
import org.scgateway.globalplatform.scp03.SecurityLevel;
import org.scgateway.globalplatform.tlv.BerTlv;
import org.scgateway.globalplatform.tlv.Tlv;

/**
 * The built-in card as a GlobalPlatform card manager meets it: the ISD selected by default, its FCI, GET DATA of
 * the card's data, GET STATUS inside a secure channel opened with the ISD's keys, by the project's own host side.
 */
public class IssuerSecurityDomainTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final String GP_OID = "2A864886FC6B";
    private CardProfile profile;
    private SimulatedCard card;

    @Before
    public void insert() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/profiles/default.json")) {
            profile = CardProfile.parse(in.readAllBytes());
        }
        card = profile.newCard(() -> { });
    }

    private ResponseApdu send(String hex) {
        return card.transmit(CommandApdu.parse(HEX.parseHex(hex)));
    }

    @Test
    public void aSelectWithoutANameSelectsTheIsdAndAnswersItsFci() {
        ResponseApdu r = send("00A4040000");
        assertEquals(0x9000, r.sw());
        Tlv fci = BerTlv.parseOneStrict(r.data());
        assertEquals(0x6F, fci.tag());
        assertEquals("A000000151000000", HEX.formatHex(fci.find(0x84).orElseThrow().value()));
        Tlv proprietary = fci.find(0xA5).orElseThrow();
        Tlv management = proprietary.find(0x73).orElseThrow();
        assertEquals("a GlobalPlatform card", GP_OID + "01", HEX.formatHex(management.find(0x06).orElseThrow().value()));
        assertEquals("SCP03, i = 70", GP_OID + "040370",
                HEX.formatHex(management.find(0x64).orElseThrow().find(0x06).orElseThrow().value()));
        assertEquals("the largest command data", "FF", HEX.formatHex(proprietary.find(0x9F65).orElseThrow().value()));
        assertEquals("the same by its AID", HEX.formatHex(r.data()), HEX.formatHex(send("00A4040008A00000015100000000").data()));
        assertEquals("EF DIR is still there by its file id", 0x9000, send("00A4000C022F00").sw());
    }

    @Test
    public void getDataGivesTheCardsDataWithoutASecureChannel() {
        assertArrayEquals(profile.cplc, send("80CA9F7F00").data());
        assertEquals("42" + "03" + "894900", HEX.formatHex(send("80CA004200").data()));
        assertEquals("45" + "0A" + "89490000000000000019", HEX.formatHex(send("80CA004500").data()));
        Tlv cardData = BerTlv.parseOneStrict(send("80CA006600").data());
        assertEquals(0x66, cardData.tag());
        assertTrue(cardData.find(0x73).isPresent());
        assertEquals("ENC, MAC, DEK of key version 30, AES-128", "E012" + "C00401308810" + "C00402308810" + "C00403308810",
                HEX.formatHex(send("80CA00E000").data()));
        assertEquals("CF0A" + "00000000000000000001", HEX.formatHex(send("80CA00CF00").data()));
        assertEquals("ISO class too", HEX.formatHex(profile.cplc), HEX.formatHex(send("00CA9F7F00").data()));
        assertEquals("what the card lacks", 0x6A88, send("80CA00FE00").sw());
    }

    @Test
    public void theSequenceCounterGetDataGivesIsTheOneTheNextSessionUses() throws Exception {
        int before = Integer.parseInt(HEX.formatHex(send("80CA00C100").data()).substring(4), 16);
        Scp03Session.open(new SimulatedCardTest.CardChannel(card, 0), SimulatedCardTest.ISD_KEYS, SecurityLevel.of(0x01));
        card.reset();
        assertEquals(before + 1, Integer.parseInt(HEX.formatHex(send("80CA00C100").data()).substring(4), 16));
    }

    @Test
    public void getStatusListsTheRegistryInsideASecureChannelOnly() throws Exception {
        send("00A4040000");
        assertEquals("outside a secure channel", 0x6982, send("80F28002024F0000").sw());
        Scp03Session scp = Scp03Session.open(new SimulatedCardTest.CardChannel(card, 0), SimulatedCardTest.ISD_KEYS, SecurityLevel.of(0x01));

        ResponseApdu isd = scp.transmit(CommandApdu.parse(HEX.parseHex("80F28002024F0000")));
        assertEquals(0x9000, isd.sw());
        assertEquals("E3" + "13" + "4F08A000000151000000" + "9F70010F" + "C5039EFE80", HEX.formatHex(isd.data()));

        ResponseApdu apps = scp.transmit(CommandApdu.parse(HEX.parseHex("80F24002024F0000")));
        assertEquals(0x9000, apps.sw());
        List<String> aids = new ArrayList<>();
        for (Tlv e : BerTlv.parseStrict(apps.data())) {
            assertEquals(0xE3, e.tag());
            aids.add(HEX.formatHex(e.find(0x4F).orElseThrow().value()));
            assertEquals("associated with the ISD", "A000000151000000", HEX.formatHex(e.find(0xCC).orElseThrow().value()));
        }
        assertEquals(List.of("A000000063504B43532D3135", "F0534347574352454401", "A0000005591010FFFFFFFF8900000100",
                "A0000005591010FFFFFFFF8900000200"), aids);

        ResponseApdu filtered = scp.transmit(CommandApdu.parse(HEX.parseHex("80F2400206" + "4F04A000000500")));
        assertEquals("a prefix criterion", 2, BerTlv.parseStrict(filtered.data()).size());
        assertEquals("no load files", 0x6A88, scp.transmit(CommandApdu.parse(HEX.parseHex("80F22002024F0000"))).sw());
        ResponseApdu legacy = scp.transmit(CommandApdu.parse(HEX.parseHex("80F28000024F0000")));
        assertEquals("the legacy format", "08A000000151000000" + "0F" + "9E", HEX.formatHex(legacy.data()));
    }

    /** An answer that does not fit ends with 6310; "next occurrence" goes on where it stopped, and nothing is lost. */
    @Test
    public void aLongRegistryComesInPartsWith6310() {
        List<IssuerSecurityDomain.Entry> many = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            many.add(new IssuerSecurityDomain.Entry(Aid.fromHex(String.format("F00000000001%04X", i)), IssuerSecurityDomain.SELECTABLE,
                    IssuerSecurityDomain.NO_PRIVILEGES));
        }
        IssuerSecurityDomain isd = new IssuerSecurityDomain(profile.isd, profile.kdd, () -> 0, () -> many);
        IssuerSecurityDomain.StatusCursor cursor = new IssuerSecurityDomain.StatusCursor();
        List<String> seen = new ArrayList<>();
        ResponseApdu r = isd.getStatus(0x40, 0x02, HEX.parseHex("4F00"), cursor);
        int parts = 1;
        while (true) {
            assertTrue(r.data().length <= IssuerSecurityDomain.MAX_STATUS_DATA);
            seen.addAll(BerTlv.parseStrict(r.data()).stream().map(t -> HEX.formatHex(t.find(0x4F).orElseThrow().value()))
                    .collect(Collectors.toList()));
            if (r.sw() == 0x9000) {
                break;
            }
            assertEquals(0x6310, r.sw());
            r = isd.getStatus(0x40, 0x03, HEX.parseHex("4F00"), cursor);
            parts++;
        }
        assertTrue("in more than one part: " + parts, parts > 1);
        assertEquals(many.stream().map(e -> HEX.formatHex(e.aid().bytes())).collect(Collectors.toList()), seen);
        assertEquals("nothing to go on with", 0x6985, isd.getStatus(0x40, 0x03, HEX.parseHex("4F00"), cursor).sw());
    }

    /** A card manager run twice: the first left its session open on the basic channel; the second's SELECT ends it. */
    @Test
    public void aSecondSessionAfterAnAbandonedOne() throws Exception {
        send("00A4040000");
        Scp03Session.open(new SimulatedCardTest.CardChannel(card, 0), SimulatedCardTest.ISD_KEYS, SecurityLevel.of(0x03));
        ResponseApdu select = send("00A4040000");
        assertEquals(0x9000, select.sw());
        assertEquals(0x6F, select.data()[0] & 0xFF);
        Scp03Session again = Scp03Session.open(new SimulatedCardTest.CardChannel(card, 0), SimulatedCardTest.ISD_KEYS, SecurityLevel.of(0x03));
        assertEquals(0x9000, again.transmit(CommandApdu.parse(HEX.parseHex("80F28002024F0000"))).sw());
    }

    /**
     * A host that asks for S16 mode (a 16-byte host challenge) gets it: i = 71, a 16-byte card challenge derived from
     * the sequence counter and the ISD's AID (the pseudo-random mode the card announces), and a session at level 33.
     */
    @Test
    public void s16ModeWithAPseudoRandomCardChallenge() throws Exception {
        send("00A4040000");
        int counter = Integer.parseInt(HEX.formatHex(send("80CA00C100").data()).substring(4), 16) + 1; // this session's
        byte[] hostChallenge = HEX.parseHex("00112233445566778899AABBCCDDEEFF");
        ResponseApdu init = send("8050300010" + HEX.formatHex(hostChallenge) + "00");
        assertEquals(0x9000, init.sw());
        byte[] r = init.data();
        assertEquals("KDD, key info, challenge, cryptogram, counter", 10 + 3 + 16 + 16 + 3, r.length);
        assertEquals("SCP03, i = 71: S16, pseudo-random, R-MAC and R-ENC", "300371", HEX.formatHex(r, 10, 13));
        assertEquals(HEX.formatHex(Scp03Crypto.pseudoRandomCardChallenge(SimulatedCardTest.ISD_KEYS, counter,
                HEX.parseHex("A000000151000000"), Scp03Mode.S16)), HEX.formatHex(r, 13, 29));
        assertEquals(String.format("%06X", counter), HEX.formatHex(r, 45, 48));

        Scp03Session scp = Scp03Session.open(new SimulatedCardTest.CardChannel(card, 0), SimulatedCardTest.ISD_KEYS,
                SecurityLevel.of(0x33), Scp03Mode.S16);
        ResponseApdu isd = scp.transmit(CommandApdu.parse(HEX.parseHex("80F28002024F0000")));
        assertEquals(0x9000, isd.sw());
        assertEquals("E3" + "13" + "4F08A000000151000000" + "9F70010F" + "C5039EFE80", HEX.formatHex(isd.data()));
        assertEquals("a challenge neither S8 nor S16", 0x6700, send("805030000C" + "00".repeat(12) + "00").sw());
    }
}
