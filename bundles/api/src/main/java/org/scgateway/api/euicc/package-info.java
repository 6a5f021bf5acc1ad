/**
 * eUICC profile management (LwM2M-SCS-8, SCS-9): the profiles an eUICC holds and the operations GSMA
 * SGP.02 allows on them, with the identifiers ({@link org.scgateway.api.euicc.Eid},
 * {@link org.scgateway.api.euicc.Iccid}) they are addressed by; and the SGP.32 IoT Profile Assistant
 * ({@link org.scgateway.api.euicc.ProfileAssistant}) that carries out an eIM's packages on an eUICC.
 */
@Export
@Version("1.2.0")
package org.scgateway.api.euicc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
