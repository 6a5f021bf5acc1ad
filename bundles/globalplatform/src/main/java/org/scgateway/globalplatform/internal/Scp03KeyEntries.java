package org.scgateway.globalplatform.internal;

import java.util.Optional;

import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.Secret;
import org.scgateway.globalplatform.scp03.Scp03Keys;

/**
 * Where a gateway keeps the static SCP03 keys of its cards: in a {@link CredentialStore}, never in
 * configuration. A card's own set is {@code scp03/<component id>/enc}, {@code mac}, {@code dek} (16, 24 or
 * 32 bytes each) and {@code version} (one byte, the key version number); {@code scp03/default/...} stands
 * for any card that has no set of its own.
 */
final class Scp03KeyEntries {

    /** The prefix of every entry. */
    static final String PREFIX = "scp03/";
    /** The set for cards without one of their own. */
    static final String DEFAULT = "default";

    private Scp03KeyEntries() {
    }

    /**
     * The card's own key set, else the default one; empty when neither is there.
     *
     * @throws CredentialStoreException when the store cannot be read, or holds a set that is incomplete or not
     *         a key set (the message names the entries, never their values)
     */
    static Optional<Scp03Keys> lookup(CredentialStore store, String componentId) throws CredentialStoreException {
        for (String set : new String[] {componentId, DEFAULT}) {
            String prefix = PREFIX + set + "/";
            Optional<Secret> enc = store.read(prefix + "enc");
            if (enc.isEmpty()) {
                continue;
            }
            Secret mac = required(store, prefix + "mac");
            Secret dek = required(store, prefix + "dek");
            Secret version = required(store, prefix + "version");
            if (version.length() != 1) {
                throw new CredentialStoreException("'" + prefix + "version' in " + store.location() + " is " + version.length()
                        + " bytes; a key version number is one byte");
            }
            try {
                return Optional.of(Scp03Keys.of(version.bytes()[0] & 0xFF, enc.get().bytes(), mac.bytes(), dek.bytes()));
            } catch (IllegalArgumentException e) {
                throw new CredentialStoreException("the SCP03 keys '" + prefix + "*' in " + store.location() + " are not a key set: "
                        + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** What to tell an operator who has to provision a card's keys. */
    static String howToProvision(String componentId, String where) {
        return "store " + PREFIX + componentId + "/enc, mac, dek and version (or " + PREFIX + DEFAULT + "/...) in " + where;
    }

    private static Secret required(CredentialStore store, String name) throws CredentialStoreException {
        return store.read(name).orElseThrow(() -> new CredentialStoreException("'" + name + "' is missing from " + store.location()));
    }
}
