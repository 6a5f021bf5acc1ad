package org.scgateway.api.lwm2m;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One LwM2M server's registration, at one moment: the client registers to each server of its Security and
 * Server objects, in the order and with the retries their Server instances ask for. Immutable.
 *
 * @since 2.2
 */
public final class ServerStatus {

    /** Where the registration to this server is. */
    public enum State {
        /** Behind another server in the Registration Priority Order. */
        WAITING,
        /** A Register is due or on its way. */
        REGISTERING,
        /** Registered; Registration Updates keep it alive. */
        REGISTERED,
        /** An attempt failed; another is due ({@link ServerStatus#nextAttempt()}). */
        RETRYING,
        /** Registration failed, as the server's Communication Retry and Sequence resources count failure. */
        FAILED,
        /** Behind a server whose registration failed with Registration Failure Block. */
        BLOCKED
    }

    private final int shortServerId;
    private final String uri;
    private final State state;
    private final String registrationId;
    private final Instant lastRegistration;
    private final Instant lastUpdate;
    private final String lastError;
    private final Instant nextAttempt;
    private final String securityMode;
    private final String pskIdentity;
    private final String keyLocation;

    private ServerStatus(Builder b) {
        this.shortServerId = b.shortServerId;
        this.uri = Objects.requireNonNull(b.uri, "uri");
        this.state = Objects.requireNonNull(b.state, "state");
        this.registrationId = b.registrationId;
        this.lastRegistration = b.lastRegistration;
        this.lastUpdate = b.lastUpdate;
        this.lastError = b.lastError;
        this.nextAttempt = b.nextAttempt;
        this.securityMode = b.securityMode;
        this.pskIdentity = b.pskIdentity;
        this.keyLocation = b.keyLocation;
    }

    public static Builder builder(int shortServerId, String uri, State state) {
        return new Builder(shortServerId, uri, state);
    }

    /** The server's Short Server ID (resource 0 of its Server instance). */
    public int shortServerId() {
        return shortServerId;
    }

    public String uri() {
        return uri;
    }

    public State state() {
        return state;
    }

    /** The registration id the server gave, while registered. */
    public Optional<String> registrationId() {
        return Optional.ofNullable(registrationId);
    }

    public Optional<Instant> lastRegistration() {
        return Optional.ofNullable(lastRegistration);
    }

    /** When the last Registration Update to this server succeeded. */
    public Optional<Instant> lastUpdate() {
        return Optional.ofNullable(lastUpdate);
    }

    /** Why the last attempt failed, if it did; names no secret. */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** When the next Register is due, while one is. */
    public Optional<Instant> nextAttempt() {
        return Optional.ofNullable(nextAttempt);
    }

    /** The Security Mode of the server's Security instance ({@code PSK}, {@code RPK}, {@code X509}, {@code NO_SEC}, ...). */
    public Optional<String> securityMode() {
        return Optional.ofNullable(securityMode);
    }

    /** The PSK identity towards this server in PSK mode: public, unlike the key. */
    public Optional<String> pskIdentity() {
        return Optional.ofNullable(pskIdentity);
    }

    /** Where the key towards this server is kept, in words; empty when the client holds none or does not know. */
    public Optional<String> keyLocation() {
        return Optional.ofNullable(keyLocation);
    }

    @Override
    public String toString() {
        return "ServerStatus[" + shortServerId + " " + uri + " " + state + (lastError == null ? "" : " error: " + lastError) + "]";
    }

    /** Builds a {@link ServerStatus}. */
    public static final class Builder {
        private final int shortServerId;
        private final String uri;
        private final State state;
        private String registrationId;
        private Instant lastRegistration;
        private Instant lastUpdate;
        private String lastError;
        private Instant nextAttempt;
        private String securityMode;
        private String pskIdentity;
        private String keyLocation;

        private Builder(int shortServerId, String uri, State state) {
            this.shortServerId = shortServerId;
            this.uri = uri;
            this.state = state;
        }

        public Builder registrationId(String v) {
            this.registrationId = v;
            return this;
        }

        public Builder lastRegistration(Instant v) {
            this.lastRegistration = v;
            return this;
        }

        public Builder lastUpdate(Instant v) {
            this.lastUpdate = v;
            return this;
        }

        public Builder lastError(String v) {
            this.lastError = v;
            return this;
        }

        public Builder nextAttempt(Instant v) {
            this.nextAttempt = v;
            return this;
        }

        public Builder security(String mode, String pskIdentity, String keyLocation) {
            this.securityMode = mode;
            this.pskIdentity = pskIdentity;
            this.keyLocation = keyLocation;
            return this;
        }

        public ServerStatus build() {
            return new ServerStatus(this);
        }
    }
}
