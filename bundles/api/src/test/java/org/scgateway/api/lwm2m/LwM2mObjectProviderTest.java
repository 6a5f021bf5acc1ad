package org.scgateway.api.lwm2m;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import org.junit.Test;

public class LwM2mObjectProviderTest {

    private static LwM2mObjectProvider minimal(int objectId) {
        ObjectDefinition def = ObjectDefinition.builder(objectId, "Test").build();
        return new LwM2mObjectProvider() {
            @Override
            public ObjectDefinition definition() {
                return def;
            }

            @Override
            public SortedSet<Integer> instanceIds() {
                return new TreeSet<>();
            }

            @Override
            public ResourceValue read(int instanceId, int resourceId) throws LwM2mOperationException {
                throw new LwM2mOperationException(LwM2mOperationException.Code.NOT_FOUND, "none");
            }

            @Override
            public void write(int instanceId, int resourceId, ResourceValue value) {
            }

            @Override
            public void execute(int instanceId, int resourceId, String arguments) {
            }
        };
    }

    @Test
    public void defaultCreateRefusesWithMethodNotAllowed() {
        LwM2mObjectProvider p = minimal(42769);
        LwM2mOperationException e = assertThrows(LwM2mOperationException.class,
                () -> p.create(-1, Map.of(0, ResourceValue.string("x"))));
        assertSame(LwM2mOperationException.Code.METHOD_NOT_ALLOWED, e.code());
        assertTrue(e.getMessage(), e.getMessage().contains("42769"));
        assertTrue(e.getMessage(), e.getMessage().contains("Create"));
    }

    @Test
    public void defaultDeleteRefusesWithMethodNotAllowed() {
        LwM2mObjectProvider p = minimal(42770);
        LwM2mOperationException e = assertThrows(LwM2mOperationException.class, () -> p.delete(0));
        assertSame(LwM2mOperationException.Code.METHOD_NOT_ALLOWED, e.code());
        assertTrue(e.getMessage(), e.getMessage().contains("42770"));
        assertTrue(e.getMessage(), e.getMessage().contains("Delete"));
    }

    @Test
    public void defaultAttachDetachDoNothing() {
        LwM2mObjectProvider p = minimal(42771);
        p.attached(new LwM2mObjectContext() {
            @Override
            public void resourcesChanged(int instanceId, int... resourceIds) {
                throw new AssertionError("the default attached() must not report changes");
            }

            @Override
            public void instancesChanged() {
                throw new AssertionError("the default attached() must not report changes");
            }

            @Override
            public java.util.Map<String, java.util.List<ObjectLink>> hostedInstances() {
                throw new AssertionError("the default attached() must not ask");
            }
        });
        p.detached();
        assertEquals(42771, p.definition().id());
    }

    @Test
    public void operationExceptionNeedsCode() {
        assertThrows(NullPointerException.class, () -> new LwM2mOperationException(null, "x"));
        LwM2mOperationException e = new LwM2mOperationException(LwM2mOperationException.Code.SERVICE_UNAVAILABLE, "busy",
                new IllegalStateException());
        assertSame(LwM2mOperationException.Code.SERVICE_UNAVAILABLE, e.code());
        assertTrue(e.getCause() instanceof IllegalStateException);
    }
}
