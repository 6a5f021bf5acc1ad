package org.scgateway.api.lwm2m;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The gateway's LwM2M client as operators and other bundles see it: its registration status, and a way to
 * send a Registration Update now. Registered by the LwM2M client bundle while its client exists.
 */
@ProviderType
public interface LwM2mClientService {

    /** A snapshot of the client's status; never null. */
    ClientStatus status();

    /**
     * Sends a Registration Update to every server the client is registered with. Returns at once; the
     * outcome shows in {@link #status()}. Does nothing while the client is not registered.
     */
    void triggerUpdate();

    /**
     * Sends the current values of the given paths (LwM2M 1.1 Send, SenML-CBOR) to every server the client is
     * registered with whose Server instance has Mute Send (resource 23) false and that may read them all under the
     * Access Control object, and waits for each answer.
     *
     * @param paths   LwM2M paths such as {@code /3/0/13}; at least one
     * @param timeout how long to wait for each server's answer
     * @throws LwM2mOperationException {@code SERVICE_UNAVAILABLE} when the client is not registered or a
     *         server did not answer in time; {@code UNAUTHORIZED} when no registered server may read the paths
     *         (since 2.2; a server whose Mute Send is absent takes no Send, as the TS says); {@code BAD_REQUEST} for a path that is not one; the code of a server's refusal
     *         otherwise — the first failure, once every server was tried
     */
    void send(java.util.List<String> paths, java.time.Duration timeout) throws LwM2mOperationException;
}
