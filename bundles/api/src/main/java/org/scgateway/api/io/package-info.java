/**
 * Files the gateway keeps its state in, written the one way that survives a crash or a kill: see
 * {@link org.scgateway.api.io.AtomicFiles}.
 */
@Export
@Version("1.0.0")
package org.scgateway.api.io;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
