/**
 * LwM2M content as TS 1.1 Core defines it, where Leshan's own decoders take more or read otherwise
 * ({@link org.scgateway.lwm2m.codec.StrictTlvDecoder}).
 */
@Export
@Version("1.0.0")
package org.scgateway.lwm2m.codec;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
