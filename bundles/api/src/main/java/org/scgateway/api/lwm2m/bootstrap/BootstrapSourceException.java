package org.scgateway.api.lwm2m.bootstrap;

/** A bootstrap source holds data it cannot give: the message names the cause, never a secret. */
public class BootstrapSourceException extends Exception {

    private static final long serialVersionUID = 1L;

    public BootstrapSourceException(String message) {
        super(message);
    }

    public BootstrapSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
