package org.scgateway.api.euicc;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.scgateway.api.se.Aid;

/** A profile on an eUICC, as the card describes it (SGP.22 ProfileInfo, SGP.02 ISD-P). Immutable. */
public final class Profile {

    /** Whether the profile is the one in use. */
    public enum State {
        DISABLED,
        ENABLED
    }

    /** The profile class (SGP.22 ProfileClass). */
    public enum ProfileClass {
        TEST,
        PROVISIONING,
        OPERATIONAL
    }

    /** Profile policy rules (SGP.02 POL1, SGP.22 ppr1-ppr3). */
    public enum PolicyRule {
        /** The profile may not be disabled. */
        DISABLING_NOT_ALLOWED,
        /** The profile may not be deleted. */
        DELETION_NOT_ALLOWED,
        /** The profile must be deleted when it is disabled. */
        DELETION_REQUIRED_ON_DISABLE
    }

    private final Iccid iccid;
    private final Aid isdpAid;
    private final State state;
    private final ProfileClass profileClass;
    private final Set<PolicyRule> policyRules;
    private final boolean fallback;
    private final String nickname;
    private final String serviceProvider;
    private final String name;

    private Profile(Builder b) {
        this.iccid = Objects.requireNonNull(b.iccid, "a profile needs an ICCID");
        this.isdpAid = Objects.requireNonNull(b.isdpAid, "a profile needs an ISD-P AID");
        this.state = Objects.requireNonNull(b.state, "a profile needs a state");
        this.profileClass = Objects.requireNonNull(b.profileClass, "a profile needs a class");
        this.policyRules = Collections.unmodifiableSet(b.policyRules.isEmpty()
                ? EnumSet.noneOf(PolicyRule.class) : EnumSet.copyOf(b.policyRules));
        this.fallback = b.fallback;
        this.nickname = b.nickname;
        this.serviceProvider = b.serviceProvider;
        this.name = b.name;
    }

    public static Builder builder(Iccid iccid, Aid isdpAid) {
        return new Builder(iccid, isdpAid);
    }

    public Iccid iccid() {
        return iccid;
    }

    public Aid isdpAid() {
        return isdpAid;
    }

    public State state() {
        return state;
    }

    public boolean isEnabled() {
        return state == State.ENABLED;
    }

    public ProfileClass profileClass() {
        return profileClass;
    }

    public Set<PolicyRule> policyRules() {
        return policyRules;
    }

    /** Whether this is the fall-back profile. */
    public boolean isFallback() {
        return fallback;
    }

    public Optional<String> nickname() {
        return Optional.ofNullable(nickname);
    }

    public Optional<String> serviceProvider() {
        return Optional.ofNullable(serviceProvider);
    }

    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Profile)) {
            return false;
        }
        Profile p = (Profile) o;
        return iccid.equals(p.iccid) && isdpAid.equals(p.isdpAid) && state == p.state
                && profileClass == p.profileClass && policyRules.equals(p.policyRules) && fallback == p.fallback
                && Objects.equals(nickname, p.nickname) && Objects.equals(serviceProvider, p.serviceProvider)
                && Objects.equals(name, p.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(iccid, isdpAid, state, profileClass, policyRules, fallback, nickname, serviceProvider, name);
    }

    @Override
    public String toString() {
        return "Profile[" + iccid + " " + state + " " + profileClass + (fallback ? " fall-back" : "")
                + (policyRules.isEmpty() ? "" : " " + policyRules) + " ISD-P " + isdpAid + "]";
    }

    /** Builds a {@link Profile}; state defaults to disabled, class to operational. */
    public static final class Builder {
        private final Iccid iccid;
        private final Aid isdpAid;
        private State state = State.DISABLED;
        private ProfileClass profileClass = ProfileClass.OPERATIONAL;
        private final Set<PolicyRule> policyRules = EnumSet.noneOf(PolicyRule.class);
        private boolean fallback;
        private String nickname;
        private String serviceProvider;
        private String name;

        private Builder(Iccid iccid, Aid isdpAid) {
            this.iccid = iccid;
            this.isdpAid = isdpAid;
        }

        public Builder state(State state) {
            this.state = state;
            return this;
        }

        public Builder profileClass(ProfileClass profileClass) {
            this.profileClass = profileClass;
            return this;
        }

        public Builder policyRule(PolicyRule rule) {
            this.policyRules.add(Objects.requireNonNull(rule));
            return this;
        }

        public Builder fallback(boolean fallback) {
            this.fallback = fallback;
            return this;
        }

        /** At most 64 characters (SGP.22 profileNickname). */
        public Builder nickname(String nickname) {
            this.nickname = checkText("nickname", nickname);
            return this;
        }

        public Builder serviceProvider(String serviceProvider) {
            this.serviceProvider = checkText("service provider name", serviceProvider);
            return this;
        }

        public Builder name(String name) {
            this.name = checkText("profile name", name);
            return this;
        }

        public Profile build() {
            return new Profile(this);
        }

        private static String checkText(String what, String value) {
            if (value != null && value.length() > 64) {
                throw new IllegalArgumentException("a profile " + what + " is at most 64 characters, not " + value.length());
            }
            return value;
        }
    }
}
