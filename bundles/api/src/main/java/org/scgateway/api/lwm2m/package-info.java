/**
 * The LwM2M object whiteboard: a bundle that wants to show an LwM2M object to the server registers an
 * {@link org.scgateway.api.lwm2m.LwM2mObjectProvider} service; the LwM2M client adds the object to its
 * tree and sends a Registration Update, and removes it the same way when the service goes.
 * <p>
 * The contract is independent of the LwM2M stack: models, values and errors are this package's own value
 * types, so providers need not import the client library.
 */
@Export
@Version("1.4.0")
package org.scgateway.api.lwm2m;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
