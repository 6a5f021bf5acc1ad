/**
 * What every Secure Component is, whatever its technology: a stable identity, a kind, the backend that
 * drives it, its identification data (LwM2M-SCS-2) and its state.
 * <p>
 * Backends register a {@link org.scgateway.api.component.SecureComponent} (or one of its sub-types) as an
 * OSGi service with the {@code scgw.component.*} properties, so that consumers can select one with a
 * target filter and follow it as it comes and goes.
 */
@Export
@Version("1.1.0")
package org.scgateway.api.component;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
