package org.scgateway.globalplatform.scp03;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Random;

import org.junit.Test;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.SecureElementException;

/** The host side against the card side, at every security level and key length, on logical channels. */
public class Scp03RoundTripTest {

    /** A card whose application answers each command with its data reversed; the channel number goes into CLA. */
    private static Scp03TestCard card(Scp03Keys keys, int channel) {
        return new Scp03TestCard(keys, channel, new byte[] {(byte) 0xA0, 0, 0, 0, 0x63}, Scp03TestCard.REVERSE);
    }

    static Scp03Keys keys(int length) {
        Random r = new Random(length);
        byte[] enc = new byte[length];
        byte[] mac = new byte[length];
        byte[] dek = new byte[length];
        r.nextBytes(enc);
        r.nextBytes(mac);
        r.nextBytes(dek);
        return Scp03Keys.of(0x30, enc, mac, dek);
    }

    @Test
    public void everyLevelEveryKeyLengthEveryChannelForm() throws Exception {
        Random random = new Random(42);
        for (int length : new int[] {16, 24, 32}) {
            for (SecurityLevel level : SecurityLevel.values()) {
                for (int channel : new int[] {0, 3, 5, 19}) {
                    Scp03TestCard card = card(keys(length), channel);
                    Scp03Session host = Scp03Session.open(card, keys(length), level);
                    for (int n : new int[] {0, 1, 15, 16, 17, 200, 239, 255}) {
                        byte[] data = new byte[n];
                        random.nextBytes(data);
                        CommandApdu command = CommandApdu.of(n % 2 == 0 ? 0x80 : 0x00, 0xCA, 0x00, 0x66, data, 256);
                        ResponseApdu answer = host.transmit(command);
                        String where = "AES-" + length * 8 + " SL " + level + " channel " + channel + " Nc " + n;
                        assertEquals(where, 0x9000, answer.sw());
                        byte[] expected = new byte[n];
                        for (int i = 0; i < n; i++) {
                            expected[i] = data[n - 1 - i];
                        }
                        assertArrayEquals(where, expected, answer.data());
                        CommandApdu seen = card.lastSeenByApplication;
                        assertArrayEquals(where, data, seen.data());
                        assertEquals(where, command.cla(), seen.cla());
                    }
                }
            }
        }
    }

    @Test
    public void aTamperedCommandIsRefusedAndTheCardEndsTheSession() throws Exception {
        Scp03TestCard card = card(keys(16), 1);
        Scp03Session host = Scp03Session.open(card, keys(16), SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC);
        card.tamperNext = 7; // a byte of the encrypted data
        assertEquals(0x6982, host.transmit(CommandApdu.of(0x80, 0xCA, 0, 0, new byte[20], 256)).sw());
        assertTrue(card.session().isEnded());
        assertEquals("the card refuses everything after", 0x6982, host.transmit(CommandApdu.of(0x80, 0xCA, 0, 0, 256)).sw());
    }

    @Test
    public void wrongKeysOnTheHostNeverAuthenticate() {
        Scp03TestCard card = card(keys(32), 0);
        assertEquals(SecureElementException.Reason.SECURITY, assertThrows(SecureElementException.class,
                () -> Scp03Session.open(card, keys(16), SecurityLevel.C_MAC)).reason());
    }

    /** Wrapping sends Le 00; the host gives back no more than the Ne its caller asked for. */
    @Test
    public void theAnswerIsTrimmedToTheNeAskedFor() throws Exception {
        for (SecurityLevel level : new SecurityLevel[] {SecurityLevel.C_MAC, SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC}) {
            Scp03TestCard card = card(keys(16), 0);
            Scp03Session host = Scp03Session.open(card, keys(16), level);
            byte[] data = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
            ResponseApdu answer = host.transmit(CommandApdu.of(0x80, 0xCA, 0, 0, data, 4));
            assertArrayEquals(level.toString(), new byte[] {10, 9, 8, 7}, answer.data());
        }
    }
}
