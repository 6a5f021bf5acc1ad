/**
 * Where the gateway keeps its secrets — the LwM2M Security (0) and OSCORE (21) instances and any other
 * credential: inside a Secure Component when one is present (LwM2M-SCS-4), in a protected local file only
 * when none is.
 */
@Export
@Version("1.4.0")
package org.scgateway.api.credential;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
