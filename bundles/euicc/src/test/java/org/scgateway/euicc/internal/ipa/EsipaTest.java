package org.scgateway.euicc.internal.ipa;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.HexFormat;
import java.util.List;

import org.junit.Test;
import org.scgateway.euicc.internal.ipa.Esipa.InvalidPackage;
import org.scgateway.euicc.internal.ipa.Esipa.PackageRequest;

/** SGP.32's eUICC package in DER, as the IPA reads and answers it. */
public class EsipaTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final String EID = "89049044900000000000000000102355";
    /** euiccPackageSigned: eimId "eim", the EID, counter 7, transaction id 0102, psmoList { enable ICCID 89000123456789012341 }. */
    private static final String SIGNED = "302E" + "800365696D" + "5A10" + EID + "810107" + "82020102" + "A00E" + "A30C5A0A98001032547698103214";

    @Test
    public void aPackageRequestIsReadWithItsSignedPartAsItCame() throws Exception {
        // The outer length in a long form DER does not need (81 44): the signed part is still the bytes that came.
        byte[] der = HEX.parseHex("BF518143" + SIGNED + "5F3710" + "00112233445566778899AABBCCDDEEFF");
        PackageRequest p = Esipa.packageRequest(der);
        assertEquals(SIGNED, HEX.formatHex(p.signed));
        assertEquals("eim", p.eimId);
        assertEquals(EID, HEX.formatHex(p.eid));
        assertEquals(7, p.counter.intValue());
        assertEquals("0102", HEX.formatHex(p.transactionId.orElseThrow()));
        assertEquals(1, p.psmos.size());
        assertEquals(Esipa.PSMO_ENABLE, p.psmos.get(0).tag());
        assertEquals(16, p.signature.length);
    }

    @Test
    public void whatIsNotAPackageRequestIsNamed() {
        InvalidPackage e = assertThrows(InvalidPackage.class, () -> Esipa.packageRequest(HEX.parseHex("BF5130" + SIGNED)));
        assertEquals("an EuiccPackageRequest is euiccPackageSigned (30) and eimSignature (5F37)", e.getMessage());
        e = assertThrows(InvalidPackage.class, () -> Esipa.packageRequest(HEX.parseHex("BF5145" + SIGNED + "5F37")));
        assertEquals("EuiccPackageRequest is cut short", e.getMessage());
        String noCounter = "302B" + "800365696D" + "5A10" + EID + "82020102" + "A00E" + "A30C5A0A98001032547698103214";
        e = assertThrows(InvalidPackage.class, () -> Esipa.packageRequest(HEX.parseHex("BF5140" + noCounter + "5F3710" + "00".repeat(16))));
        assertEquals("euiccPackageSigned has no counterValue (81) at place 3", e.getMessage());
        e = assertThrows(InvalidPackage.class, () -> Esipa.packageRequest(HEX.parseHex("BF4E0100")));
        assertEquals("an EuiccPackageRequest is one BF51 data object", e.getMessage());
    }

    @Test
    public void resultsAreEncodedAsTheAsn1Says() throws Exception {
        PackageRequest p = Esipa.packageRequest(HEX.parseHex("BF5143" + SIGNED + "5F3710" + "00".repeat(16)));
        byte[] data = Esipa.resultData(p, 1, List.of(Esipa.result(Esipa.RESULT_ENABLE, 0)));
        String dataHex = "3014" + "800365696D" + "810107" + "82020102" + "830101" + "3003830100";
        assertEquals(dataHex, HEX.formatHex(data));
        assertEquals("BF515B" + "A059" + dataHex + "5F3740" + "00".repeat(64), HEX.formatHex(Esipa.resultSigned(data, new byte[64])));
        assertEquals("BF510B" + "A209" + "800365696D" + "82020102", HEX.formatHex(Esipa.errorUnsigned(p)));
        assertEquals("300F" + "800365696D" + "810107" + "82020102" + "020104", HEX.formatHex(Esipa.errorData(p, Esipa.REPLAY_ERROR)));
        assertArrayEquals(HEX.parseHex("BF4E03020102"), Esipa.transferError(Esipa.UNKNOWN_PACKAGE));
        assertArrayEquals(HEX.parseHex("BF4E020500"), Esipa.transferReceived());
    }
}
