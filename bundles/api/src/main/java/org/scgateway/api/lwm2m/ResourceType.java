package org.scgateway.api.lwm2m;

import java.time.Instant;

/**
 * The data types of LwM2M 1.1 (Appendix C) and the Java type a value of each has in
 * {@link ResourceValue}.
 */
public enum ResourceType {
    /** Executable resources have no value. */
    NONE(Void.class),
    STRING(String.class),
    /** Signed 64-bit. */
    INTEGER(Long.class),
    /** Unsigned 64-bit, held in a long and read as unsigned. */
    UNSIGNED_INTEGER(Long.class),
    FLOAT(Double.class),
    BOOLEAN(Boolean.class),
    OPAQUE(byte[].class),
    TIME(Instant.class),
    OBJLNK(ObjectLink.class),
    /** A CoRE link format string (RFC 6690). */
    CORELNK(String.class);

    private final Class<?> javaType;

    ResourceType(Class<?> javaType) {
        this.javaType = javaType;
    }

    /** The class every value of this type is an instance of. */
    public Class<?> javaType() {
        return javaType;
    }
}
