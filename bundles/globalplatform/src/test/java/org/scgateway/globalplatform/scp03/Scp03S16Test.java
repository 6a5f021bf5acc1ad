package org.scgateway.globalplatform.scp03;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.HexFormat;
import java.util.Random;

import org.junit.Test;
import org.scgateway.api.se.ScriptedChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.api.se.StatusWord;

/**
 * SCP03 in S16 mode (Amendment D v1.2: 16-byte challenges, cryptograms, C-MAC and R-MAC), host and card side. No
 * public S16 vectors were found; these come from src/test/python/scp03_s16_vectors.py, written from the
 * specification apart from this code on Python's 'cryptography' AES-CMAC, whose KDF reproduces pySim's public S8
 * vectors (card challenge and cryptogram of the AES-128 SL 11 session).
 */
public class Scp03S16Test {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final Scp03Keys KEYS = Scp03Keys.of(0x30, HEX.parseHex("000102030405060708090A0B0C0D0E0F"),
            HEX.parseHex("101112131415161718191A1B1C1D1E1F"), HEX.parseHex("202122232425262728292A2B2C2D2E2F"));
    private static final byte[] HOST_CHALLENGE = HEX.parseHex("00112233445566778899AABBCCDDEEFF");
    private static final byte[] ISD_R = HEX.parseHex("A0000005591010FFFFFFFF8900000100");
    private static final String INITIALIZE_UPDATE = "805030001000112233445566778899AABBCCDDEEFF00";
    private static final String INITIALIZE_UPDATE_ANSWER = "00000000000000000000300371F0F9E7FF2FD76BD9967BE2CEAAA1CA63CCF982"
            + "C14609A514B1A7F2DB2D468BB000002A";
    private static final String EXTERNAL_AUTHENTICATE = "8482330020F8D7F89AB08662B8A6850CE421329BC80794644422F3A9A8DA920F87437A6A79";
    private static final String GET_STATUS = "80F28002024F0000";
    private static final String GET_STATUS_WRAPPED = "84F28002207916EE5815DE243BE2166AB086741CF4BECD4C0C3B4F10E2A8D3A85955F2EF8700";
    private static final String STATUS = "E3114F08A0000001510000009F700101C5017E";
    private static final String STATUS_WRAPPED = "56AB675E1181F6FB2E987B08149EDAC3EADDEB5B0B42A1BCF704EE36F5E61F0A17DAD815475183962327947585DDAF809000";

    @Test
    public void theHostSideSendsAndReadsTheVectorByteForByte() throws Exception {
        ScriptedChannel card = new ScriptedChannel()
                .expect(INITIALIZE_UPDATE, INITIALIZE_UPDATE_ANSWER + "9000")
                .expect(EXTERNAL_AUTHENTICATE, "9000")
                .expect(GET_STATUS_WRAPPED, STATUS_WRAPPED);
        Scp03Session session = Scp03Session.open(card, KEYS, SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC, HOST_CHALLENGE);
        ResponseApdu answer = session.transmit(CommandApdu.parse(HEX.parseHex(GET_STATUS)));
        assertEquals(STATUS, HEX.formatHex(answer.data()));
        assertEquals(0x9000, answer.sw());
        card.assertDone();
    }

    @Test
    public void theCardSideAnswersTheVectorByteForByteWithAPseudoRandomChallenge() throws Exception {
        Scp03CardSession card = Scp03CardSession.initializeUpdate(KEYS, new byte[10], 0x2A, ISD_R, HOST_CHALLENGE, true);
        assertEquals(INITIALIZE_UPDATE_ANSWER, HEX.formatHex(card.initializeUpdateResponse()));
        card.externalAuthenticate(CommandApdu.parse(HEX.parseHex(EXTERNAL_AUTHENTICATE)));
        assertEquals(SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC, card.securityLevel());
        CommandApdu plain = card.unwrapCommand(CommandApdu.parse(HEX.parseHex(GET_STATUS_WRAPPED)));
        assertEquals("the command as the application sees it", "80F28002024F0000", HEX.formatHex(plain.toBytes()));
        ResponseApdu wrapped = card.wrapResponse(ResponseApdu.of(HEX.parseHex(STATUS), StatusWord.OK));
        assertEquals(STATUS_WRAPPED, HEX.formatHex(wrapped.toBytes()));
    }

    @Test
    public void everyLevelRoundTripsInS16OnLogicalChannels() throws Exception {
        Random random = new Random(16);
        for (SecurityLevel level : SecurityLevel.values()) {
            for (int channel : new int[] {0, 2, 7}) {
                Scp03TestCard card = new Scp03TestCard(KEYS, channel, new byte[] {(byte) 0xA0, 0, 0, 0, 0x63}, Scp03TestCard.REVERSE);
                Scp03Session host = Scp03Session.open(card, KEYS, level, Scp03Mode.S16);
                assertEquals("an S16 card answer", 13 + 32 + 3, card.session().initializeUpdateResponse().length);
                for (int n : new int[] {0, 1, 16, 200, 223}) {
                    byte[] data = new byte[n];
                    random.nextBytes(data);
                    ResponseApdu answer = host.transmit(CommandApdu.of(0x80, 0xCA, 0x00, 0x66, data, 256));
                    assertEquals(level + " Nc " + n, 0x9000, answer.sw());
                    assertEquals(level + " Nc " + n, n, answer.data().length);
                    assertArrayEquals(data, card.lastSeenByApplication.data());
                }
            }
        }
    }

    @Test
    public void anS8CardMacIsNotAcceptedInAnS16Session() throws Exception {
        Scp03CardSession card = Scp03CardSession.initializeUpdate(KEYS, new byte[10], 0x2A, ISD_R, HOST_CHALLENGE, true);
        card.externalAuthenticate(CommandApdu.parse(HEX.parseHex(EXTERNAL_AUTHENTICATE)));
        byte[] truncated = HEX.parseHex(GET_STATUS_WRAPPED.substring(0, GET_STATUS_WRAPPED.length() - 18) + "00");
        truncated[4] = (byte) (truncated[4] - 8);
        assertEquals(StatusWord.SECURITY_STATUS_NOT_SATISFIED, assertThrows(org.scgateway.api.se.StatusWordException.class,
                () -> card.unwrapCommand(CommandApdu.parse(truncated))).statusWord());
        assertTrue(card.isEnded());
    }

    @Test
    public void aCardThatAnswersInAnotherModeIsAProtocolError() {
        // An S16 host challenge answered as S8 (i = 70, 32 bytes): the lengths do not match.
        ScriptedChannel s8 = new ScriptedChannel().expectAny("000000000000000000003003703B1ACA81E821F219081CDC01C26B372D0000039000");
        SecureElementException e = assertThrows(SecureElementException.class,
                () -> Scp03Session.open(s8, KEYS, SecurityLevel.C_MAC, HOST_CHALLENGE));
        assertEquals(SecureElementException.Reason.PROTOCOL, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains("S16"));
        // The right length with i saying S8: refused as well.
        ScriptedChannel wrongI = new ScriptedChannel().expectAny(INITIALIZE_UPDATE_ANSWER.substring(0, 24) + "70"
                + INITIALIZE_UPDATE_ANSWER.substring(26) + "9000");
        e = assertThrows(SecureElementException.class, () -> Scp03Session.open(wrongI, KEYS, SecurityLevel.C_MAC, HOST_CHALLENGE));
        assertTrue(e.getMessage(), e.getMessage().contains("i = 70"));
    }

    @Test
    public void aHostChallengeOfAnotherLengthIsRefusedBeforeAnythingIsSent() {
        ScriptedChannel nothing = new ScriptedChannel();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Scp03Session.open(nothing, KEYS, SecurityLevel.C_MAC, new byte[12]));
        assertTrue(e.getMessage(), e.getMessage().contains("12"));
        assertThrows(IllegalArgumentException.class,
                () -> Scp03CardSession.initializeUpdate(KEYS, new byte[10], 1, ISD_R, new byte[12], true));
    }
}
