/**
 * For TEE backends that hold trusted components in a real TEE (OP-TEE, ...): a backend registers a
 * {@link org.scgateway.tee.spi.TeeBackend} service, and the TEE driver puts its TEEP agent, its record of
 * components and nonces, and the Secure Component service in front of it.
 */
@Export
@Version("1.0.0")
package org.scgateway.tee.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
