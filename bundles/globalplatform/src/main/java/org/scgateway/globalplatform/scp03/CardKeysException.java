package org.scgateway.globalplatform.scp03;

/** The SCP03 keys of a card are out of reach, or not a key set. Never carries a key's value. */
public class CardKeysException extends Exception {

    private static final long serialVersionUID = 1L;

    public CardKeysException(String message) {
        super(message);
    }

    public CardKeysException(String message, Throwable cause) {
        super(message, cause);
    }
}
