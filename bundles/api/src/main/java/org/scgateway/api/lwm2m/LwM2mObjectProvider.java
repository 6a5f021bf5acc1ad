package org.scgateway.api.lwm2m;

import java.util.Map;
import java.util.SortedSet;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One LwM2M object and its instances, contributed through the service registry.
 * <p>
 * The client reads {@link #definition()} once, when the service appears; a provider that needs another
 * model registers a new service. Instances may come and go at any time: the provider says so through
 * {@link LwM2mObjectContext#instancesChanged()}.
 * <p>
 * The client calls these methods from its own threads, possibly several at once: implementations are
 * thread-safe and return promptly (a slow operation on a Secure Component belongs behind an Execute whose
 * result is published later).
 * <p>
 * Values follow {@link ResourceType}: a single resource is read as its Java value, a multiple resource as
 * a {@link ResourceValue} with instances.
 */
@ConsumerType
public interface LwM2mObjectProvider {

    /** Service property: the object id, so that consumers can filter without getting the service. */
    String PROP_OBJECT_ID = "lwm2m.object.id";

    /** The model of the object. */
    ObjectDefinition definition();

    /** The ids of the instances that exist now. */
    SortedSet<Integer> instanceIds();

    /**
     * Reads one resource of one instance.
     *
     * @throws LwM2mOperationException {@code NOT_FOUND} for an unknown instance or a resource that is
     *         optional and absent; {@code METHOD_NOT_ALLOWED} for a resource that is not readable
     */
    ResourceValue read(int instanceId, int resourceId) throws LwM2mOperationException;

    /**
     * Writes one resource of one instance (replace semantics for a multiple resource).
     *
     * @throws LwM2mOperationException {@code BAD_REQUEST} for a value the resource cannot take
     */
    void write(int instanceId, int resourceId, ResourceValue value) throws LwM2mOperationException;

    /**
     * Executes a resource.
     *
     * @param arguments the execute arguments as the server sent them (LwM2M 1.1 §5.4.5), empty for none
     */
    void execute(int instanceId, int resourceId, String arguments) throws LwM2mOperationException;

    /**
     * Creates an instance with the given resources. Objects whose instances are not created by the server
     * keep the default, which refuses.
     *
     * @param instanceId the id the server asked for, or -1 to let the provider choose
     * @return the id of the new instance
     */
    default int create(int instanceId, Map<Integer, ResourceValue> resources) throws LwM2mOperationException {
        throw new LwM2mOperationException(LwM2mOperationException.Code.METHOD_NOT_ALLOWED,
                "object " + definition().id() + " does not take Create");
    }

    /** Deletes an instance. The default refuses. */
    default void delete(int instanceId) throws LwM2mOperationException {
        throw new LwM2mOperationException(LwM2mOperationException.Code.METHOD_NOT_ALLOWED,
                "object " + definition().id() + " does not take Delete");
    }

    /**
     * Called by the client when it adds the object to its tree, with the context through which to report
     * changes; {@link #detached()} is called when it removes it. At most one context is attached at a time.
     */
    default void attached(LwM2mObjectContext context) {
    }

    /** Called when the client no longer shows the object; the context given to {@link #attached} is dead. */
    default void detached() {
    }
}
