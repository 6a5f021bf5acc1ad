package org.scgateway.globalplatform.seram;

/**
 * A remote command script that cannot be read: why, where, and the response that tells the sender so
 * (nothing executed, and the fault in a {@code 90} data object).
 */
public final class ScriptFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The bad-format codes of the response's {@code 90} data object (ETSI TS 102 226, 5.2.2). */
    public enum Fault {
        UNKNOWN_TAG(1), WRONG_LENGTH(2), LENGTH_NOT_FOUND(3);

        private final int code;

        Fault(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    private final transient Fault fault;
    private final boolean indefinite;

    ScriptFormatException(Fault fault, boolean indefinite, String message) {
        super(message);
        this.fault = fault;
        this.indefinite = indefinite;
    }

    public Fault fault() {
        return fault;
    }

    /** The response template for the script: {@code AB}, or {@code AF} for one that came as {@code AE}. */
    public byte[] response() {
        return RemoteScript.badFormat(indefinite, fault.code());
    }
}
