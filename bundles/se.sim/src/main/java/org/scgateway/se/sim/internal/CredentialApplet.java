package org.scgateway.se.sim.internal;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.scgateway.api.credential.PskKeys;
import org.scgateway.api.credential.Tls12Prf;
import org.scgateway.api.se.Aid;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.StatusWord;
import org.scgateway.globalplatform.tlv.BerTlv;
import org.scgateway.globalplatform.tlv.Tlv;
import org.scgateway.globalplatform.tlv.TlvException;

/**
 * The key commands of SC Gateway's credential application (docs/credentials.md): a secret is written once, or made on
 * the card, and never read out; the card uses it. PUT SECRET stores a PSK with its identity, or an EC P-256 key pair
 * made elsewhere; GENERATE KEY PAIR makes one on the card; GET IDENTITY answers the public part (a PSK's identity, a
 * key pair's public point); DERIVE MASTER SECRET answers the TLS 1.2 master secret of a PSK key exchange; SIGN
 * answers the ECDSA signature of a SHA-256 digest; DELETE SECRET removes one. Only inside SCP03 at the application's
 * level (33: a secret crosses the link encrypted, the master secret too).
 * <p>
 * The secrets are kept in the application's EF {@value #KEY_OBJECTS_HEX}, which no command reads or updates
 * (access never): one {@code E0} data object per secret, {@code 80} reference, {@code 81} type, {@code 82} identity,
 * {@code 83} value, then FF padding. A real card keeps them in its key store; the simulation's state file holds them,
 * as a card's memory would.
 */
final class CredentialApplet {

    static final Aid AID = Aid.fromHex("F0534347574352454401");
    static final int KEY_OBJECTS = 0xC010;
    static final String KEY_OBJECTS_HEX = "C010";
    static final int INS_PUT_SECRET = 0xD8;
    static final int INS_GET_IDENTITY = 0xCA;
    static final int INS_DERIVE_MASTER_SECRET = 0x2A;
    static final int INS_DELETE_SECRET = 0xE4;
    static final int INS_GENERATE_KEY_PAIR = 0x46;
    static final int INS_SIGN = 0x2B;
    static final int TYPE_PSK = 0x01;
    static final int TYPE_EC_P256 = 0x02;
    static final int MAX_SECRET = 64;
    static final int MAX_IDENTITY = 128;

    private CredentialApplet() {
    }

    /** Whether the command is one of the application's own, for the application {@code app} and its key store. */
    static boolean handles(DedicatedFile app, CommandApdu cmd) {
        if (app == null || !AID.equals(app.aid()) || !(app.child(KEY_OBJECTS) instanceof ElementaryFile) || !cmd.isProprietaryClass()) {
            return false;
        }
        int ins = cmd.ins();
        return ins == INS_PUT_SECRET || ins == INS_GET_IDENTITY || ins == INS_DERIVE_MASTER_SECRET || ins == INS_DELETE_SECRET
                || ins == INS_GENERATE_KEY_PAIR || ins == INS_SIGN;
    }

    /**
     * @param secure whether the channel's secure channel covers the application's level
     * @param changed told after the key store changed, so that the card's state is kept
     */
    static ResponseApdu process(DedicatedFile app, CommandApdu cmd, boolean secure, Runnable changed) {
        if (!secure) {
            return ResponseApdu.of(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
        }
        ElementaryFile store = (ElementaryFile) app.child(KEY_OBJECTS);
        int ref = cmd.p2();
        if (ref < 1 || ref > 0x7F) {
            return ResponseApdu.of(StatusWord.INCORRECT_P1_P2);
        }
        List<Secret> secrets = read(store);
        Optional<Secret> found = secrets.stream().filter(s -> s.ref == ref).findFirst();
        switch (cmd.ins()) {
            case INS_PUT_SECRET:
                return put(store, secrets, ref, cmd, changed);
            case INS_GENERATE_KEY_PAIR:
                return generate(store, secrets, ref, cmd, changed);
            case INS_SIGN:
                return found.map(s -> sign(s, cmd)).orElse(ResponseApdu.of(StatusWord.REFERENCED_DATA_NOT_FOUND));
            case INS_GET_IDENTITY:
                return found.map(s -> ResponseApdu.of(s.identity, StatusWord.OK)).orElse(ResponseApdu.of(StatusWord.REFERENCED_DATA_NOT_FOUND));
            case INS_DELETE_SECRET:
                if (found.isEmpty()) {
                    return ResponseApdu.of(StatusWord.REFERENCED_DATA_NOT_FOUND);
                }
                secrets.remove(found.get());
                write(store, encode(secrets));
                changed.run();
                return ResponseApdu.of(StatusWord.OK);
            default:
                return found.map(s -> derive(s, cmd)).orElse(ResponseApdu.of(StatusWord.REFERENCED_DATA_NOT_FOUND));
        }
    }

    private static ResponseApdu put(ElementaryFile store, List<Secret> secrets, int ref, CommandApdu cmd, Runnable changed) {
        List<Tlv> d = fields(cmd.data());
        byte[] type = value(d, 0x81);
        byte[] identity = value(d, 0x82);
        byte[] value = value(d, 0x83);
        if (type == null || type.length != 1 || identity == null || value == null) {
            return ResponseApdu.of(StatusWord.INCORRECT_DATA);
        }
        boolean psk = (type[0] & 0xFF) == TYPE_PSK && identity.length <= MAX_IDENTITY && value.length > 0 && value.length <= MAX_SECRET;
        // A key pair made elsewhere: its public point (the identity) and private scalar, imported once.
        boolean pair = (type[0] & 0xFF) == TYPE_EC_P256 && identity.length == EcP256.POINT && identity[0] == 0x04
                && value.length == EcP256.SCALAR;
        if (!psk && !pair) {
            return ResponseApdu.of(StatusWord.INCORRECT_DATA);
        }
        return keep(store, secrets, new Secret(ref, type[0] & 0xFF, identity, value), changed);
    }

    /** Data {@code 81 01 02}: a new EC P-256 key pair; the answer is its public point. */
    private static ResponseApdu generate(ElementaryFile store, List<Secret> secrets, int ref, CommandApdu cmd, Runnable changed) {
        byte[] type = value(fields(cmd.data()), 0x81);
        if (type == null || type.length != 1 || (type[0] & 0xFF) != TYPE_EC_P256) {
            return ResponseApdu.of(StatusWord.INCORRECT_DATA);
        }
        byte[][] pair;
        try {
            pair = EcP256.generate();
        } catch (java.security.GeneralSecurityException e) {
            return ResponseApdu.of(StatusWord.UNKNOWN_ERROR);
        }
        ResponseApdu kept = keep(store, secrets, new Secret(ref, TYPE_EC_P256, pair[1], pair[0]), changed);
        return kept.sw() == 0x9000 ? ResponseApdu.of(pair[1], StatusWord.OK) : kept;
    }

    private static ResponseApdu keep(ElementaryFile store, List<Secret> secrets, Secret secret, Runnable changed) {
        List<Secret> next = new ArrayList<>(secrets);
        next.removeIf(s -> s.ref == secret.ref);
        next.add(secret);
        byte[] encoded = encode(next);
        if (encoded.length > store.size()) {
            return ResponseApdu.of(StatusWord.NOT_ENOUGH_MEMORY);
        }
        write(store, encoded);
        changed.run();
        return ResponseApdu.of(StatusWord.OK);
    }

    /** Data {@code 87} the SHA-256 digest: the ECDSA signature, DER. A PSK does not sign (6985). */
    private static ResponseApdu sign(Secret s, CommandApdu cmd) {
        if (s.type != TYPE_EC_P256) {
            return ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        byte[] digest = value(fields(cmd.data()), 0x87);
        if (cmd.p1() != 0 || digest == null || digest.length != 32) {
            return cmd.p1() != 0 ? ResponseApdu.of(StatusWord.INCORRECT_P1_P2) : ResponseApdu.of(StatusWord.INCORRECT_DATA);
        }
        try {
            return ResponseApdu.of(EcP256.signDigest(s.value, digest), StatusWord.OK);
        } catch (java.security.GeneralSecurityException e) {
            return ResponseApdu.of(StatusWord.UNKNOWN_ERROR);
        }
    }

    /** P1 00: PRF(premaster, "master secret", seed); P1 01: the extended master secret, the seed being the session hash. */
    private static ResponseApdu derive(Secret s, CommandApdu cmd) {
        if (s.type != TYPE_PSK) {
            return ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        if (cmd.p1() != 0x00 && cmd.p1() != 0x01) {
            return ResponseApdu.of(StatusWord.INCORRECT_P1_P2);
        }
        List<Tlv> d = fields(cmd.data());
        byte[] prf = value(d, 0x84);
        byte[] other = value(d, 0x85);
        byte[] seed = value(d, 0x86);
        if (prf == null || prf.length != 1 || (prf[0] != 1 && prf[0] != 2) || seed == null || seed.length == 0) {
            return ResponseApdu.of(StatusWord.INCORRECT_DATA);
        }
        PskKeys.PrfHash hash = prf[0] == 1 ? PskKeys.PrfHash.SHA256 : PskKeys.PrfHash.SHA384;
        return ResponseApdu.of(Tls12Prf.masterSecret(hash, s.value, other, seed, cmd.p1() == 0x01), StatusWord.OK);
    }

    private record Secret(int ref, int type, byte[] identity, byte[] value) {
    }

    /** The secrets the key store holds; a store that cannot be read holds none the card could use. */
    private static List<Secret> read(ElementaryFile store) {
        List<Secret> out = new ArrayList<>();
        List<Tlv> objects;
        try {
            objects = BerTlv.parse(store.content()); // skips the FF padding
        } catch (TlvException e) {
            return out;
        }
        for (Tlv o : objects) {
            if (o.tag() != 0xE0) {
                continue;
            }
            List<Tlv> f = o.children();
            byte[] ref = value(f, 0x80);
            byte[] type = value(f, 0x81);
            if (ref != null && ref.length == 1 && type != null && type.length == 1) {
                out.add(new Secret(ref[0] & 0xFF, type[0] & 0xFF, orEmpty(value(f, 0x82)), orEmpty(value(f, 0x83))));
            }
        }
        return out;
    }

    private static void write(ElementaryFile store, byte[] encoded) {
        byte[] content = new byte[store.size()];
        Arrays.fill(content, (byte) 0xFF);
        System.arraycopy(encoded, 0, content, 0, encoded.length);
        store.write(0, content);
        Arrays.fill(encoded, (byte) 0);
    }

    private static byte[] encode(List<Secret> secrets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Secret s : secrets) {
            out.writeBytes(Tlv.constructed(0xE0, Tlv.primitive(0x80, new byte[] {(byte) s.ref}), Tlv.primitive(0x81, new byte[] {(byte) s.type}),
                    Tlv.primitive(0x82, s.identity), Tlv.primitive(0x83, s.value)).encode());
        }
        return out.toByteArray();
    }

    /** A command's data objects; an empty list for data that are not BER-TLV, which then lacks every field. */
    private static List<Tlv> fields(byte[] data) {
        try {
            return BerTlv.parseStrict(data);
        } catch (TlvException e) {
            return List.of();
        }
    }

    /** The value of the first data object with {@code tag}; null when there is none. */
    private static byte[] value(List<Tlv> fields, int tag) {
        return fields.stream().filter(t -> t.tag() == tag).findFirst().map(Tlv::value).orElse(null);
    }

    private static byte[] orEmpty(byte[] b) {
        return b == null ? new byte[0] : b;
    }
}
