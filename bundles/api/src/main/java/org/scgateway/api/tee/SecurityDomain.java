package org.scgateway.api.tee;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A TEE security domain: a named container of trusted components, owned by one Trusted Application
 * Manager. In TEEP terms its name is the component-id prefix of what it holds and its owner the TAM whose
 * trust anchor signs for it.
 */
public final class SecurityDomain {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String name;
    private final String owner;

    /**
     * @param name  1 to 64 of {@code A-Z a-z 0-9 . _ -}
     * @param owner the TAM that owns it, as named in its trust anchor; not empty
     */
    public SecurityDomain(String name, String owner) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a security domain name is 1 to 64 of [A-Za-z0-9._-]: " + name);
        }
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("security domain '" + name + "' needs an owner");
        }
        this.name = name;
        this.owner = owner;
    }

    public String name() {
        return name;
    }

    public String owner() {
        return owner;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecurityDomain && name.equals(((SecurityDomain) o).name)
                && owner.equals(((SecurityDomain) o).owner);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, owner);
    }

    @Override
    public String toString() {
        return name + " (owner " + owner + ")";
    }
}
