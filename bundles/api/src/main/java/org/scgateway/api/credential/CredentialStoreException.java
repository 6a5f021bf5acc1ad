package org.scgateway.api.credential;

/** The store could not be read or changed. The message names entries, never their values. */
public class CredentialStoreException extends Exception {

    private static final long serialVersionUID = 1L;

    public CredentialStoreException(String message) {
        super(message);
    }

    public CredentialStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
