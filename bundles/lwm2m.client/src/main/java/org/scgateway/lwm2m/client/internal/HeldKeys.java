package org.scgateway.lwm2m.client.internal;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.leshan.client.servers.ServerInfo;
import org.eclipse.leshan.core.SecurityMode;
import org.scgateway.api.credential.PskKeys;
import org.scgateway.api.credential.Secret;

/**
 * The PSKs of one client that stay in a Secure Component. Leshan's Security instance needs a value in its Secret
 * Key resource; such an account gets a marker there instead of the key, random for each client so that no server
 * can write it, and the DTLS endpoint asks the component for the master secret of the account whose Security
 * instance still holds the marker. An account whose key a bootstrap server has since written holds that key, and
 * the handshake uses it as Leshan would.
 */
final class HeldKeys {

    /** A PSK kept in a component: the store's entry name and its keys. */
    static final class Held {
        final String name;
        final PskKeys keys;
        final String location;

        Held(String name, PskKeys keys, String location) {
            this.name = name;
            this.keys = keys;
            this.location = location;
        }
    }

    private final byte[] marker = new byte[32];
    private final Map<Long, Held> byServer = new ConcurrentHashMap<>();

    HeldKeys() {
        new SecureRandom().nextBytes(marker);
    }

    /** Stands for the key in the account of {@code shortServerId} (-1 for the bootstrap server). */
    Secret hold(long shortServerId, Held held) {
        byServer.put(shortServerId, held);
        return Secret.of(marker.clone());
    }

    /** The key the DTLS handshake towards {@code server} must ask a component for, if the marker is still there. */
    Optional<Held> of(ServerInfo server) {
        if (server.secureMode != SecurityMode.PSK || server.pskKey == null || !Arrays.equals(marker, server.pskKey)) {
            return Optional.empty();
        }
        return Optional.ofNullable(byServer.get(server.bootstrap ? -1L : server.serverId));
    }

    /** Whether the account of {@code shortServerId} (-1 for the bootstrap server) has its key in a component. */
    boolean holds(long shortServerId) {
        return byServer.containsKey(shortServerId);
    }
}
