/** The names of the gateway's configurations ({@link org.scgateway.api.config.Pids}). */
@Export
@Version("1.2.0")
package org.scgateway.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
