/**
 * Files the gateway keeps its state in, written the one way that survives a crash or a kill: see
 * {@link org.scgateway.api.io.AtomicFiles}; and where: {@link org.scgateway.api.io.DataFolder}.
 */
@Export
@Version("1.1.0")
package org.scgateway.api.io;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
