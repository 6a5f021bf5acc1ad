package org.scgateway.api.euicc;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of every change an {@link EuiccService} made to its eUICC's profiles (whiteboard: register one as a
 * service). Called after the change, on the thread that made it: return quickly, and do not call back into
 * the same service from here.
 */
@ConsumerType
public interface EuiccListener {

    void profilesChanged(EuiccEvent event);
}
