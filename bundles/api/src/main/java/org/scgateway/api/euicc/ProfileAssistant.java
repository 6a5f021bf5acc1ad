package org.scgateway.api.euicc;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The IoT Profile Assistant (IPA) of GSMA SGP.32 for one eUICC: it takes ESipa messages (§6.3.1) from the eIM it
 * is configured for, checks each eUICC package as an SGP.32 eUICC would (the eIM known, its signature, the EID,
 * the counter against replay) and carries out its operations on the eUICC. The transport is not its business:
 * LwM2M object 3443 is one carrier.
 * <p>
 * Registered only while it can take a message: an eIM configured ({@link #PID}), an eUICC to serve, and a
 * credential store for the IPA's result-signing key. Messages are carried out one at a time.
 */
@ProviderType
public interface ProfileAssistant {

    /** Configuration of the assistant: {@code eimId}, {@code eimPublicKey}, {@code associationToken}, {@code euicc.target}. */
    String PID = org.scgateway.api.config.Pids.EUICC_IPA;

    /** The EID of the eUICC it serves. */
    Eid eid() throws EuiccException;

    /**
     * Checks that a message is an EsipaMessageFromEimToIpa (TransferEimPackageRequest, GetEimPackageResponse or
     * ProvideEimPackageResultResponse) in DER; nothing is carried out.
     *
     * @throws EsipaException naming what is wrong with it
     */
    void check(byte[] message) throws EsipaException;

    /**
     * Carries out an eIM message; blocks while the eUICC works. A package the eUICC refuses (a replay, a forged
     * signature, another EID) is answered as SGP.32 says, not thrown.
     *
     * @return the IPA's answer, an EsipaMessageFromIpaToEim in DER; empty when the message needs none (an acknowledgement)
     * @throws EsipaException when the message is not one the assistant takes, or the assistant cannot work now
     */
    Optional<byte[]> carryOut(byte[] message) throws EsipaException;

    /**
     * The last counter taken from the configured eIM: a package must carry one above it. Kept where the IPA's key is
     * (the Secure Component's credential store when there is one), not in the framework's cache.
     *
     * @return empty when no package has been taken yet
     * @throws EsipaException {@code UNAVAILABLE}, naming where and what, when that memory is damaged or lost: every
     *         package is then refused until an operator {@linkplain #resetReplayProtection resets} it
     */
    Optional<java.math.BigInteger> lastCounter() throws EsipaException;

    /**
     * An operator's knowing reset of the memory against replay, damaged or not: the next package taken must carry a
     * counter above {@code lastCounter} (the eIM's own record says which it sent last).
     *
     * @throws EsipaException {@code UNAVAILABLE} when the memory cannot be written
     */
    void resetReplayProtection(java.math.BigInteger lastCounter) throws EsipaException;
}
