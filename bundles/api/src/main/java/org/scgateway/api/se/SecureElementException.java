package org.scgateway.api.se;

import java.util.Objects;

import org.scgateway.api.component.SecureComponentException;

/** An exchange with a Secure Element failed; {@link #reason()} says how. */
public class SecureElementException extends SecureComponentException {

    private static final long serialVersionUID = 1L;

    /** How an exchange failed. */
    public enum Reason {
        /** The reader or link to the element failed. */
        TRANSPORT,
        /** The element was removed, or its service went away, during or before the exchange. */
        CARD_REMOVED,
        /** The channel was closed before the command was sent. */
        CHANNEL_CLOSED,
        /** An exclusive resource (the basic channel, a secure channel session) is held by someone else. */
        CHANNEL_BUSY,
        /** Every logical channel the element supports is in use. */
        NO_CHANNEL_AVAILABLE,
        /** The element gave no answer in time. */
        TIMEOUT,
        /** A response failed verification: wrong MAC, wrong cryptogram, bad padding, counter overflow. */
        SECURITY,
        /** The element's answer was malformed (too short, wrong length, unknown structure). */
        PROTOCOL,
        /** The element answered with a status word the caller cannot accept (see {@link StatusWordException}). */
        STATUS_WORD
    }

    private final Reason reason;

    public SecureElementException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public SecureElementException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    /**
     * Whether {@code failure}, or what it was caused by, is a Secure Element that went while it was asked
     * ({@link Reason#CARD_REMOVED}): for a caller that looks at a card as it arrives, an expected end rather than a
     * fault, since a card pulled at once is pulled during that look.
     */
    public static boolean isRemoval(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SecureElementException && ((SecureElementException) t).reason == Reason.CARD_REMOVED) {
                return true;
            }
        }
        return false;
    }
}
