package org.scgateway.api.credential;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The TLS 1.2 PRF (RFC 5246, 5) and the master secret of a PSK key exchange (RFC 4279, 2; RFC 5489, 2 for
 * ECDHE_PSK; RFC 7627 for the extended master secret): what a component that implements {@link PskKeys} computes
 * inside, the simulated card's credential application and the software TEE alike. By hand over the JDK's HMAC: the
 * TLS libraries that have it (BouncyCastle's bctls) bring a whole TLS stack for a dozen lines.
 */
public final class Tls12Prf {

    public static final int MASTER_SECRET_LENGTH = 48;

    private Tls12Prf() {
    }

    private static String hmac(PskKeys.PrfHash hash) {
        return hash == PskKeys.PrfHash.SHA384 ? "HmacSHA384" : "HmacSHA256";
    }

    public static byte[] prf(PskKeys.PrfHash hash, byte[] secret, String label, byte[] seed, int length) {
        String algorithm = hmac(hash);
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret, algorithm));
            byte[] labelSeed = concat(label.getBytes(StandardCharsets.US_ASCII), seed);
            byte[] out = new byte[length];
            byte[] a = labelSeed;
            for (int done = 0; done < length; ) {
                a = mac.doFinal(a);
                mac.update(a);
                byte[] block = mac.doFinal(labelSeed);
                int n = Math.min(block.length, length - done);
                System.arraycopy(block, 0, out, done, n);
                done += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has " + algorithm, e);
        }
    }

    /**
     * The PSK premaster secret: {@code uint16 N, other_secret, uint16 len(psk), psk}; for plain PSK other_secret is N
     * zero bytes, N the PSK's length. Wiped by the caller.
     */
    public static byte[] premaster(byte[] psk, byte[] otherSecret) {
        byte[] other = otherSecret == null ? new byte[psk.length] : otherSecret;
        byte[] p = new byte[4 + other.length + psk.length];
        p[0] = (byte) (other.length >> 8);
        p[1] = (byte) other.length;
        System.arraycopy(other, 0, p, 2, other.length);
        p[2 + other.length] = (byte) (psk.length >> 8);
        p[3 + other.length] = (byte) psk.length;
        System.arraycopy(psk, 0, p, 4 + other.length, psk.length);
        return p;
    }

    /**
     * The master secret: PRF(premaster, "master secret", client_random + server_random), or with the extended master
     * secret PRF(premaster, "extended master secret", session_hash).
     */
    public static byte[] masterSecret(PskKeys.PrfHash hash, byte[] psk, byte[] otherSecret, byte[] seed, boolean extended) {
        byte[] pre = premaster(psk, otherSecret);
        try {
            return prf(hash, pre, extended ? "extended master secret" : "master secret", seed, MASTER_SECRET_LENGTH);
        } finally {
            Arrays.fill(pre, (byte) 0);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
