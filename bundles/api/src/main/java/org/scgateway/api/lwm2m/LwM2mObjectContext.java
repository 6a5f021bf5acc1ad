package org.scgateway.api.lwm2m;

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
}
