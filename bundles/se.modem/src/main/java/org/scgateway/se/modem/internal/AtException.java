package org.scgateway.se.modem.internal;

/** An AT command that failed or was answered in a way the driver cannot use: the message names the command, never its data. */
final class AtException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The final result code, when the modem gave one. */
    private final transient AtResult result;

    AtException(String message) {
        this(message, null);
    }

    AtException(String message, AtResult result) {
        super(message);
        this.result = result;
    }

    AtResult result() {
        return result;
    }
}
