package org.scgateway.api.lwm2m.bootstrap;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the client registers to one LwM2M server, as resources 13 to 20 of its Server (1) instance say (LwM2M 1.1
 * Core, 6.2.1 and E.2): where it stands in the Registration Priority Order, how long it waits before its first
 * Register, and how it retries and gives up. Only a bootstrap server writes these; what it leaves out takes the
 * default of the TS, {@link #defaults()}.
 *
 * @since 1.1
 */
public final class RegistrationPolicy {

    private static final RegistrationPolicy DEFAULTS = new Builder().build();

    private final OptionalLong priorityOrder;
    private final long initialDelaySeconds;
    private final boolean failureBlock;
    private final boolean bootstrapOnFailure;
    private final int retryCount;
    private final long retryTimerSeconds;
    private final long sequenceDelaySeconds;
    private final int sequenceRetryCount;
    private final Set<Integer> given;

    private RegistrationPolicy(Builder b) {
        this.priorityOrder = b.priorityOrder;
        this.initialDelaySeconds = b.initialDelaySeconds;
        this.failureBlock = b.failureBlock;
        this.bootstrapOnFailure = b.bootstrapOnFailure;
        this.retryCount = b.retryCount;
        this.retryTimerSeconds = b.retryTimerSeconds;
        this.sequenceDelaySeconds = b.sequenceDelaySeconds;
        this.sequenceRetryCount = b.sequenceRetryCount;
        this.given = Set.copyOf(b.given);
    }

    /**
     * Whether the Server instance gave resource {@code resourceId} (13 to 20). One it did not give reads as the TS
     * default here; a client may put a default of its own configuration in its place.
     */
    public boolean isGiven(int resourceId) {
        return given.contains(resourceId);
    }

    /**
     * The TS defaults, for a Server instance with none of resources 13 to 20: unordered, no initial delay, no
     * failure block, bootstrap on registration failure, 5 attempts 60 s apart (doubling), sequences a day apart,
     * one sequence.
     */
    public static RegistrationPolicy defaults() {
        return DEFAULTS;
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this policy's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Registration Priority Order (resource 13), lower first; empty when this server's registration is not ordered. */
    public OptionalLong priorityOrder() {
        return priorityOrder;
    }

    /** Initial Registration Delay Timer (resource 14), in seconds. */
    public long initialDelaySeconds() {
        return initialDelaySeconds;
    }

    /** Registration Failure Block (resource 15): when this server's registration fails, the ones after it wait. */
    public boolean failureBlock() {
        return failureBlock;
    }

    /** Bootstrap on Registration Failure (resource 16). */
    public boolean bootstrapOnFailure() {
        return bootstrapOnFailure;
    }

    /** Communication Retry Count (resource 17): attempts in one communication sequence. */
    public int retryCount() {
        return retryCount;
    }

    /** Communication Retry Timer (resource 18), in seconds: the base of the exponential back-off between attempts. */
    public long retryTimerSeconds() {
        return retryTimerSeconds;
    }

    /** Communication Sequence Delay Timer (resource 19), in seconds between communication sequences. */
    public long sequenceDelaySeconds() {
        return sequenceDelaySeconds;
    }

    /** Communication Sequence Retry Count (resource 20): communication sequences before registration has failed. */
    public int sequenceRetryCount() {
        return sequenceRetryCount;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RegistrationPolicy)) {
            return false;
        }
        RegistrationPolicy p = (RegistrationPolicy) o;
        return priorityOrder.equals(p.priorityOrder) && initialDelaySeconds == p.initialDelaySeconds && failureBlock == p.failureBlock
                && bootstrapOnFailure == p.bootstrapOnFailure && retryCount == p.retryCount && retryTimerSeconds == p.retryTimerSeconds
                && sequenceDelaySeconds == p.sequenceDelaySeconds && sequenceRetryCount == p.sequenceRetryCount && given.equals(p.given);
    }

    @Override
    public int hashCode() {
        return Objects.hash(priorityOrder, initialDelaySeconds, failureBlock, bootstrapOnFailure, retryCount, retryTimerSeconds,
                sequenceDelaySeconds, sequenceRetryCount, given);
    }

    @Override
    public String toString() {
        return "registration " + (priorityOrder.isPresent() ? "order " + priorityOrder.getAsLong() : "unordered")
                + ", initial delay " + initialDelaySeconds + " s" + (failureBlock ? ", failure blocks" : "")
                + (bootstrapOnFailure ? ", bootstrap on failure" : "") + ", " + retryCount + " attempts from " + retryTimerSeconds
                + " s, " + sequenceRetryCount + " sequences " + sequenceDelaySeconds + " s apart";
    }

    /**
     * Builds a {@link RegistrationPolicy}. The counts are taken as {@code long}, as the Server object's Unsigned
     * Integers come, and refused beyond an {@code int}. Each setter refuses a negative value with an
     * {@link IllegalArgumentException} naming the resource.
     */
    public static final class Builder {
        private OptionalLong priorityOrder = OptionalLong.empty();
        private long initialDelaySeconds = 0;
        private boolean failureBlock = false;
        private boolean bootstrapOnFailure = true;
        private int retryCount = 5;
        private long retryTimerSeconds = 60;
        private long sequenceDelaySeconds = 86400;
        private int sequenceRetryCount = 1;
        private final Set<Integer> given = new TreeSet<>();

        private Builder() {
        }

        private Builder(RegistrationPolicy p) {
            this.priorityOrder = p.priorityOrder;
            this.initialDelaySeconds = p.initialDelaySeconds;
            this.failureBlock = p.failureBlock;
            this.bootstrapOnFailure = p.bootstrapOnFailure;
            this.retryCount = p.retryCount;
            this.retryTimerSeconds = p.retryTimerSeconds;
            this.sequenceDelaySeconds = p.sequenceDelaySeconds;
            this.sequenceRetryCount = p.sequenceRetryCount;
            this.given.addAll(p.given);

        }

        public Builder priorityOrder(long order) {
            this.priorityOrder = OptionalLong.of(atLeastZero(order, "Registration Priority Order", 13));
            given.add(13);
            return this;
        }

        /** Takes this server out of the order (resource 13 absent). */
        public Builder unordered() {
            this.priorityOrder = OptionalLong.empty();
            given.remove(13);
            return this;
        }

        public Builder initialDelaySeconds(long seconds) {
            this.initialDelaySeconds = atLeastZero(seconds, "Initial Registration Delay Timer", 14);
            given.add(14);
            return this;
        }

        public Builder failureBlock(boolean block) {
            this.failureBlock = block;
            given.add(15);
            return this;
        }

        public Builder bootstrapOnFailure(boolean bootstrap) {
            this.bootstrapOnFailure = bootstrap;
            given.add(16);
            return this;
        }

        public Builder retryCount(long count) {
            this.retryCount = anInt(count, "Communication Retry Count", 17);
            given.add(17);
            return this;
        }

        public Builder retryTimerSeconds(long seconds) {
            this.retryTimerSeconds = atLeastZero(seconds, "Communication Retry Timer", 18);
            given.add(18);
            return this;
        }

        public Builder sequenceDelaySeconds(long seconds) {
            this.sequenceDelaySeconds = atLeastZero(seconds, "Communication Sequence Delay Timer", 19);
            given.add(19);
            return this;
        }

        public Builder sequenceRetryCount(long count) {
            this.sequenceRetryCount = anInt(count, "Communication Sequence Retry Count", 20);
            given.add(20);
            return this;
        }

        /** Takes resource {@code resourceId} (13 to 20) back to not given: its TS default. */
        public Builder unset(int resourceId) {
            RegistrationPolicy d = DEFAULTS;
            switch (resourceId) {
                case 13 -> priorityOrder = d.priorityOrder;
                case 14 -> initialDelaySeconds = d.initialDelaySeconds;
                case 15 -> failureBlock = d.failureBlock;
                case 16 -> bootstrapOnFailure = d.bootstrapOnFailure;
                case 17 -> retryCount = d.retryCount;
                case 18 -> retryTimerSeconds = d.retryTimerSeconds;
                case 19 -> sequenceDelaySeconds = d.sequenceDelaySeconds;
                case 20 -> sequenceRetryCount = d.sequenceRetryCount;
                default -> throw new IllegalArgumentException("resource " + resourceId + " is not one of 13 to 20");
            }
            given.remove(resourceId);
            return this;
        }

        public RegistrationPolicy build() {
            return new RegistrationPolicy(this);
        }

        private static long atLeastZero(long value, String name, int resource) {
            if (value < 0) {
                throw new IllegalArgumentException(name + " (/1/x/" + resource + ") must be 0 or more, was " + value);
            }
            return value;
        }

        private static int anInt(long value, String name, int resource) {
            if (atLeastZero(value, name, resource) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + " (/1/x/" + resource + ") must be at most " + Integer.MAX_VALUE + ", was " + value);
            }
            return (int) value;
        }
    }
}
