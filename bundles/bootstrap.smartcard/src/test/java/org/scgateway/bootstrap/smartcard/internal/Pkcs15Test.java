package org.scgateway.bootstrap.smartcard.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.HexFormat;

import org.junit.Test;
import org.scgateway.globalplatform.apdu.TransparentFile;

/** The PKCS#15 walk, on the entries of reference/smartcard-bootstrap.md. */
public class Pkcs15Test {

    private static final HexFormat HEX = HexFormat.of();
    private static final String LABEL = "0C0F4C774D324D20426F6F747374726170";
    private static final byte[] FILE_6432 = {0x64, 0x32};

    @Test
    public void efDirNamesTheApplication() {
        assertTrue(Pkcs15.namesPkcs15(HEX.parseHex("610E4F0CA000000063504B43532D3135" + "FF".repeat(16))));
        assertFalse(Pkcs15.namesPkcs15(HEX.parseHex("61124F10A0000000871002FF49FF0589000001FF")));
        assertFalse("not BER-TLV", Pkcs15.namesPkcs15(HEX.parseHex("6180")));
    }

    @Test
    public void theOdfPointsToTheDodfThroughFfPadding() throws Exception {
        assertArrayEquals(new byte[] {0x64, 0x30}, Pkcs15.dodfPath(HEX.parseHex("A706300404026430" + "FF".repeat(24))));
        MalformedBootstrapFileException e = assertThrows(MalformedBootstrapFileException.class,
                () -> Pkcs15.dodfPath(HEX.parseHex("A806300404024401")));
        assertTrue(e.getMessage(), e.getMessage().contains("no data objects entry"));
    }

    @Test
    public void aConformantDodfEntry() throws Exception {
        String entry = "A125" + "3011" + LABEL + "3000" + "A10E300C0604672B0901" + "300404026432";
        assertArrayEquals(FILE_6432, Pkcs15.bootstrapFilePath(HEX.parseHex(entry + "FFFF")));
    }

    @Test
    public void theRealCardsEntryWithTheOidWrappedTwice() throws Exception {
        String entry = "A127" + "3000" + "3011" + LABEL + "A110300E0606" + "0604672B0901" + "300404026432";
        assertArrayEquals(FILE_6432, Pkcs15.bootstrapFilePath(HEX.parseHex(entry)));
    }

    @Test
    public void theOidWhereTheAppendixPutsIt() throws Exception {
        // applicationOID in CommonDataObjectAttributes; the type attributes hold only the path.
        String withPath = "A125" + "3000" + "3017" + LABEL + "0604672B0901" + "A108300630040402" + "6432";
        assertArrayEquals(FILE_6432, Pkcs15.bootstrapFilePath(HEX.parseHex(withPath)));
    }

    @Test
    public void anotherObjectsEntryIsNotTakenForTheBootstrapFile() {
        String other = "A125" + "3011" + LABEL + "3000" + "A10E300C0604672B0902" + "300404026433";
        MalformedBootstrapFileException e = assertThrows(MalformedBootstrapFileException.class,
                () -> Pkcs15.bootstrapFilePath(HEX.parseHex(other)));
        assertTrue(e.getMessage(), e.getMessage().contains("2.23.43.9.1"));
    }

    @Test
    public void theFileSizeComesFromTheFcp() {
        assertEquals(1024, TransparentFile.size(HEX.parseHex("62198202412183026432A5038001718A01058B036F060180020400")));
        assertEquals(-1, TransparentFile.size(HEX.parseHex("6203820141")));
        assertEquals(-1, TransparentFile.size(new byte[0]));
    }
}
