package org.scgateway.se.sim.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.Before;
import org.junit.Test;
import org.scgateway.api.credential.PskVectors;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.SecureElement;
import org.scgateway.globalplatform.scp03.Scp03Keys;
import org.scgateway.globalplatform.scp03.Scp03Session;
import org.scgateway.globalplatform.scp03.SecureChannels;
import org.scgateway.globalplatform.scp03.SecurityLevel;

/**
 * The credential application's key commands on the simulated card, through SCP03 level 33 as the gateway sends
 * them: a PSK goes in once and never comes out; the card answers the master secrets psk_master_secret_vectors.py
 * computes.
 */
public class CredentialAppletTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] IDENTITY = "gateway-1".getBytes(StandardCharsets.UTF_8);
    private SecureElement card;

    @Before
    public void insert() throws Exception {
        card = TestCards.builtIn();
    }

    @Test
    public void aPskGoesInAndTheCardAnswersTheMasterSecretsNeverThePsk() throws Exception {
        try (Scp03Session scp = session()) {
            assertEquals(0x9000, scp.transmit(put(1, PskVectors.PSK)).sw());
            ResponseApdu identity = scp.transmit(CommandApdu.of(0x80, CredentialApplet.INS_GET_IDENTITY, 0, 1, 256));
            assertEquals("gateway-1", new String(identity.data(), StandardCharsets.UTF_8));

            assertEquals(PskVectors.PLAIN, HEX.formatHex(derive(scp, 0x00, 1, null, PskVectors.RANDOMS).data()));
            assertEquals(PskVectors.EXTENDED, HEX.formatHex(derive(scp, 0x01, 1, null, PskVectors.SESSION_HASH).data()));
            byte[] ecdh = new byte[32];
            java.util.Arrays.fill(ecdh, (byte) 0xAA);
            assertEquals(PskVectors.ECDHE_SHA384, HEX.formatHex(derive(scp, 0x00, 2, ecdh, PskVectors.RANDOMS).data()));

            // The key store is an EF of the application; no command reads it, not even inside the secure channel.
            assertEquals(0x9000, scp.transmit(CommandApdu.of(0x00, 0xA4, 0x00, 0x0C, HEX.parseHex("C010"))).sw());
            assertEquals("READ BINARY of the key store", 0x6982, scp.transmit(CommandApdu.of(0x00, 0xB0, 0, 0, 256)).sw());
            assertEquals("UPDATE BINARY of it", 0x6982, scp.transmit(CommandApdu.of(0x00, 0xD6, 0, 0, new byte[4])).sw());
        }
    }

    @Test
    public void outsideTheSecureChannelNothingIsAnswered() throws Exception {
        try (Scp03Session scp = session()) {
            scp.transmit(put(1, PskVectors.PSK));
        }
        try (ApduChannel plain = card.openLogicalChannel(CredentialApplet.AID)) {
            assertEquals(0x6982, plain.transmit(CommandApdu.of(0x80, CredentialApplet.INS_GET_IDENTITY, 0, 1, 256)).sw());
            assertEquals(0x6982, plain.transmit(CommandApdu.of(0x80, CredentialApplet.INS_DERIVE_MASTER_SECRET, 0, 1,
                    HEX.parseHex("840101" + "8640" + HEX.formatHex(PskVectors.RANDOMS)), 256)).sw());
        }
    }

    @Test
    public void aSecretReplacedOrDeletedIsGoneAndBadRequestsAreNamed() throws Exception {
        try (Scp03Session scp = session()) {
            scp.transmit(put(3, new byte[] {9, 9, 9}));
            assertEquals(0x9000, scp.transmit(put(3, PskVectors.PSK)).sw());
            assertEquals("the replacement is used", PskVectors.PLAIN, HEX.formatHex(derive(scp, 0x00, 1, null, PskVectors.RANDOMS, 3).data()));
            assertEquals(0x9000, scp.transmit(CommandApdu.of(0x80, CredentialApplet.INS_DELETE_SECRET, 0, 3)).sw());
            assertEquals("deleted", 0x6A88, derive(scp, 0x00, 1, null, PskVectors.RANDOMS, 3).sw());
            assertEquals("no such secret", 0x6A88, scp.transmit(CommandApdu.of(0x80, CredentialApplet.INS_GET_IDENTITY, 0, 4, 256)).sw());
            assertEquals("a secret longer than 64 bytes", 0x6A80, scp.transmit(put(5, new byte[65])).sw());
            assertEquals("reference 0", 0x6A86, scp.transmit(put(0, PskVectors.PSK)).sw());
            scp.transmit(put(1, PskVectors.PSK));
            assertEquals("no PRF hash named", 0x6A80, scp.transmit(CommandApdu.of(0x80, CredentialApplet.INS_DERIVE_MASTER_SECRET, 0, 1,
                    HEX.parseHex("8640" + HEX.formatHex(PskVectors.RANDOMS)), 256)).sw());
        }
    }

    /**
     * A key pair made on the card: its public point comes out, its private scalar never does; the card's ECDSA
     * signature of a digest verifies with the JDK's SHA256withECDSA over the data, with that public key.
     */
    @Test
    public void aKeyPairMadeOnTheCardSignsAndOnlyItsPublicPointComesOut() throws Exception {
        try (Scp03Session scp = session()) {
            ResponseApdu made = scp.transmit(CommandApdu.of(0x80, CredentialApplet.INS_GENERATE_KEY_PAIR, 0, 6, HEX.parseHex("810102"), 256));
            assertEquals(0x9000, made.sw());
            byte[] point = made.data();
            assertEquals(65, point.length);
            assertEquals(0x04, point[0]);
            assertArrayEquals("GET IDENTITY answers the public point", point,
                    scp.transmit(CommandApdu.of(0x80, CredentialApplet.INS_GET_IDENTITY, 0, 6, 256)).data());

            byte[] data = "the handshake's messages".getBytes(StandardCharsets.UTF_8);
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(data);
            ResponseApdu signed = scp.transmit(CommandApdu.of(0x80, CredentialApplet.INS_SIGN, 0, 6, concat(HEX.parseHex("8720"), digest), 256));
            assertEquals(0x9000, signed.sw());
            java.security.Signature verify = java.security.Signature.getInstance("SHA256withECDSA");
            verify.initVerify(publicKey(point));
            verify.update(data);
            assertTrue("the signature verifies", verify.verify(signed.data()));
            verify.initVerify(publicKey(point));
            verify.update("other data".getBytes(StandardCharsets.UTF_8));
            assertFalse("and only for its data", verify.verify(signed.data()));

            assertEquals("a key pair derives no master secret", 0x6985, derive(scp, 0x00, 1, null, PskVectors.RANDOMS, 6).sw());
            scp.transmit(put(1, PskVectors.PSK));
            assertEquals("a PSK signs nothing", 0x6985,
                    scp.transmit(CommandApdu.of(0x80, CredentialApplet.INS_SIGN, 0, 1, concat(HEX.parseHex("8720"), digest), 256)).sw());
            assertEquals("a digest of another length", 0x6A80,
                    scp.transmit(CommandApdu.of(0x80, CredentialApplet.INS_SIGN, 0, 6, HEX.parseHex("8710" + "00".repeat(16)), 256)).sw());
            assertEquals("a type the card cannot make", 0x6A80,
                    scp.transmit(CommandApdu.of(0x80, CredentialApplet.INS_GENERATE_KEY_PAIR, 0, 7, HEX.parseHex("810101"), 256)).sw());
        }
    }

    @Test
    public void aKeyPairMadeElsewhereIsImportedOnce() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair pair = g.generateKeyPair();
        java.security.interfaces.ECPublicKey pub = (java.security.interfaces.ECPublicKey) pair.getPublic();
        byte[] point = concat(new byte[] {4}, fixed(pub.getW().getAffineX()), fixed(pub.getW().getAffineY()));
        byte[] scalar = fixed(((java.security.interfaces.ECPrivateKey) pair.getPrivate()).getS());
        try (Scp03Session scp = session()) {
            byte[] data = concat(HEX.parseHex("810102"), HEX.parseHex("8241"), point, HEX.parseHex("8320"), scalar);
            assertEquals(0x9000, scp.transmit(CommandApdu.of(0x80, CredentialApplet.INS_PUT_SECRET, 0, 8, data)).sw());
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(new byte[] {1, 2, 3});
            ResponseApdu signed = scp.transmit(CommandApdu.of(0x80, CredentialApplet.INS_SIGN, 0, 8, concat(HEX.parseHex("8720"), digest), 256));
            java.security.Signature verify = java.security.Signature.getInstance("SHA256withECDSA");
            verify.initVerify(pub);
            verify.update(new byte[] {1, 2, 3});
            assertTrue(verify.verify(signed.data()));
            assertEquals("a scalar that is not 32 bytes", 0x6A80, scp.transmit(CommandApdu.of(0x80, CredentialApplet.INS_PUT_SECRET, 0, 9,
                    concat(HEX.parseHex("810102"), HEX.parseHex("8241"), point, HEX.parseHex("8310"), new byte[16]))).sw());
        }
    }

    private static java.security.PublicKey publicKey(byte[] point) throws Exception {
        java.security.AlgorithmParameters p = java.security.AlgorithmParameters.getInstance("EC");
        p.init(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.spec.ECPoint w = new java.security.spec.ECPoint(new java.math.BigInteger(1, java.util.Arrays.copyOfRange(point, 1, 33)),
                new java.math.BigInteger(1, java.util.Arrays.copyOfRange(point, 33, 65)));
        return java.security.KeyFactory.getInstance("EC").generatePublic(
                new java.security.spec.ECPublicKeySpec(w, p.getParameterSpec(java.security.spec.ECParameterSpec.class)));
    }

    private static byte[] fixed(java.math.BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(32, b.length);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    private Scp03Session session() throws Exception {
        byte[][] k = new byte[3][16];
        for (int n = 0; n < 3; n++) {
            for (int j = 0; j < 16; j++) {
                k[n][j] = (byte) (n * 16 + j);
            }
        }
        return SecureChannels.open(card, CredentialApplet.AID, Scp03Keys.of(0x30, k[0], k[1], k[2]), SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC);
    }

    private static CommandApdu put(int ref, byte[] psk) {
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        d.writeBytes(new byte[] {(byte) 0x81, 1, CredentialApplet.TYPE_PSK, (byte) 0x82, (byte) IDENTITY.length});
        d.writeBytes(IDENTITY);
        d.writeBytes(new byte[] {(byte) 0x83, (byte) psk.length});
        d.writeBytes(psk);
        return CommandApdu.of(0x80, CredentialApplet.INS_PUT_SECRET, 0, ref, d.toByteArray());
    }

    private static ResponseApdu derive(Scp03Session scp, int p1, int prf, byte[] other, byte[] seed) throws Exception {
        return derive(scp, p1, prf, other, seed, 1);
    }

    private static ResponseApdu derive(Scp03Session scp, int p1, int prf, byte[] other, byte[] seed, int ref) throws Exception {
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        d.writeBytes(new byte[] {(byte) 0x84, 1, (byte) prf});
        if (other != null) {
            d.writeBytes(new byte[] {(byte) 0x85, (byte) other.length});
            d.writeBytes(other);
        }
        d.writeBytes(new byte[] {(byte) 0x86, (byte) seed.length});
        d.writeBytes(seed);
        return scp.transmit(CommandApdu.of(0x80, CredentialApplet.INS_DERIVE_MASTER_SECRET, p1, ref, d.toByteArray(), 256));
    }
}
