package org.scgateway.credential.se.internal;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.PskKeys;
import org.scgateway.api.credential.SigningKeys;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.api.se.StatusWordException;

/**
 * Keys kept in the card's credential application by its key commands (docs/credentials.md): PUT SECRET writes a PSK or
 * a key pair, GENERATE KEY PAIR makes one on the card, DERIVE MASTER SECRET and SIGN use them, nothing reads a secret
 * part. Which key reference holds which entry is kept in the store's image,
 * as {@code keyref/<entry name>} (a reference is not secret); a readable copy of the entry is removed in the same
 * image write. A PUT SECRET whose image write then fails leaves an unused secret in the card, which the next put of
 * that name takes over: the image decides what exists.
 */
final class CardKeyCommands implements PskKeys, SigningKeys {

    static final String DIRECTORY = "keyref/";
    static final int INS_PUT_SECRET = 0xD8;
    static final int INS_GET_IDENTITY = 0xCA;
    static final int INS_DERIVE_MASTER_SECRET = 0x2A;
    static final int INS_DELETE_SECRET = 0xE4;
    static final int INS_GENERATE_KEY_PAIR = 0x46;
    static final int INS_SIGN = 0x2B;
    private static final byte[] TYPE_PSK = {0x01};
    private static final byte[] TYPE_EC_P256 = {0x02};
    private static final int LAST_REF = 0x7F;

    private final CardCredentialStore store;
    /**
     * The key reference of each name used since the store was offered: a handshake then costs the secure channel and
     * one DERIVE, not a read of the store's image (which also holds the readable entries). A reference that went
     * stale (6A88) is looked up again, once.
     */
    private final Map<String, Integer> refs = new java.util.concurrent.ConcurrentHashMap<>();

    CardKeyCommands(CardCredentialStore store) {
        this.store = store;
    }

    /**
     * Whether the card's credential application has the key commands: one DELETE SECRET outside the secure channel,
     * which an application that has them refuses with 6982 (it answers only inside SCP03) and one without answers
     * 6D00 (instruction not supported).
     */
    static boolean offered(SecureElement se) throws SecureElementException {
        try (ApduChannel ch = se.openLogicalChannel(CardCredentialStore.AID)) {
            return ch.transmit(CommandApdu.of(0x80, INS_DELETE_SECRET, 0, LAST_REF)).sw() == 0x6982;
        } catch (StatusWordException e) {
            return false;
        }
    }

    @Override
    public void put(String name, byte[] identity, Secret psk) throws CredentialStoreException {
        place(name, TYPE_PSK[0], "the PSK " + name, (scp, ref) -> {
            byte[] value = psk.bytes();
            byte[] data = tlvs(new int[] {0x81, 0x82, 0x83}, TYPE_PSK, identity, value);
            try {
                return require(scp.transmit(CommandApdu.of(0x80, INS_PUT_SECRET, 0, ref, data)), "PUT SECRET of " + name);
            } finally {
                Arrays.fill(value, (byte) 0);
                Arrays.fill(data, (byte) 0);
            }
        });
    }

    @Override
    public PublicKey generate(String name) throws CredentialStoreException {
        ResponseApdu made = place(name, TYPE_EC_P256[0], "the key pair " + name, (scp, ref) -> require(
                scp.transmit(CommandApdu.of(0x80, INS_GENERATE_KEY_PAIR, 0, ref, tlvs(new int[] {0x81}, TYPE_EC_P256), 256)),
                "GENERATE KEY PAIR of " + name));
        return EcPoints.publicKey(made.data(), "the public key the card made for " + name);
    }

    @Override
    public void put(String name, Secret privateKey, PublicKey publicKey) throws CredentialStoreException {
        byte[] point = EcPoints.point(publicKey, name);
        place(name, TYPE_EC_P256[0], "the key pair " + name, (scp, ref) -> {
            byte[] scalar = EcPoints.scalar(privateKey, name);
            byte[] data = tlvs(new int[] {0x81, 0x82, 0x83}, TYPE_EC_P256, point, scalar);
            try {
                return require(scp.transmit(CommandApdu.of(0x80, INS_PUT_SECRET, 0, ref, data)), "PUT SECRET of " + name);
            } finally {
                Arrays.fill(scalar, (byte) 0);
                Arrays.fill(data, (byte) 0);
            }
        });
    }

    @Override
    public Optional<PublicKey> publicKey(String name) throws CredentialStoreException {
        Optional<byte[]> point = identity(name);
        return point.isEmpty() ? Optional.empty() : Optional.of(EcPoints.publicKey(point.get(), "the public key of " + name));
    }

    @Override
    public byte[] signDigest(String name, byte[] sha256) throws CredentialStoreException {
        if (sha256 == null || sha256.length != 32) {
            throw new CredentialStoreException("a SHA-256 digest has 32 bytes, not " + (sha256 == null ? "none" : sha256.length));
        }
        return use(name, "SIGN with " + name,
                (scp, ref) -> scp.transmit(CommandApdu.of(0x80, INS_SIGN, 0, ref, tlvs(new int[] {0x87}, sha256), 256))).data();
    }

    /** A command on the key under a reference, inside the session; answers the card's response. */
    @FunctionalInterface
    private interface KeyCommand {
        ResponseApdu run(ApduChannel scp, int ref) throws SecureElementException, CredentialStoreException;
    }

    /**
     * Puts a key under {@code name}: the reference that name has (a full card still replaces a key it keeps) or a free
     * one, the command, then the image's {@code keyref/} entry (reference and type), with the readable copy of the
     * entry removed.
     */
    private ResponseApdu place(String name, byte type, String what, KeyCommand command) throws CredentialStoreException {
        synchronized (store) {
            return store.session(scp -> {
                CardCredentialStore.State now = store.current(scp);
                Optional<Integer> kept = refOf(now, name);
                int ref = kept.isPresent() ? kept.get() : freeRef(now);
                ResponseApdu r = command.run(scp, ref);
                Map<String, byte[]> puts = new HashMap<>();
                puts.put(DIRECTORY + name, new byte[] {(byte) ref, type});
                refs.remove(name);
                store.keep(scp, now, puts, Set.of(name), what + " (key reference " + ref + ")");
                refs.put(name, ref);
                return r;
            });
        }
    }

    @Override
    public Optional<byte[]> identity(String name) throws CredentialStoreException {
        synchronized (store) {
            return store.session(scp -> {
                // A remembered reference spares a read of the image; one gone stale (6A88) is looked up there, once.
                Integer cached = refs.get(name);
                if (cached != null) {
                    ResponseApdu r = getIdentity(scp, cached);
                    if (r.sw() != 0x6A88) {
                        return Optional.of(require(r, "GET IDENTITY of " + name).data());
                    }
                    refs.remove(name);
                }
                Optional<Integer> ref = refOf(store.current(scp), name);
                if (ref.isEmpty()) {
                    return Optional.empty();
                }
                refs.put(name, ref.get());
                return Optional.of(require(getIdentity(scp, ref.get()), "GET IDENTITY of " + name).data());
            });
        }
    }

    private static ResponseApdu getIdentity(ApduChannel scp, int ref) throws SecureElementException {
        return scp.transmit(CommandApdu.of(0x80, INS_GET_IDENTITY, 0, ref, 256));
    }

    @Override
    public Secret masterSecret(String name, PrfHash hash, Optional<Secret> otherSecret, byte[] seed, boolean extended)
            throws CredentialStoreException {
        byte[] master = use(name, "DERIVE MASTER SECRET with " + name, (scp, ref) -> derive(scp, ref, hash, otherSecret, seed, extended))
                .data();
        try {
            return Secret.of(master);
        } finally {
            Arrays.fill(master, (byte) 0);
        }
    }

    /**
     * Runs a command on the key kept under {@code name}: with the reference this object remembers, looked up in the
     * image when it has none or the card answers 6A88 to it (another store of the card moved the key meanwhile).
     */
    private ResponseApdu use(String name, String what, KeyCommand command) throws CredentialStoreException {
        synchronized (store) {
            return store.session(scp -> {
                Integer cached = refs.get(name);
                ResponseApdu r = command.run(scp, cached != null ? cached : lookUp(scp, name));
                if (r.sw() == 0x6A88 && cached != null) {
                    refs.remove(name);
                    r = command.run(scp, lookUp(scp, name));
                }
                return require(r, what);
            });
        }
    }

    private int lookUp(ApduChannel scp, String name) throws SecureElementException, CredentialStoreException {
        int ref = refOf(store.current(scp), name).orElseThrow(() -> new CredentialStoreException("no PSK " + name + " is kept in "
                + store.location()));
        refs.put(name, ref);
        return ref;
    }

    private static ResponseApdu derive(ApduChannel scp, int ref, PrfHash hash, Optional<Secret> otherSecret, byte[] seed, boolean extended)
            throws SecureElementException {
        byte[] prf = {(byte) (hash == PrfHash.SHA256 ? 1 : 2)};
        byte[] other = otherSecret.map(Secret::bytes).orElse(null);
        byte[] data;
        try {
            data = other == null ? tlvs(new int[] {0x84, 0x86}, prf, seed) : tlvs(new int[] {0x84, 0x85, 0x86}, prf, other, seed);
        } finally {
            if (other != null) {
                Arrays.fill(other, (byte) 0);
            }
        }
        try {
            return scp.transmit(CommandApdu.of(0x80, INS_DERIVE_MASTER_SECRET, extended ? 1 : 0, ref, data, 256));
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    @Override
    public void delete(String name) throws CredentialStoreException {
        synchronized (store) {
            store.session(scp -> {
                CardCredentialStore.State now = store.current(scp);
                Optional<Integer> ref = refOf(now, name);
                if (ref.isEmpty()) {
                    return null;
                }
                refs.remove(name);
                int sw = scp.transmit(CommandApdu.of(0x80, INS_DELETE_SECRET, 0, ref.get())).sw();
                if (sw != 0x9000 && sw != 0x6A88) {
                    throw new CredentialStoreException(String.format("DELETE SECRET of %s was answered %04X", name, sw));
                }
                store.keep(scp, now, new HashMap<>(), Set.of(DIRECTORY + name), "the removal of the PSK " + name);
                return null;
            });
        }
    }

    /** An entry's key reference; entries of one byte are PSKs from before the type was kept beside it. */
    private static Optional<Integer> refOf(CardCredentialStore.State now, String name) {
        byte[] r = now.image().entries().get(DIRECTORY + name);
        return r == null || r.length < 1 || r.length > 2 ? Optional.empty() : Optional.of(r[0] & 0xFF);
    }

    @Override
    public java.util.SortedSet<String> pskNames() throws CredentialStoreException {
        return names(TYPE_PSK[0]);
    }

    @Override
    public java.util.SortedSet<String> keyPairNames() throws CredentialStoreException {
        return names(TYPE_EC_P256[0]);
    }

    /** The names of the keys of {@code type} the image lists. */
    java.util.SortedSet<String> names(byte type) throws CredentialStoreException {
        CardCredentialStore.State now;
        synchronized (store) {
            now = store.session(scp -> store.current(scp));
        }
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        for (Map.Entry<String, byte[]> e : now.image().entries().entrySet()) {
            byte[] v = e.getValue();
            byte t = v.length == 2 ? v[1] : TYPE_PSK[0];
            if (e.getKey().startsWith(DIRECTORY) && v.length >= 1 && v.length <= 2 && t == type) {
                String name = e.getKey().substring(DIRECTORY.length());
                out.add(name);
                refs.put(name, v[0] & 0xFF); // a listing is followed by each key's identity: no image read for each
            }
        }
        return out;
    }

    private static int freeRef(CardCredentialStore.State now) throws CredentialStoreException {
        boolean[] used = new boolean[LAST_REF + 1];
        now.image().entries().forEach((n, v) -> {
            if (n.startsWith(DIRECTORY) && v.length >= 1 && v.length <= 2) {
                used[v[0] & 0x7F] = true;
            }
        });
        for (int ref = 1; ref < LAST_REF; ref++) { // 7F: kept for the probe
            if (!used[ref]) {
                return ref;
            }
        }
        throw new CredentialStoreException("the card keeps no more PSKs: " + (LAST_REF - 1) + " key references are in use");
    }

    private static ResponseApdu require(ResponseApdu r, String what) throws CredentialStoreException {
        if (r.sw() != 0x9000) {
            throw new CredentialStoreException(String.format("%s was answered %04X", what, r.sw()));
        }
        return r;
    }

    /**
     * One-byte-tag data objects, written straight into the array that is sent: no buffer of a stream keeps a copy of a
     * key after the caller wipes the array.
     */
    private static byte[] tlvs(int[] tags, byte[]... values) {
        int n = 0;
        for (byte[] v : values) {
            n += (v.length > 0x7F ? 3 : 2) + v.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (int i = 0; i < tags.length; i++) {
            byte[] v = values[i];
            out[at++] = (byte) tags[i];
            if (v.length > 0x7F) {
                out[at++] = (byte) 0x81;
            }
            out[at++] = (byte) v.length;
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return out;
    }
}
