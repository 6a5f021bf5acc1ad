package org.scgateway.globalplatform.seram;

import java.util.Objects;

/** What a script run came to: how it ended, the response template for its sender, and a sentence for people. */
public final class ScriptOutcome {

    /** How a run ended. */
    public enum Status {
        /** Every C-APDU ran and was answered with a status that lets a script go on. */
        OK,
        /** A C-APDU was answered with an error status; the ones after it did not run. */
        STOPPED_AT_ERROR,
        /** The target application could not be selected. */
        UNKNOWN_APPLICATION,
        /** The secure channel could not be opened, or failed or was refused while the script ran. */
        SECURITY_ERROR,
        /** The card went away, or stopped answering. */
        COMPONENT_LOST
    }

    private final Status status;
    private final byte[] response;
    private final String description;

    ScriptOutcome(Status status, byte[] response, String description) {
        this.status = Objects.requireNonNull(status);
        this.response = response.clone();
        this.description = description;
    }

    public Status status() {
        return status;
    }

    /** The response scripting template: the count of C-APDUs executed and their R-APDUs. */
    public byte[] response() {
        return response.clone();
    }

    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return status + ": " + description;
    }
}
