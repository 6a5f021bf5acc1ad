package org.scgateway.tee.spi;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A TEE that takes trusted component images, as a backend offers it to the TEE driver. The driver does
 * the protocol: it verifies the TAM's messages and manifests, keeps the record of what is installed, with
 * which sequence number and in which security domain, and hands the backend one image at a time.
 * <p>
 * Each call is whole or nothing in the TEE. Because a TEE need not be able to undo an install, the
 * driver gives a backend one component per TEEP Update, so that nothing is ever half-applied.
 */
@ConsumerType
public interface TeeBackend {

    /** Short, stable name of the backend, shown as the Secure Component's backend: {@code tee.optee}. */
    String name();

    /** One line for operators: what TEE this is, reached how. */
    String description();

    /** Properties of the TEE in GlobalPlatform's terms ({@code gpd.tee.*}), shown in its device state. */
    Map<String, String> properties();

    /**
     * Checks an image before anything changes and gives the name the TEE will know it by (OP-TEE: the
     * TA's UUID). The driver refuses two components that would share a name.
     *
     * @throws TeeBackendException (refused) if the TEE cannot take this image, saying why
     */
    byte[] nameOf(byte[] image) throws TeeBackendException;

    /** Installs the image, or replaces the one of the same name. */
    void install(byte[] image) throws TeeBackendException;

    /** Removes the image of that name. */
    void uninstall(byte[] name) throws TeeBackendException;
}
