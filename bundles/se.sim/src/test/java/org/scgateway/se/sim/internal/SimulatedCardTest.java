package org.scgateway.se.sim.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

import org.junit.Before;
import org.junit.Test;
import org.scgateway.api.se.Aid;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.globalplatform.scp03.Scp03Keys;
import org.scgateway.globalplatform.scp03.Scp03Session;
import org.scgateway.globalplatform.scp03.SecurityLevel;
import org.scgateway.globalplatform.tlv.BerTlv;
import org.scgateway.globalplatform.tlv.Tlv;

/**
 * The simulated card with the LwM2M bootstrap layout of shared/reference/smartcard-bootstrap.md, read as
 * a device reads it: EF DIR, a logical channel, the PKCS#15 application, SCP03 at level 33, ODF, DODF,
 * EF LwM2M_Bootstrap.
 */
public class SimulatedCardTest {

    private static final HexFormat HEX = HexFormat.of();
    static final Aid PKCS15 = Aid.fromHex("A000000063504B43532D3135");
    static final Aid ISD = Aid.fromHex("A000000151000000");
    static final Scp03Keys APP_KEYS = Scp03Keys.of(0x30, HEX.parseHex("000102030405060708090a0b0c0d0e0f"),
            HEX.parseHex("101112131415161718191a1b1c1d1e1f"), HEX.parseHex("202122232425262728292a2b2c2d2e2f"));
    static final Scp03Keys ISD_KEYS = Scp03Keys.of(0x30, HEX.parseHex("404142434445464748494A4B4C4D4E4F"),
            HEX.parseHex("404142434445464748494A4B4C4D4E4F"), HEX.parseHex("404142434445464748494A4B4C4D4E4F"));

    /** The Nordic test file of the reference note: one Security instance, NoSec, bootstrap server. */
    static final byte[] BOOTSTRAP = concat(HEX.parseHex("00010036" + "0000" + "00" + "0031" + "08002E" + "C80025"),
            "coap://leshan.eclipseprojects.io:5783".getBytes(StandardCharsets.US_ASCII), HEX.parseHex("C10101" + "C10203" + "FFFF"));

    private SimulatedCard card;

    static SimulatedCard bootstrapCard() {
        byte[] dirRecord = pad(concat(HEX.parseHex("610E4F0C"), PKCS15.bytes()), 32);
        byte[] odf = pad(HEX.parseHex("A706300404026430"), 32);
        // The conformant DODF entry of the reference note: label "LwM2M Bootstrap", OID 2.23.43.9.1, path 6432.
        byte[] dodf = pad(HEX.parseHex("A1253011" + "0C0F" + "4C774D324D20426F6F747374726170" + "3000"
                + "A10E300C" + "0604672B0901" + "300404026432"), 64);
        DedicatedFile adf = new DedicatedFile(0x7FF0, PKCS15, APP_KEYS, SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC)
                .add(ElementaryFile.transparent(0x5031, odf, ElementaryFile.Access.ALWAYS, ElementaryFile.Access.NEVER))
                .add(ElementaryFile.transparent(0x6430, dodf, ElementaryFile.Access.ALWAYS, ElementaryFile.Access.NEVER))
                .add(ElementaryFile.transparent(0x6432, BOOTSTRAP, ElementaryFile.Access.ALWAYS, ElementaryFile.Access.NEVER));
        DedicatedFile mf = DedicatedFile.plain(0x3F00)
                .add(ElementaryFile.linearFixed(0x2F00, 32, dirRecord, ElementaryFile.Access.ALWAYS, ElementaryFile.Access.NEVER))
                .add(ElementaryFile.transparent(0x2FE2, HEX.parseHex("98001032547698103214"), ElementaryFile.Access.ALWAYS,
                        ElementaryFile.Access.SECURE_CHANNEL))
                .add(adf);
        return new SimulatedCard(mf, new DedicatedFile(0x7FFE, ISD, ISD_KEYS, null), new byte[10], 4);
    }

    @Before
    public void insert() {
        card = bootstrapCard();
    }

    /** A logical channel of the card as an ApduChannel: commands built for channel 0, numbered here. */
    static class CardChannel implements ApduChannel {
        final SimulatedCard card;
        final int number;

        CardChannel(SimulatedCard card, int number) {
            this.card = card;
            this.number = number;
        }

        @Override
        public ResponseApdu transmit(CommandApdu command) {
            return card.transmit(command.onChannel(number));
        }

        @Override
        public int channelNumber() {
            return number;
        }

        @Override
        public Optional<ResponseApdu> selectResponse() {
            return Optional.empty();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private ResponseApdu send(String hex) {
        return card.transmit(CommandApdu.parse(HEX.parseHex(hex)));
    }

    @Test
    public void theDeviceReadsTheBootstrapFileOverScp03Level33OnALogicalChannel() throws Exception {
        // 1. EF DIR names the PKCS#15 application.
        assertEquals(0x9000, send("00A40004022F00").sw());
        ResponseApdu dir = send("00B2010420");
        assertEquals(0x9000, dir.sw());
        Tlv template = BerTlv.parse(dir.data()).get(0);
        assertArrayEquals(PKCS15.bytes(), template.find(0x4F).orElseThrow().value());

        // 2. A logical channel, 3. the application selected on it.
        ResponseApdu open = send("0070000001");
        assertEquals(0x9000, open.sw());
        int ch = open.data()[0];
        assertEquals(1, ch);
        ResponseApdu fci = send("01A4040C0C" + PKCS15.toHex());
        assertEquals(0x9000, fci.sw());

        // Without the secure channel the application's files stay shut.
        assertEquals("level 33 demanded", 0x6982, send("01A4080404" + "7FFF5031").sw());

        // 4-6. SCP03 at level 33, then ODF -> DODF -> EF LwM2M_Bootstrap, all inside the channel.
        Scp03Session scp = Scp03Session.open(new CardChannel(card, ch), APP_KEYS, SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC);
        byte[] odf = readFile(scp, 0x5031);
        int dodfFid = pathFid(BerTlv.parse(odf).get(0));
        assertEquals(0x6430, dodfFid);
        Tlv dodf = BerTlv.parse(readFile(scp, dodfFid)).get(0);
        assertArrayEquals(HEX.parseHex("672B0901"), dodf.findRecursive(0x06).orElseThrow().value());
        int bootstrapFid = pathFid(dodf);
        assertEquals(0x6432, bootstrapFid);
        assertArrayEquals(BOOTSTRAP, readFile(scp, bootstrapFid));

        // 7. Close the channel: it is gone.
        assertEquals(0x9000, send("00708001").sw());
        assertEquals(0x6881, send("01B0000010").sw());
    }

    private static int pathFid(Tlv withPath) {
        byte[] path = withPath.findRecursive(0x04).orElseThrow().value();
        return ((path[path.length - 2] & 0xFF) << 8) | (path[path.length - 1] & 0xFF);
    }

    /** SELECT by path 7FFF/fid, size from the FCP, READ BINARY in chunks of at most 128. */
    private static byte[] readFile(Scp03Session scp, int fid) throws Exception {
        ResponseApdu fcp = scp.transmit(CommandApdu.of(0x00, 0xA4, 0x08, 0x04, new byte[] {0x7F, (byte) 0xFF, (byte) (fid >> 8), (byte) fid}, 256));
        assertEquals(String.format("SELECT %04X", fid), 0x9000, fcp.sw());
        byte[] size = BerTlv.parse(fcp.data()).get(0).find(0x80).orElseThrow().value();
        int n = ((size[0] & 0xFF) << 8) | (size[1] & 0xFF);
        byte[] out = new byte[n];
        for (int at = 0; at < n; at += 128) {
            int len = Math.min(128, n - at);
            ResponseApdu r = scp.transmit(CommandApdu.of(0x00, 0xB0, at >> 8, at & 0xFF, len));
            assertEquals(0x9000, r.sw());
            System.arraycopy(r.data(), 0, out, at, len);
        }
        return out;
    }

    @Test
    public void wrongKeysNeverOpenTheApplication() {
        send("0070000001");
        send("01A4040C0C" + PKCS15.toHex());
        Scp03Keys wrong = Scp03Keys.of(0x30, new byte[16], new byte[16], new byte[16]);
        SecureElementException e = assertThrows(SecureElementException.class,
                () -> Scp03Session.open(new CardChannel(card, 1), wrong, SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC));
        assertEquals(SecureElementException.Reason.SECURITY, e.reason());
    }

    @Test
    public void statusWordsForWhatIsNotThere() {
        assertEquals("file not found", 0x6A82, send("00A40004024F99").sw());
        assertEquals("no such application", 0x6A82, send("00A4040C05A000000099").sw());
        assertEquals("channel never opened", 0x6881, send("02A40004022F00").sw());
        assertEquals("no current EF", 0x6986, send("00B0000010").sw());
        assertEquals(0x9000, send("00A40004022FE2").sw());
        ResponseApdu past = send("00B0000020");
        assertEquals("fewer bytes than asked: end of file", 0x6282, past.sw());
        assertEquals(10, past.nr());
        assertEquals("offset past the end", 0x6B00, send("00B0001000").sw());
        assertEquals("update outside a secure channel", 0x6982, send("00D6000001FF").sw());
        assertEquals(0x9000, send("00A40004022F00").sw());
        assertEquals("record 2 of 1", 0x6A83, send("00B2020420").sw());
        assertEquals("unknown instruction", 0x6D00, send("00EE000000").sw());
        assertEquals(0x9000, send("0070000001").sw());
        assertEquals(0x9000, send("0070000001").sw());
        assertEquals(0x9000, send("0070000001").sw());
        assertEquals("all 4 channels in use", 0x6A81, send("0070000001").sw());
    }

    @Test
    public void aReplayedCommandEndsTheSecureChannel() throws Exception {
        send("0070000001");
        send("01A4040C0C" + PKCS15.toHex());
        CommandApdu[] last = new CommandApdu[1];
        ApduChannel recording = new CardChannel(card, 1) {
            @Override
            public ResponseApdu transmit(CommandApdu command) {
                last[0] = command.onChannel(1);
                return super.transmit(command);
            }
        };
        Scp03Session scp = Scp03Session.open(recording, APP_KEYS, SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC);
        scp.transmit(CommandApdu.of(0x00, 0xA4, 0x08, 0x04, HEX.parseHex("7FFF5031"), 256));
        assertTrue(card.isAuthenticated(1));
        assertEquals("a replay is refused", 0x6982, card.transmit(last[0]).sw());
        assertTrue("and the session is over", !card.isAuthenticated(1));
    }

    static byte[] concat(byte[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static byte[] pad(byte[] data, int size) {
        byte[] out = Arrays.copyOf(data, size);
        Arrays.fill(out, data.length, size, (byte) 0xFF);
        return out;
    }

    /** T=0: case-4 answers come as 61xx; GET RESPONSE fetches them, also under a secure channel. */
    @Test
    public void onT0TheAnswersComeThroughGetResponse() throws Exception {
        card.transmissionT0(true);
        assertEquals("nothing waiting", 0x6985, send("00C0000010").sw());
        ResponseApdu select = send("00A4000402" + "2F00" + "00");
        assertEquals(0x61, select.statusWord().sw1());
        int fcpLength = select.statusWord().sw2();
        ResponseApdu part = send("00C0000004");
        assertEquals("more remains", 0x61, part.statusWord().sw1());
        assertEquals(fcpLength - 4, part.statusWord().sw2());
        ResponseApdu rest = send("00C00000" + String.format("%02X", fcpLength - 4));
        assertEquals(0x9000, rest.sw());
        assertEquals(0x62, concat(part.data(), rest.data())[0] & 0xFF);

        send("0070000001");
        send("01A4040C0C" + PKCS15.toHex());
        ApduChannel t0Channel = new org.scgateway.globalplatform.apdu.GetResponseChannel(new CardChannel(card, 1));
        Scp03Session scp = Scp03Session.open(t0Channel, APP_KEYS, SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC);
        assertArrayEquals(BOOTSTRAP, readFile(scp, 0x6432));
    }

    /** An LPA's GET RESPONSE comes in the class of its STORE DATA: proprietary, on the basic channel and on channel 1. */
    @Test
    public void getResponseIsTakenInTheProprietaryClassOnEveryChannel() throws Exception {
        card.transmissionT0(true);
        ResponseApdu select = send("00A4000402" + "2F00" + "00");
        assertEquals(0x61, select.statusWord().sw1());
        ResponseApdu fcp = send("80C00000" + String.format("%02X", select.statusWord().sw2()));
        assertEquals(0x9000, fcp.sw());
        assertEquals(0x62, fcp.data()[0] & 0xFF);

        assertEquals(0x9000, send("0070000001").sw());
        ResponseApdu onOne = send("01A4000402" + "2F00" + "00");
        assertEquals(0x61, onOne.statusWord().sw1());
        assertEquals(0x9000, send("81C00000" + String.format("%02X", onOne.statusWord().sw2())).sw());
    }

    /**
     * A program that leaves a secure channel session open does not lock the next one out: a plain SELECT of an
     * application ends the session and is processed (GP Card Specification); one sent inside the session is not.
     */
    @Test
    public void selectingAnApplicationEndsTheSessionAndIsProcessed() throws Exception {
        send("0070000001");
        send("01A4040C0C" + PKCS15.toHex());
        Scp03Session.open(new CardChannel(card, 1), APP_KEYS, SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC);
        assertTrue(card.isAuthenticated(1));
        assertEquals("a plain command inside the session is refused", 0x6982, send("01B0000004").sw());

        Scp03Session.open(new CardChannel(card, 1), APP_KEYS, SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC);
        ResponseApdu again = send("01A4040C0C" + PKCS15.toHex());
        assertEquals("the SELECT is processed", 0x9000, again.sw());
        assertTrue("and the session is over", !card.isAuthenticated(1));
        Scp03Session next = Scp03Session.open(new CardChannel(card, 1), APP_KEYS, SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC);
        assertArrayEquals("a new session opens at once", BOOTSTRAP, readFile(next, 0x6432));

        assertEquals("a SELECT with secure messaging is not processed, and ends the session", 0x6882,
                card.transmit(CommandApdu.parse(HEX.parseHex("05A4040C0C" + PKCS15.toHex()))).sw());
        assertTrue(!card.isAuthenticated(1));
    }

    /** The host side against the simulated card at every security level and AES key length. */
    @Test
    public void everyLevelAndKeyLengthAgainstTheCard() throws Exception {
        byte[] content = HEX.parseHex("0102030405060708090A0B0C0D0E0F10111213");
        for (int length : new int[] {16, 24, 32}) {
            byte[] k = new byte[length];
            Arrays.fill(k, (byte) length);
            Scp03Keys keys = Scp03Keys.of(0x31, k, k, k);
            for (SecurityLevel level : SecurityLevel.values()) {
                DedicatedFile adf = new DedicatedFile(0x7FF0, PKCS15, keys, null)
                        .add(ElementaryFile.transparent(0x1234, content, ElementaryFile.Access.SECURE_CHANNEL, ElementaryFile.Access.NEVER));
                SimulatedCard c = new SimulatedCard(DedicatedFile.plain(0x3F00).add(adf), new DedicatedFile(0x7FFE, ISD, ISD_KEYS, null),
                        new byte[10], 4);
                c.transmit(CommandApdu.parse(HEX.parseHex("0070000001")));
                c.transmit(CommandApdu.parse(HEX.parseHex("01A4040C0C" + PKCS15.toHex())));
                Scp03Session scp = Scp03Session.open(new CardChannel(c, 1), keys, level);
                String where = "AES-" + length * 8 + " SL " + level;
                assertEquals(where, 0x9000, scp.transmit(CommandApdu.of(0x00, 0xA4, 0x08, 0x0C, HEX.parseHex("7FFF1234"))).sw());
                ResponseApdu r = scp.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, content.length));
                assertEquals(where, 0x9000, r.sw());
                assertArrayEquals(where, content, r.data());
            }
        }
    }
}
