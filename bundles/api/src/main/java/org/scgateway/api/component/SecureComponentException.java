package org.scgateway.api.component;

/**
 * A Secure Component could not do what was asked. Sub-types say more; the message names what failed and
 * never carries secret material (keys, PINs, decrypted data).
 */
public class SecureComponentException extends Exception {

    private static final long serialVersionUID = 1L;

    public SecureComponentException(String message) {
        super(message);
    }

    public SecureComponentException(String message, Throwable cause) {
        super(message, cause);
    }
}
