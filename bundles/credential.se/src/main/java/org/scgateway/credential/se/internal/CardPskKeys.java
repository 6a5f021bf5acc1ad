package org.scgateway.credential.se.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.PskKeys;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.api.se.StatusWordException;

/**
 * PSKs kept in the card's credential application by its key commands (docs/credentials.md): PUT SECRET writes one,
 * DERIVE MASTER SECRET uses it, nothing reads it. Which key reference holds which entry is kept in the store's image,
 * as {@code keyref/<entry name>} (a reference is not secret); a readable copy of the entry is removed in the same
 * image write. A PUT SECRET whose image write then fails leaves an unused secret in the card, which the next put of
 * that name takes over: the image decides what exists.
 */
final class CardPskKeys implements PskKeys {

    static final String DIRECTORY = "keyref/";
    static final int INS_PUT_SECRET = 0xD8;
    static final int INS_GET_IDENTITY = 0xCA;
    static final int INS_DERIVE_MASTER_SECRET = 0x2A;
    static final int INS_DELETE_SECRET = 0xE4;
    private static final int LAST_REF = 0x7F;

    private final CardCredentialStore store;
    /**
     * The key reference of each name used since the store was offered: a handshake then costs the secure channel and
     * one DERIVE, not a read of the store's image (which also holds the readable entries). A reference that went
     * stale (6A88) is looked up again, once.
     */
    private final Map<String, Integer> refs = new java.util.concurrent.ConcurrentHashMap<>();

    CardPskKeys(CardCredentialStore store) {
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
        synchronized (store) {
            store.session(scp -> {
                CardCredentialStore.State now = store.current(scp);
                Optional<Integer> kept = refOf(now, name);
                int ref = kept.isPresent() ? kept.get() : freeRef(now); // a full card still replaces a key it keeps
                byte[] value = psk.bytes();
                try {
                    byte[] data = tlvs(new int[] {0x81, 0x82, 0x83}, new byte[] {0x01}, identity, value);
                    try {
                        require(scp.transmit(CommandApdu.of(0x80, INS_PUT_SECRET, 0, ref, data)), "PUT SECRET of " + name);
                    } finally {
                        Arrays.fill(data, (byte) 0);
                    }
                } finally {
                    Arrays.fill(value, (byte) 0);
                }
                Map<String, byte[]> puts = new HashMap<>();
                puts.put(DIRECTORY + name, new byte[] {(byte) ref});
                refs.remove(name);
                store.keep(scp, now, puts, Set.of(name), "the PSK " + name + " (key reference " + ref + ")");
                refs.put(name, ref);
                return null;
            });
        }
    }

    @Override
    public Optional<byte[]> identity(String name) throws CredentialStoreException {
        synchronized (store) {
            return store.session(scp -> {
                Optional<Integer> ref = refOf(store.current(scp), name);
                if (ref.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(require(scp.transmit(CommandApdu.of(0x80, INS_GET_IDENTITY, 0, ref.get(), 256)), "GET IDENTITY of " + name)
                        .data());
            });
        }
    }

    @Override
    public Secret masterSecret(String name, PrfHash hash, Optional<Secret> otherSecret, byte[] seed, boolean extended)
            throws CredentialStoreException {
        synchronized (store) {
            return store.session(scp -> {
                Integer cached = refs.get(name);
                int ref = cached != null ? cached : lookUp(scp, name);
                ResponseApdu r = derive(scp, ref, hash, otherSecret, seed, extended);
                if (r.sw() == 0x6A88 && cached != null) {
                    refs.remove(name);
                    r = derive(scp, lookUp(scp, name), hash, otherSecret, seed, extended);
                }
                byte[] master = require(r, "DERIVE MASTER SECRET with " + name).data();
                try {
                    return Secret.of(master);
                } finally {
                    Arrays.fill(master, (byte) 0);
                }
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

    private static Optional<Integer> refOf(CardCredentialStore.State now, String name) {
        byte[] r = now.image().entries().get(DIRECTORY + name);
        return r == null || r.length != 1 ? Optional.empty() : Optional.of(r[0] & 0xFF);
    }

    private static int freeRef(CardCredentialStore.State now) throws CredentialStoreException {
        boolean[] used = new boolean[LAST_REF + 1];
        now.image().entries().forEach((n, v) -> {
            if (n.startsWith(DIRECTORY) && v.length == 1) {
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
