package org.scgateway.api.credential;

import java.security.PublicKey;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Private keys used where they are kept (LwM2M-SCS-4): an EC P-256 key pair is made inside a Secure Component (or
 * written there once) and its private key never leaves; the component signs. What a DTLS handshake in RPK or
 * certificate mode needs, and what a certificate signing request needs. Offered by a {@link CredentialStore} whose
 * component can ({@link CredentialStore#signingKeys()}). There is deliberately no method that returns a private key.
 */
@ProviderType
public interface SigningKeys {

    /**
     * Makes a new EC P-256 (secp256r1) key pair inside the component under {@code name} (such as
     * {@code lwm2m/server/1/client-private-key}), replacing one kept under that name and removing a readable copy of
     * that entry from the store.
     *
     * @return the new public key
     */
    PublicKey generate(String name) throws CredentialStoreException;

    /**
     * Writes a key pair made elsewhere into the component, once: the private key as PKCS#8 (DER; the caller destroys
     * it) and its public key; replaces one kept under that name and removes a readable copy of that entry.
     */
    void put(String name, Secret privateKey, PublicKey publicKey) throws CredentialStoreException;

    /** The public key of the pair kept under {@code name}, or empty when none is. */
    Optional<PublicKey> publicKey(String name) throws CredentialStoreException;

    /**
     * The ECDSA signature, DER-encoded as JCA's {@code SHA256withECDSA} gives it, of a SHA-256 digest, with the private
     * key kept under {@code name}.
     *
     * @throws CredentialStoreException when no key pair is kept under the name, or the component fails
     */
    byte[] signDigest(String name, byte[] sha256) throws CredentialStoreException;

    /** The names under which key pairs are kept, sorted. */
    java.util.SortedSet<String> keyPairNames() throws CredentialStoreException;

    /** Removes the key pair kept under {@code name}; nothing when none is. */
    void delete(String name) throws CredentialStoreException;
}
