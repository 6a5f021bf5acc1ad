package org.scgateway.lwm2m.objects.internal.admin;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialUpdate;
import org.scgateway.api.credential.PskKeys;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.credential.SigningKeys;

/**
 * A component's store with one PSK and one key pair, whose secret parts throw if anyone asks for them; the pair signs,
 * as a card does inside.
 */
final class KeysOnly {

    private KeysOnly() {
    }

    static CredentialStore store(java.security.KeyPair pair) {
        PublicKey pairKey = pair.getPublic();
        PskKeys psk = new PskKeys() {
            @Override
            public void put(String name, byte[] identity, Secret value) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<byte[]> identity(String name) {
                return Optional.of("gateway-1".getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public Secret masterSecret(String name, PrfHash hash, Optional<Secret> otherSecret, byte[] seed, boolean extended) {
                throw new AssertionError("the admin object computes nothing with a key");
            }

            @Override
            public SortedSet<String> pskNames() {
                return new TreeSet<>(Set.of("lwm2m/server/1/psk"));
            }

            @Override
            public void delete(String name) {
                throw new UnsupportedOperationException();
            }
        };
        SigningKeys pairs = new SigningKeys() {
            @Override
            public PublicKey generate(String name) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void put(String name, Secret privateKey, PublicKey publicKey) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<PublicKey> publicKey(String name) {
                return Optional.of(pairKey);
            }

            @Override
            public byte[] signDigest(String name, byte[] sha256) {
                try {
                    java.security.Signature s = java.security.Signature.getInstance("NONEwithECDSA");
                    s.initSign(pair.getPrivate());
                    s.update(sha256);
                    return s.sign();
                } catch (java.security.GeneralSecurityException e) {
                    throw new AssertionError(e);
                }
            }

            @Override
            public SortedSet<String> keyPairNames() {
                return new TreeSet<>(Set.of("lwm2m/server/1/client-private-key"));
            }

            @Override
            public void delete(String name) {
                throw new UnsupportedOperationException();
            }
        };
        return new CredentialStore() {
            @Override
            public String location() {
                return "the test's component";
            }

            @Override
            public Optional<String> secureComponentId() {
                return Optional.of("c1");
            }

            @Override
            public Set<String> names(String prefix) {
                return Set.of();
            }

            @Override
            public Optional<Secret> read(String name) {
                throw new AssertionError("the admin object reads no entry");
            }

            @Override
            public void apply(CredentialUpdate update) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<PskKeys> pskKeys() {
                return Optional.of(psk);
            }

            @Override
            public Optional<SigningKeys> signingKeys() {
                return Optional.of(pairs);
            }
        };
    }
}
