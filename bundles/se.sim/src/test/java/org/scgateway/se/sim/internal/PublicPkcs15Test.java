package org.scgateway.se.sim.internal;

import static org.junit.Assert.assertEquals;

import java.io.InputStream;
import java.util.HexFormat;

import org.junit.Before;
import org.junit.Test;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.globalplatform.tlv.BerTlv;
import org.scgateway.globalplatform.tlv.Tlv;

/**
 * The built-in card's PKCS#15 application as a standard PKCS#15 reader (OpenSC's pkcs15-tool) walks it, with no
 * secure channel: EF(ODF), EF(TokenInfo) and EF(DODF) answer; the bootstrap file's content needs SCP03 level 33.
 */
public class PublicPkcs15Test {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private SimulatedCard card;

    @Before
    public void insert() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/profiles/default.json")) {
            card = CardProfile.parse(in.readAllBytes()).newCard(() -> { });
        }
        assertEquals(0x9000, send("00A4040C0C" + "A000000063504B43532D3135").sw());
    }

    private ResponseApdu send(String hex) {
        return card.transmit(CommandApdu.parse(HEX.parseHex(hex)));
    }

    private byte[] read(String fid) {
        assertEquals(fid, 0x9000, send("00A4000C02" + fid).sw());
        ResponseApdu r = send("00B0000000");
        assertEquals(fid, 0x9000, r.sw());
        return r.data();
    }

    @Test
    public void odfTokenInfoAndDodfAreReadWithoutASecureChannel() {
        Tlv odf = BerTlv.parse(read("5031")).get(0);
        assertEquals("the ODF points at the DODF", 0xA7, odf.tag());
        Tlv tokenInfo = BerTlv.parse(read("5032")).get(0);
        assertEquals(0x30, tokenInfo.tag());
        assertEquals("version 0", "00", HEX.formatHex(tokenInfo.find(0x02).orElseThrow().value()));
        assertEquals("LwM2M Bootstrap", new String(tokenInfo.find(0x80).orElseThrow().value(), java.nio.charset.StandardCharsets.UTF_8));
        java.util.List<Tlv> dodf = BerTlv.parse(read("6430"));
        assertEquals("an opaque data object first, as OpenSC's readers decode only those", 0x30, dodf.get(0).tag());
        assertEquals("its application OID is the bootstrap file's", "672B0901",
                HEX.formatHex(dodf.get(0).children().get(1).find(0x06).orElseThrow().value()));
        assertEquals("then the OID data object of LwM2M's Appendix G", 0xA1, dodf.get(1).tag());
    }

    @Test
    public void theBootstrapFileStaysBehindScp03() {
        assertEquals(0x6982, send("00A4000C02" + "6432").sw());
        assertEquals("nor by path", 0x6982, send("00A4080C04" + "7FF06432").sw());
        assertEquals("and no update of the public files", 0x6982, updateOdf());
    }

    private int updateOdf() {
        send("00A4000C02" + "5031");
        return send("00D6000001" + "00").sw();
    }
}
