package org.scgateway.lwm2m.client.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.eclipse.leshan.client.observer.LwM2mClientObserver;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.request.BootstrapRequest;
import org.eclipse.leshan.core.request.DeregisterRequest;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;
import org.scgateway.api.lwm2m.ClientStatus;
import org.scgateway.api.lwm2m.ClientStatus.State;
import org.scgateway.api.lwm2m.ObjectLink;
import org.scgateway.api.lwm2m.ServerStatus;
import org.scgateway.lwm2m.client.internal.GatewayRegistrationEngine.ServerView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Follows the client's registration life-cycle, logs it in a person's words, and answers status queries. */
final class StatusTracker implements LwM2mClientObserver {

    private static final Logger LOG = LoggerFactory.getLogger(StatusTracker.class);

    private final String endpoint;
    /** The server aimed at, then the one registered to (after a bootstrap, not the bootstrap server). */
    private volatile String serverUri;
    private final Supplier<Collection<Integer>> objectIds;
    /** The objects and instances in the tree now; null while there is no client. */
    private final Supplier<Set<String>> treePaths;
    /** Sends a Registration Update (asynchronously). */
    private final Runnable update;
    /** What the server was last told the client shows. */
    private volatile Set<String> serverPaths = Set.of();
    /**
     * The tree when the last catch-up update was asked for. An update that carried no links tells nothing new,
     * so while it stays the tree, such updates ask no more; an update that carried links resets it.
     */
    private volatile Set<String> catchingUpTo;
    /** Catch-up updates asked for since the server's view last matched the tree; bounded, lest the two never match. */
    private int catchUps;
    static final int MAX_CATCH_UPS = 5;
    private volatile State state;
    private volatile String registrationId;
    private volatile Instant lastRegistration;
    private volatile Instant lastUpdate;
    private volatile String lastError;

    StatusTracker(String endpoint, String serverUri, State initial, String error, Supplier<Collection<Integer>> objectIds) {
        this(endpoint, serverUri, initial, error, objectIds, () -> null, () -> { });
    }

    /**
     * @param treePaths what the tree shows now ({@link ObjectPaths})
     * @param update    sends a Registration Update when the server's view has fallen behind the tree
     */
    StatusTracker(String endpoint, String serverUri, State initial, String error, Supplier<Collection<Integer>> objectIds,
            Supplier<Set<String>> treePaths, Runnable update) {
        this.endpoint = endpoint;
        this.serverUri = serverUri;
        this.state = initial;
        this.lastError = error;
        this.objectIds = objectIds;
        this.treePaths = treePaths;
        this.update = update;
    }

    /**
     * Objects that come or go while a Register or Update is on its way are not in it, and Leshan drops an
     * update asked for before registration completes. So after each one, the server's view is compared with
     * the tree, and one more Update is sent when they differ.
     */
    private synchronized void catchUp() {
        Set<String> now = treePaths.get();
        if (now == null || now.equals(serverPaths)) {
            catchingUpTo = null;
            catchUps = 0;
        } else if (catchUps >= MAX_CATCH_UPS) {
            if (catchUps++ == MAX_CATCH_UPS) {
                LOG.warn("the server's view of the objects ({}) still differs from the tree ({}) after {} updates; "
                        + "the next regular update tries again", serverPaths, now, MAX_CATCH_UPS);
            }
        } else if (!now.equals(catchingUpTo)) {
            catchingUpTo = now;
            catchUps++;
            LOG.debug("objects changed while the server was being told ({} now, {} told): another registration update", now, serverPaths);
            update.run();
        }
    }

    private volatile String serversFrom;
    private volatile String sourceProblem;

    /**
     * The client as a whole, and each server. With servers, the client-wide fields are those of the first server
     * registered (by short server id), else of the first one; the client is registered while any server is.
     */
    ClientStatus status() {
        Map<Integer, ServerView> now = views.get();
        List<ServerStatus> servers = new java.util.ArrayList<>();
        now.forEach((ssid, v) -> servers.add(serverStatus(ssid, v)));
        State s = state;
        if (!servers.isEmpty() && (s == State.REGISTERING || s == State.REGISTERED || s == State.RETRYING)) {
            ServerStatus lead = servers.stream().filter(v -> v.state() == ServerStatus.State.REGISTERED).findFirst().orElse(servers.get(0));
            s = lead.state() == ServerStatus.State.REGISTERED ? State.REGISTERED
                    : servers.stream().anyMatch(v -> v.lastError().isPresent()) ? State.RETRYING : State.REGISTERING;
            return base(s).serverUri(lead.uri()).registrationId(lead.registrationId().orElse(null))
                    .lastRegistration(lead.lastRegistration().orElse(null)).lastUpdate(lead.lastUpdate().orElse(null))
                    .lastError(servers.stream().map(v -> v.lastError().orElse(null)).filter(java.util.Objects::nonNull).findFirst().orElse(null))
                    .security(lead.securityMode().orElse(null), lead.pskIdentity().orElse(null), lead.keyLocation().orElse(null))
                    .servers(servers).build();
        }
        Security sec = security;
        return base(s).serverUri(serverUri).registrationId(registrationId).lastRegistration(lastRegistration).lastUpdate(lastUpdate)
                .lastError(lastError)
                .security(sec == null ? null : sec.mode, sec == null ? null : sec.pskIdentity, sec == null ? null : sec.keyLocation)
                .servers(servers).build();
    }

    private ClientStatus.Builder base(State s) {
        return ClientStatus.builder(endpoint, s).serversFrom(serversFrom).sourceProblem(sourceProblem).objectIds(objectIds.get())
                .hostedInstances(hosted);
    }

    private ServerStatus serverStatus(int ssid, ServerView v) {
        ServerStatus.State s;
        if (v.state() == null) {
            s = ServerStatus.State.WAITING;
        } else {
            switch (v.state()) {
                case REGISTERED -> s = ServerStatus.State.REGISTERED;
                case FAILED -> s = ServerStatus.State.FAILED;
                case BLOCKED -> s = ServerStatus.State.BLOCKED;
                case WAITING -> s = ServerStatus.State.WAITING;
                default -> s = v.lastError() != null ? ServerStatus.State.RETRYING : ServerStatus.State.REGISTERING;
            }
        }
        Security sec = securityOf.apply(v.server());
        return ServerStatus.builder(ssid, v.server().getUri(), s).registrationId(v.registrationId()).lastRegistration(v.lastRegistration())
                .lastUpdate(v.lastUpdate()).lastError(v.lastError()).nextAttempt(v.nextAttempt())
                .security(sec == null ? null : sec.mode, sec == null ? null : sec.pskIdentity, sec == null ? null : sec.keyLocation).build();
    }

    /** Each server's registration, from the engine; none until the client has one. */
    private volatile Supplier<Map<Integer, ServerView>> views = Map::of;

    void views(Supplier<Map<Integer, ServerView>> engineViews) {
        this.views = engineViews;
    }

    /** How the client is secured towards a server: mode, PSK identity (public), where the key is kept (in words). */
    static final class Security {
        final String mode;
        final String pskIdentity;
        final String keyLocation;

        Security(String mode, String pskIdentity, String keyLocation) {
            this.mode = mode;
            this.pskIdentity = pskIdentity;
            this.keyLocation = keyLocation;
        }
    }

    private volatile Security security;
    /** Reads the security towards a server from the client's Security object; set once, at start. */
    private volatile java.util.function.Function<LwM2mServer, Security> securityOf = s -> null;

    void securityOf(java.util.function.Function<LwM2mServer, Security> reader) {
        this.securityOf = reader;
    }

    private volatile Map<String, List<ObjectLink>> hosted = Map.of();

    /** The instances that live in Secure Components: set once, at start. */
    void hostedInstances(Map<String, List<ObjectLink>> byComponent) {
        this.hosted = byComponent;
    }

    /** Where the servers came from, and why a source consulted first was not used: set once, at start. */
    void origin(String serversFrom, String sourceProblem) {
        this.serversFrom = serversFrom;
        this.sourceProblem = sourceProblem;
    }

    void stopped() {
        state = State.STOPPED;
        registrationId = null;
    }

    private void failed(String what, LwM2mServer server, ResponseCode code, String message, Exception cause) {
        state = State.RETRYING;
        registrationId = null;
        StringBuilder sb = new StringBuilder(what).append(" with ").append(server == null ? serverUri : server.getUri()).append(" failed");
        if (code != null) {
            sb.append(": ").append(code);
        }
        if (message != null && !message.isBlank()) {
            sb.append(" (").append(message).append(')');
        }
        if (cause != null) {
            sb.append(": ").append(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        }
        lastError = sb.toString();
        LOG.warn("{}", lastError);
    }

    @Override
    public void onBootstrapStarted(LwM2mServer server, BootstrapRequest request) {
        state = State.BOOTSTRAPPING;
        LOG.info("bootstrapping from {}", server.getUri());
    }

    @Override
    public void onBootstrapSuccess(LwM2mServer server, BootstrapRequest request) {
        lastError = null;
        LOG.info("bootstrap from {} finished", server.getUri());
    }

    @Override
    public void onBootstrapFailure(LwM2mServer server, BootstrapRequest request, ResponseCode code, String message, Exception cause) {
        failed("bootstrap", server, code, message, cause);
    }

    @Override
    public void onBootstrapTimeout(LwM2mServer server, BootstrapRequest request) {
        failed("bootstrap", server, null, "no answer in time", null);
    }

    @Override
    public void onRegistrationStarted(LwM2mServer server, RegisterRequest request) {
        state = State.REGISTERING;
    }

    @Override
    public void onRegistrationSuccess(LwM2mServer server, RegisterRequest request, String id) {
        state = State.REGISTERED;
        registrationId = id;
        lastRegistration = Instant.now();
        lastError = null;
        serverUri = server.getUri();
        security = securityOf.apply(server);
        LOG.info("registered with {} as {} (registration {}{})", server.getUri(), endpoint, id, security == null ? "" : ", "
                + security.mode + (security.pskIdentity == null ? "" : " identity " + security.pskIdentity)
                + (security.keyLocation == null ? "" : ", key in " + security.keyLocation));
        serverPaths = ObjectPaths.of(request.getObjectLinks());
        catchingUpTo = null; // links fresh from the server's side: a difference now is news
        catchUp();
    }

    @Override
    public void onRegistrationFailure(LwM2mServer server, RegisterRequest request, ResponseCode code, String message, Exception cause) {
        failed("registration", server, code, message, cause);
    }

    @Override
    public void onRegistrationTimeout(LwM2mServer server, RegisterRequest request) {
        failed("registration", server, null, "no answer in time", null);
    }

    @Override
    public void onUpdateStarted(LwM2mServer server, UpdateRequest request) {
    }

    @Override
    public void onUpdateSuccess(LwM2mServer server, UpdateRequest request) {
        lastUpdate = Instant.now();
        LOG.debug("registration update with {} done", server.getUri());
        if (request.getObjectLinks() != null) {
            // Links taken from the tree when the update left: a change since then must go in another one, even
            // if the tree is back to what the last catch-up asked for (objects that came and went meanwhile).
            serverPaths = ObjectPaths.of(request.getObjectLinks());
            catchingUpTo = null;
        }
        catchUp();
    }

    @Override
    public void onUpdateFailure(LwM2mServer server, UpdateRequest request, ResponseCode code, String message, Exception cause) {
        failed("registration update", server, code, message, cause);
    }

    @Override
    public void onUpdateTimeout(LwM2mServer server, UpdateRequest request) {
        failed("registration update", server, null, "no answer in time", null);
    }

    @Override
    public void onDeregistrationStarted(LwM2mServer server, DeregisterRequest request) {
    }

    @Override
    public void onDeregistrationSuccess(LwM2mServer server, DeregisterRequest request) {
        registrationId = null;
        LOG.info("deregistered from {}", server.getUri());
    }

    @Override
    public void onDeregistrationFailure(LwM2mServer server, DeregisterRequest request, ResponseCode code, String message, Exception cause) {
        LOG.warn("deregistration from {} failed: {} {}", server.getUri(), code, message == null ? "" : message);
    }

    @Override
    public void onDeregistrationTimeout(LwM2mServer server, DeregisterRequest request) {
        LOG.warn("deregistration from {}: no answer in time", server.getUri());
    }

    @Override
    public void onUnexpectedError(Throwable unexpectedError) {
        state = State.STOPPED;
        lastError = "the client stopped after an unexpected error: " + unexpectedError;
        LOG.error("the LwM2M client stopped after an unexpected error", unexpectedError);
    }

    static List<Integer> none() {
        return List.of();
    }
}
