package org.scgateway.api.lwm2m;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Handed by the LwM2M client to an attached {@link LwM2mObjectProvider}, which reports its changes through
 * it so that observers are notified and the registration stays true. Safe to call from any thread, also
 * after detachment (the call then does nothing).
 */
@ProviderType
public interface LwM2mObjectContext {

    /** Resources of an instance changed value: observations on them, the instance or the object fire. */
    void resourcesChanged(int instanceId, int... resourceIds);

    /** Instances were added or removed: the client sends a Registration Update with the new object links. */
    void instancesChanged();

    /**
     * The client's object instances whose data live in a Secure Component, by the component's id (LwM2M-SCS-5):
     * the Security, Server, ACL and OSCORE instances a card's bootstrap file gave, the keys a card keeps. Given
     * here, to the providers the client shows, so that no provider needs the client's service (the client binds
     * the providers: a provider that bound the client back would make a circle).
     */
    Map<String, List<ObjectLink>> hostedInstances();

    /**
     * The endpoint client name the client registers with, such as the CN a certificate request for its X.509
     * identity names; empty when the client has none yet.
     */
    default java.util.Optional<String> endpointName() {
        return java.util.Optional.empty();
    }
}
