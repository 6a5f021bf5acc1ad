/**
 * The GlobalPlatform Secure Channel Protocol 03 (Card Specification 2.2 Amendment D): static keys, session key derivation, and a host-side session that wraps an {@link org.scgateway.api.se.ApduChannel} so that any code runs inside the secure channel unchanged.
 */
@Export
@Version("2.0.0")
package org.scgateway.globalplatform.scp03;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
