package org.scgateway.globalplatform.scp03;

import org.scgateway.api.se.Aid;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.globalplatform.apdu.GetResponseChannel;

/**
 * The one way the gateway opens SCP03 on a card: GET RESPONSE handled beneath the session (a T=0 card answers
 * 61xx to a wrapped command as to any other), the session holding its channel, and the channel closed when the
 * session is, or when it cannot be opened.
 */
public final class SecureChannels {

    private SecureChannels() {
    }

    /**
     * Opens a session on a channel already open to the application.
     *
     * @throws SecureElementException as {@link Scp03Session#open(ApduChannel, Scp03Keys, SecurityLevel)}; the channel
     *         is closed then
     */
    public static Scp03Session open(ApduChannel channel, Scp03Keys keys, SecurityLevel level) throws SecureElementException {
        try {
            return Scp03Session.open(new GetResponseChannel(channel), keys, level);
        } catch (SecureElementException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Opens a logical channel to the application and a session on it.
     *
     * @throws SecureElementException a {@link org.scgateway.api.se.StatusWordException} when the card would not select
     *         the application, else as {@link #open(ApduChannel, Scp03Keys, SecurityLevel)}
     */
    public static Scp03Session open(SecureElement se, Aid application, Scp03Keys keys, SecurityLevel level) throws SecureElementException {
        return open(se.openLogicalChannel(application), keys, level);
    }
}
