package org.scgateway.teep;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.Test;

public class SuitEnvelopeTest {

    private static final byte[] UUID = HexFormat.of().parseHex("8D82573A926D4754935332DC29997F74");

    @Test
    public void thePublicIntegratedPayloadExampleDecodesAndVerifiesWithTheExampleKey() throws Exception {
        SuitEnvelope env = SuitEnvelope.decode(Vectors.hex("suit_integrated.hex"));
        PublicKey key = Vectors.ecPublicKey("suit_examples_public_key.pem");

        assertEquals(3, env.sequenceNumber());
        List<byte[]> id = env.componentId();
        assertEquals(4, id.size());
        assertEquals("TEEP-Device", new String(id.get(0), StandardCharsets.US_ASCII));
        assertEquals("SecureFS", new String(id.get(1), StandardCharsets.US_ASCII));
        assertArrayEquals(UUID, id.get(2));
        assertEquals("ta", new String(id.get(3), StandardCharsets.US_ASCII));
        assertEquals("Hello, Secure World!", new String(env.payload(), StandardCharsets.US_ASCII));
        assertArrayEquals(HexFormat.of().parseHex("C0DDD5F15243566087DB4F5B0AA26C2F"), env.vendorId().orElseThrow());
        assertEquals("example-tam", env.verify(Map.of("other", ec().getPublic(), "example-tam", key)));
    }

    @Test
    public void theExampleFailsAgainstAnotherKeyAndWhenItsManifestIsAltered() throws Exception {
        byte[] vector = Vectors.hex("suit_integrated.hex");
        CoseException e = assertThrows(CoseException.class,
                () -> SuitEnvelope.decode(vector).verify(Map.of("other", ec().getPublic())));
        assertEquals(CoseException.Reason.NOT_TRUSTED, e.reason());

        // The manifest's sequence number (A6 01 01 02 03): 3 becomes 4, the digest no longer matches.
        String hex = HexFormat.of().withUpperCase().formatHex(vector);
        byte[] altered = HexFormat.of().parseHex(hex.replace("A6010102030358", "A6010102040358"));
        SuitEnvelope env = SuitEnvelope.decode(altered);
        assertEquals(4, env.sequenceNumber());
        CoseException e2 = assertThrows(CoseException.class,
                () -> env.verify(Map.of("example-tam", Vectors.ecPublicKey("suit_examples_public_key.pem"))));
        assertTrue(e2.getMessage(), e2.getMessage().contains("digest"));
    }

    @Test
    public void anEnvelopeBuiltHereDecodesAndVerifiesWithP256AndEd25519() throws Exception {
        byte[] payload = "a trusted application".getBytes(StandardCharsets.US_ASCII);
        for (KeyPair tam : List.of(ec(), ed())) {
            byte[] bytes = SuitEnvelope.build(List.of("TEEP-Device".getBytes(StandardCharsets.US_ASCII), UUID), 7, payload, tam.getPrivate());
            SuitEnvelope env = SuitEnvelope.decode(bytes);
            assertEquals(7, env.sequenceNumber());
            assertArrayEquals(payload, env.payload());
            assertArrayEquals(UUID, env.componentId().get(1));
            assertEquals("tam", env.verify(Map.of("tam", tam.getPublic())));
        }
    }

    @Test
    public void aPayloadThatDoesNotMatchItsDigestIsRefusedAtDecoding() throws Exception {
        byte[] bytes = SuitEnvelope.build(List.of(UUID), 1, "original".getBytes(StandardCharsets.US_ASCII), ec().getPrivate());
        String hex = HexFormat.of().withUpperCase().formatHex(bytes);
        String original = HexFormat.of().withUpperCase().formatHex("original".getBytes(StandardCharsets.US_ASCII));
        String swapped = HexFormat.of().withUpperCase().formatHex("Original".getBytes(StandardCharsets.US_ASCII));
        TeepFormatException e = assertThrows(TeepFormatException.class,
                () -> SuitEnvelope.decode(HexFormat.of().parseHex(hex.replace(original, swapped))));
        assertTrue(e.getMessage(), e.getMessage().contains("image digest"));
    }

    @Test
    public void garbageIsAFormatError() {
        assertThrows(TeepFormatException.class, () -> SuitEnvelope.decode(new byte[] {(byte) 0xA1, 0x02}));
        assertThrows(TeepFormatException.class, () -> SuitEnvelope.decode(new byte[0]));
        assertThrows(TeepFormatException.class, () -> SuitEnvelope.decode(new byte[] {(byte) 0xA0}));
    }

    static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static KeyPair ed() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }
}
