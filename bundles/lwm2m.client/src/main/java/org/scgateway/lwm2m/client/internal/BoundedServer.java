package org.scgateway.lwm2m.client.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.scgateway.api.lwm2m.bootstrap.RegistrationPolicy;
import org.scgateway.api.lwm2m.bootstrap.ServerAccount;

/**
 * Leshan's Server object (1), refusing a Lifetime a server writes below the client's floor ({@code minLifetime}): the
 * registration engine sends an Update before each lifetime runs out, so a server that wrote 1 (or 0, or -1, which
 * Leshan took) had the gateway send one a second, for ever (issue 22, finding 6). The configured lifetime and the
 * card's bootstrap file are the operator's, not bounded here.
 *
 * <p>It also keeps resources 13 to 20 of LwM2M 1.1, the {@link RegistrationPolicy}, which Leshan 2.0.0-M15's
 * Server has not got: it answers a Read or Write of them 4.04, so what a bootstrap server wrote was lost. The model
 * gives them no operation: an LwM2M server's Read or Write of them is refused by Leshan's object enabler before it
 * gets here (4.05); the bootstrap server and the system read and write them.
 */
final class BoundedServer extends Server {

    static final int LIFETIME = 1;
    static final int PRIORITY_ORDER = 13;
    static final int INITIAL_DELAY = 14;
    static final int FAILURE_BLOCK = 15;
    static final int BOOTSTRAP_ON_FAILURE = 16;
    static final int RETRY_COUNT = 17;
    static final int RETRY_TIMER = 18;
    static final int SEQUENCE_DELAY = 19;
    static final int SEQUENCE_RETRY_COUNT = 20;
    static final int MUTE_SEND = 23;

    private final long minLifetime;
    /** Immutable, replaced whole: written under Leshan's object lock, read by the registration engine's thread. */
    private volatile RegistrationPolicy policy = RegistrationPolicy.defaults();
    /** Mute Send (23), null while the instance has none: then, as when true, the client does not Send to the server. */
    private volatile Boolean muteSend;

    /** An instance a bootstrap server creates. */
    BoundedServer(long minLifetime) {
        this.minLifetime = minLifetime;
    }

    BoundedServer(int shortServerId, long lifetime, EnumSet<BindingMode> binding, long minLifetime) {
        super(shortServerId, lifetime, binding, false, BindingMode.U);
        this.minLifetime = minLifetime;
    }

    /** The Server instance of an LwM2M server's account. */
    BoundedServer(ServerAccount account, long minLifetime) {
        this(account.shortServerId(), account.lifetime(), BindingMode.parse(account.binding()), minLifetime);
        this.policy = account.registrationPolicy();
        this.muteSend = account.muteSend().orElse(null);
    }

    /** The Server instance of the server with this short server id in the tree, if there is one. */
    static java.util.Optional<BoundedServer> of(org.eclipse.leshan.client.resource.LwM2mObjectTree tree, int shortServerId) {
        if (tree.getObjectEnabler(org.eclipse.leshan.core.LwM2mId.SERVER) instanceof org.eclipse.leshan.client.resource.ObjectEnabler servers) {
            for (int id : servers.getAvailableInstanceIds()) {
                if (servers.getInstance(id) instanceof BoundedServer s && s.read(LwM2mServer.SYSTEM, 0).getContent() instanceof LwM2mResource r
                        && r.getValue() instanceof Long ssid && ssid == shortServerId) {
                    return java.util.Optional.of(s);
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** Whether the client may Send to this server: Mute Send is there and false (LwM2M 1.1 Core E.2). */
    boolean sendAllowed() {
        return Boolean.FALSE.equals(muteSend);
    }

    /** Resources 13 to 20 as they are now: the bootstrap server may have written them since. */
    RegistrationPolicy registrationPolicy() {
        return policy;
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        if (resourceId == MUTE_SEND) {
            Boolean mute = muteSend;
            return mute == null ? ReadResponse.notFound() : ReadResponse.success(MUTE_SEND, mute);
        }
        if (!isRegistration(resourceId)) {
            return super.read(server, resourceId);
        }
        if (server.isLwm2mServer()) {
            return ReadResponse.methodNotAllowed(); // as the model says; Leshan has refused it already
        }
        LwM2mSingleResource value = value(policy, resourceId);
        return value == null ? ReadResponse.notFound() : ReadResponse.success(value);
    }

    /**
     * Leshan reads an instance as the model's readable resources, which 13 to 20 are not: for the bootstrap server
     * (a Bootstrap-Read of the Server object) they are added. The system reads all of them already.
     */
    @Override
    public ReadResponse read(LwM2mServer server) {
        ReadResponse r = super.read(server);
        if (!server.isLwm2mBootstrapServer() || !r.isSuccess()) {
            return r;
        }
        List<LwM2mResource> resources = new ArrayList<>(((LwM2mObjectInstance) r.getContent()).getResources().values());
        for (int id = PRIORITY_ORDER; id <= SEQUENCE_RETRY_COUNT; id++) {
            LwM2mSingleResource value = value(policy, id);
            if (value != null) {
                resources.add(value);
            }
        }
        return ReadResponse.success(new LwM2mObjectInstance(getId(), resources));
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        if (resourceId == MUTE_SEND) {
            if (value.isMultiInstances() || !(value.getValue() instanceof Boolean mute)) {
                return WriteResponse.badRequest("Mute Send (/1/" + getId() + "/23) is a boolean");
            }
            if (!mute.equals(muteSend)) {
                muteSend = mute;
                fireResourceChange(MUTE_SEND);
            }
            return WriteResponse.success();
        }
        if (isRegistration(resourceId)) {
            return writeRegistration(server, resourceId, value);
        }
        if (resourceId == LIFETIME && !server.isSystem() && value.getValue() instanceof Long lifetime && lifetime < minLifetime) {
            return WriteResponse.badRequest("a lifetime of " + lifetime + " s is below this client's minimum of " + minLifetime
                    + " s (minLifetime in org.scgateway.lwm2m.client)");
        }
        return super.write(server, replace, resourceId, value);
    }

    /** A Replace that leaves one of 13 to 20 out (a Bootstrap-Write of the instance) sets its TS default again. */
    @Override
    public void reset(int resourceId) {
        if (resourceId == MUTE_SEND) {
            muteSend = null;
        } else if (!isRegistration(resourceId)) {
            super.reset(resourceId);
        } else {
            policy = policy.toBuilder().unset(resourceId).build();
        }
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        List<Integer> ids = new ArrayList<>(super.getAvailableResourceIds(model));
        for (int id = PRIORITY_ORDER; id <= SEQUENCE_RETRY_COUNT; id++) {
            ids.add(id);
        }
        if (muteSend != null) {
            ids.add(MUTE_SEND);
        }
        ids.sort(null);
        return ids;
    }

    private WriteResponse writeRegistration(LwM2mServer server, int resourceId, LwM2mResource value) {
        if (server.isLwm2mServer()) {
            return WriteResponse.methodNotAllowed(); // as the model says; Leshan has refused it already
        }
        RegistrationPolicy next;
        try {
            next = with(policy, resourceId, value);
        } catch (IllegalArgumentException e) {
            // Names the resource and the value, a count or a timer: nothing secret.
            return WriteResponse.badRequest("Server instance /1/" + getId() + ": " + e.getMessage());
        }
        if (!next.equals(policy)) {
            policy = next;
            fireResourceChange(resourceId);
        }
        return WriteResponse.success();
    }

    private static boolean isRegistration(int resourceId) {
        return resourceId >= PRIORITY_ORDER && resourceId <= SEQUENCE_RETRY_COUNT;
    }

    /** The policy with one resource written; the same checks as the card's bootstrap file has. */
    private static RegistrationPolicy with(RegistrationPolicy p, int resourceId, LwM2mResource value) {
        RegistrationPolicy.Builder b = p.toBuilder();
        switch (resourceId) {
            case PRIORITY_ORDER -> b.priorityOrder(unsigned(resourceId, value));
            case INITIAL_DELAY -> b.initialDelaySeconds(unsigned(resourceId, value));
            case FAILURE_BLOCK -> b.failureBlock(bool(resourceId, value));
            case BOOTSTRAP_ON_FAILURE -> b.bootstrapOnFailure(bool(resourceId, value));
            case RETRY_COUNT -> b.retryCount(unsigned(resourceId, value));
            case RETRY_TIMER -> b.retryTimerSeconds(unsigned(resourceId, value));
            case SEQUENCE_DELAY -> b.sequenceDelaySeconds(unsigned(resourceId, value));
            case SEQUENCE_RETRY_COUNT -> b.sequenceRetryCount(unsigned(resourceId, value));
            default -> throw new IllegalArgumentException("resource " + resourceId + " is not one of 13 to 20");
        }
        return b.build();
    }

    /** One of 13 to 20 as the model types it; null for an absent Registration Priority Order. */
    private static LwM2mSingleResource value(RegistrationPolicy p, int resourceId) {
        return switch (resourceId) {
            case PRIORITY_ORDER -> p.priorityOrder().isPresent() ? unsigned(resourceId, p.priorityOrder().getAsLong()) : null;
            case INITIAL_DELAY -> unsigned(resourceId, p.initialDelaySeconds());
            case FAILURE_BLOCK -> LwM2mSingleResource.newBooleanResource(resourceId, p.failureBlock());
            case BOOTSTRAP_ON_FAILURE -> LwM2mSingleResource.newBooleanResource(resourceId, p.bootstrapOnFailure());
            case RETRY_COUNT -> unsigned(resourceId, p.retryCount());
            case RETRY_TIMER -> unsigned(resourceId, p.retryTimerSeconds());
            case SEQUENCE_DELAY -> unsigned(resourceId, p.sequenceDelaySeconds());
            case SEQUENCE_RETRY_COUNT -> unsigned(resourceId, p.sequenceRetryCount());
            default -> throw new IllegalArgumentException("resource " + resourceId + " is not one of 13 to 20");
        };
    }

    /** Leshan's encoders want the Unsigned Integer type for these, not an Integer. */
    private static LwM2mSingleResource unsigned(int resourceId, long value) {
        return LwM2mSingleResource.newUnsignedIntegerResource(resourceId, ULong.valueOf(value));
    }

    /**
     * An Unsigned Integer as a long; the system may write an Integer. Above 2^63-1 (no count or timer is that big) it
     * is negative here, and refused by the policy. The client's TLV decoder reads short unsigned values right
     * ({@link org.scgateway.lwm2m.codec.StrictTlvDecoder}).
     */
    private static long unsigned(int resourceId, LwM2mResource value) {
        if (value.isMultiInstances() || !(value.getValue() instanceof ULong || value.getValue() instanceof Long)) {
            throw new IllegalArgumentException("resource " + resourceId + " is not an unsigned integer");
        }
        return ((Number) value.getValue()).longValue();
    }

    private static boolean bool(int resourceId, LwM2mResource value) {
        if (value.isMultiInstances() || !(value.getValue() instanceof Boolean)) {
            throw new IllegalArgumentException("resource " + resourceId + " is not a boolean");
        }
        return (Boolean) value.getValue();
    }
}
