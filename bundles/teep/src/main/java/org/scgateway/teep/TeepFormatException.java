package org.scgateway.teep;

/**
 * Bytes that are not what they claim to be: not CBOR, not a TEEP message, not a SUIT envelope, or one with a
 * field of the wrong type or size. The message names the field and what was wrong with it.
 */
public class TeepFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public TeepFormatException(String message) {
        super(message);
    }

    public TeepFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
