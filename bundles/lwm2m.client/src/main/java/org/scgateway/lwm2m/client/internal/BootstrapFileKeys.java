package org.scgateway.lwm2m.client.internal;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.PskKeys;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.credential.SigningKeys;
import org.scgateway.api.lwm2m.bootstrap.ServerAccount;

/**
 * The keys of a card's bootstrap file, used inside that card. The file (LwM2M 1.1, Appendix G) carries each account's
 * key and stays as the operator wrote it, so the client reads it at each start; when the same card keeps keys, each
 * key read from the file (a PSK, the private key of RPK or X.509) goes into the card's keys at once, the copy read is
 * destroyed and the account holds a marker. The key passes through gateway memory while the file is read, and is not
 * kept there while the client runs.
 */
final class BootstrapFileKeys {

    /** Where the card keeps its own bootstrap file's keys: {@code lwm2m/card-file/<short server id>/psk} or {@code .../client-private-key}. */
    static final String PREFIX = "lwm2m/card-file/";

    private BootstrapFileKeys() {
    }

    /**
     * {@code accounts} with each key the card can keep written into it and replaced by a marker of {@code held}; other
     * accounts as they are. Keys under {@link #PREFIX} that no account has any more are deleted. Written at each start:
     * the file may have changed, and the card cannot say whether the key it keeps is the file's without giving it out.
     *
     * @throws CredentialStoreException when the card does not take a key; the caller then uses the accounts as read
     */
    static List<ServerAccount> heldIn(List<ServerAccount> accounts, Optional<PskKeys> psks, Optional<SigningKeys> pairs, String location,
            HeldKeys held) throws CredentialStoreException {
        List<ServerAccount> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<Secret> taken = new ArrayList<>();
        for (ServerAccount a : accounts) {
            Optional<Secret> key = a.secretKey();
            String prefix = PREFIX + (a.isBootstrapServer() ? "bootstrap" : String.valueOf(a.shortServerId())) + "/";
            Secret marker = null;
            if (key.isPresent() && a.securityMode() == ServerAccount.SecurityMode.PSK && psks.isPresent()) {
                String name = prefix + "psk";
                psks.get().put(name, a.identity(), key.get());
                names.add(name);
                marker = held.hold(new HeldKeys.Held(name, psks.get(), location));
            } else if (key.isPresent() && pairs.isPresent() && (a.securityMode() == ServerAccount.SecurityMode.RPK
                    || a.securityMode() == ServerAccount.SecurityMode.X509)) {
                Optional<PublicKey> publicKey = publicKeyOf(a);
                if (publicKey.isPresent()) {
                    String name = prefix + "client-private-key";
                    pairs.get().put(name, key.get(), publicKey.get());
                    names.add(name);
                    marker = held.holdSigning(new ComponentPrivateKey(name, pairs.get(), location));
                }
            }
            if (marker == null) {
                out.add(a); // no key, or none this card keeps, or one Leshan will refuse as it is
                continue;
            }
            taken.add(key.get());
            ServerAccount.Builder b = a.toBuilder(); // all but the key as read: lifetime, binding, policy, Mute Send
            switch (a.securityMode()) {
                case PSK:
                    b.psk(a.identity(), marker);
                    break;
                case RPK:
                    b.rpk(a.identity(), marker, a.serverKey());
                    break;
                default:
                    b.x509(a.identity(), marker, a.serverKey());
                    break;
            }
            out.add(b.build());
        }
        if (psks.isPresent()) {
            deleteStale(psks.get().pskNames(), names, psks.get()::delete);
        }
        if (pairs.isPresent()) {
            deleteStale(pairs.get().keyPairNames(), names, pairs.get()::delete);
        }
        // Only now: a failure above leaves the accounts as they were read, for the caller to use.
        taken.forEach(Secret::destroy);
        return out;
    }

    private interface Delete {
        void delete(String name) throws CredentialStoreException;
    }

    private static void deleteStale(Set<String> kept, Set<String> current, Delete delete) throws CredentialStoreException {
        for (String name : kept) {
            if (name.startsWith(PREFIX) && !current.contains(name)) {
                delete.delete(name);
            }
        }
    }

    /** The client's public key of an RPK account (its SubjectPublicKeyInfo) or of an X.509 one (its certificate's). */
    private static Optional<PublicKey> publicKeyOf(ServerAccount a) {
        try {
            if (a.securityMode() == ServerAccount.SecurityMode.RPK) {
                return Optional.of(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(a.identity())));
            }
            return Optional.of(CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(a.identity())).getPublicKey());
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }
}
