package org.scgateway.lwm2m.objects.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.scgateway.api.lwm2m.LwM2mObjectContext;
import org.scgateway.api.lwm2m.LwM2mObjectProvider;
import org.scgateway.api.lwm2m.LwM2mOperationException;
import org.scgateway.api.lwm2m.LwM2mOperationException.Code;
import org.scgateway.api.lwm2m.ObjectDefinition;
import org.scgateway.api.lwm2m.ResourceValue;

/**
 * The shell of an object whose instances stand for things that come and go (a Secure Component, an eUICC): each
 * thing, its key, gets an instance whose id is kept across restarts by the thing's name, so a server's
 * observations and notes stay meaningful; a request for an instance that is not there is 4.04; the client is told
 * of every change through {@link ObjectReports}. The object's own logic is in its instances.
 *
 * @param <K> what an instance stands for
 * @param <I> the instance
 */
public abstract class ProvidedObject<K, I extends ProvidedInstance> implements LwM2mObjectProvider {

    private final ObjectDefinition definition;
    private final Map<K, Integer> idsByKey = new ConcurrentHashMap<>();
    private final Map<Integer, I> instances = new ConcurrentHashMap<>();
    private final ObjectReports reports;
    private volatile InstanceIds numbering = new InstanceIds(null);

    protected ProvidedObject(ObjectDefinition definition, String reportThread) {
        this.definition = definition;
        this.reports = new ObjectReports(reportThread);
    }

    /** The name an instance id is kept under: the same thing, back after a restart, has the same name. */
    protected abstract String nameOf(K key);

    protected abstract I newInstance(K key, int instanceId);

    /**
     * Keeps instance ids in {@code file} from now on. Keys added before were numbered without it: they are numbered
     * again from it, all at once (one by one, a key could take the id another still held, and the other's removal
     * would then take the first one's new instance away).
     */
    protected final void keepIdsIn(Path file) {
        numbering = new InstanceIds(file);
        List<K> bound = new ArrayList<>(idsByKey.keySet());
        idsByKey.clear();
        instances.clear();
        bound.forEach(this::put);
        if (!bound.isEmpty()) {
            reports.instancesChanged();
        }
    }

    /** Adds the key's instance and tells the client; returns its id. */
    protected final int add(K key) {
        int id = put(key);
        reports.instancesChanged();
        return id;
    }

    private int put(K key) {
        int id = numbering.idOf(nameOf(key));
        idsByKey.put(key, id);
        instances.put(id, newInstance(key, id));
        return id;
    }

    /** Forgets the key; returns the id it had, if it had one. Its instance stays until {@link #remove(int, ProvidedInstance)}. */
    protected final Optional<Integer> forget(K key) {
        return Optional.ofNullable(idsByKey.remove(key));
    }

    /** Removes the instance under {@code id} if it is still {@code instance}, and tells the client; returns whether it was. */
    protected final boolean remove(int id, I instance) {
        if (instance != null && instances.remove(id, instance)) {
            reports.instancesChanged();
            return true;
        }
        return false;
    }

    /** The id of the key's instance, if it has one. */
    protected final Optional<Integer> idOf(K key) {
        return Optional.ofNullable(idsByKey.get(key));
    }

    protected final Optional<I> instanceAt(int id) {
        return Optional.ofNullable(instances.get(id));
    }

    /** The instances, by id. */
    public final SortedMap<Integer, I> instancesById() {
        return new TreeMap<>(instances);
    }

    /** The instance under {@code id}, or 4.04 naming the object. */
    public final I instance(int id) throws LwM2mOperationException {
        I i = instances.get(id);
        if (i == null) {
            throw new LwM2mOperationException(Code.NOT_FOUND, "no " + definition.name() + " instance " + id);
        }
        return i;
    }

    /** The client's context while it shows the object: what else the client knows, such as its hosted instances. */
    protected final Optional<LwM2mObjectContext> context() {
        return reports.context();
    }

    /** Tells the client that resources of an instance changed. */
    protected final void changed(int instanceId, int... resourceIds) {
        reports.resourcesChanged(instanceId, resourceIds);
    }

    /** The object is going: nothing more is told. */
    protected void close() {
        reports.close();
    }

    @Override
    public final ObjectDefinition definition() {
        return definition;
    }

    @Override
    public final SortedSet<Integer> instanceIds() {
        return new TreeSet<>(instances.keySet());
    }

    @Override
    public final ResourceValue read(int instanceId, int resourceId) throws LwM2mOperationException {
        return instance(instanceId).read(resourceId);
    }

    @Override
    public final void write(int instanceId, int resourceId, ResourceValue value) throws LwM2mOperationException {
        instance(instanceId).write(resourceId, value);
    }

    @Override
    public final void execute(int instanceId, int resourceId, String arguments) throws LwM2mOperationException {
        instance(instanceId).execute(resourceId, arguments);
    }

    @Override
    public final void attached(LwM2mObjectContext context) {
        reports.attached(context);
    }

    @Override
    public final void detached() {
        reports.detached();
    }
}
