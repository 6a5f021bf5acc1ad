package org.scgateway.api.credential;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Pre-shared keys used where they are kept (LwM2M-SCS-4): a PSK is written once into a Secure Component and never
 * read back; the component computes the TLS 1.2 master secret of a PSK key exchange from it, which is all a DTLS
 * handshake needs. Offered by a {@link CredentialStore} whose component can ({@link CredentialStore#pskKeys()}).
 * There is deliberately no method that returns a PSK.
 */
@ProviderType
public interface PskKeys {

    /** The hash of the TLS 1.2 PRF: the cipher suite's. */
    enum PrfHash {
        SHA256, SHA384
    }

    /**
     * Writes a PSK with its identity into the component, under the entry name the store would have kept it as (such
     * as {@code lwm2m/server/1/psk}); replaces one kept under that name, and removes a readable copy of that entry
     * from the store. The caller destroys {@code psk}.
     */
    void put(String name, byte[] identity, Secret psk) throws CredentialStoreException;

    /** The identity of the PSK kept under {@code name} (public), or empty when none is. */
    Optional<byte[]> identity(String name) throws CredentialStoreException;

    /**
     * The master secret of a PSK key exchange with the PSK kept under {@code name}: PRF(premaster, "master secret",
     * seed), or with {@code extended} PRF(premaster, "extended master secret", seed) (RFC 7627); the premaster secret
     * as RFC 4279 builds it, with {@code otherSecret} for ECDHE_PSK (RFC 5489). The caller destroys the result.
     *
     * @param seed client_random + server_random, or the session hash for the extended master secret
     * @throws CredentialStoreException when no PSK is kept under the name, or the component fails
     */
    Secret masterSecret(String name, PrfHash hash, Optional<Secret> otherSecret, byte[] seed, boolean extended)
            throws CredentialStoreException;

    /** The names under which PSKs are kept, sorted. */
    java.util.SortedSet<String> pskNames() throws CredentialStoreException;

    /** Removes the PSK kept under {@code name}; nothing when none is. */
    void delete(String name) throws CredentialStoreException;
}
