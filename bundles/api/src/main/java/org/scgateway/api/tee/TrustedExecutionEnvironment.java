package org.scgateway.api.tee;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.scgateway.api.component.SecureComponent;

/**
 * A TEE, managed through the operations of the GlobalPlatform TEE Management Framework. A TEE driver
 * registers one per TEE it reaches.
 * <p>
 * Every change is atomic: an install, update or uninstall either completes or leaves the TEE as it was.
 * All methods are thread-safe; changes are applied one at a time.
 */
@ProviderType
public interface TrustedExecutionEnvironment extends SecureComponent {

    /** The TMF device state: TEE properties and life-cycle. */
    TeeDeviceState deviceState() throws TeeException;

    /**
     * The security domains of the TEE, each owned by a TAM. A security domain is where the trust anchor of
     * its TAM lives: the credential store entry {@code tee/tam/<name>}, a DER SubjectPublicKeyInfo of a P-256
     * or Ed25519 key. The components a TAM installs go to its domain, and only that TAM can update or
     * remove them.
     */
    List<SecurityDomain> securityDomains() throws TeeException;

    /**
     * Creates the security domain of a TAM: provisions its trust anchor.
     *
     * @param name        the TAM's name, which names the domain too
     * @param trustAnchor the TAM's public key, DER SubjectPublicKeyInfo, P-256 or Ed25519
     * @throws TeeException if the key is not one a TAM can sign with, the domain exists, or the credential store
     *                      could not take it
     */
    SecurityDomain createSecurityDomain(String name, byte[] trustAnchor) throws TeeException;

    /**
     * Deletes a security domain and its TAM's trust anchor.
     *
     * @throws TeeException if it holds trusted components (uninstall them first) or does not exist
     */
    void deleteSecurityDomain(String name) throws TeeException;

    /** The trusted components (trusted applications and their data) installed, in no particular order. */
    List<TrustedComponent> trustedComponents() throws TeeException;

    /**
     * Processes one TEEP message from a Trusted Application Manager (a COSE_Sign1-wrapped CBOR array, as
     * the LwM2M server wrote it) and returns the agent's answer, also a TEEP message. Install, update and
     * uninstall arrive this way; the signature is verified against the trust anchor of the TAM before
     * anything is applied.
     *
     * @param message the TEEP message, {@code application/teep+cbor}
     * @return the answer (QueryResponse, Success or Error), signed by the agent
     * @throws TeeException only when the TEE itself could not be reached; a message the agent rejects is
     *         answered with a TEEP Error, not an exception
     */
    TeepAnswer processTeepMessage(byte[] message) throws TeeException;
}
