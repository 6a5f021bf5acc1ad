package org.scgateway.api.lwm2m;

/** What the server may do with a resource (the Operations column of an object definition). */
public enum Operations {
    NONE(false, false, false),
    READ(true, false, false),
    WRITE(false, true, false),
    READ_WRITE(true, true, false),
    EXECUTE(false, false, true);

    private final boolean readable;
    private final boolean writable;
    private final boolean executable;

    Operations(boolean readable, boolean writable, boolean executable) {
        this.readable = readable;
        this.writable = writable;
        this.executable = executable;
    }

    public boolean isReadable() {
        return readable;
    }

    public boolean isWritable() {
        return writable;
    }

    public boolean isExecutable() {
        return executable;
    }
}
