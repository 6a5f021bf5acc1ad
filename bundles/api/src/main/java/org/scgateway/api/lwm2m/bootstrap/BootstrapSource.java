package org.scgateway.api.lwm2m.bootstrap;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Somewhere the LwM2M client can take its server accounts from without asking a bootstrap server: a
 * smartcard's EF LwM2M_Bootstrap (LwM2M 1.1 Appendix G/H), a factory-provisioned file. Registered as a
 * service; the client consults every source, highest service ranking first, each time it starts, and
 * before any bootstrap server or configured server. A source that appears or goes restarts the client.
 */
@ConsumerType
public interface BootstrapSource {

    /** What the source is, for logs and the status page: {@code "smartcard 8949... EF LwM2M_Bootstrap"}. */
    String description();

    /**
     * The server accounts this source holds now; empty when it holds none (no card, no file). Called from
     * the client's start-up, so it may take the time a card needs, but not longer than a few seconds.
     *
     * @throws BootstrapSourceException when the source holds data that cannot be used (malformed, failed
     *         verification); the client then falls back to the next source or its configuration
     */
    Optional<BootstrapInfo> read() throws BootstrapSourceException;
}
