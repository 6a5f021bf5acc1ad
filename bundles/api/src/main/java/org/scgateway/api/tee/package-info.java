/**
 * Trusted Execution Environments, managed with GlobalPlatform TEE Management Framework semantics
 * (LwM2M-SCS-7): device state, security domains, trusted components, and an entry point for IETF TEEP
 * messages, the open wire protocol that carries those operations.
 */
@Export
@Version("1.0.0")
package org.scgateway.api.tee;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
