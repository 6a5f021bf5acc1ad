package org.scgateway.api.euicc;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of every change an {@link EuiccService} made to its eUICC's profiles (whiteboard: register one as a
 * service). Called after the change, on a thread of the service's own, one event at a time and in the order
 * the changes were made; a listener may call back into the service, and one that is slow delays only the
 * events after it.
 */
@ConsumerType
public interface EuiccListener {

    void profilesChanged(EuiccEvent event);
}
