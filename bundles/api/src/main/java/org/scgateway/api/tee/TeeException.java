package org.scgateway.api.tee;

import org.scgateway.api.component.SecureComponentException;

/** The TEE could not be reached or could not carry out an operation. */
public class TeeException extends SecureComponentException {

    private static final long serialVersionUID = 1L;

    public TeeException(String message) {
        super(message);
    }

    public TeeException(String message, Throwable cause) {
        super(message, cause);
    }
}
