package org.scgateway.api.lwm2m;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The model of an LwM2M object (what an OMA DDF file says): id, name, version, instance multiplicity and
 * its resources. Immutable.
 */
public final class ObjectDefinition {

    private static final Pattern VERSION = Pattern.compile("[0-9]{1,3}\\.[0-9]{1,3}");

    private final int id;
    private final String name;
    private final String version;
    private final boolean multiple;
    private final boolean mandatory;
    private final String description;
    private final SortedMap<Integer, ResourceDefinition> resources;

    private ObjectDefinition(Builder b) {
        this.id = b.id;
        this.name = b.name;
        this.version = b.version;
        this.multiple = b.multiple;
        this.mandatory = b.mandatory;
        this.description = b.description;
        this.resources = Collections.unmodifiableSortedMap(new TreeMap<>(b.resources));
    }

    /**
     * @param id   0 to 65535 (42769-42800 is the OMA test range this project uses for objects with no id yet)
     * @param name not blank
     */
    public static Builder builder(int id, String name) {
        return new Builder(id, name);
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** The object version, {@code "1.0"} unless the model says otherwise. */
    public String version() {
        return version;
    }

    /** Whether the object may have more than one instance. */
    public boolean isMultiple() {
        return multiple;
    }

    public boolean isMandatory() {
        return mandatory;
    }

    public String description() {
        return description;
    }

    /** The resources, by id. */
    public SortedMap<Integer, ResourceDefinition> resources() {
        return resources;
    }

    public Optional<ResourceDefinition> resource(int resourceId) {
        return Optional.ofNullable(resources.get(resourceId));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ObjectDefinition)) {
            return false;
        }
        ObjectDefinition d = (ObjectDefinition) o;
        return id == d.id && name.equals(d.name) && version.equals(d.version) && multiple == d.multiple
                && mandatory == d.mandatory && description.equals(d.description) && resources.equals(d.resources);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, version, resources);
    }

    @Override
    public String toString() {
        return "ObjectDefinition[" + id + " " + name + " v" + version + (multiple ? " multiple" : " single")
                + ", " + resources.size() + " resources]";
    }

    /** Builds an {@link ObjectDefinition}; defaults: version 1.0, multiple, optional, empty description. */
    public static final class Builder {
        private final int id;
        private final String name;
        private String version = "1.0";
        private boolean multiple = true;
        private boolean mandatory;
        private String description = "";
        private final SortedMap<Integer, ResourceDefinition> resources = new TreeMap<>();

        private Builder(int id, String name) {
            if (id < 0 || id > 0xFFFF) {
                throw new IllegalArgumentException("an object id is 0 to 65535, not " + id);
            }
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("object " + id + " needs a name");
            }
            this.id = id;
            this.name = name;
        }

        public Builder version(String version) {
            if (version == null || !VERSION.matcher(version).matches()) {
                throw new IllegalArgumentException("an object version is MAJOR.MINOR, not " + version);
            }
            this.version = version;
            return this;
        }

        public Builder multiple(boolean multiple) {
            this.multiple = multiple;
            return this;
        }

        public Builder mandatory(boolean mandatory) {
            this.mandatory = mandatory;
            return this;
        }

        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        public Builder resource(ResourceDefinition resource) {
            Objects.requireNonNull(resource, "resource");
            if (resources.putIfAbsent(resource.id(), resource) != null) {
                throw new IllegalArgumentException("object " + id + " defines resource " + resource.id() + " twice");
            }
            return this;
        }

        public ObjectDefinition build() {
            return new ObjectDefinition(this);
        }
    }
}
