package org.scgateway.se.modem.internal;

/** An AT command that failed or was answered in a way the driver cannot use: the message names the command, never its data. */
final class AtException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The final result code, when the modem gave one. */
    private final transient AtResult result;
    private final boolean timedOut;
    private final boolean busy;
    private final boolean interrupted;

    AtException(String message) {
        this(message, null, false, false, false);
    }

    AtException(String message, AtResult result) {
        this(message, result, false, false, false);
    }

    private AtException(String message, AtResult result, boolean timedOut, boolean busy, boolean interrupted) {
        super(message);
        this.result = result;
        this.timedOut = timedOut;
        this.busy = busy;
        this.interrupted = interrupted;
    }

    /** A command the modem gave no final result code for in time. */
    static AtException timedOut(String message) {
        return new AtException(message, null, true, false, false);
    }

    /** A command that found the port, or the SIM, busy for longer than the busy wait: it was not run. */
    static AtException busy(String message) {
        return new AtException(message, null, false, true, false);
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

    /**
     * The caller's thread was interrupted before its command was sent (waiting for the port, or for a busy SIM): it says
     * nothing of the modem or the SIM. The thread's interrupt status is set again.
     */
    static AtException interrupted(String message) {
        Thread.currentThread().interrupt();
        return new AtException(message, null, false, false, true);
    }

    boolean isInterrupted() {
        return interrupted;
    }
}
