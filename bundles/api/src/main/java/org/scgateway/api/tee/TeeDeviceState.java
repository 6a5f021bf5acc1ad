package org.scgateway.api.tee;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The device state a TEE reports (TMF GetDeviceState): its life-cycle and its named properties. */
public final class TeeDeviceState {

    /** The life-cycle of the TEE as a whole. */
    public enum Lifecycle {
        /** Takes management operations. */
        ACTIVE,
        /** Locked by its owner: reads only. */
        LOCKED
    }

    private final Lifecycle lifecycle;
    private final Map<String, String> properties;

    /**
     * @param properties TEE properties by name, such as {@code gpd.tee.apiversion} or
     *                   {@code gpd.tee.trustedos.implementation.version}; copied, order kept
     */
    public TeeDeviceState(Lifecycle lifecycle, Map<String, String> properties) {
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(properties, "properties");
        properties.forEach((k, v) -> {
            if (k == null || k.isEmpty() || v == null) {
                throw new IllegalArgumentException("TEE property names and values must not be empty or null");
            }
        });
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public Lifecycle lifecycle() {
        return lifecycle;
    }

    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TeeDeviceState && lifecycle == ((TeeDeviceState) o).lifecycle
                && properties.equals(((TeeDeviceState) o).properties);
    }

    @Override
    public int hashCode() {
        return lifecycle.hashCode() * 31 + properties.hashCode();
    }

    @Override
    public String toString() {
        return "TeeDeviceState[" + lifecycle + " " + properties + "]";
    }
}
