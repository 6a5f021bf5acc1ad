package org.scgateway.lwm2m.client.internal;

import java.security.PrivateKey;

import org.scgateway.api.credential.SigningKeys;

/**
 * A private key that stays in a Secure Component: a handle naming it, with no encoding (there is nothing to encode).
 * Scandium signs the handshake with it through JCA, and only {@link ComponentKeysProvider}'s signature takes it: the
 * JDK's providers refuse a key that is no {@code ECPrivateKey}, so JCA's provider selection comes to ours.
 */
final class ComponentPrivateKey implements PrivateKey {

    private static final long serialVersionUID = 1L;

    final String name;
    final transient SigningKeys keys;
    final String location;

    ComponentPrivateKey(String name, SigningKeys keys, String location) {
        this.name = name;
        this.keys = keys;
        this.location = location;
    }

    @Override
    public String getAlgorithm() {
        return "EC";
    }

    @Override
    public String getFormat() {
        return null;
    }

    @Override
    public byte[] getEncoded() {
        return null;
    }

    @Override
    public String toString() {
        return "EC P-256 private key " + name + " in " + location;
    }
}
