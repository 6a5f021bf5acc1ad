package org.scgateway.se.sim.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scgateway.api.component.Identification;
import org.scgateway.api.se.Aid;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.api.se.StatusWordException;
import org.scgateway.globalplatform.scp03.Scp03Keys;
import org.scgateway.globalplatform.scp03.Scp03Session;
import org.scgateway.globalplatform.scp03.SecurityLevel;
import org.scgateway.globalplatform.tlv.BerTlv;

/** The built-in default card through the SecureElement API, its state kept across a new card. */
public class SimulatedSecureElementTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final HexFormat HEX = HexFormat.of();
    private static final Aid PKCS15 = Aid.fromHex("A000000063504B43532D3135");
    private static final Scp03Keys KEYS = Scp03Keys.of(0x30, HEX.parseHex("000102030405060708090a0b0c0d0e0f"),
            HEX.parseHex("101112131415161718191a1b1c1d1e1f"), HEX.parseHex("202122232425262728292a2b2c2d2e2f"));
    /** What the default profile's bootstrap file says: Security /0/0 coap://127.0.0.1:5683 NoSec, Server /1/0. */
    private static final String BOOTSTRAP = "0002003E0000000024080021C80015636F61703A2F2F3132372E302E302E313A35363833"
            + "C10100C10203C10A7B000100001008000DC1007BC201012CC10600C10755";

    static byte[] defaultProfile() throws Exception {
        try (InputStream in = SimulatedCardComponent.class.getResourceAsStream("/profiles/default.json")) {
            return in.readAllBytes();
        }
    }

    private SimulatedSecureElement insert(CardProfile p, Path state) {
        SimulatedCard[] holder = new SimulatedCard[1];
        holder[0] = p.newCard(() -> SimulatedCardComponent.keep(p, holder[0].sequenceCounter(), state));
        if (p.euicc != null) {
            p.euicc.keepWith(() -> SimulatedCardComponent.keep(p, holder[0].sequenceCounter(), state));
        }
        return new SimulatedSecureElement(holder[0], p);
    }

    private static byte[] readBootstrap(Scp03Session scp) throws Exception {
        ResponseApdu fcp = scp.transmit(CommandApdu.of(0x00, 0xA4, 0x08, 0x04, HEX.parseHex("7FFF6432"), 256));
        assertEquals(0x9000, fcp.sw());
        byte[] size = BerTlv.parseOne(fcp.data()).find(0x80).orElseThrow().value();
        assertEquals("the bootstrap file is 1 KiB", 1024, ((size[0] & 0xFF) << 8) | (size[1] & 0xFF));
        ResponseApdu head = scp.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 66));
        assertEquals(0x9000, head.sw());
        return head.data();
    }

    @Test
    public void theDefaultCardServesItsBootstrapFileOverScp03() throws Exception {
        CardProfile p = CardProfile.parse(defaultProfile());
        SimulatedSecureElement se = insert(p, tmp.getRoot().toPath().resolve("state.json"));
        assertEquals("sim-89490000000000000019", se.id());
        assertArrayEquals(HEX.parseHex("3B9F96801FC78031A073BE21136743200718000001A5"), se.identification().get(Identification.ATR).orElseThrow());

        try (ApduChannel ch = se.openLogicalChannel(PKCS15)) {
            assertEquals(1, ch.channelNumber());
            assertTrue(ch.selectResponse().orElseThrow().isOk());
            Scp03Session scp = Scp03Session.open(ch, KEYS, SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC);
            assertArrayEquals(HEX.parseHex(BOOTSTRAP), readBootstrap(scp));
        }
    }

    @Test
    public void anUpdateSurvivesIntoTheNextCard() throws Exception {
        Path state = tmp.getRoot().toPath().resolve("se-sim/scgw-default.json");
        CardProfile p = CardProfile.parse(defaultProfile());
        SimulatedSecureElement se = insert(p, state);
        byte[] changed = HEX.parseHex(BOOTSTRAP.replace("3132372E302E302E31", "3132372E302E302E32")); // 127.0.0.2
        try (ApduChannel ch = se.openLogicalChannel(PKCS15)) {
            Scp03Session scp = Scp03Session.open(ch, KEYS, SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC);
            assertEquals(0x9000, scp.transmit(CommandApdu.of(0x00, 0xA4, 0x08, 0x0C, HEX.parseHex("7FFF6432"))).sw());
            assertEquals(0x9000, scp.transmit(CommandApdu.of(0x00, 0xD6, 0x00, 0x00, changed)).sw());
        }
        assertTrue("the state was written", Files.exists(state));
        assertFalse("no temporary file is left", Files.list(state.getParent()).anyMatch(f -> f.toString().endsWith(".tmp")));

        SimulatedSecureElement again = insert(CardProfile.parse(Files.readAllBytes(state)), state);
        try (ApduChannel ch = again.openLogicalChannel(PKCS15)) {
            assertArrayEquals(changed, readBootstrap(Scp03Session.open(ch, KEYS, SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC)));
        }
    }

    @Test
    public void channelsBehaveAsTheContractSays() throws Exception {
        SimulatedSecureElement se = insert(CardProfile.parse(defaultProfile()), tmp.getRoot().toPath().resolve("s.json"));
        ApduChannel basic = se.openBasicChannel();
        assertEquals(SecureElementException.Reason.CHANNEL_BUSY,
                assertThrows(SecureElementException.class, se::openBasicChannel).reason());
        basic.close();
        se.openBasicChannel().close();

        assertEquals(0x6A82, assertThrows(StatusWordException.class,
                () -> se.openLogicalChannel(Aid.fromHex("A0000000990000"))).statusWord().value());
        ApduChannel a = se.openLogicalChannel();
        ApduChannel b = se.openLogicalChannel();
        ApduChannel c = se.openLogicalChannel();
        assertEquals(SecureElementException.Reason.NO_CHANNEL_AVAILABLE,
                assertThrows(SecureElementException.class, se::openLogicalChannel).reason());
        b.close();
        assertEquals("a closed channel's number is free again", 2, se.openLogicalChannel().channelNumber());
        assertEquals(SecureElementException.Reason.CHANNEL_CLOSED,
                assertThrows(SecureElementException.class, () -> b.transmit(CommandApdu.of(0, 0xB0, 0, 0, 1))).reason());

        se.remove();
        assertFalse(a.isOpen());
        assertEquals(SecureElementException.Reason.CARD_REMOVED,
                assertThrows(SecureElementException.class, () -> c.transmit(CommandApdu.of(0, 0xB0, 0, 0, 1))).reason());
    }

    @Test
    public void aBadProfileIsNamedWhereItIsWrong() throws Exception {
        String good = new String(defaultProfile(), StandardCharsets.UTF_8);
        assertMessage(good.replace("\"content\": \"A706300404026430\"", "\"content\": \"A70630040402643Z\""),
                "files[2].files[0].content: not hexadecimal");
        assertMessage(good.replace("\"securityLevel\": \"33\"", "\"securityLevel\": \"02\""), "files[2].securityLevel");
        assertMessage(good.replace("\"recordLength\": 32", "\"recordLength\": 4"), "files[0].records[0]");
        assertMessage(good.replace("\"iccid\": \"89490000000000000019\"", "\"iccid\": \"89\""), "iccid");
        assertMessage("{ not json", "not JSON");
        CardProfile.InvalidProfileException e = assertThrows(CardProfile.InvalidProfileException.class,
                () -> CardProfile.parse(good.replace("\"enc\": \"000102030405060708090a0b0c0d0e0f\"", "\"enc\": \"0001\"").getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage(), e.getMessage().contains("files[2].keys"));
        assertFalse("key material is not repeated", e.getMessage().contains("0001"));
    }

    private static void assertMessage(String json, String expected) {
        CardProfile.InvalidProfileException e = assertThrows(CardProfile.InvalidProfileException.class,
                () -> CardProfile.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage(), e.getMessage().contains(expected));
    }

    /** The sequence counter outlives the card, so that no pseudo-random card challenge repeats after a restart. */
    @Test
    public void theSequenceCounterIsKept() throws Exception {
        Path state = tmp.getRoot().toPath().resolve("c.json");
        SimulatedSecureElement se = insert(CardProfile.parse(defaultProfile()), state);
        try (ApduChannel ch = se.openLogicalChannel(PKCS15)) {
            Scp03Session.open(ch, KEYS, SecurityLevel.C_MAC);
        }
        try (ApduChannel ch = se.openLogicalChannel(PKCS15)) {
            Scp03Session.open(ch, KEYS, SecurityLevel.C_MAC);
        }
        CardProfile kept = CardProfile.parse(Files.readAllBytes(state));
        assertEquals(2, kept.sequenceCounter);
    }

    /** An application may hold several key versions: INITIALIZE UPDATE picks by P1, 00 for the first. */
    @Test
    public void keySetsByVersion() throws Exception {
        String good = new String(defaultProfile(), StandardCharsets.UTF_8);
        String appKeys = "{\"version\": \"30\", \"enc\": \"000102030405060708090a0b0c0d0e0f\", \"mac\": \"101112131415161718191a1b1c1d1e1f\", \"dek\": \"202122232425262728292a2b2c2d2e2f\"}";
        String two = good.replace("\"keys\": " + appKeys, "\"keys\": [" + appKeys + ", {\"version\": \"31\", \"enc\": \"3131313131313131313131313131313131313131313131313131313131313131\", "
                + "\"mac\": \"3131313131313131313131313131313131313131313131313131313131313131\", \"dek\": \"3131313131313131313131313131313131313131313131313131313131313131\"}]");
        assertTrue("the replacement happened", two.contains("\"version\": \"31\""));
        SimulatedSecureElement se = insert(CardProfile.parse(two.getBytes(StandardCharsets.UTF_8)), tmp.getRoot().toPath().resolve("k.json"));
        byte[] k31 = new byte[32];
        java.util.Arrays.fill(k31, (byte) 0x31);
        try (ApduChannel ch = se.openLogicalChannel(PKCS15)) {
            Scp03Session.open(ch, Scp03Keys.of(0x31, k31, k31, k31), SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC);
        }
        try (ApduChannel ch = se.openLogicalChannel(PKCS15)) {
            Scp03Session.open(ch, Scp03Keys.of(0x00, KEYS.enc(), KEYS.mac(), KEYS.dek()), SecurityLevel.C_MAC);
        }
        try (ApduChannel ch = se.openLogicalChannel(PKCS15)) {
            assertEquals(0x6A88, assertThrows(StatusWordException.class,
                    () -> Scp03Session.open(ch, Scp03Keys.of(0x32, k31, k31, k31), SecurityLevel.C_MAC)).statusWord().value());
        }
    }
}
