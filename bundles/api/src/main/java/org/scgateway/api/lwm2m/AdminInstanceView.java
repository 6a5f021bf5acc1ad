package org.scgateway.api.lwm2m;

import java.util.Objects;

/** One instance of the Secure Component Admin object as a tool shows it: whose it is, and the last request's outcome. */
public final class AdminInstanceView {

    private final int instanceId;
    private final String componentId;
    private final String kind;
    private final String backend;
    private final String state;
    private final int resultCode;
    private final String result;
    private final String description;
    private final byte[] response;

    /**
     * @param resultCode the Result resource (0 none, 1 running, 2 ok, 3 stopped at an error, 4 bad format, 5 unknown
     *        application, 6 security error, 7 component lost, 8 unsupported)
     * @param result     the name of that code, such as {@code SECURITY_ERROR}
     */
    public AdminInstanceView(int instanceId, String componentId, String kind, String backend, String state, int resultCode,
            String result, String description, byte[] response) {
        this.instanceId = instanceId;
        this.componentId = Objects.requireNonNull(componentId);
        this.kind = kind;
        this.backend = backend;
        this.state = state;
        this.resultCode = resultCode;
        this.result = result;
        this.description = description;
        this.response = response.clone();
    }

    public int instanceId() {
        return instanceId;
    }

    public String componentId() {
        return componentId;
    }

    public String kind() {
        return kind;
    }

    public String backend() {
        return backend;
    }

    public String state() {
        return state;
    }

    public int resultCode() {
        return resultCode;
    }

    public String result() {
        return result;
    }

    public String description() {
        return description;
    }

    /** The Admin Response resource: the response template of the last script, the TEEP answer of the last message. */
    public byte[] response() {
        return response.clone();
    }

    @Override
    public String toString() {
        return "/42769/" + instanceId + " " + componentId + ": " + resultCode + " " + result;
    }
}
