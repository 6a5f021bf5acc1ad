/**
 * Remote administration of a Secure Element by command scripts (GlobalPlatform SERAM, Amendment B; ETSI TS 102 226
 * expanded format): the script codec and the runner that plays a script on a card's application, in SCP03 if asked.
 * No LwM2M here: the Secure Component Admin object is one user of it, the shell another.
 */
@Export
@Version("1.0.0")
package org.scgateway.globalplatform.seram;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
