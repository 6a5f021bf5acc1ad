package org.scgateway.api.credential;

import java.util.HexFormat;

/**
 * PSK master secrets computed by {@code bundles/api/src/test/python/psk_master_secret_vectors.py} with Python's
 * {@code hmac} alone (the script checks the IETF TLS list's public PRF vectors first): for every component that
 * implements {@link PskKeys} (test support, in this bundle's tests artifact).
 */
public final class PskVectors {

    private static final HexFormat HEX = HexFormat.of();
    public static final byte[] PSK = HEX.parseHex("0102030405060708090a0b0c0d0e0f10");
    /** client_random + server_random. */
    public static final byte[] RANDOMS = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
            + "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f");
    public static final byte[] SESSION_HASH = HEX.parseHex("cc98f5715d947309ec1cc49bd3ea9bc2720892f3e342b1893ba5b6b42d7a8a63");
    /** SHA-256, plain PSK, the randoms. */
    public static final String PLAIN = "08cd6fd50b5bbf0352361eb0aab94ca1fbc15abec762adf50a842c7d7fd6c09520e61ed19973480197754e875103e5bd";
    /** SHA-256, plain PSK, extended master secret over the session hash. */
    public static final String EXTENDED = "ed1310a723ded2c1198a95bdab5d285c66eadd78207c73885739d4a054ba0b6676bdee83bdfbb2c69219d000d2c0f21e";
    /** SHA-384, ECDHE_PSK with 32 bytes of 0xAA as the ECDH shared secret, the randoms. */
    public static final String ECDHE_SHA384 = "8f7f3aff824368fa3cae95a04c711d9887df76bdb25ce45e337136729cab9b77bc3eda6d3ca92e6239fa11c3f8496607";

    private PskVectors() {
    }
}
