package org.scgateway.globalplatform.tlv;

/**
 * Malformed BER-TLV input. The message says what is wrong and at which byte offset (an index into the
 * array given to the parser); it never contains value bytes, which may be secret.
 * <p>
 * Unchecked, as an {@link IllegalArgumentException}: bad input is an argument problem, and callers that
 * parse data from an untrusted element catch it where they can do something about it.
 */
public class TlvException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int offset;

    /**
     * @param message what is wrong, naming the offset
     * @param offset the index, in the array given to the parser, of the byte where the problem lies
     */
    public TlvException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    /**
     * @param message what is wrong, naming the offset
     * @param offset the index, in the array given to the parser, of the byte where the problem lies
     * @param cause the underlying problem
     */
    public TlvException(String message, int offset, Throwable cause) {
        super(message, cause);
        this.offset = offset;
    }

    /** The index, in the array given to the parser, of the byte where the problem lies. */
    public int offset() {
        return offset;
    }
}
