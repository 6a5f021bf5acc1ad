package org.scgateway.api.lwm2m;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/** What the LwM2M client is doing, at one moment. Immutable. */
public final class ClientStatus {

    /** Where the client is in its life-cycle. */
    public enum State {
        /** No server and no bootstrap server are configured: the client waits for configuration. */
        NOT_CONFIGURED,
        /** Asking a bootstrap server for its configuration. */
        BOOTSTRAPPING,
        /** Registering (or re-registering) with the server. */
        REGISTERING,
        /** Registered; updates keep the registration alive. */
        REGISTERED,
        /** The last attempt failed; the client retries with back-off. */
        RETRYING,
        /** Stopped (and deregistered, if it was registered). */
        STOPPED
    }

    private final String endpoint;
    private final State state;
    private final String serverUri;
    private final String registrationId;
    private final Instant lastRegistration;
    private final Instant lastUpdate;
    private final String lastError;
    private final String serversFrom;
    private final String sourceProblem;
    private final SortedSet<Integer> objectIds;
    private final Map<String, List<ObjectLink>> hostedInstances;
    private final String securityMode;
    private final String pskIdentity;
    private final String keyLocation;
    private final List<ServerStatus> servers;

    private ClientStatus(Builder b) {
        this.endpoint = Objects.requireNonNull(b.endpoint, "endpoint");
        this.state = Objects.requireNonNull(b.state, "state");
        this.serverUri = b.serverUri;
        this.registrationId = b.registrationId;
        this.lastRegistration = b.lastRegistration;
        this.lastUpdate = b.lastUpdate;
        this.lastError = b.lastError;
        this.serversFrom = b.serversFrom;
        this.sourceProblem = b.sourceProblem;
        this.objectIds = Collections.unmodifiableSortedSet(new TreeSet<>(b.objectIds));
        java.util.TreeMap<String, List<ObjectLink>> hosted = new java.util.TreeMap<>();
        b.hostedInstances.forEach((component, links) -> hosted.put(component, List.copyOf(links)));
        this.hostedInstances = Collections.unmodifiableMap(hosted);
        this.securityMode = b.securityMode;
        this.pskIdentity = b.pskIdentity;
        this.keyLocation = b.keyLocation;
        this.servers = List.copyOf(b.servers);
    }

    public static Builder builder(String endpoint, State state) {
        return new Builder(endpoint, state);
    }

    /** The endpoint client name the client registers with. */
    public String endpoint() {
        return endpoint;
    }

    public State state() {
        return state;
    }

    /** The URI of the server the client registers with (or bootstraps from). */
    public Optional<String> serverUri() {
        return Optional.ofNullable(serverUri);
    }

    /** The registration id the server gave, while registered. */
    public Optional<String> registrationId() {
        return Optional.ofNullable(registrationId);
    }

    public Optional<Instant> lastRegistration() {
        return Optional.ofNullable(lastRegistration);
    }

    /** When the last Registration Update succeeded. */
    public Optional<Instant> lastUpdate() {
        return Optional.ofNullable(lastUpdate);
    }

    /** Why the last attempt failed, if it did; names no secret. */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /**
     * Where the client's servers came from: a bootstrap source ({@code "smartcard ... EF LwM2M_Bootstrap"}) or
     * its configuration.
     */
    public Optional<String> serversFrom() {
        return Optional.ofNullable(serversFrom);
    }

    /**
     * Why a bootstrap source consulted before {@link #serversFrom()} was not used (malformed data, wrong keys,
     * a card pulled mid-read), as at the client's last start; names no secret.
     */
    public Optional<String> sourceProblem() {
        return Optional.ofNullable(sourceProblem);
    }

    /** The ids of the objects in the client's tree. */
    public SortedSet<Integer> objectIds() {
        return objectIds;
    }

    /**
     * The object instances of the client's tree whose data live in a Secure Component (LwM2M-SCS-4), by the
     * component's id ({@code scgw.component.id}): the instances read from a card's bootstrap file, and the
     * Security instances whose keys the client keeps in a card's credential store. Empty when none do.
     *
     * @since 1.3
     */
    public Map<String, List<ObjectLink>> hostedInstances() {
        return hostedInstances;
    }

    /**
     * How the client is secured towards {@link #serverUri()}: the Security Mode of its Security instance
     * ({@code PSK}, {@code RPK}, {@code X509}, {@code NO_SEC}, ...), once known.
     *
     * @since 1.4
     */
    public Optional<String> securityMode() {
        return Optional.ofNullable(securityMode);
    }

    /**
     * The PSK identity the client uses towards {@link #serverUri()} in PSK mode: public, unlike the key.
     *
     * @since 1.4
     */
    public Optional<String> pskIdentity() {
        return Optional.ofNullable(pskIdentity);
    }

    /**
     * Where the key towards {@link #serverUri()} is kept, in words ("secure component sim-... (its bootstrap
     * file)", a credential store's location); empty when the client holds none or does not know.
     *
     * @since 1.4
     */
    public Optional<String> keyLocation() {
        return Optional.ofNullable(keyLocation);
    }

    /**
     * Each LwM2M server's registration, by Short Server ID: the client registers to every one. The client-wide
     * fields above ({@link #serverUri()}, {@link #registrationId()}, ...) tell of the first server registered, or
     * the one being tried. Empty while the client has no LwM2M server (bootstrapping, not configured).
     *
     * @since 2.2
     */
    public List<ServerStatus> servers() {
        return servers;
    }

    @Override
    public String toString() {
        return "ClientStatus[" + endpoint + " " + state + (serverUri == null ? "" : " " + serverUri)
                + (lastError == null ? "" : " error: " + lastError) + " objects " + objectIds + "]";
    }

    /** Builds a {@link ClientStatus}. */
    public static final class Builder {
        private final String endpoint;
        private final State state;
        private String serverUri;
        private String registrationId;
        private Instant lastRegistration;
        private Instant lastUpdate;
        private String lastError;
        private String serversFrom;
        private String sourceProblem;
        private SortedSet<Integer> objectIds = new TreeSet<>();
        private Map<String, List<ObjectLink>> hostedInstances = Map.of();
        private String securityMode;
        private String pskIdentity;
        private String keyLocation;
        private List<ServerStatus> servers = List.of();

        private Builder(String endpoint, State state) {
            this.endpoint = endpoint;
            this.state = state;
        }

        public Builder serverUri(String v) {
            this.serverUri = v;
            return this;
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

        public Builder serversFrom(String v) {
            this.serversFrom = v;
            return this;
        }

        public Builder sourceProblem(String v) {
            this.sourceProblem = v;
            return this;
        }

        public Builder objectIds(java.util.Collection<Integer> ids) {
            this.objectIds = new TreeSet<>(ids);
            return this;
        }

        /** @since 1.3 */
        public Builder hostedInstances(Map<String, List<ObjectLink>> byComponent) {
            this.hostedInstances = Objects.requireNonNull(byComponent, "byComponent");
            return this;
        }

        /** @since 1.4 */
        public Builder security(String mode, String pskIdentity, String keyLocation) {
            this.securityMode = mode;
            this.pskIdentity = pskIdentity;
            this.keyLocation = keyLocation;
            return this;
        }

        /** @since 2.2 */
        public Builder servers(List<ServerStatus> v) {
            this.servers = Objects.requireNonNull(v, "servers");
            return this;
        }

        public ClientStatus build() {
            return new ClientStatus(this);
        }
    }
}
