package org.scgateway.bootstrap.smartcard.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.Test;
import org.scgateway.api.lwm2m.bootstrap.BootstrapInfo;
import org.scgateway.api.lwm2m.bootstrap.ServerAccount;

/** EF LwM2M_Bootstrap as the appendix lays it out, and as cards in the field have it. */
public class BootstrapFileTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String URI = "636f61703a2f2f6c657368616e2e65636c6970736570726f6a656374732e696f3a35373833";
    /** Nordic's test file (sdk-nrf tests/lib/uicc_lwm2m): /0/0 bootstrap server, NoSec, with FF padding. */
    static final String NORDIC = "00010036" + "0000000031" + "08002E" + "C80025" + URI + "C10101" + "C10203" + "FFFF";

    @Test
    public void nordicsVectorIsABootstrapServerWithNoSec() throws Exception {
        BootstrapFile f = BootstrapFile.parse(HEX.parseHex(NORDIC));
        assertFalse(f.headerless());
        assertEquals(1, f.objects().size());
        assertEquals(0, f.objects().get(0).objectId());
        assertEquals("", f.objects().get(0).version());
        BootstrapInfo info = BootstrapObjects.decode(f, "sha-256:x").info();
        ServerAccount bs = info.bootstrapServer().orElseThrow();
        assertEquals("coap://leshan.eclipseprojects.io:5783", bs.uri());
        assertEquals(ServerAccount.SecurityMode.NO_SEC, bs.securityMode());
        assertTrue(info.servers().isEmpty());
        assertEquals("sha-256:x", info.fingerprint().orElseThrow());
    }

    @Test
    public void aTwoByteVersionIsMajorMinor() throws Exception {
        String obj = "0000" + "0101" + "0031" + "08002E" + "C80025" + URI + "C10101" + "C10203";
        BootstrapFile f = BootstrapFile.parse(HEX.parseHex("0001" + String.format("%04X", obj.length() / 2) + obj));
        assertEquals("1.1", f.objects().get(0).version());
    }

    @Test
    public void aFileWithoutHeaderIsReadAsTheSecurityObjectAndSaysSo() throws Exception {
        BootstrapFile f = BootstrapFile.parse(HEX.parseHex("08002E" + "C80025" + URI + "C10101" + "C10203" + "FFFFFF"));
        assertTrue(f.headerless());
        BootstrapObjects.Decoded d = BootstrapObjects.decode(f, "sha-256:x");
        assertEquals("coap://leshan.eclipseprojects.io:5783", d.info().bootstrapServer().orElseThrow().uri());
        assertTrue(d.notes().toString(), d.notes().get(0).contains("no header"));
    }

    @Test
    public void bareResourcesWithNoInstanceAreInstanceZero() throws Exception {
        BootstrapFile f = BootstrapFile.parse(HEX.parseHex("C80025" + URI + "C10101" + "C10203"));
        assertEquals("coap://leshan.eclipseprojects.io:5783",
                BootstrapObjects.decode(f, "sha-256:x").info().bootstrapServer().orElseThrow().uri());
    }

    @Test
    public void whatDoesNotAddUpIsNamed() {
        assertMalformed("00010040" + NORDIC.substring(8, NORDIC.length() - 4), "announces 64 bytes");
        assertMalformed("00020036" + NORDIC.substring(8), "announces 2 objects; the file holds 1");
        assertMalformed(NORDIC.substring(0, NORDIC.length() - 4) + "FF00", "only FF padding");
        assertMalformed("00010036" + "0000000040" + NORDIC.substring(18), "announces 64 bytes of TLV");
        assertMalformed("FFFFFFFF", "empty");
        assertMalformed("00020006" + NORDIC.substring(8), "announces 2 objects in 6 bytes");
        assertMalformed("4000", "neither a header nor a TLV");
    }

    @Test
    public void aFileOverThirtyTwoKibibytesIsRefused() {
        assertMalformed("00".repeat(BootstrapFile.MAX_SIZE + 1), "the most a bootstrap file may be is 32768");
    }

    @Test
    public void aTlvThatDoesNotDecodeIsNamedWithItsObject() {
        // Security Mode given as a 5-byte integer, which LwM2M TLV does not have.
        String tlv = "080008" + "C50200000000" + "03";
        String obj = "0000" + "00" + String.format("%04X", tlv.length() / 2) + tlv;
        MalformedBootstrapFileException e = assertThrows(MalformedBootstrapFileException.class,
                () -> BootstrapObjects.decode(BootstrapFile.parse(HEX.parseHex("0001" + String.format("%04X", obj.length() / 2) + obj)), "f"));
        assertTrue(e.getMessage(), e.getMessage().contains("object 0"));
    }

    @Test
    public void decodingErrorsNeverShowResourceValues() throws Exception {
        // Two instances 0 of the Security object, each with a PSK: Leshan's message would list them, keys and all.
        String inst = instance(0, "C1020" + "0" + "C40500112233");
        String tlv = inst + inst;
        String obj = "0000" + "00" + String.format("%04X", tlv.length() / 2) + tlv;
        MalformedBootstrapFileException e = assertThrows(MalformedBootstrapFileException.class,
                () -> BootstrapObjects.decode(BootstrapFile.parse(HEX.parseHex("0001" + String.format("%04X", obj.length() / 2) + obj)), "f"));
        assertFalse(e.getMessage(), e.getMessage().toLowerCase().contains("00112233"));
        assertTrue(e.getMessage(), e.getMessage().contains("object 0 does not decode"));
        assertEquals("no cause that would print them", null, e.getCause());
    }

    @Test
    public void aServerWithoutItsServerInstanceIsRefused() {
        // /0/1: coap://h, not bootstrap, NoSec, short server id 7; no /1.
        String tlv = instance(1, "C80008" + HEX.formatHex("coap://h".getBytes()) + "C10100" + "C10203" + "C10A07");
        String obj = "0000" + "00" + String.format("%04X", tlv.length() / 2) + tlv;
        MalformedBootstrapFileException e = assertThrows(MalformedBootstrapFileException.class,
                () -> BootstrapObjects.decode(BootstrapFile.parse(HEX.parseHex("0001" + String.format("%04X", obj.length() / 2) + obj)), "f"));
        assertTrue(e.getMessage(), e.getMessage().contains("no Server (1) instance"));
    }

    /**
     * Random damage to valid files (flipped, cut, inserted bytes) never gets past the parser as anything but a
     * named refusal: no other exception, no hang.
     */
    @Test
    public void damagedFilesAreRefusedNeverCrash() {
        List<byte[]> seeds = List.of(HEX.parseHex(NORDIC), SimulatedCardProfile.defaultBootstrapFile());
        Random random = new Random(20261124);
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] seed = seeds.get(i % seeds.size());
            byte[] f = mutate(seed, random);
            try {
                BootstrapObjects.decode(BootstrapFile.parse(f), "f");
            } catch (MalformedBootstrapFileException e) {
                refused++;
                assertFalse("a refusal says why", e.getMessage() == null || e.getMessage().isBlank());
            }
        }
        assertTrue("most damage is refused: " + refused, refused > 10_000);
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] f = seed.clone();
        switch (random.nextInt(3)) {
            case 0:
                for (int n = 1 + random.nextInt(3); n > 0; n--) {
                    f[random.nextInt(f.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return f;
            case 1:
                return java.util.Arrays.copyOf(f, random.nextInt(f.length));
            default:
                byte[] g = new byte[f.length + 1];
                int at = random.nextInt(f.length);
                System.arraycopy(f, 0, g, 0, at);
                g[at] = (byte) random.nextInt(256);
                System.arraycopy(f, at, g, at + 1, f.length - at);
                return g;
        }
    }

    static String instance(int id, String resources) {
        int len = resources.length() / 2;
        return len < 256 ? String.format("08%02X%02X", id, len) + resources : String.format("10%02X%04X", id, len) + resources;
    }

    private static void assertMalformed(String hex, String says) {
        MalformedBootstrapFileException e = assertThrows(MalformedBootstrapFileException.class, () -> BootstrapFile.parse(HEX.parseHex(hex)));
        assertTrue(e.getMessage(), e.getMessage().contains(says));
    }
}
