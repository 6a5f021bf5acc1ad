package org.scgateway.api.credential;

import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A store of named secrets. The names are the store's only structure: the LwM2M client, for one, keeps
 * each Security instance under {@code lwm2m/0/<instance>}.
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
}
