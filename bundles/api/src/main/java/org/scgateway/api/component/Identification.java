package org.scgateway.api.component;

import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The identification data of a Secure Component (LwM2M-SCS-2): named, opaque items such as the ATR, the
 * CPLC data, an EID or TEE properties, in the order the backend gave them. Immutable; the byte arrays are
 * copied in and out.
 */
public final class Identification {

    /** Answer To Reset of a card, as the reader gave it. */
    public static final String ATR = "atr";
    /** GlobalPlatform Card Production Life Cycle data (tag 9F7F content). */
    public static final String CPLC = "cplc";
    /** eUICC identifier, 16 bytes BCD. */
    public static final String EID = "eid";
    /** ICCID of the active profile, 10 bytes swapped BCD. */
    public static final String ICCID = "iccid";
    /** Card Recognition Data or TEE properties, encoded as the backend received them. */
    public static final String PROPERTIES = "properties";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9.-]{0,31}");
    private static final Identification EMPTY = new Identification(Map.of());

    private final Map<String, byte[]> items;

    private Identification(Map<String, byte[]> items) {
        this.items = items;
    }

    /** An identification with no items. */
    public static Identification empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The names of the items, in the order they were added. */
    public Set<String> names() {
        return Collections.unmodifiableSet(items.keySet());
    }

    /** A copy of the item of that name, if there is one. */
    public Optional<byte[]> get(String name) {
        byte[] value = items.get(name);
        return value == null ? Optional.empty() : Optional.of(value.clone());
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Identification)) {
            return false;
        }
        Map<String, byte[]> other = ((Identification) o).items;
        if (!items.keySet().equals(other.keySet())) {
            return false;
        }
        return items.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), other.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (Map.Entry<String, byte[]> e : items.entrySet()) {
            h += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
        }
        return h;
    }

    /** Identification data is public by nature (SCS-2 hands it to the server), so it is printed in full. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Identification[");
        HexFormat hex = HexFormat.of().withUpperCase();
        items.forEach((k, v) -> sb.append(sb.length() > 15 ? ", " : "").append(k).append('=').append(hex.formatHex(v)));
        return sb.append(']').toString();
    }

    /** Collects items; names are lower-case, start with a letter, at most 32 characters, each used once. */
    public static final class Builder {
        private final Map<String, byte[]> items = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder put(String name, byte[] value) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("identification item name must match " + NAME.pattern() + ": " + name);
            }
            if (value == null) {
                throw new IllegalArgumentException("identification item '" + name + "' has no value");
            }
            if (items.putIfAbsent(name, value.clone()) != null) {
                throw new IllegalArgumentException("identification item '" + name + "' given twice");
            }
            return this;
        }

        public Identification build() {
            return items.isEmpty() ? EMPTY : new Identification(Collections.unmodifiableMap(new LinkedHashMap<>(items)));
        }
    }
}
