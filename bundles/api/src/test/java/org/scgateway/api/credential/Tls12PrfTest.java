package org.scgateway.api.credential;

import static org.junit.Assert.assertEquals;

import java.util.HexFormat;

import org.junit.Test;

/** The TLS 1.2 PRF against the IETF TLS list's public vectors (msg03416), and the PSK master secrets of {@link PskVectors}. */
public class Tls12PrfTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] PSK = PskVectors.PSK;
    private static final byte[] RANDOMS = PskVectors.RANDOMS;
    private static final byte[] SESSION_HASH = PskVectors.SESSION_HASH;
    private static final String PLAIN = PskVectors.PLAIN;
    private static final String EXTENDED = PskVectors.EXTENDED;
    private static final String ECDHE_SHA384 = PskVectors.ECDHE_SHA384;

    @Test
    public void thePrfGivesThePublicVectors() {
        assertEquals("e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17"
                + "abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff70187347b66",
                HEX.formatHex(Tls12Prf.prf(PskKeys.PrfHash.SHA256, HEX.parseHex("9bbe436ba940f017b17652849a71db35"), "test label",
                        HEX.parseHex("a0ba9f936cda311827a6f796ffd5198c"), 100)));
        assertEquals("7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cde9ca0faa60be9fe34f82b1233c9146a0",
                HEX.formatHex(Tls12Prf.prf(PskKeys.PrfHash.SHA384, HEX.parseHex("b80b733d6ceefcdc71566ea48e5567df"), "test label",
                        HEX.parseHex("cd665cf6a8447dd6ff8b27555edb7465"), 148)).substring(0, 96));
    }

    @Test
    public void pskMasterSecretsArePythonsAsWell() {
        assertEquals(PLAIN, HEX.formatHex(Tls12Prf.masterSecret(PskKeys.PrfHash.SHA256, PSK, null, RANDOMS, false)));
        assertEquals(EXTENDED, HEX.formatHex(Tls12Prf.masterSecret(PskKeys.PrfHash.SHA256, PSK, null, SESSION_HASH, true)));
        byte[] ecdh = new byte[32];
        java.util.Arrays.fill(ecdh, (byte) 0xAA);
        assertEquals(ECDHE_SHA384, HEX.formatHex(Tls12Prf.masterSecret(PskKeys.PrfHash.SHA384, PSK, ecdh, RANDOMS, false)));
    }

    @Test
    public void thePremasterSecretIsRfc4279s() {
        assertEquals("0003000000" + "0003" + "010203", HEX.formatHex(Tls12Prf.premaster(new byte[] {1, 2, 3}, null)));
    }
}
