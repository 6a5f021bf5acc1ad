/**
 * Small things every bundle does the same way: the gateway's own threads ({@link org.scgateway.api.util.DaemonThreads}).
 */
@Export
@Version("1.0.0")
package org.scgateway.api.util;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
