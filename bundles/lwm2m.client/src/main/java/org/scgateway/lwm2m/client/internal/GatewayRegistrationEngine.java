package org.scgateway.lwm2m.client.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.eclipse.leshan.client.EndpointsManager;
import org.eclipse.leshan.client.RegistrationUpdate;
import org.eclipse.leshan.client.bootstrap.BootstrapHandler;
import org.eclipse.leshan.client.bootstrap.InvalidStateException;
import org.eclipse.leshan.client.engine.RegistrationEngine;
import org.eclipse.leshan.client.observer.LwM2mClientObserver;
import org.eclipse.leshan.client.request.UplinkRequestSender;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.LwM2mObjectTree;
import org.eclipse.leshan.client.servers.DmServerInfo;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.client.servers.ServerInfo;
import org.eclipse.leshan.client.servers.ServersInfo;
import org.eclipse.leshan.client.servers.ServersInfoExtractor;
import org.eclipse.leshan.client.resource.ObjectTreeReader;
import org.eclipse.leshan.client.engine.ClientEndpointNameProvider;
import org.eclipse.leshan.client.util.LinkFormatHelper;
import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.request.BootstrapRequest;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.DeregisterRequest;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;
import org.eclipse.leshan.core.response.BootstrapResponse;
import org.eclipse.leshan.core.response.DeregisterResponse;
import org.eclipse.leshan.core.response.RegisterResponse;
import org.eclipse.leshan.core.response.UpdateResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the client to every LwM2M server of its Security and Server objects at once, each with its own lifetime,
 * Registration Update timer, binding, queue mode and endpoint (so its own DTLS session), in the order and with the
 * retries the Server instances ask for ({@link RegistrationSequence}). Leshan's engine registers to the first server
 * only (eclipse-leshan/leshan#600). Without any LwM2M server, or when a server's policy asks for it after its
 * registration failed, the client bootstraps from its bootstrap server, then registers to what that wrote.
 *
 * <p>Sends are asynchronous, so a server that does not answer holds up nobody; the engine's state is changed under
 * its monitor, and its timers run on the client's scheduler. What Leshan asks of it while holding an object's lock (may
 * this server be answered, which servers are registered; a notification asks from within the object it reads) is
 * answered without that monitor, and what it asks to be done (an Update, a bootstrap) is queued on the scheduler: the
 * engine reads the object tree while holding its monitor (a Register's links, an Update's answer told to the status),
 * so an object's lock is only ever taken after the engine's, never before. MultiServerIT deadlocked when it was:
 * an Update's answer held the engine and waited for 504's object, whose instance removal held the object and waited
 * for the engine.
 */
final class GatewayRegistrationEngine implements RegistrationEngine {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayRegistrationEngine.class);

    /** Timers and timeouts, from the client's configuration. */
    record Timing(long requestTimeoutMs, long deregistrationTimeoutMs, int bootstrapSessionTimeoutS, boolean resumeOnConnect,
            long retryWaitMs, long maxRetryWaitMs) {

        /** A failed bootstrap is tried again after retryWaitMs, doubling up to maxRetryWaitMs. */
        long bootstrapRetryMs(int failures) {
            long wait = retryWaitMs << Math.min(failures, 30);
            return wait <= 0 || wait > maxRetryWaitMs ? maxRetryWaitMs : wait;
        }
    }

    /** One LwM2M server as the engine follows it; the status reads it. */
    static final class Tracked {
        final LwM2mServer server;
        volatile String registrationId;
        volatile Instant lastRegistration;
        volatile Instant lastUpdate;
        volatile String lastError;
        volatile Instant nextAttempt;
        Future<?> task; // the Register or Update due, guarded by the engine
        boolean taskTriggered; // that task is an Update asked for (objects changed), not the periodic one

        Tracked(LwM2mServer server) {
            this.server = server;
        }
    }

    private final ClientEndpointNameProvider endpoint;
    private final ServersInfoExtractor serversInfo;
    private final LwM2mObjectTree tree;
    private final EndpointsManager endpoints;
    private final UplinkRequestSender sender;
    private final BootstrapHandler bootstrapHandler;
    private final LwM2mClientObserver observer;
    private final Map<String, String> attributes;
    private final Map<String, String> bootstrapAttributes;
    private final Set<ContentFormat> formats;
    private final ScheduledExecutorService scheduler;
    private final LinkFormatHelper linkFormat;
    private final Timing timing;
    private final IntFunction<RegistrationSequence.Policy> policies;

    // Changed under this; read without it where Leshan asks (see above), hence concurrent maps and volatile fields.
    private volatile boolean started;
    private final Map<Integer, Tracked> servers = new java.util.concurrent.ConcurrentSkipListMap<>();
    /** Servers no endpoint could be made for: shown failed, never tried. */
    private final Map<Integer, Tracked> unreachable = new java.util.concurrent.ConcurrentSkipListMap<>();
    private volatile RegistrationSequence sequence;
    private volatile LwM2mServer bootstrapServer;

    // guarded by this
    private Future<?> bootstrapTask;
    private int bootstrapFailures;
    /** Bumped at every start, stop and bootstrap: answers to requests of an earlier round are dropped. */
    private int round;

    @SuppressWarnings("java:S107") // what Leshan's engine factory hands over, and the gateway's settings
    GatewayRegistrationEngine(ClientEndpointNameProvider endpoint, ServersInfoExtractor serversInfo, LwM2mObjectTree tree,
            EndpointsManager endpoints, UplinkRequestSender sender, BootstrapHandler bootstrapHandler, LwM2mClientObserver observer,
            Map<String, String> attributes, Map<String, String> bootstrapAttributes, Set<ContentFormat> formats,
            ScheduledExecutorService scheduler, LinkFormatHelper linkFormat, Timing timing,
            IntFunction<RegistrationSequence.Policy> policies) {
        this.endpoint = endpoint;
        this.serversInfo = serversInfo;
        this.tree = tree;
        this.endpoints = endpoints;
        this.sender = sender;
        this.bootstrapHandler = bootstrapHandler;
        this.observer = observer;
        this.attributes = attributes;
        this.bootstrapAttributes = bootstrapAttributes;
        this.formats = formats;
        this.scheduler = scheduler;
        this.linkFormat = linkFormat;
        this.timing = timing;
        this.policies = policies;
    }

    @Override
    public void start() {
        stop(false);
        synchronized (this) {
            started = true;
            round++;
            ServersInfo info = serversInfo.getInfo(enablers());
            if (!info.deviceManagements.isEmpty()) {
                registerToAll(info);
            } else if (info.bootstrap != null) {
                scheduleBootstrap(0);
            } else {
                throw new IllegalStateException("no LwM2M server and no bootstrap server in the Security and Server objects");
            }
        }
    }

    /** Opens an endpoint to every LwM2M server and starts the registration sequence. */
    private void registerToAll(ServersInfo info) {
        Map<Integer, RegistrationSequence.Policy> byServer = new LinkedHashMap<>();
        for (DmServerInfo dm : new TreeMap<>(info.deviceManagements).values()) {
            LwM2mServer server = endpoints.createEndpoint(dm, queueMode(dm));
            if (server == null) {
                LOG.error("no endpoint could be made for {} (short server id {}): it is not registered to", dm.serverUri, dm.serverId);
                Tracked out = new Tracked(new LwM2mServer(new IpPeer(dm.getAddress()), dm.serverId, dm.serverUri));
                String why = ServerEndpoints.unsupported(dm);
                out.lastError = "no endpoint could be made: " + (why != null ? why : "see the log");
                unreachable.put((int) dm.serverId, out);
                continue;
            }
            int ssid = (int) dm.serverId;
            servers.put(ssid, new Tracked(server));
            byServer.put(ssid, policies.apply(ssid));
        }
        int thisRound = round;
        sequence = new RegistrationSequence(byServer, new RegistrationSequence.Actions() {
            @Override
            public void register(int ssid, Duration delay) {
                Tracked t = servers.get(ssid);
                if (t.lastError != null) {
                    LOG.info("next registration attempt to {} in {} s", t.server.getUri(), delay.toSeconds());
                }
                scheduleRegister(thisRound, ssid, delay);
            }

            @Override
            public void failed(int ssid, String why) {
                Tracked t = servers.get(ssid);
                LOG.warn("registration to {} (short server id {}) failed: {}", t.server.getUri(), ssid, why);
            }

            @Override
            public boolean bootstrap(int ssid) {
                if (serversInfo.getBootstrapServerInfo(enablers()) == null) {
                    return false;
                }
                LOG.info("bootstrapping, as the Server instance of short server id {} asks after its registration failed", ssid);
                triggerClientInitiatedBootstrap(true);
                return true;
            }
        });
        sequence.start();
    }

    private void scheduleRegister(int forRound, int ssid, Duration delay) {
        Tracked t = servers.get(ssid);
        t.nextAttempt = Instant.now().plus(delay);
        cancel(t);
        t.task = scheduler.schedule(() -> register(forRound, ssid), delay.toMillis(), TimeUnit.MILLISECONDS);
        t.taskTriggered = false;
    }

    private void register(int forRound, int ssid) {
        Tracked t;
        RegisterRequest request;
        synchronized (this) {
            if (!started || forRound != round) {
                return;
            }
            t = servers.get(ssid);
            t.nextAttempt = null;
            DmServerInfo dm = serversInfo.getDMServerInfo(enablers(), (long) ssid);
            if (dm == null) {
                LOG.info("short server id {} has no Server instance any more: not registering to it", ssid);
                return;
            }
            LwM2mVersion version = LwM2mVersion.lastSupported();
            EnumSet<BindingMode> supported = ObjectTreeReader.getDeviceSupportedBindingMode(enablers().get(LwM2mId.DEVICE), 0);
            Link[] links = linkFormat.getClientDescription(enablers().values(), null,
                    ContentFormat.getOptionalContentFormatForClient(formats, version));
            request = new RegisterRequest(endpoint.getEndpointNameFor(dm, RegisterRequest.class), dm.lifetime, version.toString(),
                    supported, queueMode(dm), null, links, attributes);
        }
        observer.onRegistrationStarted(t.server, request);
        sender.send(t.server, request, timing.requestTimeoutMs(), response -> registered(forRound, ssid, request, response),
                e -> registerError(forRound, ssid, request, e));
    }

    private synchronized void registered(int forRound, int ssid, RegisterRequest request, RegisterResponse response) {
        if (!started || forRound != round) {
            return;
        }
        Tracked t = servers.get(ssid);
        if (response.isSuccess()) {
            t.registrationId = response.getRegistrationID();
            t.lastRegistration = Instant.now();
            t.lastError = null;
            schedulePeriodicUpdate(forRound, ssid, nextUpdateMs(t.server, request.getLifetime()));
            observer.onRegistrationSuccess(t.server, request, t.registrationId);
            sequence.registered(ssid);
        } else {
            t.lastError = "registration refused: " + response.getCode() + message(response.getErrorMessage());
            observer.onRegistrationFailure(t.server, request, response.getCode(), response.getErrorMessage(), null);
            if (response.getCode().isClientError()) {
                sequence.rejected(ssid, response.getCode().toString());
            } else {
                sequence.attemptFailed(ssid, response.getCode().toString());
            }
        }
    }

    private void registerError(int forRound, int ssid, RegisterRequest request, Exception e) {
        Tracked t;
        synchronized (this) {
            if (!started || forRound != round) {
                return;
            }
            t = servers.get(ssid);
        }
        boolean timeout = e instanceof org.eclipse.leshan.core.request.exception.TimeoutException;
        if (timeout) {
            observer.onRegistrationTimeout(t.server, request);
            // The server may have lost the DTLS session: the next attempt starts with a handshake.
            endpoints.forceReconnection(t.server, timing.resumeOnConnect());
        } else {
            observer.onRegistrationFailure(t.server, request, null, null, e);
        }
        synchronized (this) {
            if (started && forRound == round) {
                t.lastError = timeout ? "registration: no answer in time" : "registration: " + describe(e);
                sequence.attemptFailed(ssid, timeout ? "no answer in time" : describe(e));
            }
        }
    }

    private long nextUpdateMs(LwM2mServer server, long lifetimeS) {
        return endpoints.getMaxCommunicationPeriodFor(server, lifetimeS * 1000);
    }

    /** The periodic Update after this one's answer, unless an Update asked for is still to go: its answer schedules it. */
    private void schedulePeriodicUpdate(int forRound, int ssid, long delayMs) {
        Tracked t = servers.get(ssid);
        if (t.task != null && t.taskTriggered && !t.task.isDone()) {
            return; // replacing it would lose the object links it carries until the next period
        }
        scheduleUpdate(forRound, ssid, new RegistrationUpdate(), delayMs);
        t.taskTriggered = false;
    }

    private void scheduleUpdate(int forRound, int ssid, RegistrationUpdate update, long delayMs) {
        Tracked t = servers.get(ssid);
        cancel(t);
        t.task = scheduler.schedule(() -> update(forRound, ssid, update, true), delayMs, TimeUnit.MILLISECONDS);
        t.taskTriggered = true;
    }

    private void update(int forRound, int ssid, RegistrationUpdate u, boolean retryOnTimeout) {
        Tracked t;
        UpdateRequest request;
        synchronized (this) {
            t = servers.get(ssid);
            if (!started || forRound != round || t == null || t.registrationId == null) {
                return;
            }
            request = new UpdateRequest(t.registrationId, u.getLifeTimeInSec(), u.getSmsNumber(), u.getBindingMode(), u.getObjectLinks(),
                    u.getAdditionalAttributes());
        }
        observer.onUpdateStarted(t.server, request);
        sender.send(t.server, request, timing.requestTimeoutMs(), response -> updated(forRound, ssid, request, response),
                e -> updateError(forRound, ssid, u, request, e, retryOnTimeout));
    }

    private synchronized void updated(int forRound, int ssid, UpdateRequest request, UpdateResponse response) {
        if (!started || forRound != round) {
            return;
        }
        Tracked t = servers.get(ssid);
        if (response.getCode() == ResponseCode.CHANGED) {
            t.lastUpdate = Instant.now();
            DmServerInfo dm = serversInfo.getDMServerInfo(enablers(), (long) ssid);
            schedulePeriodicUpdate(forRound, ssid, nextUpdateMs(t.server, dm == null ? 300 : dm.lifetime));
            observer.onUpdateSuccess(t.server, request);
        } else {
            // 4.04: the server forgot the registration; anything else: it refuses this one. Register anew.
            t.lastError = "registration update refused: " + response.getCode() + message(response.getErrorMessage());
            observer.onUpdateFailure(t.server, request, response.getCode(), response.getErrorMessage(), null);
            lost(t, ssid);
        }
    }

    private void updateError(int forRound, int ssid, RegistrationUpdate u, UpdateRequest request, Exception e, boolean retryOnTimeout) {
        Tracked t;
        synchronized (this) {
            if (!started || forRound != round) {
                return;
            }
            t = servers.get(ssid);
        }
        boolean timeout = e instanceof org.eclipse.leshan.core.request.exception.TimeoutException;
        if (timeout && retryOnTimeout) {
            // The server may have lost the DTLS session (a restart): once more after a handshake.
            endpoints.forceReconnection(t.server, timing.resumeOnConnect());
            update(forRound, ssid, u, false);
            return;
        }
        if (timeout) {
            observer.onUpdateTimeout(t.server, request);
        } else {
            observer.onUpdateFailure(t.server, request, null, null, e);
        }
        synchronized (this) {
            if (started && forRound == round) {
                t.lastError = timeout ? "registration update: no answer in time" : "registration update: " + describe(e);
                lost(t, ssid);
            }
        }
    }

    private void lost(Tracked t, int ssid) {
        t.registrationId = null;
        sequence.lost(ssid);
    }

    @Override
    public void triggerRegistrationUpdate() {
        triggerRegistrationUpdate(new RegistrationUpdate());
    }

    /**
     * Queued on the scheduler rather than done here: Leshan calls this from its object tree's listeners, holding an
     * object's lock, while a Register holds the engine's and reads the tree for its links (a deadlock seen in
     * MultiServerIT).
     */
    @Override
    public void triggerRegistrationUpdate(RegistrationUpdate update) {
        later(() -> {
            synchronized (this) {
                servers.forEach((ssid, t) -> {
                    if (t.registrationId != null) {
                        scheduleUpdate(round, ssid, update, 0);
                    }
                });
            }
        });
    }

    @Override
    public void triggerRegistrationUpdate(LwM2mServer server) {
        triggerRegistrationUpdate(server, new RegistrationUpdate());
    }

    @Override
    public void triggerRegistrationUpdate(LwM2mServer server, RegistrationUpdate update) {
        later(() -> {
            synchronized (this) {
                servers.forEach((ssid, t) -> {
                    if (t.server.equals(server) && t.registrationId != null) {
                        scheduleUpdate(round, ssid, update, 0);
                    }
                });
            }
        });
    }

    private void later(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("the client is stopping: nothing more is sent"); // the scheduler is shut down with the client
        }
    }

    /** Asked from the Server object's Execute (its lock held), or by the sequence: the bootstrap itself is queued. */
    @Override
    public boolean triggerClientInitiatedBootstrap(boolean deregister) {
        if (!started || serversInfo.getBootstrapServerInfo(enablers()) == null) {
            return false;
        }
        later(() -> {
            if (deregister) {
                deregisterAll();
            }
            synchronized (this) {
                if (!started) {
                    return;
                }
                round++;
                closeServers();
                scheduleBootstrap(0);
            }
        });
        return true;
    }

    private void scheduleBootstrap(long delayMs) {
        if (bootstrapTask != null) {
            bootstrapTask.cancel(false);
        }
        int forRound = round;
        bootstrapTask = scheduler.schedule(() -> bootstrap(forRound), delayMs, TimeUnit.MILLISECONDS);
    }

    /** A client-initiated bootstrap, then registration to the servers it wrote; on the scheduler, blocking it meanwhile. */
    private void bootstrap(int forRound) {
        ServerInfo info;
        LwM2mServer server;
        synchronized (this) {
            if (!started || forRound != round) {
                return;
            }
            info = serversInfo.getBootstrapServerInfo(enablers());
            if (info == null || !bootstrapHandler.tryToInitSession()) {
                return;
            }
            server = endpoints.createEndpoint(info, true);
            if (server == null) {
                LOG.error("no endpoint could be made for the bootstrap server {}: the client does not bootstrap", info.serverUri);
                bootstrapHandler.closeSession();
                return;
            }
            bootstrapServer = server;
        }
        BootstrapRequest request = new BootstrapRequest(endpoint.getEndpointNameFor(info, BootstrapRequest.class), ContentFormat.SENML_CBOR,
                bootstrapAttributes);
        boolean done = false;
        try {
            observer.onBootstrapStarted(server, request);
            BootstrapResponse response = sender.send(server, request, timing.requestTimeoutMs());
            if (response == null) {
                observer.onBootstrapTimeout(server, request);
            } else if (!response.isSuccess()) {
                observer.onBootstrapFailure(server, request, response.getCode(), response.getErrorMessage(), null);
            } else if (!bootstrapHandler.waitBootstrapFinished(timing.bootstrapSessionTimeoutS())) {
                observer.onBootstrapTimeout(server, request);
            } else {
                done = true;
                observer.onBootstrapSuccess(server, request);
            }
        } catch (InvalidStateException e) {
            observer.onBootstrapFailure(server, request, null, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            observer.onBootstrapFailure(server, request, null, null, e);
        } finally {
            bootstrapHandler.closeSession();
            synchronized (this) {
                bootstrapServer = null;
                close(server);
            }
        }
        synchronized (this) {
            if (!started || forRound != round) {
                return;
            }
            ServersInfo written = serversInfo.getInfo(enablers());
            if (done && !written.deviceManagements.isEmpty()) {
                bootstrapFailures = 0;
                round++;
                registerToAll(written);
            } else {
                long wait = timing.bootstrapRetryMs(bootstrapFailures++);
                LOG.warn("{}: bootstrapping again in {} ms", done ? "the bootstrap server wrote no LwM2M server" : "bootstrap failed",
                        wait);
                scheduleBootstrap(wait);
            }
        }
    }

    @Override
    public void stop(boolean deregister) {
        synchronized (this) {
            // Before the Deregisters: an answer to what is in flight (an Update the server answers 4.04 once it has
            // dropped the registration) must find the round over, or a stopping client registers again.
            started = false;
            round++;
        }
        if (deregister) {
            deregisterAll();
        }
        synchronized (this) {
            if (bootstrapTask != null) {
                bootstrapTask.cancel(false);
            }
            closeServers();
        }
    }

    @Override
    public void destroy(boolean deregister) {
        stop(deregister);
    }

    /** Deregisters from every registered server, one after the other, each given the deregistration timeout. */
    private void deregisterAll() {
        List<Tracked> registered;
        synchronized (this) {
            registered = servers.values().stream().filter(t -> t.registrationId != null).toList();
            registered.forEach(this::cancel);
        }
        for (Tracked t : registered) {
            DeregisterRequest request = new DeregisterRequest(t.registrationId);
            observer.onDeregistrationStarted(t.server, request);
            try {
                DeregisterResponse response = sender.send(t.server, request, timing.deregistrationTimeoutMs());
                if (response == null) {
                    observer.onDeregistrationTimeout(t.server, request);
                } else if (response.isSuccess()) {
                    observer.onDeregistrationSuccess(t.server, request);
                } else {
                    observer.onDeregistrationFailure(t.server, request, response.getCode(), response.getErrorMessage(), null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                observer.onDeregistrationFailure(t.server, request, null, null, e);
            }
            t.registrationId = null;
        }
    }

    private void closeServers() {
        for (Tracked t : servers.values()) {
            cancel(t);
            close(t.server);
        }
        servers.clear();
        unreachable.clear();
        sequence = null;
    }

    /** Closes one server's endpoint, where the endpoints are the gateway's ({@link ServerEndpointsManager}). */
    private void close(LwM2mServer server) {
        if (endpoints instanceof ServerEndpointsManager manager) {
            manager.close(server);
        }
    }

    private void cancel(Tracked t) {
        if (t.task != null) {
            t.task.cancel(false);
            t.task = null;
        }
    }

    /** The servers as the engine follows them now, by short server id; for the status. */
    Map<Integer, ServerView> servers() {
        RegistrationSequence s = sequence;
        Map<Integer, ServerView> views = new TreeMap<>();
        servers.forEach((ssid, t) -> views.put(ssid, new ServerView(t.server, stateIn(s, ssid),
                t.registrationId, t.lastRegistration, t.lastUpdate, t.lastError, t.nextAttempt)));
        unreachable.forEach((ssid, t) -> views.put(ssid, new ServerView(t.server, RegistrationSequence.State.FAILED, null, null, null,
                t.lastError, null)));
        return views;
    }

    /** One server's registration, at one moment. */
    record ServerView(LwM2mServer server, RegistrationSequence.State state, String registrationId, Instant lastRegistration,
            Instant lastUpdate, String lastError, Instant nextAttempt) {
    }

    @Override
    public String getRegistrationId(LwM2mServer server) {
        return servers.values().stream().filter(t -> t.server.equals(server)).map(t -> t.registrationId).findFirst().orElse(null);
    }

    @Override
    public Map<String, LwM2mServer> getRegisteredServers() {
        Map<String, LwM2mServer> registered = new HashMap<>();
        servers.values().stream().filter(t -> t.registrationId != null).forEach(t -> registered.put(t.registrationId, t.server));
        return registered;
    }

    @Override
    public LwM2mServer getRegisteredServer(long serverId) {
        Tracked t = servers.get((int) serverId);
        return t == null ? null : t.server;
    }

    /**
     * The bootstrap server during its session; an LwM2M server from its Register on (a server may ask before the
     * answer to the Register is in, as Leshan allows).
     */
    @Override
    public boolean isAllowedToCommunicate(LwM2mServer peer) {
        if (peer == null) {
            return false;
        }
        if (peer.equals(bootstrapServer)) {
            return true;
        }
        RegistrationSequence s = sequence;
        return servers.values().stream().anyMatch(t -> t.server.equals(peer) && (t.registrationId != null
                || stateIn(s, peer.getId().intValue()) == RegistrationSequence.State.REGISTERING));
    }

    /** A server's state in {@code s}, read from any thread; null when {@code s} does not follow it (a round ending). */
    private static RegistrationSequence.State stateIn(RegistrationSequence s, int ssid) {
        return s == null || !s.follows(ssid) ? null : s.state(ssid);
    }

    @Override
    public String getEndpoint() {
        return endpoint.getEndpointName();
    }

    private Map<Integer, LwM2mObjectEnabler> enablers() {
        return tree.getObjectEnablers();
    }

    private static boolean queueMode(DmServerInfo dm) {
        return dm.binding != null && dm.binding.contains(BindingMode.Q);
    }

    private static String message(String m) {
        return m == null || m.isBlank() ? "" : " (" + m + ")";
    }

    private static String describe(Exception e) {
        Throwable c = e.getCause() != null && e.getMessage() == null ? e.getCause() : e;
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
