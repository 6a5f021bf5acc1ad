package org.scgateway.se.sim.internal;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.scgateway.api.se.Aid;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.StatusWord;

/**
 * The key commands of SC Gateway's credential application (docs/credentials.md): a secret is written once and never
 * read out; the card uses it. PUT SECRET stores a PSK with its identity, GET IDENTITY answers the identity (public),
 * DERIVE MASTER SECRET answers the TLS 1.2 master secret of a PSK key exchange, DELETE SECRET removes one. Only
 * inside SCP03 at the application's level (33: the secret crosses the link encrypted, the master secret too).
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
    static final int TYPE_PSK = 0x01;
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
        return ins == INS_PUT_SECRET || ins == INS_GET_IDENTITY || ins == INS_DERIVE_MASTER_SECRET || ins == INS_DELETE_SECRET;
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
            case INS_GET_IDENTITY:
                return found.map(s -> ResponseApdu.of(s.identity, StatusWord.OK)).orElse(ResponseApdu.of(StatusWord.REFERENCED_DATA_NOT_FOUND));
            case INS_DELETE_SECRET:
                if (found.isEmpty()) {
                    return ResponseApdu.of(StatusWord.REFERENCED_DATA_NOT_FOUND);
                }
                secrets.remove(found.get());
                write(store, secrets);
                changed.run();
                return ResponseApdu.of(StatusWord.OK);
            default:
                return found.map(s -> derive(s, cmd)).orElse(ResponseApdu.of(StatusWord.REFERENCED_DATA_NOT_FOUND));
        }
    }

    private static ResponseApdu put(ElementaryFile store, List<Secret> secrets, int ref, CommandApdu cmd, Runnable changed) {
        byte[] d = cmd.data();
        byte[] type = field(d, 0x81);
        byte[] identity = field(d, 0x82);
        byte[] value = field(d, 0x83);
        if (type == null || type.length != 1 || (type[0] & 0xFF) != TYPE_PSK || identity == null || identity.length > MAX_IDENTITY
                || value == null || value.length == 0 || value.length > MAX_SECRET) {
            return ResponseApdu.of(StatusWord.INCORRECT_DATA);
        }
        List<Secret> next = new ArrayList<>(secrets);
        next.removeIf(s -> s.ref == ref);
        next.add(new Secret(ref, TYPE_PSK, identity, value));
        if (encode(next).length > store.size()) {
            return ResponseApdu.of(StatusWord.NOT_ENOUGH_MEMORY);
        }
        write(store, next);
        changed.run();
        return ResponseApdu.of(StatusWord.OK);
    }

    /** P1 00: PRF(premaster, "master secret", seed); P1 01: the extended master secret, the seed being the session hash. */
    private static ResponseApdu derive(Secret s, CommandApdu cmd) {
        if (cmd.p1() != 0x00 && cmd.p1() != 0x01) {
            return ResponseApdu.of(StatusWord.INCORRECT_P1_P2);
        }
        byte[] d = cmd.data();
        byte[] prf = field(d, 0x84);
        byte[] other = field(d, 0x85);
        byte[] seed = field(d, 0x86);
        if (prf == null || prf.length != 1 || (prf[0] != 1 && prf[0] != 2) || seed == null || seed.length == 0) {
            return ResponseApdu.of(StatusWord.INCORRECT_DATA);
        }
        Tls12Prf.Hash hash = prf[0] == 1 ? Tls12Prf.Hash.SHA256 : Tls12Prf.Hash.SHA384;
        return ResponseApdu.of(Tls12Prf.masterSecret(hash, s.value, other, seed, cmd.p1() == 0x01), StatusWord.OK);
    }

    private record Secret(int ref, int type, byte[] identity, byte[] value) {
    }

    private static List<Secret> read(ElementaryFile store) {
        byte[] c = store.content();
        List<Secret> out = new ArrayList<>();
        int i = 0;
        while (i + 2 <= c.length && (c[i] & 0xFF) == 0xE0) {
            int len = c[i + 1] & 0xFF;
            int at = i + 2;
            if (len == 0x81) {
                len = c[i + 2] & 0xFF;
                at = i + 3;
            }
            byte[] body = Arrays.copyOfRange(c, at, Math.min(c.length, at + len));
            byte[] ref = field(body, 0x80);
            byte[] type = field(body, 0x81);
            if (ref != null && type != null) {
                out.add(new Secret(ref[0] & 0xFF, type[0] & 0xFF, orEmpty(field(body, 0x82)), orEmpty(field(body, 0x83))));
            }
            i = at + len;
        }
        return out;
    }

    private static void write(ElementaryFile store, List<Secret> secrets) {
        byte[] encoded = encode(secrets);
        byte[] content = new byte[store.size()];
        Arrays.fill(content, (byte) 0xFF);
        System.arraycopy(encoded, 0, content, 0, encoded.length);
        store.write(0, content);
        Arrays.fill(encoded, (byte) 0);
    }

    private static byte[] encode(List<Secret> secrets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Secret s : secrets) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            tlv(body, 0x80, new byte[] {(byte) s.ref});
            tlv(body, 0x81, new byte[] {(byte) s.type});
            tlv(body, 0x82, s.identity);
            tlv(body, 0x83, s.value);
            tlv(out, 0xE0, body.toByteArray());
        }
        return out.toByteArray();
    }

    private static void tlv(ByteArrayOutputStream out, int tag, byte[] value) {
        out.write(tag);
        if (value.length > 0x7F) {
            out.write(0x81);
        }
        out.write(value.length);
        out.writeBytes(value);
    }

    /** The value of the first {@code tag} in a flat list of one-byte-tag TLVs; null when absent or cut short. */
    private static byte[] field(byte[] d, int tag) {
        int i = 0;
        while (i + 2 <= d.length) {
            int t = d[i] & 0xFF;
            int len = d[i + 1] & 0xFF;
            int at = i + 2;
            if (len == 0x81 && i + 3 <= d.length) {
                len = d[i + 2] & 0xFF;
                at = i + 3;
            } else if (len > 0x7F) {
                return null;
            }
            if (at + len > d.length) {
                return null;
            }
            if (t == tag) {
                return Arrays.copyOfRange(d, at, at + len);
            }
            i = at + len;
        }
        return null;
    }

    private static byte[] orEmpty(byte[] b) {
        return b == null ? new byte[0] : b;
    }
}
