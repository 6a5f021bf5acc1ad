package org.scgateway.se.sim.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scgateway.api.euicc.Iccid;
import org.scgateway.api.euicc.Profile;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.globalplatform.tlv.BerTlv;
import org.scgateway.globalplatform.tlv.Tlv;

/**
 * The simulated eUICC, driven with the APDUs of shared/reference/euicc.md byte for byte, and with SGP.02's
 * rules: one profile enabled, POL1, the fall-back profile; answers longer than Le through 61xx; state kept.
 */
public class SimulatedEuiccTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    /** pySim's test ICCID and the reference's example ISD-P AID: the ones in the reference's APDU vectors. */
    static final String ICCID = "89000123456789012341";
    static final String AID = "A0000005591010FFFFFFFF8900001000";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private SimulatedCard card;
    private CardProfile profile;
    private int channel;

    /** A card with the reference's profile (disabled) and the given others. */
    static String cardJson(String... profiles) {
        return "{\"name\": \"euicc-test\", \"iccid\": \"89490000000000000019\", \"atr\": \"3B00\", \"kdd\": \"00000000000000000001\","
                + "\"isd\": {\"aid\": \"A000000151000000\", \"keys\": {\"enc\": \"404142434445464748494A4B4C4D4E4F\","
                + "\"mac\": \"404142434445464748494A4B4C4D4E4F\", \"dek\": \"404142434445464748494A4B4C4D4E4F\"}},"
                + "\"euicc\": {\"eid\": \"89049044900000000000000000102355\", \"profiles\": ["
                + "{\"iccid\": \"" + ICCID + "\", \"aid\": \"" + AID + "\", \"state\": \"disabled\"}"
                + (profiles.length == 0 ? "" : "," + String.join(",", profiles)) + "]}}";
    }

    static String profileJson(String iccid, String aidByte, String state, String extra) {
        return "{\"iccid\": \"" + iccid + "\", \"aid\": \"A0000005591010FFFFFFFF890000" + aidByte + "00\", \"state\": \"" + state + "\""
                + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    private static final String OTHER = "89445000000000000027";
    private static final String THIRD = "89310000000000000031";

    @Before
    public void insert() throws Exception {
        insert(cardJson(profileJson(OTHER, "11", "enabled", "")));
    }

    private void insert(String json) throws Exception {
        profile = CardProfile.parse(json.getBytes(StandardCharsets.UTF_8));
        card = profile.newCard(() -> { });
        channel = openIsdR();
    }

    private int openIsdR() {
        ResponseApdu open = card.transmit(CommandApdu.parse(HEX.parseHex("0070000001")));
        assertEquals(0x9000, open.sw());
        int ch = open.data()[0];
        assertEquals("9000", sw(ch, "00A4040010A0000005591010FFFFFFFF890000010000"));
        return ch;
    }

    private String send(int ch, String apdu) {
        ResponseApdu r = card.transmit(CommandApdu.parse(HEX.parseHex(apdu)).onChannel(ch));
        return HEX.formatHex(r.data()) + String.format("%04X", r.sw());
    }

    private String sw(int ch, String apdu) {
        String r = send(ch, apdu);
        return r.substring(r.length() - 4);
    }

    private String send(String apdu) {
        return send(channel, apdu);
    }

    @Test
    public void theReferenceVectorsAreAnsweredAsAnEuiccWould() {
        assertEquals("BF3E125A1089049044900000000000000000102355" + "9000", send("80E2910006BF3E035C015A00"));
        // Enable by ICCID with refresh: the other profile is disabled by it.
        assertEquals("BF3103800100" + "9000", send("80E2910014BF3111A00C5A0A980010325476981032148101FF00"));
        assertEquals(List.of(true, false), enabledFlags());
        // Delete by ICCID while enabled: wrong state (2); then disable by AID (no refresh) and delete.
        assertEquals("BF3303800102" + "9000", send("80E291000FBF330C5A0A9800103254769810321400"));
        assertEquals("BF3203800100" + "9000", send("80E291001ABF3217A0124F10A0000005591010FFFFFFFF890000100081010000"));
        assertEquals("BF3303800100" + "9000", send("80E291000FBF330C5A0A9800103254769810321400"));
        assertEquals(1, profile.euicc.profiles().size());
        assertEquals(OTHER, profile.euicc.profiles().get(0).iccid().digits());
    }

    @Test
    public void getProfilesInfoListsEveryFieldTheCardHolds() {
        String answer = send("80E2910003BF2D0000");
        assertTrue(answer, answer.startsWith("BF2D"));
        assertTrue(answer, answer.contains("E3"));
        assertTrue(answer, answer.contains("5A0A98001032547698103214" + "4F10" + AID + "9F700100"));
        assertTrue(answer, answer.contains("9F700101")); // the other one is enabled
        assertTrue(answer, answer.endsWith("9000"));
    }

    /** What an SGP.22 LPA asks beside the profiles ("chip info", notifications), as STORE DATA in class 80. */
    @Test
    public void theLpaFunctionsAnswerAsSgp22Encodes() {
        org.scgateway.globalplatform.tlv.Tlv info1 = tlv(send("80E2910003BF200000"));
        assertEquals(0xBF20, info1.tag());
        assertEquals("SVN 2.2.0", "020200", HEX.formatHex(info1.find(0x82).orElseThrow().value()));
        assertEquals("a CI key identifier for verification", 20, info1.find(0xA9).orElseThrow().find(0x04).orElseThrow().value().length);

        org.scgateway.globalplatform.tlv.Tlv info2 = tlv(send("80E2910003BF220000"));
        java.util.List<Integer> tags = info2.children().stream().map(org.scgateway.globalplatform.tlv.Tlv::tag).collect(java.util.stream.Collectors.toList());
        assertEquals("EUICCInfo2's mandatory fields, in order", List.of(0x81, 0x82, 0x83, 0x84, 0x85, 0x87, 0x88, 0xA9, 0xAA, 0x04, 0x0C), tags);
        assertEquals("USIM, Milenage, Java Card", "014802", HEX.formatHex(info2.find(0x85).orElseThrow().value()));

        org.scgateway.globalplatform.tlv.Tlv addresses = tlv(send("80E2910003BF3C0000"));
        assertEquals("the root SM-DS, no default SM-DP+", "lpa.ds.gsma.com",
                new String(addresses.find(0x81).orElseThrow().value(), StandardCharsets.UTF_8));
        assertTrue(addresses.find(0x80).isEmpty());
        assertEquals("an empty Rules Authorisation Table", "BF4302A000" + "9000", send("80E2910003BF430000"));
        String challenge = send("80E2910003BF2E0000");
        assertTrue(challenge, challenge.matches("BF2E128010[0-9A-F]{32}9000"));
        assertTrue("a fresh challenge each time", !challenge.equals(send("80E2910003BF2E0000")));
        assertEquals("no notification metadata", "BF2802A000" + "9000", send("80E2910003BF280000"));
        assertEquals("no notification: noResultAvailable", "BF2B03810101" + "9000", send("80E2910003BF2B0000"));
        assertEquals("nothing to delete", "BF3003800101" + "9000", send("80E2910006BF3003800101" + "00"));
    }

    private static org.scgateway.globalplatform.tlv.Tlv tlv(String answer) {
        assertTrue(answer, answer.endsWith("9000"));
        return org.scgateway.globalplatform.tlv.BerTlv.parseOneStrict(HEX.parseHex(answer.substring(0, answer.length() - 4)));
    }

    @Test
    public void theEcasdTellsTheEid() {
        ResponseApdu open = card.transmit(CommandApdu.parse(HEX.parseHex("0070000001")));
        int ch = open.data()[0];
        assertEquals("9000", sw(ch, "00A4040010A0000005591010FFFFFFFF890000020000"));
        assertEquals("5A1089049044900000000000000000102355" + "9000", send(ch, "80CA005A00"));
        assertEquals("6A88", sw(ch, "80CA004200"));
        assertEquals("6985", sw(ch, "80E2910006BF3E035C015A00")); // STORE DATA is the ISD-R's
    }

    @Test
    public void enablingAnEnabledProfileIsAWrongStateAndAnUnknownOneNotFound() {
        assertEquals("BF3103800102" + "9000", send("80E2910014BF3111A00C5A0A" + bcd(OTHER) + "8101FF00"));
        assertEquals("BF3103800101" + "9000", send("80E2910014BF3111A00C5A0A" + bcd("89999999999999999999") + "8101FF00"));
        assertEquals(List.of(false, true), enabledFlags());
    }

    @Test
    public void disablingNotAllowedKeepsTheProfileEnabledEvenWhenAnotherIsEnabled() throws Exception {
        insert(cardJson(profileJson(OTHER, "11", "enabled", "\"policyRules\": [\"disabling-not-allowed\"]")));
        assertEquals("BF3203800103" + "9000", send("80E2910014BF3211A00C5A0A" + bcd(OTHER) + "8101FF00"));
        assertEquals("BF3103800103" + "9000", send("80E2910014BF3111A00C5A0A" + bcd(ICCID) + "8101FF00"));
        assertEquals(List.of(false, true), enabledFlags());
    }

    @Test
    public void deletionNotAllowedAndDeletionOnDisableAreHonoured() throws Exception {
        insert(cardJson(profileJson(OTHER, "11", "enabled", "\"policyRules\": [\"deletion-required-on-disable\"]"),
                profileJson(THIRD, "12", "disabled", "\"policyRules\": [\"deletion-not-allowed\"]")));
        assertEquals("BF3303800103" + "9000", send("80E291000FBF330C5A0A" + bcd(THIRD) + "00"));
        // Enabling the reference profile disables OTHER, whose rule then deletes it.
        assertEquals("BF3103800100" + "9000", send("80E2910014BF3111A00C5A0A" + bcd(ICCID) + "8101FF00"));
        assertEquals(List.of(ICCID, THIRD), profile.euicc.profiles().stream().map(p -> p.iccid().digits()).toList());
    }

    @Test
    public void disablingEnablesTheFallbackProfileWhichCannotItselfBeDisabledOrDeleted() throws Exception {
        insert(cardJson(profileJson(OTHER, "11", "enabled", ""), profileJson(THIRD, "12", "disabled", "\"fallback\": true")));
        assertEquals("BF3203800100" + "9000", send("80E2910014BF3211A00C5A0A" + bcd(OTHER) + "8101FF00"));
        assertEquals(List.of(false, false, true), enabledFlags());
        assertEquals("BF3203800103" + "9000", send("80E2910014BF3211A00C5A0A" + bcd(THIRD) + "8101FF00"));
        assertEquals("BF3103800100" + "9000", send("80E2910014BF3111A00C5A0A" + bcd(ICCID) + "8101FF00"));
        assertEquals("BF3303800103" + "9000", send("80E291000FBF330C5A0A" + bcd(THIRD) + "00"));
    }

    @Test
    public void theSgp02SetFallbackMovesTheAttribute() throws Exception {
        insert(cardJson(profileJson(OTHER, "11", "enabled", "\"fallback\": true")));
        assertEquals("9000", send("80E29100153A05124F10" + AID + "00"));
        assertEquals(List.of(true, false), profile.euicc.profiles().stream().map(Profile::isFallback).toList());
        assertEquals("6A88", send("80E29100153A05124F10A0000005591010FFFFFFFF8900009900" + "00"));
        assertEquals("6700", send("80E29100153A05134F10" + AID + "00"));
    }

    @Test
    public void setNicknameNamesAndClearsIt() {
        String name = HEX.formatHex("meter 7".getBytes(StandardCharsets.UTF_8));
        assertEquals("BF2903800100" + "9000", send("80E2910018BF29155A0A" + bcd(ICCID) + "9007" + name + "00"));
        assertEquals("meter 7", profile.euicc.profiles().get(0).nickname().orElseThrow());
        assertEquals("BF2903800100" + "9000", send("80E2910011BF290E5A0A" + bcd(ICCID) + "900000"));
        assertFalse(profile.euicc.profiles().get(0).nickname().isPresent());
    }

    @Test
    public void blocksComeInOrderAndTheRequestIsCarriedOutOnTheLast() {
        assertEquals("9000", send("80E2110002BF3E"));
        assertEquals("BF3E125A1089049044900000000000000000102355" + "9000", send("80E2910104035C015A00"));
        assertEquals("9000", send("80E2110002BF3E"));
        assertEquals("6A86", send("80E2910204035C015A00")); // block 1 is missing
        assertEquals("6A86", send("80E2910104035C015A00")); // and the sequence is over
    }

    @Test
    public void aLongProfileListComesThroughGetResponse() throws Exception {
        String[] many = new String[8];
        for (int i = 0; i < many.length; i++) {
            many[i] = profileJson("8944500000000000010" + i, String.format("%02X", 0x20 + i), "disabled",
                    "\"name\": \"a profile with a rather long name number " + i + "\", \"serviceProvider\": \"Operator " + i + "\"");
        }
        insert(cardJson(many));
        String first = send("80E2910003BF2D0000");
        assertTrue(first, first.substring(first.length() - 4).startsWith("61"));
        StringBuilder all = new StringBuilder(first.substring(0, first.length() - 4));
        String next = first;
        while (next.substring(next.length() - 4).startsWith("61")) {
            next = send("00C00000" + next.substring(next.length() - 2));
            all.append(next, 0, next.length() - 4);
        }
        assertEquals("9000", next.substring(next.length() - 4));
        assertTrue(all.length() / 2 > 256);
        Tlv list = BerTlv.parseOneStrict(HEX.parseHex(all.toString()));
        assertEquals(9, list.find(0xA0).orElseThrow().findAll(0xE3).size());
    }

    @Test
    public void aChangeThatCannotBeKeptIsNotMade() throws Exception {
        AtomicBoolean diskFull = new AtomicBoolean(true);
        profile.euicc.keepWith(() -> !diskFull.get());
        assertEquals("BF310380017F" + "9000", send("80E2910014BF3111A00C5A0A" + bcd(ICCID) + "8101FF00"));
        assertEquals(List.of(false, true), enabledFlags());
        diskFull.set(false);
        assertEquals("BF3103800100" + "9000", send("80E2910014BF3111A00C5A0A" + bcd(ICCID) + "8101FF00"));
    }

    @Test
    public void theStateFileCarriesTheProfilesAcrossARestart() throws Exception {
        Path state = folder.getRoot().toPath().resolve("euicc-test.json");
        profile.euicc.keepWith(() -> SimulatedCardComponent.keep(profile, 0, state));
        assertEquals("BF3103800100" + "9000", send("80E2910014BF3111A00C5A0A" + bcd(ICCID) + "8101FF00"));
        CardProfile again = CardProfile.parse(Files.readAllBytes(state));
        assertEquals(List.of(true, false), again.euicc.profiles().stream().map(Profile::isEnabled).toList());
        assertEquals(profile.euicc.profiles(), again.euicc.profiles());
    }

    @Test
    public void aCardProfileWithTwoEnabledProfilesIsRefused() {
        CardProfile.InvalidProfileException e = org.junit.Assert.assertThrows(CardProfile.InvalidProfileException.class,
                () -> CardProfile.parse(cardJson(profileJson(OTHER, "11", "enabled", ""), profileJson(THIRD, "12", "enabled", ""))
                        .getBytes(StandardCharsets.UTF_8)));
        assertEquals("euicc.profiles: 2 profiles enabled; an eUICC enables one at most", e.getMessage());
        e = org.junit.Assert.assertThrows(CardProfile.InvalidProfileException.class,
                () -> CardProfile.parse(cardJson(profileJson(OTHER, "10", "disabled", "")).getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage(), e.getMessage().startsWith("euicc.profiles[1]: ICCID " + OTHER + " or ISD-P AID"));
    }

    private List<Boolean> enabledFlags() {
        return profile.euicc.profiles().stream().map(Profile::isEnabled).toList();
    }

    private static String bcd(String iccid) {
        return HEX.formatHex(Iccid.of(iccid).toBcd());
    }
}
