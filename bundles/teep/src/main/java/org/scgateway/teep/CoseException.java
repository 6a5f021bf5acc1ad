package org.scgateway.teep;

/** A COSE_Sign1 that could not be verified; the reason says why, the message says what was found. */
public class CoseException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a signed message was not accepted. */
    public enum Reason {
        /** Not a COSE_Sign1 structure at all, or one with a field of the wrong type. */
        MALFORMED,
        /** A bare message where a signed one was required. */
        UNSIGNED,
        /** Signed with an algorithm this side does not take. */
        UNSUPPORTED_ALGORITHM,
        /** No trust anchor verifies the signature: a wrong key or altered bytes. */
        NOT_TRUSTED
    }

    private final Reason reason;

    public CoseException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
