package org.scgateway.api.se;

import java.util.Arrays;

/**
 * A response APDU: response data and a status word. Immutable; the data is copied in and out.
 * {@link #toString()} shows the length and status word only: response data can be a secret.
 */
public final class ResponseApdu {

    private static final byte[] NO_DATA = new byte[0];

    private final byte[] data;
    private final StatusWord statusWord;

    private ResponseApdu(byte[] data, StatusWord statusWord) {
        this.data = data;
        this.statusWord = statusWord;
    }

    public static ResponseApdu of(byte[] data, StatusWord sw) {
        if (data == null || sw == null) {
            throw new IllegalArgumentException("a response needs data (possibly empty) and a status word");
        }
        if (data.length > CommandApdu.MAX_NE) {
            throw new IllegalArgumentException("response data of " + data.length + " bytes exceeds " + CommandApdu.MAX_NE);
        }
        return new ResponseApdu(data.length == 0 ? NO_DATA : data.clone(), sw);
    }

    public static ResponseApdu of(byte[] data, int sw) {
        return of(data, StatusWord.of(sw));
    }

    /** A response of a status word alone. */
    public static ResponseApdu of(StatusWord sw) {
        return of(NO_DATA, sw);
    }

    /**
     * Decodes data followed by SW1 SW2.
     *
     * @throws IllegalArgumentException if there are fewer than two bytes or the status word is not one
     */
    public static ResponseApdu parse(byte[] apdu) {
        if (apdu == null || apdu.length < 2) {
            throw new IllegalArgumentException("a response APDU has at least the two status bytes, got "
                    + (apdu == null ? "none" : apdu.length));
        }
        int n = apdu.length;
        StatusWord sw = StatusWord.of(((apdu[n - 2] & 0xFF) << 8) | (apdu[n - 1] & 0xFF));
        return of(Arrays.copyOf(apdu, n - 2), sw);
    }

    /** A copy of the response data; empty when there is none. */
    public byte[] data() {
        return data.length == 0 ? NO_DATA : data.clone();
    }

    /** Nr, the number of response data bytes. */
    public int nr() {
        return data.length;
    }

    public StatusWord statusWord() {
        return statusWord;
    }

    /** The status word as an int, SW1 in the high byte. */
    public int sw() {
        return statusWord.value();
    }

    /** Whether the status word is 9000. */
    public boolean isOk() {
        return statusWord.isOk();
    }

    /**
     * Returns this response if its status word is 9000.
     *
     * @throws StatusWordException otherwise, naming the status word
     */
    public ResponseApdu requireOk() throws StatusWordException {
        if (!isOk()) {
            throw new StatusWordException(statusWord, "the element refused the command");
        }
        return this;
    }

    /**
     * Returns this response if its status word is 9000.
     *
     * @param command the command this answers, named in the error (header only)
     * @throws StatusWordException otherwise
     */
    public ResponseApdu requireOk(CommandApdu command) throws StatusWordException {
        if (!isOk()) {
            throw new StatusWordException(statusWord, "command " + command.header() + " failed");
        }
        return this;
    }

    /** Data followed by SW1 SW2. */
    public byte[] toBytes() {
        byte[] out = Arrays.copyOf(data, data.length + 2);
        out[data.length] = (byte) statusWord.sw1();
        out[data.length + 1] = (byte) statusWord.sw2();
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResponseApdu && statusWord.equals(((ResponseApdu) o).statusWord)
                && Arrays.equals(data, ((ResponseApdu) o).data);
    }

    @Override
    public int hashCode() {
        return statusWord.hashCode() * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ResponseApdu[" + (data.length > 0 ? "Nr=" + data.length + " " : "") + "SW=" + statusWord + "]";
    }
}
