/**
 * IETF TEEP (draft-ietf-teep-protocol) on the wire: the messages a Trusted Application Manager and a TEEP
 * Agent exchange, their COSE_Sign1 signatures (ESP256 and Ed25519, RFC 9052), and the SUIT envelopes
 * (draft-ietf-suit-manifest) that carry trusted components. Both sides use it: the gateway's agent to
 * decode, verify and answer; a TAM, or a test acting as one, to build and sign.
 */
@Export
@Version("1.0.0")
package org.scgateway.teep;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
