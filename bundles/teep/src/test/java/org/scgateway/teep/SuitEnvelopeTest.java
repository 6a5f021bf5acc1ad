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

import com.upokecenter.cbor.CBORObject;

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

    /**
     * SUIT command and parameter numbers are 64-bit in CBOR: 2^32 + 20 is no override-parameters (20), nor is
     * -2^32 + 20; 2^32 + 21 is no parameter-uri (21). Each is refused naming the number, not taken as its low 32 bits.
     */
    @Test
    public void aCommandOrParameterNumberBeyond32BitsIsRefusedNotTakenAsItsLow32Bits() throws Exception {
        long low = 1L << 32;
        // As built here, the envelope decodes: the numbers in place are the ones this side takes.
        SuitEnvelope.decode(envelope(20, 21));
        for (long command : new long[] {low + 20, -low + 20, Long.MAX_VALUE, Long.MIN_VALUE + 20}) {
            TeepFormatException e = assertThrows("command " + command, TeepFormatException.class,
                    () -> SuitEnvelope.decode(envelope(command, 21)));
            assertTrue(e.getMessage(), e.getMessage().contains("SUIT command " + command + " in suit-install"));
        }
        for (long parameter : new long[] {low + 21, -low + 21}) {
            TeepFormatException e = assertThrows("parameter " + parameter, TeepFormatException.class,
                    () -> SuitEnvelope.decode(envelope(20, parameter)));
            assertTrue(e.getMessage(), e.getMessage().contains("SUIT parameter " + parameter));
        }
    }

    /**
     * An envelope as {@link SuitEnvelope#build} makes one (unsigned: decoding does not verify), whose install sequence
     * sets the uri with command {@code overrideCommand} and parameter label {@code uriLabel}.
     */
    private static byte[] envelope(long overrideCommand, long uriLabel) {
        byte[] payload = "a trusted application".getBytes(StandardCharsets.US_ASCII);
        CBORObject shared = CBORObject.NewArray().Add(20).Add(CBORObject.NewOrderedMap()
                .Add(3, CBORObject.FromObject(SuitEnvelope.suitDigest(SuitEnvelope.sha256(payload))))
                .Add(14, payload.length));
        CBORObject common = CBORObject.NewOrderedMap()
                .Add(2, CBORObject.NewArray().Add(CBORObject.NewArray().Add(CBORObject.FromObject(UUID))))
                .Add(4, CBORObject.FromObject(shared.EncodeToBytes()));
        CBORObject install = CBORObject.NewArray()
                .Add(CBORObject.FromObject(overrideCommand)).Add(CBORObject.NewOrderedMap().Add(CBORObject.FromObject(uriLabel), "#tc"))
                .Add(21).Add(15)
                .Add(3).Add(15);
        byte[] manifest = CBORObject.NewOrderedMap()
                .Add(1, 1)
                .Add(2, 1)
                .Add(3, CBORObject.FromObject(common.EncodeToBytes()))
                .Add(20, CBORObject.FromObject(install.EncodeToBytes()))
                .EncodeToBytes();
        return CBORObject.NewOrderedMap()
                .Add(2, CBORObject.FromObject(CBORObject.NewArray().EncodeToBytes()))
                .Add(3, CBORObject.FromObject(manifest))
                .Add("#tc", CBORObject.FromObject(payload))
                .EncodeToBytes();
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
