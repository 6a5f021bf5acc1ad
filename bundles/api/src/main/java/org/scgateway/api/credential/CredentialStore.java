package org.scgateway.api.credential;

import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A store of named secrets. The names are the store's only structure; the gateway's are
 * {@code lwm2m/server/<short server id>/psk} (and {@code client-private-key}, {@code server-public-key}, ... of
 * the LwM2M client's accounts), {@code lwm2m/bootstrap/...}, {@code lwm2m/esim-iot/ipa-key} (the IPA's key),
 * {@code tee/tam/<name>} (a TAM's trust anchor), and in a store outside any Secure Component
 * {@code scp03/<component id>/enc, mac, dek, version} (or {@code scp03/default/...}), the keys that open a card.
 * <p>
 * <b>Atomicity.</b> {@link #apply(CredentialUpdate)} takes effect whole or not at all, also across a
 * crash or a card pulled mid-write; a reader never sees half an update.
 * <p>
 * <b>Secrecy.</b> Values leave the store only as {@link Secret}s, which never print their content; the
 * store's messages and logs name entries, never values.
 * <p>
 * Implementations are thread-safe.
 */
@ProviderType
public interface CredentialStore {

    /** Service property: the {@code scgw.component.id} of the Secure Component holding the entries, if any. */
    String PROP_SECURE_COMPONENT_ID = "scgw.credential.component.id";

    /**
     * The target filter of the host store, the one outside any Secure Component: where the keys that open a
     * component live, since they cannot live in it.
     */
    String HOST_STORE = "(!(" + PROP_SECURE_COMPONENT_ID + "=*))";

    /** The target filter of the stores inside a Secure Component. */
    String IN_SECURE_COMPONENT = "(" + PROP_SECURE_COMPONENT_ID + "=*)";

    /**
     * Where the entries live, for people: {@code "secure component 8949..."} or {@code "file /var/..."}.
     */
    String location();

    /** The id of the Secure Component that holds the entries; empty for a store outside any component. */
    Optional<String> secureComponentId();

    /** The names of the entries that start with {@code prefix} ({@code ""} for all), sorted. */
    Set<String> names(String prefix) throws CredentialStoreException;

    /** The entry of that name, if there is one. */
    Optional<Secret> read(String name) throws CredentialStoreException;

    /** Applies every put and delete of {@code update}, or none of them. */
    void apply(CredentialUpdate update) throws CredentialStoreException;

    /**
     * The store's keys that are used where they are kept, when its component can keep them so (issue 20); empty for a
     * store that can only give back what it keeps (the file store, a card without SC Gateway's key commands).
     */
    default Optional<PskKeys> pskKeys() {
        return Optional.empty();
    }

    /**
     * The store's key pairs whose private key is used where it is kept, when its component can (issue 20); empty for a
     * store that can only give back what it keeps.
     */
    default Optional<SigningKeys> signingKeys() {
        return Optional.empty();
    }
}
