package org.scgateway.globalplatform.scp03;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.HexFormat;

import org.junit.Test;
import org.scgateway.api.se.ScriptedChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.api.se.StatusWordException;

/** Sessions against the asterix vectors, and every way a session must refuse to go on. */
public class Scp03SessionTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final Scp03Keys ASTERIX = Scp03Keys.of(0x30, HEX.parseHex("404142434445464748494A4B4C4D4E4F"),
            HEX.parseHex("401122334445566748494A4B4C4D4E4F"), HEX.parseHex("9876543210404142434445464748494A"));
    private static final byte[] HOST_CHALLENGE = HEX.parseHex("0807060504030201");
    private static final String INIT_UPDATE = "80503000080807060504030201" + "00";
    private static final String INIT_UPDATE_ANSWER = "000050C7606A8CF64800300370A3F5F144D19BE66E72BFCBDF4A14515F00002A";

    private static final Scp03Keys PYSIM = Scp03Keys.of(0x30, HEX.parseHex("000102030405060708090a0b0c0d0e0f"),
            HEX.parseHex("101112131415161718191a1b1c1d1e1f"), HEX.parseHex("202122232425262728292a2b2c2d2e2f"));

    /** pySim's AES-128 SL 11 and SL 33 openings, up to the GET EID command. */
    private static ScriptedChannel pySim11() {
        return new ScriptedChannel().expect("8050300008b13e5f938fc108c400", "000000000000000000003003703eb51047495b249f66c484c1d2ef1948000002" + "9000")
                .expect("84821100107d5f5826a993ebc89eea24957fa0b3ce", "9000");
    }

    private static ScriptedChannel pySim33() {
        return new ScriptedChannel().expect("8050300008fdf38259a1e0de4400", "000000000000000000003003703b1aca81e821f219081cdc01c26b372d000003" + "9000")
                .expect("84823300108c36f96bcc00724a4e13ad591d7da3f0", "9000");
    }

    private static final CommandApdu GET_EID = CommandApdu.parse(HEX.parseHex("80E2910006BF3E035C015A00"));

    @Test
    public void asterixExternalAuthenticateAtLevel01() throws Exception {
        ScriptedChannel card = new ScriptedChannel().expect(INIT_UPDATE, INIT_UPDATE_ANSWER + "9000")
                .expect("8482010010AEB8DAD1865B85E249FC4CF184E61DCD", "9000");
        Scp03Session.open(card, ASTERIX, SecurityLevel.C_MAC, HOST_CHALLENGE);
        card.assertDone();
    }

    @Test
    public void asterixFirstCommandAtLevel03() throws Exception {
        // The vector gives the wrapped command only; EXTERNAL AUTHENTICATE at level 03 is not part of it.
        ScriptedChannel card = new ScriptedChannel().expect(INIT_UPDATE, INIT_UPDATE_ANSWER + "9000").expectAny("9000")
                .expect("84E6020028DF31907FC027482D5DCB7DC028245F7C108CA4D2AFF12275079768E1EFE9429E840C2C642490B205", "9000");
        Scp03Session s = Scp03Session.open(card, ASTERIX, SecurityLevel.C_MAC_C_DEC, HOST_CHALLENGE);
        s.transmit(CommandApdu.parse(HEX.parseHex("80E60200150A45786572636973655236000006EF04C602068200")));
        card.assertDone();
    }

    @Test
    public void wrongKeysFailTheCardCryptogram() {
        Scp03Keys wrong = Scp03Keys.of(0x30, new byte[16], new byte[16], new byte[16]);
        ScriptedChannel card = new ScriptedChannel().expect(INIT_UPDATE, INIT_UPDATE_ANSWER + "9000");
        SecureElementException e = assertThrows(SecureElementException.class,
                () -> Scp03Session.open(card, wrong, SecurityLevel.C_MAC, HOST_CHALLENGE));
        assertEquals(SecureElementException.Reason.SECURITY, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains("cryptogram"));
    }

    @Test
    public void aTamperedAnswerEndsTheSession() throws Exception {
        // The pySim GET EID answer with its last R-MAC byte changed.
        ScriptedChannel card = pySim11().expect("84e291000ebf3e035c015a558d036518a2829700",
                "bf3e125a1089882119900000000000000000000005971be68992dbbdfb9000");
        Scp03Session s = Scp03Session.open(card, PYSIM, SecurityLevel.C_MAC_R_MAC, HEX.parseHex("b13e5f938fc108c4"));
        SecureElementException e = assertThrows(SecureElementException.class, () -> s.transmit(GET_EID));
        assertEquals(SecureElementException.Reason.SECURITY, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains("R-MAC"));
        assertFalse(s.isOpen());
        assertThrows("nothing more goes through a broken channel", SecureElementException.class, () -> s.transmit(GET_EID));
    }

    @Test
    public void anAnswerWithoutRmacEndsTheSession() throws Exception {
        ScriptedChannel card = pySim11().expect("84e291000ebf3e035c015a558d036518a2829700", "01029000");
        Scp03Session s = Scp03Session.open(card, PYSIM, SecurityLevel.C_MAC_R_MAC, HEX.parseHex("b13e5f938fc108c4"));
        assertEquals(SecureElementException.Reason.SECURITY, assertThrows(SecureElementException.class, () -> s.transmit(GET_EID)).reason());
    }

    @Test
    public void aReplayedAnswerDoesNotVerify() throws Exception {
        // The right answer to the first GET EID, given again to the second: the chain has moved on.
        String answer = "bf3e125a1089882119900000000000000000000005971be68992dbbdfa9000";
        ScriptedChannel card = pySim11().expect("84e291000ebf3e035c015a558d036518a2829700", answer)
                .expectAny(answer);
        Scp03Session s = Scp03Session.open(card, PYSIM, SecurityLevel.C_MAC_R_MAC, HEX.parseHex("b13e5f938fc108c4"));
        s.transmit(GET_EID);
        assertEquals(SecureElementException.Reason.SECURITY, assertThrows(SecureElementException.class, () -> s.transmit(GET_EID)).reason());
    }

    @Test
    public void badPaddingAfterDecryptionEndsTheSession() throws Exception {
        // An answer with a valid R-MAC over ciphertext that decrypts to no 80-padding: forged here with the
        // session's own keys, the MAC chain rebuilt from pySim's AES-128 SL 33 vector bytes.
        byte[] hc = HEX.parseHex("fdf38259a1e0de44");
        SessionKeys k = Scp03Crypto.sessionKeys(PYSIM, hc, HEX.parseHex("3b1aca81e821f219"));
        byte[] chainAuth = Scp03Crypto.cmac(k.mac(), HEX.parseHex("00000000000000000000000000000000" + "8482330010" + "8c36f96bcc00724a"));
        byte[] chainEid = Scp03Crypto.cmac(k.mac(), Scp03Crypto.concat(chainAuth, HEX.parseHex("84e2910018" + "267a85dfe4a98fca6fb0527e0dfecce4")));
        assertEquals("the rebuilt chain reproduces the vector's C-MAC", "914e40401433c87f", HEX.formatHex(java.util.Arrays.copyOf(chainEid, 8)));
        byte[] ciphertext = Scp03Crypto.cbc(k.enc(), Scp03Crypto.icv(k.enc(), 1, true), new byte[16], true);
        byte[] rmac = java.util.Arrays.copyOf(Scp03Crypto.cmac(k.rmac(), Scp03Crypto.concat(chainEid, ciphertext, HEX.parseHex("9000"))), 8);

        ScriptedChannel card = pySim33().expect("84e2910018267a85dfe4a98fca6fb0527e0dfecce4914e40401433c87f00",
                HEX.formatHex(ciphertext) + HEX.formatHex(rmac) + "9000");
        Scp03Session s = Scp03Session.open(card, PYSIM, SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC, hc);
        SecureElementException e = assertThrows(SecureElementException.class, () -> s.transmit(GET_EID));
        assertEquals(SecureElementException.Reason.SECURITY, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains("does not decrypt"));
        assertFalse(s.isOpen());
    }

    @Test
    public void theCounterLimitEndsTheSession() throws Exception {
        ScriptedChannel card = pySim11().expectAny("6A88");
        Scp03Session s = Scp03Session.open(card, PYSIM, SecurityLevel.C_MAC_R_MAC, HEX.parseHex("b13e5f938fc108c4"));
        s.limitCounter(1);
        s.transmit(GET_EID);
        SecureElementException e = assertThrows(SecureElementException.class, () -> s.transmit(GET_EID));
        assertTrue(e.getMessage(), e.getMessage().contains("counter"));
    }

    @Test
    public void isoClassBytesGetTheSecureMessagingBit() throws Exception {
        ScriptedChannel card = new ScriptedChannel().expect(INIT_UPDATE, INIT_UPDATE_ANSWER + "9000")
                .expect("8482010010AEB8DAD1865B85E249FC4CF184E61DCD", "9000").expectPrefix("04B0000008", "9000");
        Scp03Session s = Scp03Session.open(card, ASTERIX, SecurityLevel.C_MAC, HOST_CHALLENGE);
        s.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 0x80));
        card.assertDone();
    }

    @Test
    public void refusalsAndMalformedAnswersAreNamed() {
        ScriptedChannel noKey = new ScriptedChannel().expect(INIT_UPDATE, "6A88");
        StatusWordException sw = assertThrows(StatusWordException.class, () -> Scp03Session.open(noKey, ASTERIX, SecurityLevel.C_MAC, HOST_CHALLENGE));
        assertTrue(sw.getMessage(), sw.getMessage().contains("key set version 30"));

        ScriptedChannel shortAnswer = new ScriptedChannel().expect(INIT_UPDATE, "00010203" + "9000");
        assertEquals(SecureElementException.Reason.PROTOCOL, assertThrows(SecureElementException.class,
                () -> Scp03Session.open(shortAnswer, ASTERIX, SecurityLevel.C_MAC, HOST_CHALLENGE)).reason());

        String scp02 = INIT_UPDATE_ANSWER.substring(0, 22) + "02" + INIT_UPDATE_ANSWER.substring(24);
        ScriptedChannel wrongScp = new ScriptedChannel().expect(INIT_UPDATE, scp02 + "9000");
        SecureElementException e = assertThrows(SecureElementException.class,
                () -> Scp03Session.open(wrongScp, ASTERIX, SecurityLevel.C_MAC, HOST_CHALLENGE));
        assertTrue(e.getMessage(), e.getMessage().contains("SCP02"));

        ScriptedChannel refusesAuth = new ScriptedChannel().expect(INIT_UPDATE, INIT_UPDATE_ANSWER + "9000")
                .expect("8482010010AEB8DAD1865B85E249FC4CF184E61DCD", "6982");
        assertEquals(0x6982, assertThrows(StatusWordException.class,
                () -> Scp03Session.open(refusesAuth, ASTERIX, SecurityLevel.C_MAC, HOST_CHALLENGE)).statusWord().value());
    }

    @Test
    public void closingTheSessionClosesTheChannel() throws Exception {
        ScriptedChannel card = new ScriptedChannel().expect(INIT_UPDATE, INIT_UPDATE_ANSWER + "9000")
                .expect("8482010010AEB8DAD1865B85E249FC4CF184E61DCD", "9000");
        Scp03Session s = Scp03Session.open(card, ASTERIX, SecurityLevel.C_MAC, HOST_CHALLENGE);
        assertTrue(s.isOpen());
        s.close();
        assertFalse(card.isOpen());
    }

    @Test
    public void theElementIsHeldFromInitializeUpdateUntilClose() throws Exception {
        ScriptedChannel card = new ScriptedChannel().expect(INIT_UPDATE, INIT_UPDATE_ANSWER + "9000")
                .expect("8482010010AEB8DAD1865B85E249FC4CF184E61DCD", "9000");
        Scp03Session s = Scp03Session.open(card, ASTERIX, SecurityLevel.C_MAC, HOST_CHALLENGE);
        assertEquals("commands sent while other programs could cut in", 0, card.commandsWithoutHold);
        assertEquals(1, card.holds);
        s.close();
        assertEquals("holds left after close", 0, card.holds);
    }

    @Test
    public void aSessionThatFailsToOpenLetsGoOfTheElement() {
        Scp03Keys wrong = Scp03Keys.of(0x30, new byte[16], new byte[16], new byte[16]);
        ScriptedChannel card = new ScriptedChannel().expect(INIT_UPDATE, INIT_UPDATE_ANSWER + "9000");
        assertThrows(SecureElementException.class, () -> Scp03Session.open(card, wrong, SecurityLevel.C_MAC, HOST_CHALLENGE));
        assertEquals("holds left after a failed open", 0, card.holds);
    }
}
