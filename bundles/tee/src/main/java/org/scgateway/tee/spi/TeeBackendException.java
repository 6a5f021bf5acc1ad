package org.scgateway.tee.spi;

/**
 * A backend call that did not change the TEE: either the TEE refused it for what it asked (sending it
 * again will not help), or the TEE could not be reached.
 */
public class TeeBackendException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean refused;

    private TeeBackendException(String message, boolean refused) {
        super(message);
        this.refused = refused;
    }

    /** The TEE will not take this: a bad image, a downgrade, an operation it lacks. */
    public static TeeBackendException refused(String message) {
        return new TeeBackendException(message, true);
    }

    /** The TEE could not be asked, or failed in passing: the same call may work later. */
    public static TeeBackendException unavailable(String message) {
        return new TeeBackendException(message, false);
    }

    public boolean isRefused() {
        return refused;
    }
}
