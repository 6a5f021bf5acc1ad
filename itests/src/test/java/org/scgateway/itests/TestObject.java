package org.scgateway.itests;

import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.scgateway.api.lwm2m.LwM2mObjectContext;
import org.scgateway.api.lwm2m.LwM2mObjectProvider;
import org.scgateway.api.lwm2m.LwM2mOperationException;
import org.scgateway.api.lwm2m.ObjectDefinition;
import org.scgateway.api.lwm2m.Operations;
import org.scgateway.api.lwm2m.ResourceDefinition;
import org.scgateway.api.lwm2m.ResourceType;
import org.scgateway.api.lwm2m.ResourceValue;

/**
 * An object contributed through the whiteboard, as another bundle would: id 42800 (OMA test range), a
 * text (RW), a counter (R), "bump" (E, increments the counter), and a blob (RW, opaque).
 */
final class TestObject implements LwM2mObjectProvider {

    static final int ID = 42800;
    static final int TEXT = 0;
    static final int COUNTER = 1;
    static final int BUMP = 2;
    static final int BLOB = 3;

    static final ObjectDefinition DEFINITION = ObjectDefinition.builder(ID, "SC Gateway test object").multiple(true)
            .resource(ResourceDefinition.builder(TEXT, "Text", Operations.READ_WRITE, ResourceType.STRING).mandatory(true).build())
            .resource(ResourceDefinition.builder(COUNTER, "Counter", Operations.READ, ResourceType.INTEGER).mandatory(true).build())
            .resource(ResourceDefinition.builder(BUMP, "Bump", Operations.EXECUTE, ResourceType.NONE).build())
            .resource(ResourceDefinition.builder(BLOB, "Blob", Operations.READ_WRITE, ResourceType.OPAQUE).build())
            .build();

    final Map<Integer, String> text = new ConcurrentHashMap<>();
    final Map<Integer, Long> counter = new ConcurrentHashMap<>();
    volatile byte[] blob = new byte[] {1, 2, 3};
    volatile String lastArguments;
    volatile LwM2mObjectContext context;

    TestObject() {
        addInstance(0);
    }

    void addInstance(int id) {
        text.put(id, "instance " + id);
        counter.put(id, 0L);
    }

    /** Changes the counter as the device itself would, and says so. */
    void bump(int instance) {
        counter.merge(instance, 1L, Long::sum);
        LwM2mObjectContext c = context;
        if (c != null) {
            c.resourcesChanged(instance, COUNTER);
        }
    }

    @Override
    public ObjectDefinition definition() {
        return DEFINITION;
    }

    @Override
    public SortedSet<Integer> instanceIds() {
        return new TreeSet<>(text.keySet());
    }

    @Override
    public ResourceValue read(int instanceId, int resourceId) throws LwM2mOperationException {
        if (!text.containsKey(instanceId)) {
            throw new LwM2mOperationException(LwM2mOperationException.Code.NOT_FOUND, "no instance " + instanceId);
        }
        switch (resourceId) {
            case TEXT: return ResourceValue.string(text.get(instanceId));
            case COUNTER: return ResourceValue.integer(counter.get(instanceId));
            case BLOB: return ResourceValue.opaque(blob);
            default: throw new LwM2mOperationException(LwM2mOperationException.Code.METHOD_NOT_ALLOWED, "not readable");
        }
    }

    @Override
    public void write(int instanceId, int resourceId, ResourceValue value) throws LwM2mOperationException {
        switch (resourceId) {
            case TEXT:
                text.put(instanceId, (String) value.value());
                break;
            case BLOB:
                blob = (byte[]) value.value();
                break;
            default:
                throw new LwM2mOperationException(LwM2mOperationException.Code.METHOD_NOT_ALLOWED, "not writable");
        }
    }

    @Override
    public void execute(int instanceId, int resourceId, String arguments) throws LwM2mOperationException {
        if (resourceId != BUMP) {
            throw new LwM2mOperationException(LwM2mOperationException.Code.METHOD_NOT_ALLOWED, "not executable");
        }
        lastArguments = arguments;
        bump(instanceId);
    }

    @Override
    public void attached(LwM2mObjectContext context) {
        this.context = context;
    }

    @Override
    public void detached() {
        this.context = null;
    }
}
