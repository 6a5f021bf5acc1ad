package org.scgateway.api.euicc;

import java.util.Objects;

import org.scgateway.api.component.SecureComponentException;

/** A profile operation failed; {@link #result()} says how, in the terms of SGP.22 ES10c results. */
public class EuiccException extends SecureComponentException {

    private static final long serialVersionUID = 1L;

    /** The outcome of a failed operation. The codes are those the eUICC returns (SGP.22 §5.7). */
    public enum Result {
        ICCID_OR_AID_NOT_FOUND(1),
        /** The profile is not in the state the operation needs (enabling an enabled one, deleting an enabled one). */
        WRONG_PROFILE_STATE(2),
        /** A policy rule of the profile forbids it. */
        DISALLOWED_BY_POLICY(3),
        WRONG_PROFILE_REENABLING(4),
        CAT_BUSY(5),
        UNDEFINED(127),
        /** No answer could be had from the Secure Element (not an eUICC result code). */
        SECURE_ELEMENT_FAILURE(-1);

        private final int code;

        Result(int code) {
            this.code = code;
        }

        /** The ES10c result code, or -1 when the card never answered. */
        public int code() {
            return code;
        }

        /** The result a card code stands for; unknown codes are {@link #UNDEFINED}. */
        public static Result ofCode(int code) {
            for (Result r : values()) {
                if (r.code == code && code >= 0) {
                    return r;
                }
            }
            return UNDEFINED;
        }
    }

    private final Result result;

    public EuiccException(Result result, String message) {
        super(message);
        this.result = Objects.requireNonNull(result, "result");
    }

    public EuiccException(Result result, String message, Throwable cause) {
        super(message, cause);
        this.result = Objects.requireNonNull(result, "result");
    }

    public Result result() {
        return result;
    }
}
