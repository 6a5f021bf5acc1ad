package org.scgateway.api.credential;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A key that a credential store's Secure Component uses and never gives out, by its public part: a PSK with its
 * identity, a key pair with its public key. What an operator or a server may be shown of the component's keys.
 */
public final class KeyInUse {

    public enum Kind {
        PSK, EC_P256
    }

    private final String name;
    private final Kind kind;
    private final byte[] publicPart;

    private KeyInUse(String name, Kind kind, byte[] publicPart) {
        this.name = name;
        this.kind = kind;
        this.publicPart = publicPart;
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** A PSK's identity, or a key pair's SubjectPublicKeyInfo (DER); empty when the component has none to say. A copy. */
    public byte[] publicPart() {
        return publicPart.clone();
    }

    /**
     * The keys used inside {@code store}'s component, PSKs then key pairs, each sorted by name; none for a store that
     * keeps no keys so.
     */
    public static List<KeyInUse> of(CredentialStore store) throws CredentialStoreException {
        List<KeyInUse> out = new ArrayList<>();
        Optional<PskKeys> psks = store.pskKeys();
        if (psks.isPresent()) {
            for (String n : psks.get().pskNames()) {
                out.add(new KeyInUse(n, Kind.PSK, psks.get().identity(n).orElse(new byte[0])));
            }
        }
        Optional<SigningKeys> pairs = store.signingKeys();
        if (pairs.isPresent()) {
            for (String n : pairs.get().keyPairNames()) {
                out.add(new KeyInUse(n, Kind.EC_P256, pairs.get().publicKey(n).map(k -> k.getEncoded()).orElse(new byte[0])));
            }
        }
        return out;
    }
}
