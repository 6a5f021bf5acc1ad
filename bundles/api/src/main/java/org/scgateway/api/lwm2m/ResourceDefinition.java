package org.scgateway.api.lwm2m;

import java.util.Objects;

/**
 * The model of one resource of an object. Executable resources, and only they, have type
 * {@link ResourceType#NONE}. Immutable.
 */
public final class ResourceDefinition {

    private final int id;
    private final String name;
    private final Operations operations;
    private final boolean multiple;
    private final boolean mandatory;
    private final ResourceType type;
    private final String rangeEnumeration;
    private final String units;
    private final String description;

    private ResourceDefinition(Builder b) {
        this.id = b.id;
        this.name = b.name;
        this.operations = b.operations;
        this.multiple = b.multiple;
        this.mandatory = b.mandatory;
        this.type = b.type;
        this.rangeEnumeration = b.rangeEnumeration;
        this.units = b.units;
        this.description = b.description;
    }

    /**
     * @param id         0 to 65535
     * @param name       not blank
     * @param operations what the server may do
     * @param type       the data type; {@link ResourceType#NONE} exactly when {@code operations} is EXECUTE
     */
    public static Builder builder(int id, String name, Operations operations, ResourceType type) {
        return new Builder(id, name, operations, type);
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Operations operations() {
        return operations;
    }

    public boolean isMultiple() {
        return multiple;
    }

    public boolean isMandatory() {
        return mandatory;
    }

    public ResourceType type() {
        return type;
    }

    public String rangeEnumeration() {
        return rangeEnumeration;
    }

    public String units() {
        return units;
    }

    public String description() {
        return description;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ResourceDefinition)) {
            return false;
        }
        ResourceDefinition r = (ResourceDefinition) o;
        return id == r.id && name.equals(r.name) && operations == r.operations && multiple == r.multiple
                && mandatory == r.mandatory && type == r.type && rangeEnumeration.equals(r.rangeEnumeration)
                && units.equals(r.units) && description.equals(r.description);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, operations, type);
    }

    @Override
    public String toString() {
        return "ResourceDefinition[" + id + " " + name + " " + operations + " " + type + (multiple ? " multiple" : "") + "]";
    }

    /** Builds a {@link ResourceDefinition}; defaults: single, optional, empty texts. */
    public static final class Builder {
        private final int id;
        private final String name;
        private final Operations operations;
        private final ResourceType type;
        private boolean multiple;
        private boolean mandatory;
        private String rangeEnumeration = "";
        private String units = "";
        private String description = "";

        private Builder(int id, String name, Operations operations, ResourceType type) {
            if (id < 0 || id > 0xFFFF) {
                throw new IllegalArgumentException("a resource id is 0 to 65535, not " + id);
            }
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("resource " + id + " needs a name");
            }
            Objects.requireNonNull(operations, "operations");
            Objects.requireNonNull(type, "type");
            if ((operations == Operations.EXECUTE) != (type == ResourceType.NONE)) {
                throw new IllegalArgumentException("resource " + id + " (" + name + "): executable resources, and only they, have type NONE");
            }
            this.id = id;
            this.name = name;
            this.operations = operations;
            this.type = type;
        }

        public Builder multiple(boolean multiple) {
            this.multiple = multiple;
            return this;
        }

        public Builder mandatory(boolean mandatory) {
            this.mandatory = mandatory;
            return this;
        }

        public Builder rangeEnumeration(String rangeEnumeration) {
            this.rangeEnumeration = Objects.requireNonNull(rangeEnumeration);
            return this;
        }

        public Builder units(String units) {
            this.units = Objects.requireNonNull(units);
            return this;
        }

        public Builder description(String description) {
            this.description = Objects.requireNonNull(description);
            return this;
        }

        public ResourceDefinition build() {
            return new ResourceDefinition(this);
        }
    }
}
