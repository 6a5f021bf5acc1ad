package org.scgateway.lwm2m.client.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.Set;
import java.util.concurrent.locks.Lock;

import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.client.resource.ObjectEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.request.DeleteRequest;
import org.eclipse.leshan.core.response.CreateResponse;
import org.eclipse.leshan.core.response.DeleteResponse;
import org.scgateway.api.lwm2m.ClientStatus;
import org.scgateway.api.lwm2m.LwM2mObjectContext;
import org.scgateway.api.lwm2m.LwM2mObjectProvider;
import org.scgateway.api.lwm2m.LwM2mOperationException;
import org.scgateway.api.lwm2m.ObjectDefinition;
import org.scgateway.api.lwm2m.ObjectLink;
import org.scgateway.api.lwm2m.ResourceDefinition;
import org.scgateway.api.lwm2m.ResourceValue;

/**
 * A provided object in Leshan's tree, and the context its provider reports changes through. Instances
 * follow the provider: each {@link #instancesChanged()} adds and removes instance enablers, which makes
 * Leshan send a Registration Update.
 */
final class ProviderObject extends ObjectEnabler implements LwM2mObjectContext {

    private final LwM2mObjectProvider provider;
    private final ObjectDefinition definition;
    /** How often a failure of this object's provider is logged. */
    private final RepeatedFailures failures;
    private final Lock treeChanges;
    /** The client's status as it is now; null before the client has one. */
    private final Supplier<ClientStatus> status;
    private volatile boolean attached = true;

    private ProviderObject(LwM2mObjectProvider provider, ObjectDefinition definition, ObjectModel model,
            Map<Integer, LwM2mInstanceEnabler> instances, Lock treeChanges, Supplier<ClientStatus> status, RepeatedFailures failures) {
        super(definition.id(), model, instances,
                (objectModel, id, used) -> {
                    throw new IllegalStateException("instances of provided objects are created by their provider");
                }, null);
        this.provider = provider;
        this.definition = definition;
        this.treeChanges = treeChanges;
        this.status = status;
        this.failures = failures;
    }

    /**
     * @param treeChanges held while instances are added or removed, by every provided object of the client:
     *        Leshan changes an object's instances under that object's monitor and, still holding it, has its
     *        listeners take the monitor of every other object (to write the new registration); two objects
     *        changing at once from two providers' threads took each other's monitor and hung the client
     */
    static ProviderObject of(LwM2mObjectProvider provider, ObjectDefinition definition, Lock treeChanges) {
        return of(provider, definition, treeChanges, () -> null);
    }

    /** @param status the client's status as it is now (its endpoint, its instances that live in Secure Components) */
    static ProviderObject of(LwM2mObjectProvider provider, ObjectDefinition definition, Lock treeChanges,
            Supplier<ClientStatus> status) {
        ObjectModel model = Models.toLeshan(definition);
        Map<Integer, LwM2mInstanceEnabler> instances = new HashMap<>();
        RepeatedFailures failures = new RepeatedFailures();
        for (int id : provider.instanceIds()) {
            instances.put(id, new ProviderInstance(id, provider, definition, model, failures));
        }
        return new ProviderObject(provider, definition, model, instances, treeChanges, status, failures);
    }

    LwM2mObjectProvider provider() {
        return provider;
    }

    /** The client no longer shows this object: later reports from the provider change nothing. */
    void detach() {
        attached = false;
    }

    @Override
    public Map<String, List<ObjectLink>> hostedInstances() {
        ClientStatus now = status.get();
        return now == null ? Map.of() : now.hostedInstances();
    }

    @Override
    public java.util.Optional<String> endpointName() {
        return java.util.Optional.ofNullable(status.get()).map(ClientStatus::endpoint);
    }

    @Override
    public void resourcesChanged(int instanceId, int... resourceIds) {
        if (!attached) {
            return;
        }
        LwM2mInstanceEnabler instance = getInstance(instanceId);
        if (!(instance instanceof BaseInstanceEnabler)) {
            return;
        }
        List<LwM2mPath> paths = new ArrayList<>();
        if (resourceIds.length == 0) {
            definition.resources().keySet().forEach(r -> paths.add(new LwM2mPath(getId(), instanceId, r)));
        } else {
            for (int r : resourceIds) {
                paths.add(new LwM2mPath(getId(), instanceId, r));
            }
        }
        ((BaseInstanceEnabler) instance).fireResourcesChange(paths.toArray(new LwM2mPath[0]));
    }

    @Override
    public void instancesChanged() {
        if (attached) {
            treeChanges.lock();
            try {
                syncInstances();
            } finally {
                treeChanges.unlock();
            }
        }
    }

    /**
     * Called with {@code treeChanges} held, except from {@link #doCreate}, where Leshan already holds this
     * object's monitor: taking the lock there would invert the order. A provider that takes Create may
     * therefore still meet Leshan's lock-order hazard; none of the gateway's does.
     */
    private synchronized void syncInstances() {
        Set<Integer> wanted = provider.instanceIds();
        for (Integer id : new ArrayList<>(getAvailableInstanceIds())) {
            if (!wanted.contains(id)) {
                removeInstance(id);
            }
        }
        for (Integer id : wanted) {
            if (getInstance(id) == null) {
                addInstance(id, new ProviderInstance(id, provider, definition, getObjectModel(), failures));
            }
        }
    }

    @Override
    protected CreateResponse doCreate(LwM2mServer server, CreateRequest request) {
        List<LwM2mObjectInstance> instances = request.getObjectInstances();
        if (instances.size() != 1) {
            return CreateResponse.badRequest("object " + getId() + " creates one instance at a time");
        }
        LwM2mObjectInstance instance = instances.get(0);
        Map<Integer, ResourceValue> values = new HashMap<>();
        for (LwM2mResource r : instance.getResources().values()) {
            ResourceDefinition def = definition.resource(r.getId()).orElse(null);
            if (def == null) {
                return CreateResponse.badRequest("object " + getId() + " has no resource " + r.getId());
            }
            try {
                values.put(r.getId(), Values.fromLeshan(r, def));
            } catch (IllegalArgumentException e) {
                return CreateResponse.badRequest("resource " + r.getId() + ": " + e.getMessage());
            }
        }
        try {
            int id = provider.create(request.unknownObjectInstanceId() ? -1 : instance.getId(), values);
            syncInstances();
            return CreateResponse.success(new LwM2mPath(getId(), id).toString());
        } catch (LwM2mOperationException e) {
            return Responses.create(e);
        }
    }

    @Override
    protected DeleteResponse doDelete(LwM2mServer server, DeleteRequest request) {
        Integer instanceId = request.getPath().getObjectInstanceId();
        if (instanceId == null || getInstance(instanceId) == null) {
            return DeleteResponse.notFound();
        }
        try {
            provider.delete(instanceId);
        } catch (LwM2mOperationException e) {
            return Responses.delete(e);
        }
        syncInstances();
        return DeleteResponse.success();
    }
}
