/**
 * Secure Elements and the APDU exchange with them: {@link org.scgateway.api.se.SecureElement} opens
 * {@link org.scgateway.api.se.ApduChannel}s, which carry {@link org.scgateway.api.se.CommandApdu}s and
 * answer {@link org.scgateway.api.se.ResponseApdu}s (ISO/IEC 7816-4).
 * <p>
 * The value types here validate what they hold and encode it; nothing here talks to a card. Bundles that
 * look at each element as it arrives say when they are done with {@link org.scgateway.api.se.SecureElementProbe}.
 */
@Export
@Version("1.5.0")
package org.scgateway.api.se;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
