/**
 * The LwM2M object whiteboard and the client's own service. A bundle that wants to show an LwM2M object to the
 * server registers an {@link org.scgateway.api.lwm2m.LwM2mObjectProvider} service; the LwM2M client adds the
 * object to its tree and sends a Registration Update, and removes it the same way when the service goes.
 * {@link org.scgateway.api.lwm2m.LwM2mClientService} is the client's state and controls, for the operator's tools.
 * <p>
 * The contract is independent of the LwM2M stack: models, values and errors are this package's own value
 * types, so providers need not import the client library. Bootstrap sources have a package of their own,
 * {@code org.scgateway.api.lwm2m.bootstrap}.
 */
@Export
@Version("2.2.0")
package org.scgateway.api.lwm2m;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
