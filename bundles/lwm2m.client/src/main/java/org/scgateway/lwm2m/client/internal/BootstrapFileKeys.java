package org.scgateway.lwm2m.client.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.PskKeys;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.lwm2m.bootstrap.ServerAccount;

/**
 * The PSKs of a card's bootstrap file, used inside that card. The file (LwM2M 1.1, Appendix G) carries each account's
 * key and stays as the operator wrote it, so the client reads it at each start; when the same card keeps keys, each
 * PSK read from the file goes into the card's keys at once, the copy read is destroyed and the account holds a marker.
 * The key passes through gateway memory while the file is read, and is not kept there while the client runs.
 */
final class BootstrapFileKeys {

    /** Where the card keeps the PSKs of its own bootstrap file: {@code lwm2m/card-file/<short server id>/psk}. */
    static final String PREFIX = "lwm2m/card-file/";

    private BootstrapFileKeys() {
    }

    /**
     * {@code accounts} with each PSK written into {@code keys} and replaced by a marker of {@code held}; other accounts
     * as they are. Keys of this prefix that no account has any more are deleted. Written at each start: the file may
     * have changed, and the card cannot say whether the key it keeps is the file's without giving it out.
     *
     * @throws CredentialStoreException when the card does not take a key; the caller then uses the accounts as read
     */
    static List<ServerAccount> heldIn(List<ServerAccount> accounts, PskKeys keys, String location, HeldKeys held)
            throws CredentialStoreException {
        List<ServerAccount> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ServerAccount a : accounts) {
            if (a.securityMode() != ServerAccount.SecurityMode.PSK || a.secretKey().isEmpty()) {
                out.add(a);
                continue;
            }
            String name = PREFIX + (a.isBootstrapServer() ? "bootstrap" : String.valueOf(a.shortServerId())) + "/psk";
            keys.put(name, a.identity(), a.secretKey().get());
            names.add(name);
            ServerAccount.Builder b = a.isBootstrapServer() ? ServerAccount.bootstrapServer(a.uri())
                    : ServerAccount.server(a.uri(), a.shortServerId()).lifetime(a.lifetime()).binding(a.binding());
            out.add(b.psk(a.identity(), held.hold(new HeldKeys.Held(name, keys, location))).build());
        }
        for (String kept : keys.pskNames()) {
            if (kept.startsWith(PREFIX) && !names.contains(kept)) {
                keys.delete(kept);
            }
        }
        // Only now: a failure above leaves the accounts as they were read, for the caller to use.
        accounts.forEach(a -> a.secretKey().filter(k -> a.securityMode() == ServerAccount.SecurityMode.PSK).ifPresent(Secret::destroy));
        return out;
    }
}
