package org.scgateway.lwm2m.client.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.listener.ObjectListener;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.request.DeleteRequest;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.CreateResponse;
import org.eclipse.leshan.core.response.DeleteResponse;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.junit.Test;
import org.scgateway.api.lwm2m.LwM2mOperationException;
import org.scgateway.api.lwm2m.ResourceValue;
import org.scgateway.lwm2m.client.internal.ObjectWhiteboardTest.TestProvider;

public class ProviderObjectTest {

    private static final int ID = ObjectWhiteboardTest.TEST_ID;
    private static final LwM2mServer SYSTEM = LwM2mServer.SYSTEM;

    /** Records what the object reports to Leshan. */
    static final class Recorder implements ObjectListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void resourceChanged(LwM2mPath... paths) {
            events.add("changed " + Arrays.toString(paths));
        }

        @Override
        public void objectInstancesAdded(LwM2mObjectEnabler object, int... instanceIds) {
            events.add("added " + Arrays.toString(instanceIds));
        }

        @Override
        public void objectInstancesRemoved(LwM2mObjectEnabler object, int... instanceIds) {
            events.add("removed " + Arrays.toString(instanceIds));
        }
    }

    /** A provider whose instances the server may create and delete. */
    static class CreatingProvider extends TestProvider {
        final List<String> created = new ArrayList<>();

        CreatingProvider(Integer... instances) {
            super(ID, "Creatable", instances);
        }

        @Override
        public synchronized int create(int instanceId, Map<Integer, ResourceValue> resources) {
            int id = instanceId >= 0 ? instanceId : (instanceIds.isEmpty() ? 0 : instanceIds.last() + 1);
            instanceIds.add(id);
            created.add(id + " " + resources);
            return id;
        }

        @Override
        public synchronized void delete(int instanceId) {
            instanceIds.remove(instanceId);
        }
    }

    @Test
    public void ofMakesOneInstancePerProviderInstance() {
        TestProvider p = new TestProvider(ID, "Test", 0, 4, 9);
        ProviderObject o = objectOf(p);
        assertEquals(ID, o.getId());
        assertEquals("Test", o.getObjectModel().name);
        assertEquals(List.of(0, 4, 9), sorted(o.getAvailableInstanceIds()));
        assertTrue(o.getInstance(4) instanceof ProviderInstance);
        assertNull(o.getInstance(1));
        assertEquals(p, o.provider());
        assertEquals(List.of(1, 2, 3), sorted(o.getAvailableResourceIds(0)));
    }

    private static List<Integer> sorted(List<Integer> ids) {
        List<Integer> l = new ArrayList<>(ids);
        l.sort(null);
        return l;
    }

    @Test
    public void instancesChangedFollowsTheProvider() {
        TestProvider p = new TestProvider(ID, "Test", 0, 1);
        ProviderObject o = objectOf(p);
        Recorder rec = new Recorder();
        o.addListener(rec);

        synchronized (p) {
            p.instanceIds.remove(0);
            p.instanceIds.add(7);
        }
        o.instancesChanged();
        assertEquals(List.of(1, 7), sorted(o.getAvailableInstanceIds()));
        assertTrue(rec.events.toString(), rec.events.contains("removed [0]"));
        assertTrue(rec.events.toString(), rec.events.contains("added [7]"));
        assertEquals(2, rec.events.size());

        // No change: no events.
        o.instancesChanged();
        assertEquals(2, rec.events.size());
    }

    @Test
    public void afterDetachReportsChangeNothing() {
        TestProvider p = new TestProvider(ID, "Test", 0);
        ProviderObject o = objectOf(p);
        Recorder rec = new Recorder();
        o.addListener(rec);
        o.detach();

        synchronized (p) {
            p.instanceIds.add(5);
        }
        o.instancesChanged();
        o.resourcesChanged(0, 1);
        assertEquals(List.of(0), o.getAvailableInstanceIds());
        assertTrue(rec.events.toString(), rec.events.isEmpty());
    }

    @Test
    public void resourcesChangedFiresForTheNamedResources() {
        ProviderObject o = objectOf(new TestProvider(ID, "Test", 0));
        Recorder rec = new Recorder();
        o.addListener(rec);
        o.resourcesChanged(0, 2);
        assertEquals(List.of("changed [" + new LwM2mPath(ID, 0, 2) + "]"), rec.events);
    }

    @Test
    public void resourcesChangedWithoutIdsFiresForEveryResource() {
        ProviderObject o = objectOf(new TestProvider(ID, "Test", 0));
        Recorder rec = new Recorder();
        o.addListener(rec);
        o.resourcesChanged(0);
        assertEquals(1, rec.events.size());
        String e = rec.events.get(0);
        for (int r = 1; r <= 3; r++) {
            assertTrue(e, e.contains(new LwM2mPath(ID, 0, r).toString()));
        }
    }

    @Test
    public void resourcesChangedOfAnUnknownInstanceIsIgnored() {
        ProviderObject o = objectOf(new TestProvider(ID, "Test", 0));
        Recorder rec = new Recorder();
        o.addListener(rec);
        o.resourcesChanged(42, 1);
        assertTrue(rec.events.isEmpty());
    }

    @Test
    public void readWriteAndExecuteReachTheProvider() throws Exception {
        TestProvider p = new TestProvider(ID, "Test", 0);
        p.values.put("0/1", ResourceValue.string("abc"));
        ProviderObject o = objectOf(p);

        ReadResponse read = o.read(SYSTEM, new ReadRequest(ID, 0, 1));
        assertTrue(read.toString(), read.isSuccess());
        assertEquals("abc", ((LwM2mResource) read.getContent()).getValue());

        ReadResponse missing = o.read(SYSTEM, new ReadRequest(ID, 0, 2));
        assertEquals(ResponseCode.NOT_FOUND, missing.getCode());

        WriteResponse write = o.write(SYSTEM, new WriteRequest(ID, 0, 2, 77L));
        assertTrue(write.toString(), write.isSuccess());
        assertEquals(ResourceValue.integer(77), p.values.get("0/2"));

        ExecuteResponse exec = o.execute(SYSTEM, new ExecuteRequest(ID, 0, 3, "0='a',1"));
        assertTrue(exec.toString(), exec.isSuccess());
        assertTrue(p.calls.toString(), p.calls.contains("execute 0/3 [0='a',1]"));

        ExecuteResponse noArgs = o.execute(SYSTEM, new ExecuteRequest(ID, 0, 3));
        assertTrue(noArgs.isSuccess());
        assertTrue(p.calls.toString(), p.calls.contains("execute 0/3 []"));
    }

    @Test
    public void providerFailuresBecomeErrorResponses() {
        TestProvider p = new TestProvider(ID, "Test", 0) {
            @Override
            public ResourceValue read(int instanceId, int resourceId) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void execute(int instanceId, int resourceId, String arguments) throws LwM2mOperationException {
                throw new LwM2mOperationException(LwM2mOperationException.Code.UNAUTHORIZED, "no");
            }
        };
        ProviderObject o = objectOf(p);
        assertEquals(ResponseCode.INTERNAL_SERVER_ERROR, o.read(SYSTEM, new ReadRequest(ID, 0, 1)).getCode());
        assertEquals(ResponseCode.UNAUTHORIZED, o.execute(SYSTEM, new ExecuteRequest(ID, 0, 3)).getCode());
    }

    @Test
    public void deleteRemovesTheInstance() {
        CreatingProvider p = new CreatingProvider(0, 1);
        ProviderObject o = objectOf(p);
        DeleteResponse r = o.doDelete(SYSTEM, new DeleteRequest(ID, 1));
        assertEquals(ResponseCode.DELETED, r.getCode());
        assertEquals(List.of(0), o.getAvailableInstanceIds());
        assertEquals(Integer.valueOf(0), p.instanceIds().first());
    }

    @Test
    public void deleteOfAnUnknownInstanceIsNotFound() {
        CreatingProvider p = new CreatingProvider(0);
        ProviderObject o = objectOf(p);
        assertEquals(ResponseCode.NOT_FOUND, o.doDelete(SYSTEM, new DeleteRequest(ID, 5)).getCode());
        assertEquals(List.of(0), o.getAvailableInstanceIds());
    }

    @Test
    public void deleteRefusedByTheProviderKeepsTheInstance() {
        TestProvider p = new TestProvider(ID, "Test", 0); // default delete: 4.05
        ProviderObject o = objectOf(p);
        assertEquals(ResponseCode.METHOD_NOT_ALLOWED, o.doDelete(SYSTEM, new DeleteRequest(ID, 0)).getCode());
        assertEquals(List.of(0), o.getAvailableInstanceIds());
    }

    @Test
    public void createGoesToTheProvider() {
        CreatingProvider p = new CreatingProvider(0);
        ProviderObject o = objectOf(p);
        CreateResponse r = o.doCreate(SYSTEM,
                new CreateRequest(ID, new LwM2mObjectInstance(3, LwM2mSingleResource.newIntegerResource(2, 9))));
        assertEquals(ResponseCode.CREATED, r.getCode());
        assertEquals("/" + ID + "/3", r.getLocation());
        assertEquals(List.of(0, 3), sorted(o.getAvailableInstanceIds()));
        assertEquals(List.of("3 {2=" + ResourceValue.integer(9) + "}"), p.created);
    }

    @Test
    public void createWithAWrongTypeIsABadRequest() {
        CreatingProvider p = new CreatingProvider();
        ProviderObject o = objectOf(p);
        CreateResponse r = o.doCreate(SYSTEM,
                new CreateRequest(ID, new LwM2mObjectInstance(0, LwM2mSingleResource.newStringResource(2, "nine"))));
        assertEquals(ResponseCode.BAD_REQUEST, r.getCode());
        assertTrue(p.created.isEmpty());
    }

    @Test
    public void createOfAnUnknownResourceIsABadRequest() {
        CreatingProvider p = new CreatingProvider();
        ProviderObject o = objectOf(p);
        CreateResponse r = o.doCreate(SYSTEM,
                new CreateRequest(ID, new LwM2mObjectInstance(0, LwM2mSingleResource.newStringResource(99, "x"))));
        assertEquals(ResponseCode.BAD_REQUEST, r.getCode());
        assertTrue(p.created.isEmpty());
    }

    @Test
    public void createRefusedByDefault() {
        ProviderObject o = objectOf(new TestProvider(ID, "Test"));
        CreateResponse r = o.doCreate(SYSTEM,
                new CreateRequest(ID, new LwM2mObjectInstance(0, LwM2mSingleResource.newIntegerResource(2, 1))));
        assertEquals(ResponseCode.METHOD_NOT_ALLOWED, r.getCode());
        assertNotNull(o.getAvailableInstanceIds());
        assertTrue(o.getAvailableInstanceIds().isEmpty());
    }

    private static ProviderObject objectOf(org.scgateway.api.lwm2m.LwM2mObjectProvider provider) {
        return ProviderObject.of(provider, provider.definition(), new java.util.concurrent.locks.ReentrantLock());
    }
}
