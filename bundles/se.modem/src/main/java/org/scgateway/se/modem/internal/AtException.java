package org.scgateway.se.modem.internal;

/** An AT command that failed or was answered in a way the driver cannot use: the message names the command, never its data. */
final class AtException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The final result code, when the modem gave one. */
    private final transient AtResult result;
    private final boolean timedOut;
    private final boolean busy;

    AtException(String message) {
        this(message, null, false, false);
    }

    AtException(String message, AtResult result) {
        this(message, result, false, false);
    }

    private AtException(String message, AtResult result, boolean timedOut, boolean busy) {
        super(message);
        this.result = result;
        this.timedOut = timedOut;
        this.busy = busy;
    }

    /** A command the modem gave no final result code for in time. */
    static AtException timedOut(String message) {
        return new AtException(message, null, true, false);
    }

    /** A command that found the port, or the SIM, busy for longer than the busy wait: it was not run. */
    static AtException busy(String message) {
        return new AtException(message, null, false, true);
    }

    AtResult result() {
        return result;
    }

    boolean isTimeout() {
        return timedOut;
    }

    boolean isBusy() {
        return busy;
    }
}
