package org.scgateway.lwm2m.client.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.client.util.LinkFormatHelper;
import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.SendResponse;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.scgateway.api.config.Pids;
import org.scgateway.api.util.DaemonThreads;
import org.scgateway.api.component.SecureComponent;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.lwm2m.bootstrap.BootstrapInfo;
import org.scgateway.api.lwm2m.bootstrap.BootstrapSource;
import org.scgateway.api.lwm2m.bootstrap.BootstrapSourceException;
import org.scgateway.api.lwm2m.ClientStatus;
import org.scgateway.api.lwm2m.ClientStatus.State;
import org.scgateway.api.lwm2m.LwM2mClientService;
import org.scgateway.api.lwm2m.LwM2mObjectProvider;
import org.scgateway.api.lwm2m.LwM2mOperationException;
import org.scgateway.api.lwm2m.LwM2mOperationException.Code;
import org.scgateway.api.lwm2m.ObjectLink;
import org.scgateway.api.lwm2m.bootstrap.ServerAccount;
import org.scgateway.api.se.SecureElementProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's one LwM2M client. Each configuration builds a new Leshan client; a change of
 * configuration or credential store deactivates this component (deregistering) and activates it anew.
 * A setting that is missing or wrong leaves the component active but idle, with the reason in the log
 * and in {@link #status()}.
 */
@Component(name = LeshanClientComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = ClientConfiguration.class)
public class LeshanClientComponent implements LwM2mClientService {

    static final String PID = Pids.LWM2M_CLIENT;
    private static final long NOT_CONFIGURED_WARNING_DELAY_S = 10;

    private static final Logger LOG = LoggerFactory.getLogger(LeshanClientComponent.class);

    /** The objects the client owns itself; providers cannot replace them. */
    private final ObjectWhiteboard whiteboard = new ObjectWhiteboard(Set.of(LwM2mId.SECURITY, LwM2mId.SERVER, LwM2mId.DEVICE));

    /**
     * Dynamic, like the bootstrap sources: a store or a source that comes or goes (a card inserted, pulled,
     * reset) restarts the client inside this component, one restart at a time, instead of SCR deactivating and
     * activating it from whichever thread brought the change, several at once when a card brings two.
     */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, bind = "setCredentials",
            unbind = "unsetCredentials")
    private volatile CredentialStore credentials;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigurationAdmin configAdmin;

    /** The bootstrap sources, lowest ranking first (a ServiceReference's natural order). */
    private final java.util.concurrent.ConcurrentSkipListMap<ServiceReference<BootstrapSource>, BootstrapSource> bootstrapSources =
            new java.util.concurrent.ConcurrentSkipListMap<>();

    /** The id of the Secure Component the credential store keeps its entries in; null for a host store. */
    private volatile String credentialsComponent;

    void setCredentials(CredentialStore store, Map<String, Object> props) {
        CredentialStore before = credentials;
        credentials = store;
        Object component = props.get(CredentialStore.PROP_SECURE_COMPONENT_ID);
        credentialsComponent = component == null ? null : component.toString();
        if (before != null) {
            restartLater("its credential store is now " + store.location());
        }
    }

    void unsetCredentials(CredentialStore store) {
        // A greedy dynamic reference binds the replacement first; the last store going deactivates the component.
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addBootstrapSource(ServiceReference<BootstrapSource> ref, BootstrapSource source) {
        bootstrapSources.put(ref, source);
        restartLater("bootstrap source " + source.description() + " appeared");
    }

    void removeBootstrapSource(ServiceReference<BootstrapSource> ref, BootstrapSource source) {
        if (bootstrapSources.remove(ref) != null) {
            restartLater("bootstrap source " + source.description() + " went");
        }
    }

    private GatewayLeshanClient client;
    /** Given to Leshan and to the whiteboard, which initialises the objects it adds later with it. */
    private final LinkFormatHelper linkFormat = new LinkFormatHelper(LwM2mVersion.V1_1);
    private ScheduledThreadPoolExecutor scheduler;
    private volatile StatusTracker tracker;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addObjectProvider(ServiceReference<LwM2mObjectProvider> ref, LwM2mObjectProvider provider) {
        whiteboard.add(ref, provider);
    }

    void removeObjectProvider(ServiceReference<LwM2mObjectProvider> ref) {
        whiteboard.remove(ref);
    }

    /** Set by SCR alone: a re-bootstrap restarts the client only while the component is active. */
    private boolean active;
    private BundleContext context;
    private ClientConfiguration config;

    @Activate
    synchronized void activate(BundleContext context, ClientConfiguration config) {
        this.context = context;
        this.config = config;
        whiteboard.statusFrom(this::status);
        active = true;
        restarter = DaemonThreads.singleThread("lwm2m-client-restart");
        // Not here but on the restarter, after the probes: a card present now brings its source and store a
        // moment later, and starting before them would mean starting again at once.
        restartLater(null);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        java.util.concurrent.ExecutorService r;
        synchronized (this) {
            active = false;
            r = restarter;
            restarter = null;
            stop();
            ComponentKeysProvider.uninstall(); // added by the first endpoint that signed with a component's key
        }
        if (r != null) {
            r.shutdown();
            r.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** One restart at a time, and requests made while one waits are one: a card inserted brings a source and a store. */
    private final java.util.concurrent.atomic.AtomicReference<String> restartWanted = new java.util.concurrent.atomic.AtomicReference<>();
    private java.util.concurrent.ExecutorService restarter;

    /**
     * Bootstraps again from the sources: the client deregisters and starts anew, as on a change of
     * configuration. On the restarter's thread, since stopping ends the client's executor and the caller may
     * be running on it (a check at Update) or be a driver's thread that must not wait.
     */
    private void restart(String why) {
        restartLater(why);
    }

    /** Restarts the client on the restarter's thread; {@code why} null for the first start. */
    private void restartLater(String why) {
        java.util.concurrent.ExecutorService r;
        synchronized (this) {
            if (!active || restarter == null) {
                return; // before activation, or after: start() reads everything anyway
            }
            r = restarter;
        }
        if (restartWanted.getAndSet(why == null ? "first start" : why) != null) {
            return; // a restart is already on its way; it will read this change too
        }
        try {
            r.execute(() -> {
                // Outside the lock: what a probe offers binds here, and its bind asks for a restart, which then
                // joins this one instead of following it.
                awaitProbes();
                synchronized (this) {
                    String reason = restartWanted.getAndSet(null);
                    if (!active) {
                        return;
                    }
                    // A change that came before the first start joins it: there is nothing to stop yet.
                    try {
                        if (scheduler != null) {
                            LOG.info("LwM2M client restarting: {}", reason);
                            stop();
                        }
                        start();
                    } catch (RuntimeException e) {
                        // A fault of ours: said loudly, since on an executor it would end the thread unseen.
                        LOG.error("the LwM2M client could not be (re)started ({})", reason, e);
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            restartWanted.set(null); // deactivated meanwhile
        }
    }

    /** How long a start waits for the probes of the Secure Elements present. */
    private static final long PROBE_WAIT_MS = 10_000;

    /** The bundles that look at each Secure Element as it arrives (the card's bootstrap source, its store). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            fieldOption = FieldOption.UPDATE)
    private final List<SecureElementProbe> probes = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Waits, bounded, until every probe has looked at the Secure Elements it was given. Twice round: a driver's probe
     * (PC/SC) ends once it has offered the cards present, which the other probes (a card's store, its bootstrap file)
     * are given only then, in whatever order the probes came.
     */
    private void awaitProbes() {
        long deadline = System.currentTimeMillis() + PROBE_WAIT_MS;
        for (int round = 0; round < 2; round++) {
            for (SecureElementProbe p : probes) {
                try {
                    if (!p.awaitProbed(Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS)) {
                        LOG.info("the LwM2M client starts without waiting any longer for the Secure Elements to be looked at ({} ms)",
                                PROBE_WAIT_MS);
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    LOG.debug("a Secure Element probe failed while waited for", e);
                }
            }
        }
    }

    private void start() {
        scheduler = new ScheduledThreadPoolExecutor(1, DaemonThreads.numbered("lwm2m-client"));
        scheduler.setRemoveOnCancelPolicy(true); // a Register rescheduled at each retry leaves no cancelled task behind
        ClientSettings settings;
        try {
            settings = ClientSettings.from(config);
        } catch (InvalidConfigurationException e) {
            idle(config.endpoint(), config.serverUri(), "invalid configuration of " + PID + ": " + e.getMessage());
            return;
        }
        if (settings.pskKeyToImport != null && PskImport.run(settings, credentials, configAdmin)) {
            idle(settings.endpoint, settings.serverUri, null);
            LOG.info("the PSK was moved into the credential store ({}); the client restarts without it in its configuration",
                    credentials.location());
            return;
        }
        HeldKeys held = new HeldKeys();
        Sourced sourced = fromBootstrapSources();
        List<ServerAccount> accounts;
        String origin;
        if (sourced != null) {
            accounts = cardFileKeysHeld(sourced, held);
            origin = sourced.source.description();
        } else if (settings.isUnconfigured()) {
            tracker = new StatusTracker(settings.endpoint, null, State.NOT_CONFIGURED, null, StatusTracker::none);
            tracker.origin(null, sourceProblem);
            // At start-up the configuration often arrives a moment after the component: warn only if it does not.
            LOG.info("no LwM2M server configured yet (configuration {})", PID);
            scheduler.schedule(() -> LOG.warn("no LwM2M server configured: set serverUri or bootstrapServerUri in configuration {}", PID),
                    NOT_CONFIGURED_WARNING_DELAY_S, TimeUnit.SECONDS);
            return;
        } else {
            try {
                accounts = List.of(ConfiguredAccount.from(settings, credentials, held));
            } catch (InvalidConfigurationException e) {
                idle(settings.endpoint, settings.serverUri.isEmpty() ? settings.bootstrapServerUri : settings.serverUri,
                        "invalid configuration of " + PID + ": " + e.getMessage());
                return;
            }
            origin = "configuration " + PID;
        }
        String target = accounts.stream().filter(a -> !a.isBootstrapServer()).findFirst().orElse(accounts.get(0)).uri();
        try {
            client = ClientAssembly.build(context, settings, accounts, sourced == null ? List.of() : sourced.info.accessControl(), credentials,
                    held, scheduler, linkFormat);
        } catch (RuntimeException e) {
            LOG.debug("building the LwM2M client failed", e);
            idle(settings.endpoint, target, "the LwM2M client could not be created: " + e.getMessage());
            return;
        }
        GatewayLeshanClient c = client;
        tracker = new StatusTracker(settings.endpoint, target, State.REGISTERING, null,
                () -> c.getObjectTree().getObjectEnablers().keySet(),
                () -> ObjectPaths.of(c.getObjectTree().getObjectEnablers().values()),
                () -> scheduler.execute(c::updateObjectLinks));
        tracker.origin(origin, sourceProblem);
        tracker.hostedInstances(hostedInstances(c, sourced, accounts));
        Map<Integer, String> keys = keyLocation(sourced, accounts, held);
        tracker.securityOf(server -> securityOf(c, server, keys));
        tracker.views(c::serverViews);
        client.addObserver(tracker);
        if (sourced != null && sourced.info.fingerprint().isPresent()) {
            client.addObserver(new SourceWatch(sourced.source, sourced.info.fingerprint().get(), scheduler, this::restart));
        }
        for (BootstrapSource failed : failedSources) {
            client.addObserver(new SourceWatch(failed, null, scheduler, this::restart));
        }
        whiteboard.attach(client.getObjectTree(), client, linkFormat);
        client.start();
        LOG.info("LwM2M client {} started towards {} (servers from {}), credentials in {}", settings.endpoint, target, origin,
                credentials.location());
    }

    /**
     * The accounts of a bootstrap source; when the source is a card's file and that card's credential store keeps keys,
     * the file's keys go into the card and the accounts hold markers ({@link BootstrapFileKeys}). A card that does not
     * take them leaves the keys as read, and the client says so.
     */
    private List<ServerAccount> cardFileKeysHeld(Sourced sourced, HeldKeys held) {
        List<ServerAccount> read = sourced.info.accounts();
        if (sourced.componentId == null || !sourced.componentId.equals(credentialsComponent)
                || credentials.pskKeys().isEmpty() && credentials.signingKeys().isEmpty()) {
            return read;
        }
        try {
            List<ServerAccount> inCard = BootstrapFileKeys.heldIn(read, credentials.pskKeys(), credentials.signingKeys(), credentials.location(),
                    held);
            LOG.info("the keys of {} are used inside {}: written there as read at this start, not kept in gateway memory",
                    sourced.source.description(), credentials.location());
            return inCard;
        } catch (org.scgateway.api.credential.CredentialStoreException e) {
            LOG.warn("the keys of {} stay in gateway memory this time: the card did not take them ({})", sourced.source.description(),
                    e.getMessage());
            return read;
        }
    }

    /**
     * Where the keys of each server account the client started with are kept, by short server id, in words; and,
     * once for each start, a warning for each key the gateway holds in its memory while the client runs, with why
     * (LwM2M-SCS-4 wants it in the Secure Component).
     */
    private Map<Integer, String> keyLocation(Sourced sourced, List<ServerAccount> accounts, HeldKeys held) {
        Map<Integer, String> where = new java.util.HashMap<>();
        for (ServerAccount a : accounts) {
            if (a.securityMode() == ServerAccount.SecurityMode.NO_SEC && a.oscore().isEmpty()) {
                continue;
            }
            String place;
            if (held.holds(a.secretKey())) {
                place = credentials.location() + (sourced != null ? ", used there (read from its bootstrap file, not kept in "
                        + "gateway memory)" : ", used there and never read out");
            } else {
                place = (sourced != null && sourced.componentId != null ? "secure component " + sourced.componentId + " (its bootstrap file)"
                        : credentials.location()) + ", read into gateway memory";
                String what = a.oscore().isPresent() ? "OSCORE master secret" : a.securityMode() + " key";
                if (sourced != null) {
                    // Bootstrap from smartcard reads the keys out of the card's file by design (LwM2M 1.1, 5.2.3.2): said,
                    // but not as a fault of the set-up.
                    LOG.info("the {} of {} is in gateway memory while the client runs: {}", what, a.uri(), whyInMemory(sourced, a));
                } else {
                    LOG.warn("the {} of {} is in gateway memory while the client runs: {}", what, a.uri(), whyInMemory(sourced, a));
                }
            }
            if (!a.isBootstrapServer()) {
                where.put(a.shortServerId(), place);
            }
        }
        return where;
    }

    /** Why an account's key is used in the gateway rather than in a Secure Component. */
    private String whyInMemory(Sourced sourced, ServerAccount a) {
        if (sourced != null) {
            return "the gateway reads it from " + sourced.source.description();
        }
        if (a.oscore().isPresent()) {
            return "the client's OSCORE (21) instance holds it, though no OSCORE transport uses it (Leshan 2.0.0-M18 has none)";
        }
        String cannot = a.securityMode() == ServerAccount.SecurityMode.PSK ? " cannot use a PSK inside a Secure Component"
                : " cannot sign inside a Secure Component";
        return credentials.location() + cannot
                + (credentialsComponent == null ? " (it is a store of the gateway's own)" : " (its card lacks the key commands)");
    }

    /**
     * The Security Mode and PSK identity of the client's Security instance for {@code server}, read from the
     * tree (after a bootstrap it holds what the bootstrap server wrote), and where its key is kept when the
     * client started with it. Null when the instance cannot be read.
     */
    private static StatusTracker.Security securityOf(GatewayLeshanClient c, LwM2mServer server, Map<Integer, String> keyLocation) {
        LwM2mObjectEnabler security = c.getObjectTree().getObjectEnabler(LwM2mId.SECURITY);
        for (int i : security.getAvailableInstanceIds()) {
            ReadResponse r = security.read(LwM2mServer.SYSTEM, new ReadRequest(LwM2mId.SECURITY, i));
            if (!r.isSuccess() || !(r.getContent() instanceof LwM2mObjectInstance)) {
                continue;
            }
            LwM2mObjectInstance instance = (LwM2mObjectInstance) r.getContent();
            LwM2mResource ssid = instance.getResource(10);
            LwM2mResource bootstrap = instance.getResource(1);
            if (ssid == null || (bootstrap != null && Boolean.TRUE.equals(bootstrap.getValue()))
                    || server.getId() == null || ((Number) ssid.getValue()).longValue() != server.getId()) {
                continue;
            }
            long code = instance.getResource(2) == null ? -1 : ((Number) instance.getResource(2).getValue()).longValue();
            String mode = java.util.Arrays.stream(ServerAccount.SecurityMode.values()).filter(m -> m.code() == code)
                    .map(Enum::name).findFirst().orElse("mode " + code);
            LwM2mResource identity = instance.getResource(3);
            String psk = mode.equals("PSK") && identity != null && identity.getValue() instanceof byte[]
                    ? new String((byte[]) identity.getValue(), java.nio.charset.StandardCharsets.UTF_8) : null;
            return new StatusTracker.Security(mode, psk, keyLocation.get((int) (long) server.getId()));
        }
        return null;
    }

    /** A source's answer and the source. */
    private static final class Sourced {
        final BootstrapSource source;
        final BootstrapInfo info;
        /** The Secure Component the source reads, if it reads one. */
        final String componentId;

        Sourced(BootstrapSource source, BootstrapInfo info, Object componentId) {
            this.source = source;
            this.info = info;
            this.componentId = componentId == null ? null : componentId.toString();
        }
    }

    /**
     * Which instances of the tree live in a Secure Component (SCS-4): all those made from a card's bootstrap
     * file; else the Security instance whose keys are in a card's credential store (a NoSec one has none).
     */
    private Map<String, List<ObjectLink>> hostedInstances(GatewayLeshanClient c, Sourced sourced, List<ServerAccount> accounts) {
        List<ObjectLink> links = new ArrayList<>();
        String component;
        if (sourced != null) {
            component = sourced.componentId;
            for (int object : new int[] {LwM2mId.SECURITY, LwM2mId.SERVER, LwM2mId.ACCESS_CONTROL, LwM2mId.OSCORE}) {
                LwM2mObjectEnabler e = c.getObjectTree().getObjectEnabler(object);
                if (e != null) {
                    e.getAvailableInstanceIds().forEach(i -> links.add(ObjectLink.of(object, i)));
                }
            }
        } else {
            component = credentialsComponent;
            List<Integer> security = c.getObjectTree().getObjectEnabler(LwM2mId.SECURITY).getAvailableInstanceIds();
            for (int i = 0; i < accounts.size() && i < security.size(); i++) {
                if (accounts.get(i).securityMode() != ServerAccount.SecurityMode.NO_SEC) {
                    links.add(ObjectLink.of(LwM2mId.SECURITY, security.get(i)));
                }
            }
        }
        return component == null || links.isEmpty() ? Map.of() : Map.of(component, links);
    }

    /** Why sources consulted at the last start were not used; null when none failed. */
    private String sourceProblem;
    /** The sources that failed at the last start, watched for when they can be used. */
    private List<BootstrapSource> failedSources = List.of();

    /** The first bootstrap source, highest ranking first, that holds server accounts; null if none does. */
    private Sourced fromBootstrapSources() {
        sourceProblem = null;
        failedSources = new java.util.ArrayList<>();
        List<Map.Entry<ServiceReference<BootstrapSource>, BootstrapSource>> sources = new java.util.ArrayList<>(bootstrapSources.entrySet());
        for (int i = sources.size() - 1; i >= 0; i--) {
            BootstrapSource source = sources.get(i).getValue();
            try {
                Optional<BootstrapInfo> info = source.read();
                if (info.isPresent()) {
                    LOG.info("server accounts from {}: {}", source.description(), info.get().accounts());
                    return new Sourced(source, info.get(), sources.get(i).getKey().getProperty(SecureComponent.PROP_ID));
                }
            } catch (BootstrapSourceException | RuntimeException e) {
                LOG.error("bootstrap source {} could not be used ({}); trying the next source, then the configuration",
                        source.description(), e.getMessage());
                String problem = source.description() + ": " + e.getMessage();
                sourceProblem = sourceProblem == null ? problem : sourceProblem + "; " + problem;
                failedSources.add(source);
            }
        }
        return null;
    }

    private void stop() {
        if (client != null) {
            client.destroy(true); // deregisters
            whiteboard.detach();
            client = null;
        }
        if (tracker != null) {
            tracker.stopped();
        }
        if (scheduler != null) { // null until the first start, which may not have come before a deactivation
            scheduler.shutdownNow();
        }
    }

    @Override
    public ClientStatus status() {
        StatusTracker t = tracker;
        return t == null ? ClientStatus.builder("", State.STOPPED).build() : t.status();
    }

    @Override
    public void triggerUpdate() {
        LeshanClient c = client;
        if (c != null) {
            c.triggerRegistrationUpdate();
        }
    }

    /**
     * Sends to every registered server whose Server instance has Mute Send false and that may read every path under
     * the Access Control object: the values are not for a server denied them (the device owner is not sent the
     * operator's 504). Each answer is waited for;
     * the first failure is reported once all were tried.
     */
    @Override
    public void send(List<String> paths, Duration timeout) throws LwM2mOperationException {
        if (paths == null || paths.isEmpty()) {
            throw new LwM2mOperationException(Code.BAD_REQUEST, "send needs at least one path");
        }
        GatewayLeshanClient c = client;
        List<LwM2mServer> registered = c == null ? List.of() : List.copyOf(c.getRegisteredServers().values());
        if (registered.isEmpty()) {
            throw new LwM2mOperationException(Code.SERVICE_UNAVAILABLE, "the LwM2M client is not registered");
        }
        List<LwM2mServer> to;
        try {
            to = registered.stream().filter(server -> c.sendAllowed(server) && c.mayRead(server, paths)).toList();
        } catch (IllegalArgumentException e) {
            throw new LwM2mOperationException(Code.BAD_REQUEST, "could not send " + paths + ": " + e.getMessage(), e);
        }
        if (to.isEmpty()) {
            throw new LwM2mOperationException(Code.UNAUTHORIZED, "no registered server takes a Send of " + paths
                    + " (Mute Send, /1/x/23, not false; or no read right in the Access Control object)");
        }
        LwM2mOperationException first = null;
        for (LwM2mServer server : to) {
            try {
                sendTo(c, server, paths, timeout);
            } catch (LwM2mOperationException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static void sendTo(GatewayLeshanClient c, LwM2mServer server, List<String> paths, Duration timeout) throws LwM2mOperationException {
        SendResponse response;
        try {
            response = c.getSendService().sendData(server, ContentFormat.SENML_CBOR, paths, timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LwM2mOperationException(Code.SERVICE_UNAVAILABLE, "interrupted while sending " + paths);
        } catch (RuntimeException e) {
            throw new LwM2mOperationException(Code.BAD_REQUEST, "could not send " + paths + ": " + e.getMessage(), e);
        }
        if (response == null) {
            throw new LwM2mOperationException(Code.SERVICE_UNAVAILABLE, server.getUri() + " did not answer the Send of " + paths + " in "
                    + timeout);
        }
        if (!response.isSuccess()) {
            throw new LwM2mOperationException(Code.INTERNAL_SERVER_ERROR, server.getUri() + " refused the Send of " + paths + ": "
                    + response.getCode() + (response.getErrorMessage() == null ? "" : " " + response.getErrorMessage()));
        }
    }

    private void idle(String endpoint, String server, String error) {
        tracker = new StatusTracker(endpoint, server, State.NOT_CONFIGURED, error, StatusTracker::none);
        if (error != null) {
            LOG.error(error);
        }
    }
}
