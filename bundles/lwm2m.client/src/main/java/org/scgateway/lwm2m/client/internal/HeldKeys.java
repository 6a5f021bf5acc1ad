package org.scgateway.lwm2m.client.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.leshan.client.servers.ServerInfo;
import org.eclipse.leshan.core.SecurityMode;
import org.scgateway.api.credential.PskKeys;
import org.scgateway.api.credential.Secret;

/**
 * The keys of one client that stay in a Secure Component: PSKs and the private keys of RPK and certificates. Leshan's Security instance needs
 * a value in its Secret Key resource; such an instance gets a marker there instead of the key, new for each key so
 * that no server can write one, and the DTLS endpoint gives Scandium what uses the key in the component for the key
 * whose marker the Security instance holds. A key a bootstrap server writes over a marker replaces it, and the
 * handshake uses that key as Leshan would.
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

    private final SecureRandom random = new SecureRandom();
    private final Map<ByteBuffer, Held> byMarker = new ConcurrentHashMap<>();
    /** Private keys that stay in a component, by their markers. */
    private final Map<ByteBuffer, ComponentPrivateKey> signing = new ConcurrentHashMap<>();

    /** A new marker standing for {@code held} in a Security instance. */
    Secret hold(Held held) {
        byte[] marker = new byte[32];
        random.nextBytes(marker);
        byMarker.put(ByteBuffer.wrap(marker.clone()), held);
        return Secret.of(marker);
    }

    /**
     * A new marker standing for a private key that stays in a component, in a Security instance in RPK or X.509 mode. Leshan
     * checks that the instance's Secret Key is a PKCS#8 private key, so the marker is one: of a throwaway P-256 key
     * made here for each client start, which signs nothing; the endpoint gives Scandium {@code key} in its place.
     */
    Secret holdSigning(ComponentPrivateKey key) {
        byte[] marker;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            marker = g.generateKeyPair().getPrivate().getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM makes no P-256 key: " + e.getMessage(), e);
        }
        signing.put(ByteBuffer.wrap(marker.clone()), key);
        return Secret.of(marker);
    }

    /** The private key handle for an RPK or X.509 server whose Security instance holds a marker of this client's. */
    Optional<ComponentPrivateKey> signingKeyOf(ServerInfo server) {
        if (server.secureMode != SecurityMode.RPK && server.secureMode != SecurityMode.X509 || server.privateKey == null || server.privateKey.getEncoded() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(signing.get(ByteBuffer.wrap(server.privateKey.getEncoded())));
    }

    boolean signs() {
        return !signing.isEmpty();
    }

    /** The key the DTLS handshake towards {@code server} must ask a component for, if its Security instance holds a marker. */
    Optional<Held> of(ServerInfo server) {
        if (server.secureMode != SecurityMode.PSK || server.pskKey == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byMarker.get(ByteBuffer.wrap(server.pskKey)));
    }

    /** Whether {@code key} is a marker of this client's. */
    boolean holds(Optional<Secret> key) {
        if (key.isEmpty()) {
            return false;
        }
        byte[] k = key.get().bytes();
        try {
            return byMarker.containsKey(ByteBuffer.wrap(k)) || signing.containsKey(ByteBuffer.wrap(k));
        } finally {
            java.util.Arrays.fill(k, (byte) 0); // a key that is not a marker is a real one
        }
    }
}
