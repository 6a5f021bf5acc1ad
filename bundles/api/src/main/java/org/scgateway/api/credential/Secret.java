package org.scgateway.api.credential;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Secret bytes that do not print themselves: {@link #toString()} gives the length only. Holders should
 * {@link #destroy()} a secret they no longer need, which overwrites it in memory.
 */
public final class Secret {

    private final byte[] value;
    private volatile boolean destroyed;

    private Secret(byte[] value) {
        this.value = value;
    }

    /** A secret holding a copy of {@code value}; the caller may then clear its own array. */
    public static Secret of(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("a secret needs a value (possibly empty)");
        }
        return new Secret(value.clone());
    }

    /**
     * A copy of the secret bytes; the caller clears it when done.
     *
     * @throws IllegalStateException if the secret has been destroyed
     */
    public byte[] bytes() {
        if (destroyed) {
            throw new IllegalStateException("the secret has been destroyed");
        }
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    /** Overwrites the secret; it can no longer be read. */
    public void destroy() {
        destroyed = true;
        Arrays.fill(value, (byte) 0);
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    /**
     * Compares in time independent of where the values differ. A destroyed secret equals only itself: its
     * zeroes are no longer its value.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof Secret && !destroyed && !((Secret) o).destroyed
                && MessageDigest.isEqual(value, ((Secret) o).value);
    }

    /** Depends on the length only, so that a hash table does not leak content through timing. */
    @Override
    public int hashCode() {
        return value.length;
    }

    @Override
    public String toString() {
        return destroyed ? "Secret[destroyed]" : "Secret[" + value.length + " bytes]";
    }
}
