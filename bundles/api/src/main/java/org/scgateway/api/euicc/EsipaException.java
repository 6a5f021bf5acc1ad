package org.scgateway.api.euicc;

/** An eIM message the {@link ProfileAssistant} did not carry out, and why. */
public class EsipaException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a message was not carried out. */
    public enum Reason {
        /** The message is not an ESipa message as SGP.32 defines it, or not one the assistant takes. */
        INVALID_MESSAGE,
        /** The assistant cannot work now: its key or its memory of counters is out of reach. */
        UNAVAILABLE
    }

    private final Reason reason;

    public EsipaException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public EsipaException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
