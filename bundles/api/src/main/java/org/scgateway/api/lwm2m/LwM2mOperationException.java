package org.scgateway.api.lwm2m;

import java.util.Objects;

/** An LwM2M operation on a provided object failed; {@link #code()} becomes the response code. */
public class LwM2mOperationException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The CoAP response codes an object operation may fail with (LwM2M 1.1 §5.4, §6.1). */
    public enum Code {
        /** 4.00: the request or its value is malformed or out of range. */
        BAD_REQUEST,
        /** 4.01: the server may not do this. */
        UNAUTHORIZED,
        /** 4.04: no such instance or resource. */
        NOT_FOUND,
        /** 4.05: the operation is not defined for this target. */
        METHOD_NOT_ALLOWED,
        /** 5.00: the object could not carry out a valid request. */
        INTERNAL_SERVER_ERROR,
        /** 5.03: the backing component is busy or away for now; try again. */
        SERVICE_UNAVAILABLE
    }

    private final Code code;

    public LwM2mOperationException(Code code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public LwM2mOperationException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public Code code() {
        return code;
    }
}
