package org.scgateway.globalplatform.scp03;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.HexFormat;

import org.junit.Test;

/**
 * The key derivation against public vectors: suma12/asterix (asterix/SCP03.py, class Test128, card and
 * host side) and the session keys of pySim's AES-128 SL 11 session.
 */
public class Scp03CryptoTest {

    private static final HexFormat HEX = HexFormat.of();

    private static byte[] hex(String s) {
        return HEX.parseHex(s);
    }

    private static final Scp03Keys ASTERIX = Scp03Keys.of(0x30, hex("404142434445464748494A4B4C4D4E4F"),
            hex("401122334445566748494A4B4C4D4E4F"), hex("9876543210404142434445464748494A"));
    private static final byte[] HOST_CHALLENGE = hex("0807060504030201");
    private static final byte[] CARD_CHALLENGE = hex("A3F5F144D19BE66E");

    @Test
    public void asterixPseudoRandomCardChallenge() {
        assertArrayEquals(CARD_CHALLENGE, Scp03Crypto.pseudoRandomCardChallenge(ASTERIX, 0x2A, hex("A000000018434D08090A0B0C000000")));
    }

    @Test
    public void asterixSessionKeysAndCryptograms() {
        SessionKeys k = Scp03Crypto.sessionKeys(ASTERIX, HOST_CHALLENGE, CARD_CHALLENGE);
        assertArrayEquals(hex("852D207B7CC8C880231EDFD5C644CFB1"), k.enc());
        assertArrayEquals(hex("7131B9369F3D19850E6919CD3321523E"), k.mac());
        assertArrayEquals(hex("B570AA1FDE18F9179B5CBD42D8939D05"), k.rmac());
        assertArrayEquals(hex("72BFCBDF4A14515F"), Scp03Crypto.cardCryptogram(k, HOST_CHALLENGE, CARD_CHALLENGE));
        assertArrayEquals(hex("AEB8DAD1865B85E2"), Scp03Crypto.hostCryptogram(k, HOST_CHALLENGE, CARD_CHALLENGE));
    }

    @Test
    public void pySimSessionKeysAes128() {
        Scp03Keys keys = Scp03Keys.of(0x30, hex("000102030405060708090a0b0c0d0e0f"), hex("101112131415161718191a1b1c1d1e1f"),
                hex("202122232425262728292a2b2c2d2e2f"));
        SessionKeys k = Scp03Crypto.sessionKeys(keys, hex("b13e5f938fc108c4"), hex("3eb51047495b249f"));
        assertArrayEquals(hex("c4e87149f2114da66bb015a567d751f9"), k.enc());
        assertArrayEquals(hex("8b2635556e987a6b84f43d9ffc197d3f"), k.mac());
        assertArrayEquals(hex("3f6b2ce3b3abd9a99bd4453afa54cc7b"), k.rmac());
    }

    @Test
    public void padding() {
        assertArrayEquals(hex("01028000000000000000000000000000"), Scp03Crypto.pad80(hex("0102")));
        assertEquals(16, Scp03Crypto.pad80(hex("0102")).length);
        assertEquals(32, Scp03Crypto.pad80(new byte[16]).length);
        assertArrayEquals(hex("0102"), Scp03Crypto.unpad80(Scp03Crypto.pad80(hex("0102"))));
        assertArrayEquals(new byte[16], Scp03Crypto.unpad80(Scp03Crypto.pad80(new byte[16])));
        assertThrows(IllegalArgumentException.class, () -> Scp03Crypto.unpad80(new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> Scp03Crypto.unpad80(new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> Scp03Crypto.unpad80(hex("80000000000000000000000000000000" + "00000000000000000000000000000000")));
    }

    @Test
    public void keysAndLevelsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Scp03Keys.of(0x20, new byte[16], new byte[16], new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> Scp03Keys.of(0x30, new byte[16], new byte[24], new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> Scp03Keys.of(0x30, new byte[8], new byte[8], new byte[8]));
        assertThrows(IllegalArgumentException.class, () -> SecurityLevel.of(0x02));
        assertEquals(SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC, SecurityLevel.of(0x33));
        assertEquals("Scp03Keys[version 30, AES-128]", ASTERIX.toString());
    }

    /** martinpaljak/GlobalPlatformPro tool/src/test/java/pro/javacard/gp/TestSCP03.java, testKDF3. */
    @Test
    public void globalPlatformProKeyDiversification() {
        byte[] master = hex("8C72C72CF908411653018807950D82FBAD947562F0828A0B10B8B9606ABF3BCD");
        assertArrayEquals(hex("9AAC5D0B3601F89438A0D9D0B6B256CFB47E6462DFA5228D3420C4AC7C224781"),
                Scp03Crypto.diversify(master, Scp03Crypto.KeyPurpose.ENC, hex("D9B1DE5D0362DEDCE4FB")));
    }
}
