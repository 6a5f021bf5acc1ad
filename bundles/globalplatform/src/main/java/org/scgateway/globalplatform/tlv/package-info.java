/**
 * BER-TLV (ISO/IEC 8825-1 as ISO/IEC 7816-4 uses it): multi-byte tags, definite lengths up to four bytes, indefinite length, constructed values; precise errors on malformed input.
 */
@Export
@Version("1.0.0")
package org.scgateway.globalplatform.tlv;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
