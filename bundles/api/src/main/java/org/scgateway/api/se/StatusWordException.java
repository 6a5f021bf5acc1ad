package org.scgateway.api.se;

/**
 * The element answered, but with a status word the caller cannot accept. Carries the status word and the
 * header of the command (never its data).
 */
public class StatusWordException extends SecureElementException {

    private static final long serialVersionUID = 1L;

    private final StatusWord statusWord;

    public StatusWordException(StatusWord statusWord, String context) {
        super(Reason.STATUS_WORD, context + ": " + statusWord + " (" + statusWord.description() + ")");
        this.statusWord = statusWord;
    }

    public StatusWord statusWord() {
        return statusWord;
    }
}
