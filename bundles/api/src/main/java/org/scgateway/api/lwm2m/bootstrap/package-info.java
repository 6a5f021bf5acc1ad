/**
 * Where the LwM2M client finds its servers and keys before any bootstrap server: a
 * {@link org.scgateway.api.lwm2m.bootstrap.BootstrapSource} service (a smartcard's EF LwM2M_Bootstrap, for one)
 * gives {@link org.scgateway.api.lwm2m.bootstrap.BootstrapInfo}, the server accounts with their security, ACLs and
 * OSCORE contexts. Apart from the object whiteboard (package {@code org.scgateway.api.lwm2m}): a source imports
 * only this.
 */
@Export
@Version("1.1.0")
package org.scgateway.api.lwm2m.bootstrap;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
