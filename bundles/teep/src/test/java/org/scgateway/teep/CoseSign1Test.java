package org.scgateway.teep;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.security.KeyPair;
import java.util.HexFormat;
import java.util.Map;

import org.junit.Test;

import com.upokecenter.cbor.CBORObject;

public class CoseSign1Test {

    private static final byte[] PAYLOAD = HexFormat.of().parseHex("8205A11450A0A1A2A3A4A5A6A7A8A9AAABACADAEAF");

    @Test
    public void aSignedPayloadVerifiesWithItsKeyForEachAlgorithm() throws Exception {
        KeyPair ec = SuitEnvelopeTest.ec();
        KeyPair ed = SuitEnvelopeTest.ed();
        for (Object[] c : new Object[][] {{ec, CoseAlgorithm.ESP256}, {ec, CoseAlgorithm.ES256}, {ed, CoseAlgorithm.ED25519},
                {ed, CoseAlgorithm.EDDSA}}) {
            KeyPair k = (KeyPair) c[0];
            byte[] signed = CoseSign1.sign(PAYLOAD, k.getPrivate(), (CoseAlgorithm) c[1]);
            CBORObject cose = CBORObject.DecodeFromBytes(signed);
            assertEquals(18, cose.getMostOuterTag().ToInt32Checked());
            assertEquals(((CoseAlgorithm) c[1]).id(), CBORObject.DecodeFromBytes(cose.get(0).GetByteString()).get(1).AsInt32());

            CoseSign1.Verified v = CoseSign1.verify(signed, Map.of("a", SuitEnvelopeTest.ec().getPublic(), "b", k.getPublic()));
            assertEquals("b", v.anchor());
            assertEquals(c[1], v.algorithm());
            assertArrayEquals(PAYLOAD, v.payload());
        }
    }

    @Test
    public void anAlteredPayloadOrSignatureOrAnotherKeyIsNotTrusted() throws Exception {
        KeyPair k = SuitEnvelopeTest.ec();
        byte[] signed = CoseSign1.sign(PAYLOAD, k.getPrivate());
        for (int index : new int[] {signed.length - 70, signed.length - 1}) {
            byte[] altered = signed.clone();
            altered[index] ^= 1;
            assertEquals(CoseException.Reason.NOT_TRUSTED, assertThrows(CoseException.class,
                    () -> CoseSign1.verify(altered, Map.of("k", k.getPublic()))).reason());
        }
        assertEquals(CoseException.Reason.NOT_TRUSTED, assertThrows(CoseException.class,
                () -> CoseSign1.verify(signed, Map.of("other", SuitEnvelopeTest.ec().getPublic()))).reason());
        // An Ed25519 anchor cannot check an ESP256 signature at all.
        CoseException e = assertThrows(CoseException.class,
                () -> CoseSign1.verify(signed, Map.of("ed", SuitEnvelopeTest.ed().getPublic())));
        assertEquals(CoseException.Reason.NOT_TRUSTED, e.reason());
        assertEquals("no trust anchor holds a key for ESP256 (1 known)", e.getMessage());
    }

    @Test
    public void aBareTeepMessageIsUnsignedAndGarbageIsMalformed() throws Exception {
        KeyPair k = SuitEnvelopeTest.ec();
        assertEquals(CoseException.Reason.UNSIGNED, assertThrows(CoseException.class,
                () -> CoseSign1.verify(PAYLOAD, Map.of("k", k.getPublic()))).reason());
        for (String hex : new String[] {"", "FF", "D28343A1012840", "D2844AA1012840A0F640", "D9FFFF80"}) {
            assertEquals(hex, CoseException.Reason.MALFORMED, assertThrows(CoseException.class,
                    () -> CoseSign1.verify(HexFormat.of().parseHex(hex), Map.of("k", k.getPublic()))).reason());
        }
    }

    @Test
    public void anAlgorithmOutsideTeepsSuitesIsUnsupported() throws Exception {
        // protected {1: -35} (ES384)
        byte[] es384 = HexFormat.of().parseHex("D28444A1013822A04101" + "4101");
        assertEquals(CoseException.Reason.UNSUPPORTED_ALGORITHM, assertThrows(CoseException.class,
                () -> CoseSign1.verify(es384, Map.of("k", SuitEnvelopeTest.ec().getPublic()))).reason());
    }

    @Test
    public void anAlgorithmThatIsNoIntegerIsMalformedNotTakenForTheIntegerItRoundsTo() throws Exception {
        // protected {1: -7.0} (a half-precision float): RFC 9052 gives alg as an int or a text string, never a float
        byte[] floatAlg = HexFormat.of().parseHex("D28445A101F9C700A04101" + "4101");
        CoseException e = assertThrows(CoseException.class, () -> CoseSign1.verify(floatAlg, Map.of("k", SuitEnvelopeTest.ec().getPublic())));
        assertEquals(e.getMessage(), CoseException.Reason.MALFORMED, e.reason());
    }

    @Test
    public void aDetachedSignatureCarriesNoPayloadAndVerifiesWithTheOneGiven() throws Exception {
        KeyPair k = SuitEnvelopeTest.ed();
        byte[] signed = CoseSign1.signDetached(PAYLOAD, k.getPrivate());
        assertEquals(CBORObject.Null, CBORObject.DecodeFromBytes(signed).get(2));
        assertEquals("k", CoseSign1.verifyDetached(signed, PAYLOAD, Map.of("k", k.getPublic())).anchor());
        assertThrows(CoseException.class, () -> CoseSign1.verifyDetached(signed, new byte[] {1}, Map.of("k", k.getPublic())));
    }
}
