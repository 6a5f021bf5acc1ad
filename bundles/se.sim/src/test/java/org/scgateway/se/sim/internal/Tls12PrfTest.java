package org.scgateway.se.sim.internal;

import static org.junit.Assert.assertEquals;

import java.util.HexFormat;

import org.junit.Test;

/** The TLS 1.2 PRF against the IETF TLS list's public vectors (msg03416), and the PSK master secrets of psk_master_secret_vectors.py. */
public class Tls12PrfTest {

    private static final HexFormat HEX = HexFormat.of();
    static final byte[] PSK = HEX.parseHex("0102030405060708090a0b0c0d0e0f10");
    static final byte[] RANDOMS = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
            + "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f");
    static final byte[] SESSION_HASH = HEX.parseHex("cc98f5715d947309ec1cc49bd3ea9bc2720892f3e342b1893ba5b6b42d7a8a63");
    static final String PLAIN = "08cd6fd50b5bbf0352361eb0aab94ca1fbc15abec762adf50a842c7d7fd6c09520e61ed19973480197754e875103e5bd";
    static final String EXTENDED = "ed1310a723ded2c1198a95bdab5d285c66eadd78207c73885739d4a054ba0b6676bdee83bdfbb2c69219d000d2c0f21e";
    static final String ECDHE_SHA384 = "8f7f3aff824368fa3cae95a04c711d9887df76bdb25ce45e337136729cab9b77bc3eda6d3ca92e6239fa11c3f8496607";

    @Test
    public void thePrfGivesThePublicVectors() {
        assertEquals("e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17"
                + "abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff70187347b66",
                HEX.formatHex(Tls12Prf.prf(Tls12Prf.Hash.SHA256, HEX.parseHex("9bbe436ba940f017b17652849a71db35"), "test label",
                        HEX.parseHex("a0ba9f936cda311827a6f796ffd5198c"), 100)));
        assertEquals("7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cde9ca0faa60be9fe34f82b1233c9146a0",
                HEX.formatHex(Tls12Prf.prf(Tls12Prf.Hash.SHA384, HEX.parseHex("b80b733d6ceefcdc71566ea48e5567df"), "test label",
                        HEX.parseHex("cd665cf6a8447dd6ff8b27555edb7465"), 148)).substring(0, 96));
    }

    @Test
    public void pskMasterSecretsArePythonsAsWell() {
        assertEquals(PLAIN, HEX.formatHex(Tls12Prf.masterSecret(Tls12Prf.Hash.SHA256, PSK, null, RANDOMS, false)));
        assertEquals(EXTENDED, HEX.formatHex(Tls12Prf.masterSecret(Tls12Prf.Hash.SHA256, PSK, null, SESSION_HASH, true)));
        byte[] ecdh = new byte[32];
        java.util.Arrays.fill(ecdh, (byte) 0xAA);
        assertEquals(ECDHE_SHA384, HEX.formatHex(Tls12Prf.masterSecret(Tls12Prf.Hash.SHA384, PSK, ecdh, RANDOMS, false)));
    }

    @Test
    public void thePremasterSecretIsRfc4279s() {
        assertEquals("0003000000" + "0003" + "010203", HEX.formatHex(Tls12Prf.premaster(new byte[] {1, 2, 3}, null)));
    }
}
