package org.scgateway.api.se;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One ISO 7816-4 channel to a Secure Element. Drivers implement it, and so do decorators that wrap
 * another channel (a GlobalPlatform secure channel, GET RESPONSE handling), which is why code written
 * against this interface runs unchanged inside a secure channel.
 * <p>
 * <b>Class byte.</b> The caller builds commands as for channel 0 and the channel encodes its own number in
 * the CLA ({@link CommandApdu#onChannel(int)}), keeping the secure-messaging and chaining indications.
 * <p>
 * <b>Threads.</b> {@link #transmit} is safe to call from several threads; each call is one command and its
 * response. A sequence that must not be interleaved (a secure channel session, a multi-part read) belongs
 * to one caller at a time: that is the owner's concern, not the channel's.
 * <p>
 * <b>Ownership.</b> Whoever opened the channel closes it. Closing is idempotent and never throws.
 */
@ProviderType
public interface ApduChannel extends AutoCloseable {

    /** The logical channel number, 0 for the basic channel, at most 19. */
    int channelNumber();

    /** The answer to the SELECT that opened this channel, if it was opened with an AID. */
    Optional<ResponseApdu> selectResponse();

    /**
     * Sends one command and returns the element's response, whatever its status word: a non-9000 status
     * word is an answer, not an exception. Use {@link ResponseApdu#requireOk()} where only success will do.
     *
     * @throws SecureElementException if no response could be had (the element went away, the transport
     *         failed, the channel is closed, or a decorator could not verify the response); the message
     *         names the command header, never its data
     */
    ResponseApdu transmit(CommandApdu command) throws SecureElementException;

    /**
     * Keeps every other client of the element out until the hold is closed: on a reader shared with other
     * programs (a PC/SC transaction), none of them can send a command to the card, reset it or take it over
     * in between. For a sequence that must not be cut into from outside, such as a secure channel session.
     * Channels of this gateway are kept apart as ever by their channel numbers; the hold is against clients
     * the gateway cannot see.
     * <p>
     * Holds nest: the element is let go when the last hold is closed, or when the channel is closed. A driver
     * waits a bounded time for another program to let go of the element, then fails.
     * <p>
     * The default holds nothing, which is right for an element no program outside the gateway can reach;
     * decorators pass the call on to the channel they wrap.
     *
     * @throws SecureElementException {@link SecureElementException.Reason#CHANNEL_BUSY} when another program
     *         held the element for longer than the driver waits, or the reasons of {@link #transmit}
     */
    default ExclusiveHold holdExclusive() throws SecureElementException {
        return ExclusiveHold.NONE;
    }

    /** Whether the channel is still open: false once closed, or once its element has gone. */
    boolean isOpen();

    /** Closes the channel (MANAGE CHANNEL close for a logical channel). Idempotent, never throws. */
    @Override
    void close();
}
