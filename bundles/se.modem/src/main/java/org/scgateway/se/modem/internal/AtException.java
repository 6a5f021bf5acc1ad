package org.scgateway.se.modem.internal;

/** An AT command that failed or was answered in a way the driver cannot use: the message names the command, never its data. */
final class AtException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The final result code, when the modem gave one. */
    private final transient AtResult result;
    private final boolean timedOut;

    AtException(String message) {
        this(message, null, false);
    }

    AtException(String message, AtResult result) {
        this(message, result, false);
    }

    private AtException(String message, AtResult result, boolean timedOut) {
        super(message);
        this.result = result;
        this.timedOut = timedOut;
    }

    /** A command the modem gave no final result code for in time. */
    static AtException timedOut(String message) {
        return new AtException(message, null, true);
    }

    AtResult result() {
        return result;
    }

    boolean isTimeout() {
        return timedOut;
    }
}
