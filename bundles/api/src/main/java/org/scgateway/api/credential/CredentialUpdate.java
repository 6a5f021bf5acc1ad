package org.scgateway.api.credential;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A set of puts and deletes that a {@link CredentialStore} applies as one. Entry names are 1 to 128
 * characters of {@code A-Z a-z 0-9 . _ - /} in segments separated by single '/', no segment being
 * {@code .} or {@code ..} (so that a store may map names to paths safely); a name is put or deleted at most
 * once in an update.
 */
public final class CredentialUpdate {

    private static final Pattern NAME = Pattern.compile("(?!/)[A-Za-z0-9._/-]{1,128}(?<!/)");

    private final Map<String, Secret> puts;
    private final Set<String> deletes;

    private CredentialUpdate(Map<String, Secret> puts, Set<String> deletes) {
        this.puts = puts;
        this.deletes = deletes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An update that puts one entry. */
    public static CredentialUpdate put(String name, Secret value) {
        return builder().put(name, value).build();
    }

    /** An update that deletes one entry. */
    public static CredentialUpdate delete(String name) {
        return builder().delete(name).build();
    }

    /** Whether {@code name} is a valid entry name. */
    public static boolean isValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return false;
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** Entries to write, by name, in the order given. */
    public Map<String, Secret> puts() {
        return puts;
    }

    /** Names to delete; deleting a name that does not exist is not an error. */
    public Set<String> deletes() {
        return deletes;
    }

    public boolean isEmpty() {
        return puts.isEmpty() && deletes.isEmpty();
    }

    @Override
    public String toString() {
        return "CredentialUpdate[put " + puts.keySet() + ", delete " + deletes + "]";
    }

    /** Collects the changes of one update. */
    public static final class Builder {
        private final Map<String, Secret> puts = new LinkedHashMap<>();
        private final Set<String> deletes = new LinkedHashSet<>();

        private Builder() {
        }

        public Builder put(String name, Secret value) {
            check(name);
            if (value == null) {
                throw new IllegalArgumentException("credential '" + name + "' has no value");
            }
            puts.put(name, value);
            return this;
        }

        public Builder delete(String name) {
            check(name);
            deletes.add(name);
            return this;
        }

        public CredentialUpdate build() {
            return new CredentialUpdate(Collections.unmodifiableMap(new LinkedHashMap<>(puts)),
                    Collections.unmodifiableSet(new LinkedHashSet<>(deletes)));
        }

        private void check(String name) {
            if (!isValidName(name)) {
                throw new IllegalArgumentException("not a credential name (1 to 128 of A-Z a-z 0-9 . _ - / in non-empty segments, none '.' or '..'): '" + name + "'");
            }
            if (puts.containsKey(name) || deletes.contains(name)) {
                throw new IllegalArgumentException("credential '" + name + "' is changed twice in one update");
            }
        }
    }
}
