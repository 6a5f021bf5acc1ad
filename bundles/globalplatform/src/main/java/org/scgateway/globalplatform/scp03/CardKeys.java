package org.scgateway.globalplatform.scp03;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where the static SCP03 keys of the gateway's cards are found, as a service: code that opens a secure channel
 * asks for a card's keys by its component id, and does not know where or under which names they are kept (as
 * GlobalPlatformPro's card-keys provider is an interface). The gateway's implementation keeps them in the
 * credential store outside any Secure Component (the keys that open a card cannot live in it).
 */
@ProviderType
public interface CardKeys {

    /**
     * The card's key set, else the one for any card; empty when none is provisioned. A fresh copy on every call:
     * the caller destroys it when done.
     *
     * @throws CardKeysException when the keys are out of reach, or what is kept is not a key set (the message
     *         names the entries, never their values)
     */
    Optional<Scp03Keys> lookup(String componentId) throws CardKeysException;

    /** What an operator has to do so that {@link #lookup} finds the card's keys: where, under which names. */
    String howToProvision(String componentId);
}
