package org.scgateway.api.tee;

import java.util.Objects;

/**
 * What a TEE's agent answered to one TEEP message: the answer itself, signed, to hand back to the TAM, and
 * what it says, for people and for the admin object's result.
 */
public final class TeepAnswer {

    /** The kind of TEEP message the answer is. */
    public enum Kind {
        /** A QueryResponse: the trusted components and what the agent takes. */
        QUERY_RESPONSE,
        /** Success: every change of an Update was applied. */
        SUCCESS,
        /** Error: nothing of the message was applied; {@link #errorCode()} says why. */
        ERROR
    }

    private final byte[] message;
    private final Kind kind;
    private final int errorCode;
    private final String description;

    /**
     * @param message     the answer, a COSE_Sign1-wrapped TEEP message; copied
     * @param errorCode   the TEEP err-code of an {@link Kind#ERROR}, 0 otherwise
     * @param description one sentence for people, naming what was done or what was wrong; never a secret
     */
    public TeepAnswer(byte[] message, Kind kind, int errorCode, String description) {
        this.message = Objects.requireNonNull(message, "message").clone();
        this.kind = Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.ERROR) != (errorCode != 0)) {
            throw new IllegalArgumentException("an Error has an error code, and only an Error: " + kind + " " + errorCode);
        }
        this.errorCode = errorCode;
        this.description = Objects.requireNonNull(description, "description");
    }

    /** A copy of the answer, {@code application/teep+cbor}. */
    public byte[] message() {
        return message.clone();
    }

    public Kind kind() {
        return kind;
    }

    /** The TEEP err-code of an Error (1 permanent error, 6 bad certificate, 17 manifest processing failed...); 0 otherwise. */
    public int errorCode() {
        return errorCode;
    }

    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return "TeepAnswer[" + kind + (errorCode != 0 ? " " + errorCode : "") + ": " + description + "]";
    }
}
