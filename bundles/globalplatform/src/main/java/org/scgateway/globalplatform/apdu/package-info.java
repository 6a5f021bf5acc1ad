/**
 * Decorators of {@link org.scgateway.api.se.ApduChannel}: GET RESPONSE (61xx) and wrong-Le (6Cxx) handling.
 */
@Export
@Version("1.1.0")
package org.scgateway.globalplatform.apdu;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
