package org.scgateway.api.lwm2m;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The value of a resource: one value for a single resource, or instances by id for a multiple resource.
 * Every value is of its {@link ResourceType}'s Java type. Immutable; opaque values are copied in and out.
 * {@link #toString()} shows opaque values by length only, since keys travel as opaque resources.
 */
public final class ResourceValue {

    private final ResourceType type;
    private final Object value;
    private final SortedMap<Integer, Object> instances;

    private ResourceValue(ResourceType type, Object value, SortedMap<Integer, Object> instances) {
        this.type = type;
        this.value = value;
        this.instances = instances;
    }

    /**
     * A single value.
     *
     * @throws IllegalArgumentException if {@code value} is not of {@code type}'s Java type
     */
    public static ResourceValue of(ResourceType type, Object value) {
        Objects.requireNonNull(type, "type");
        if (type == ResourceType.NONE) {
            throw new IllegalArgumentException("a resource of type NONE (executable) has no value");
        }
        return new ResourceValue(type, checked(type, value, "value"), null);
    }

    /** A multiple resource's instances, by instance id (0 to 65535). */
    public static ResourceValue ofInstances(ResourceType type, Map<Integer, ?> instances) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(instances, "instances");
        if (type == ResourceType.NONE) {
            throw new IllegalArgumentException("a resource of type NONE (executable) has no instances");
        }
        SortedMap<Integer, Object> copy = new TreeMap<>();
        instances.forEach((id, v) -> {
            if (id == null || id < 0 || id > 0xFFFF) {
                throw new IllegalArgumentException("resource instance id must be 0 to 65535, not " + id);
            }
            copy.put(id, checked(type, v, "instance " + id));
        });
        return new ResourceValue(type, null, Collections.unmodifiableSortedMap(copy));
    }

    public static ResourceValue string(String v) {
        return of(ResourceType.STRING, v);
    }

    public static ResourceValue integer(long v) {
        return of(ResourceType.INTEGER, v);
    }

    public static ResourceValue unsignedInteger(long v) {
        return of(ResourceType.UNSIGNED_INTEGER, v);
    }

    public static ResourceValue floating(double v) {
        return of(ResourceType.FLOAT, v);
    }

    public static ResourceValue bool(boolean v) {
        return of(ResourceType.BOOLEAN, v);
    }

    public static ResourceValue opaque(byte[] v) {
        return of(ResourceType.OPAQUE, v);
    }

    public static ResourceValue time(Instant v) {
        return of(ResourceType.TIME, v);
    }

    public static ResourceValue objlnk(ObjectLink v) {
        return of(ResourceType.OBJLNK, v);
    }

    public ResourceType type() {
        return type;
    }

    public boolean isMultiple() {
        return instances != null;
    }

    /**
     * The single value (a copy, for opaque).
     *
     * @throws IllegalStateException for a multiple resource
     */
    public Object value() {
        if (instances != null) {
            throw new IllegalStateException("a multiple resource has instances, not one value");
        }
        return copy(value);
    }

    /**
     * The instances of a multiple resource, by id (opaque values copied).
     *
     * @throws IllegalStateException for a single resource
     */
    public SortedMap<Integer, Object> instances() {
        if (instances == null) {
            throw new IllegalStateException("a single resource has one value, not instances");
        }
        if (type != ResourceType.OPAQUE) {
            return instances;
        }
        SortedMap<Integer, Object> copy = new TreeMap<>();
        instances.forEach((k, v) -> copy.put(k, copy(v)));
        return Collections.unmodifiableSortedMap(copy);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ResourceValue)) {
            return false;
        }
        ResourceValue r = (ResourceValue) o;
        if (type != r.type || isMultiple() != r.isMultiple()) {
            return false;
        }
        if (!isMultiple()) {
            return Objects.deepEquals(value, r.value);
        }
        if (!instances.keySet().equals(r.instances.keySet())) {
            return false;
        }
        return instances.entrySet().stream().allMatch(e -> Objects.deepEquals(e.getValue(), r.instances.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + (isMultiple() ? instances.keySet().hashCode() : 0);
    }

    @Override
    public String toString() {
        if (!isMultiple()) {
            return type + ":" + show(value);
        }
        StringJoiner sj = new StringJoiner(", ", type + ":{", "}");
        instances.forEach((k, v) -> sj.add(k + "=" + show(v)));
        return sj.toString();
    }

    private static Object checked(ResourceType type, Object v, String what) {
        if (v == null) {
            throw new IllegalArgumentException(what + " of a " + type + " resource must not be null");
        }
        if (!type.javaType().isInstance(v)) {
            throw new IllegalArgumentException(what + " of a " + type + " resource must be a "
                    + type.javaType().getSimpleName() + ", not a " + v.getClass().getSimpleName());
        }
        if (type == ResourceType.FLOAT && !Double.isFinite((Double) v)) {
            throw new IllegalArgumentException(what + " of a FLOAT resource must be finite, not " + v);
        }
        return copy(v);
    }

    private static Object copy(Object v) {
        return v instanceof byte[] ? ((byte[]) v).clone() : v;
    }

    private static String show(Object v) {
        if (v instanceof byte[]) {
            return "<" + ((byte[]) v).length + " bytes>";
        }
        return String.valueOf(v);
    }
}
