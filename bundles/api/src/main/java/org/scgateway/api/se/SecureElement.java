package org.scgateway.api.se;

import org.osgi.annotation.versioning.ProviderType;
import org.scgateway.api.component.SecureComponent;

/**
 * A Secure Element (UICC, eUICC, embedded SE) that takes APDUs. Registered by an SE driver as a service
 * for as long as the element is present.
 * <p>
 * Channels are the unit of isolation: each {@link ApduChannel} is one ISO 7816-4 logical channel, so two
 * consumers with a channel each cannot see each other's selected file or secure channel session. The
 * caller that opens a channel owns it and must close it; a channel left open when the element goes away
 * fails its next command with {@link SecureElementException.Reason#CARD_REMOVED}.
 * <p>
 * All methods are thread-safe.
 */
@ProviderType
public interface SecureElement extends SecureComponent {

    /**
     * Service property of an element that this machine also puts into a PC/SC reader (the simulated card bridged
     * into vsmartcard's vpcd): the reader's name. A PC/SC driver leaves that reader's card alone unless told
     * otherwise, or the gateway would take the same card twice.
     *
     * @since 1.2
     */
    String PROP_BRIDGED_READER = "scgw.se.bridged.reader";

    /**
     * Opens the basic channel (channel 0), where the issuer security domain is reached. The basic channel
     * is exclusive: while one holder has it open, a second call fails with
     * {@link SecureElementException.Reason#CHANNEL_BUSY}.
     *
     * @throws SecureElementException if the element is gone, busy, or the transport failed
     */
    ApduChannel openBasicChannel() throws SecureElementException;

    /**
     * Opens a logical channel (MANAGE CHANNEL open) with nothing selected beyond the element's default. When
     * every channel is in use the driver waits a bounded time (a few seconds) for one to be closed: channels are
     * few (a UICC often has three besides the basic one) and the gateway's components each take one for a
     * moment.
     *
     * @throws SecureElementException with {@link SecureElementException.Reason#NO_CHANNEL_AVAILABLE} when
     *         every logical channel the element supports is still in use after that wait
     */
    ApduChannel openLogicalChannel() throws SecureElementException;

    /**
     * Opens a logical channel and selects the application {@code aid} on it (SELECT by DF name, first or
     * only occurrence, FCP returned). The answer to the SELECT is kept in
     * {@link ApduChannel#selectResponse()}. If the SELECT fails the channel is closed again and a
     * {@link StatusWordException} carries the status word (6A82: no such application).
     */
    default ApduChannel openLogicalChannel(Aid aid) throws SecureElementException {
        return LogicalChannels.select(openLogicalChannel(), aid, id());
    }
}
