package org.scgateway.lwm2m.objects.internal.rsp;

import static org.scgateway.lwm2m.objects.internal.rsp.RspObjectModel.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.scgateway.api.euicc.Eid;
import org.scgateway.api.euicc.EuiccException;
import org.scgateway.api.euicc.EuiccService;
import org.scgateway.api.euicc.Iccid;
import org.scgateway.api.euicc.Profile;
import org.scgateway.api.lwm2m.LwM2mOperationException;
import org.scgateway.api.lwm2m.LwM2mOperationException.Code;
import org.scgateway.api.lwm2m.ResourceType;
import org.scgateway.api.lwm2m.ResourceValue;
import org.scgateway.lwm2m.objects.internal.ProvidedInstance;
import org.scgateway.api.se.SecureElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of object 504: an eUICC as the server sees it. Reads are served from what the eUICC last
 * said (its profile list comes with every change), so that a read sends no APDU; an RSP Update runs on the
 * executor, its progress in RSP Update State and its outcome in RSP Update Result.
 */
final class RspInstance implements ProvidedInstance {

    private static final Logger LOG = LoggerFactory.getLogger(RspInstance.class);

    /** What the instance tells its object. */
    interface Surroundings {
        void changed(int... resourceIds);
    }

    private final EuiccService euicc;
    private final int simType;
    private final Executor executor;
    private final Surroundings around;

    private Eid eid;
    private List<Profile> profiles = List.of();
    private Iccid selected;
    private int state = IDLE;
    private int result = INITIAL;

    /** @param embedded whether the eUICC is soldered in (an embedded Secure Element) rather than a card */
    RspInstance(EuiccService euicc, boolean embedded, Executor executor, Surroundings around) {
        this.euicc = euicc;
        this.simType = embedded ? EMBEDDED_EUICC : REMOVABLE_EUICC;
        this.executor = executor;
        this.around = around;
    }

    EuiccService euicc() {
        return euicc;
    }

    /**
     * Asks the eUICC for its EID and profiles; called off the client's threads. Tried again a few times: it runs
     * as the card arrives, when every component of the gateway looks at it, and until it has an answer the
     * server would see an eUICC without profiles.
     */
    void load() {
        long pause = 1_000;
        for (int attempt = 1; ; attempt++) {
            try {
                Eid e = euicc.eid();
                List<Profile> p = euicc.profiles();
                synchronized (this) {
                    eid = e;
                    profiles = p;
                }
                around.changed(ICCIDS, EID, SELECTED_ICCID, SERVICE_PROVIDER, PROFILE_NAME);
                return;
            } catch (EuiccException e) {
                if (SecureElementException.isRemoval(e)) {
                    LOG.info("the profiles of {} were not read: its card went", euicc); // the instance goes with it
                    return;
                }
                if (attempt == 4) {
                    LOG.warn("the profiles of {} could not be read: {}; 504 shows them after the next change", euicc, e.getMessage());
                    return;
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // the object is going
            }
            pause *= 2;
        }
    }

    /** The profile list after a change, whoever made it. */
    void profilesChanged(List<Profile> now) {
        synchronized (this) {
            profiles = List.copyOf(now);
        }
        around.changed(ICCIDS, SELECTED_ICCID, SERVICE_PROVIDER, PROFILE_NAME);
    }

    /**
     * How old the profile list may be when a server reads it. Another program may change the profiles on the card
     * (an LPA through PC/SC) without the eUICC service knowing: the card is asked again, at the latest by the next
     * read of the profile resources once this has passed.
     */
    static final long FRESH_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
    private long askedAt = System.nanoTime() - FRESH_NANOS;

    @Override
    public ResourceValue read(int resource) throws LwM2mOperationException {
        if (resource == ICCIDS || resource == SELECTED_ICCID || resource == SERVICE_PROVIDER || resource == PROFILE_NAME) {
            followCard();
        }
        return readKnown(resource);
    }

    /** Asks the card for its profiles again if the list is older than {@link #FRESH_NANOS}, and tells a difference. */
    private void followCard() {
        synchronized (this) {
            long now = System.nanoTime();
            if (state != IDLE || now - askedAt < FRESH_NANOS) {
                return; // an RSP Update of ours is running: it reports what it changes
            }
            askedAt = now;
        }
        List<Profile> now;
        try {
            now = euicc.profiles();
        } catch (EuiccException e) {
            LOG.debug("the profiles of {} could not be read again: {}", euicc, e.getMessage());
            return; // what was known is answered
        }
        boolean changed;
        synchronized (this) {
            changed = !now.equals(profiles);
            if (changed) {
                profiles = List.copyOf(now);
            }
        }
        if (changed) {
            LOG.info("the profiles of {} were changed outside the gateway; 504 shows the card's list", euicc);
            around.changed(ICCIDS, SELECTED_ICCID, SERVICE_PROVIDER, PROFILE_NAME);
        }
    }

    private synchronized ResourceValue readKnown(int resource) throws LwM2mOperationException {
        switch (resource) {
            case CURRENT_SIM_TYPE: return ResourceValue.integer(simType);
            case SUPPORTED_SIM_TYPES: return ResourceValue.ofInstances(ResourceType.INTEGER, Map.of(0, (long) simType));
            case SERVICE_PROVIDER: return ResourceValue.string(selectedProfile().flatMap(Profile::serviceProvider).orElse(""));
            case UPDATE_STATE: return ResourceValue.integer(state);
            case UPDATE_RESULT: return ResourceValue.integer(result);
            case PROFILE_NAME: return ResourceValue.string(selectedProfile().flatMap(Profile::name).orElse(""));
            case ICCIDS: return ResourceValue.ofInstances(ResourceType.STRING, iccids());
            case EID:
                if (eid == null) {
                    throw new LwM2mOperationException(Code.SERVICE_UNAVAILABLE, "the eUICC has not told its EID yet");
                }
                return ResourceValue.string(eid.digits());
            case RSP_TYPE: return ResourceValue.integer(ESIM_FOR_M2M);
            case SELECTED_ICCID: return ResourceValue.string(selected().map(Iccid::digits).orElse(""));
            case RSP_UPDATE: throw new LwM2mOperationException(Code.METHOD_NOT_ALLOWED, "RSP Update is executed, not read");
            default: throw new LwM2mOperationException(Code.NOT_FOUND, "object 504 has no resource " + resource + " here");
        }
    }

    @Override
    public void write(int resource, ResourceValue value) throws LwM2mOperationException {
        if (resource != SELECTED_ICCID) {
            throw new LwM2mOperationException(RspObjectModel.DEFINITION.resources().containsKey(resource) ? Code.METHOD_NOT_ALLOWED : Code.NOT_FOUND,
                    "resource " + resource + " of object 504 cannot be written");
        }
        String digits = String.valueOf(value.value()).strip();
        Iccid iccid;
        try {
            iccid = Iccid.of(digits);
        } catch (IllegalArgumentException e) {
            throw new LwM2mOperationException(Code.BAD_REQUEST, "Selected ICCID: " + e.getMessage());
        }
        synchronized (this) {
            if (profiles.stream().noneMatch(p -> p.iccid().equals(iccid))) {
                throw new LwM2mOperationException(Code.BAD_REQUEST, "Selected ICCID: the eUICC has no profile " + iccid);
            }
            selected = iccid;
        }
        around.changed(SELECTED_ICCID, SERVICE_PROVIDER, PROFILE_NAME);
    }

    @Override
    public void execute(int resource, String arguments) throws LwM2mOperationException {
        if (resource != RSP_UPDATE) {
            throw new LwM2mOperationException(RspObjectModel.DEFINITION.resources().containsKey(resource) ? Code.METHOD_NOT_ALLOWED : Code.NOT_FOUND,
                    "resource " + resource + " of object 504 is not executable");
        }
        update(arguments);
    }

    /** RSP Update: the actions in {@code arguments} (1 enable, 2 disable, 3 delete), in order, on the selected profile. */
    void update(String arguments) throws LwM2mOperationException {
        List<Integer> actions = actions(arguments);
        Iccid target;
        synchronized (this) {
            if (state != IDLE) {
                throw new LwM2mOperationException(Code.SERVICE_UNAVAILABLE, "an RSP Update is running; wait for RSP Update State 0");
            }
            target = selected().orElseThrow(() -> new LwM2mOperationException(Code.BAD_REQUEST,
                    "no profile is selected: write its ICCID to resource " + SELECTED_ICCID + " first"));
            selected = target; // what is acted on stays selected, whatever the list does meanwhile
            state = stateOf(actions.get(0));
            result = INITIAL;
        }
        around.changed(UPDATE_STATE, UPDATE_RESULT, SELECTED_ICCID);
        try {
            executor.execute(() -> run(actions, target));
        } catch (RejectedExecutionException e) {
            finish(INITIAL);
            throw new LwM2mOperationException(Code.SERVICE_UNAVAILABLE, "the object is stopping");
        }
    }

    private void run(List<Integer> actions, Iccid target) {
        for (int action : actions) {
            synchronized (this) {
                state = stateOf(action);
            }
            around.changed(UPDATE_STATE);
            try {
                switch (action) {
                    case ENABLE: euicc.enable(target); break;
                    case DISABLE: euicc.disable(target); break;
                    default: euicc.delete(target); break;
                }
            } catch (EuiccException e) {
                LOG.warn("RSP Update {} of profile {} on {} failed ({}): {}", action, target, euicc, e.result(), e.getMessage());
                finish(action == ENABLE ? ENABLE_FAILED : action == DISABLE ? DISABLE_FAILED : DELETE_FAILED);
                return;
            } catch (RuntimeException e) {
                LOG.error("RSP Update {} of profile {} on {} failed", action, target, euicc, e);
                finish(action == ENABLE ? ENABLE_FAILED : action == DISABLE ? DISABLE_FAILED : DELETE_FAILED);
                return;
            }
            LOG.info("RSP Update {} of profile {} on {} done", action, target, euicc);
        }
        finish(SUCCESS);
    }

    private void finish(int outcome) {
        synchronized (this) {
            state = IDLE;
            result = outcome;
        }
        around.changed(UPDATE_STATE, UPDATE_RESULT);
    }

    static List<Integer> actions(String arguments) throws LwM2mOperationException {
        List<Integer> out = new ArrayList<>();
        for (String arg : (arguments == null ? "" : arguments).split(",")) {
            String key = arg.strip();
            int eq = key.indexOf('=');
            key = eq < 0 ? key : key.substring(0, eq);
            if (key.isEmpty()) {
                continue;
            }
            if (!key.matches("[0-9]")) {
                throw new LwM2mOperationException(Code.BAD_REQUEST, "RSP Update: '" + arg.strip() + "' is no action; 1 enable, 2 disable, 3 delete");
            }
            int action = Integer.parseInt(key);
            if (action < ENABLE || action > DELETE) {
                throw new LwM2mOperationException(Code.BAD_REQUEST, "RSP Update: action " + action + " is not supported here (profiles are "
                        + "downloaded and memory reset outside LwM2M); 1 enable, 2 disable, 3 delete");
            }
            out.add(action);
        }
        if (out.isEmpty()) {
            throw new LwM2mOperationException(Code.BAD_REQUEST, "RSP Update needs an action: 1 enable, 2 disable, 3 delete");
        }
        return out;
    }

    private static int stateOf(int action) {
        return action == ENABLE ? ENABLING : action == DISABLE ? DISABLING : DELETING;
    }

    /** The enabled profile first, then the others in the card's order. */
    private Map<Integer, String> iccids() {
        Map<Integer, String> out = new LinkedHashMap<>();
        profiles.stream().filter(Profile::isEnabled).forEach(p -> out.put(out.size(), p.iccid().digits()));
        profiles.stream().filter(p -> !p.isEnabled()).forEach(p -> out.put(out.size(), p.iccid().digits()));
        return out;
    }

    /** The selected profile, or, until one is selected, the enabled one. */
    private Optional<Iccid> selected() {
        if (selected != null) {
            return Optional.of(selected);
        }
        return profiles.stream().filter(Profile::isEnabled).map(Profile::iccid).findFirst();
    }

    private Optional<Profile> selectedProfile() {
        Optional<Iccid> s = selected();
        return profiles.stream().filter(p -> s.isPresent() && p.iccid().equals(s.get())).findFirst();
    }
}
