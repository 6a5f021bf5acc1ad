package org.scgateway.bootstrap.smartcard.internal;

/** The bootstrap data on a card cannot be used; the message says what is wrong, and never holds key material. */
class MalformedBootstrapFileException extends Exception {

    private static final long serialVersionUID = 1L;

    MalformedBootstrapFileException(String message) {
        super(message);
    }

    MalformedBootstrapFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
