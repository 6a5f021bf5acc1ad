package org.scgateway.lwm2m.client.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.LwM2mObjectTree;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.client.util.LinkFormatHelper;
import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.DiscoverRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.DiscoverResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.scgateway.api.lwm2m.LwM2mObjectContext;
import org.scgateway.api.lwm2m.LwM2mObjectProvider;
import org.scgateway.api.lwm2m.LwM2mOperationException;
import org.scgateway.api.lwm2m.ObjectDefinition;
import org.scgateway.api.lwm2m.Operations;
import org.scgateway.api.lwm2m.ResourceDefinition;
import org.scgateway.api.lwm2m.ResourceType;
import org.scgateway.api.lwm2m.ResourceValue;

public class ObjectWhiteboardTest {

    static final int TEST_ID = 42800;

    /** A provider of one object with a string resource 1, a read-write integer 2 and an executable 3. */
    static class TestProvider implements LwM2mObjectProvider {
        final ObjectDefinition definition;
        final SortedSet<Integer> instanceIds = new TreeSet<>();
        final Map<String, ResourceValue> values = new TreeMap<>();
        final List<String> calls = new ArrayList<>();
        volatile LwM2mObjectContext context;
        int attached;
        int detached;

        TestProvider(int id, String name, Integer... instances) {
            this.definition = ObjectDefinition.builder(id, name)
                    .resource(ResourceDefinition.builder(1, "Text", Operations.READ, ResourceType.STRING).build())
                    .resource(ResourceDefinition.builder(2, "Number", Operations.READ_WRITE, ResourceType.INTEGER).build())
                    .resource(ResourceDefinition.builder(3, "Do", Operations.EXECUTE, ResourceType.NONE).build())
                    .build();
            instanceIds.addAll(List.of(instances));
        }

        @Override
        public ObjectDefinition definition() {
            return definition;
        }

        @Override
        public synchronized SortedSet<Integer> instanceIds() {
            return new TreeSet<>(instanceIds);
        }

        @Override
        public synchronized ResourceValue read(int instanceId, int resourceId) throws LwM2mOperationException {
            calls.add("read " + instanceId + "/" + resourceId);
            ResourceValue v = values.get(instanceId + "/" + resourceId);
            if (v == null) {
                throw new LwM2mOperationException(LwM2mOperationException.Code.NOT_FOUND, "no " + resourceId);
            }
            return v;
        }

        @Override
        public synchronized void write(int instanceId, int resourceId, ResourceValue value)
                throws LwM2mOperationException {
            calls.add("write " + instanceId + "/" + resourceId + " " + value);
            values.put(instanceId + "/" + resourceId, value);
        }

        @Override
        public synchronized void execute(int instanceId, int resourceId, String arguments)
                throws LwM2mOperationException {
            calls.add("execute " + instanceId + "/" + resourceId + " [" + arguments + "]");
        }

        @Override
        public synchronized void attached(LwM2mObjectContext context) {
            this.context = context;
            attached++;
        }

        @Override
        public synchronized void detached() {
            detached++;
        }

        @Override
        public String toString() {
            return "TestProvider[" + definition.id() + " " + definition.name() + "]";
        }
    }

    /** A service reference ordered as the OSGi framework orders them: by ranking, then lower service id first. */
    static final class FakeRef implements ServiceReference<Object> {
        private static final AtomicLong IDS = new AtomicLong(100);
        final int ranking;
        final long serviceId;

        FakeRef(int ranking) {
            this(ranking, IDS.incrementAndGet());
        }

        FakeRef(int ranking, long serviceId) {
            this.ranking = ranking;
            this.serviceId = serviceId;
        }

        @Override
        public Object getProperty(String key) {
            if (Constants.SERVICE_RANKING.equals(key)) {
                return ranking;
            }
            if (Constants.SERVICE_ID.equals(key)) {
                return serviceId;
            }
            return null;
        }

        @Override
        public String[] getPropertyKeys() {
            return new String[] {Constants.SERVICE_RANKING, Constants.SERVICE_ID};
        }

        @Override
        public Bundle getBundle() {
            return null;
        }

        @Override
        public Bundle[] getUsingBundles() {
            return null;
        }

        @Override
        public boolean isAssignableTo(Bundle bundle, String className) {
            return true;
        }

        /** Lower ranking is less; on equal ranking, the higher service id is less (OSGi Core 5.2.x). */
        @Override
        public int compareTo(Object other) {
            FakeRef o = (FakeRef) other;
            if (serviceId == o.serviceId) {
                return 0;
            }
            if (ranking != o.ranking) {
                return Integer.compare(ranking, o.ranking);
            }
            return Long.compare(o.serviceId, serviceId);
        }

        @Override
        public Dictionary<String, Object> getProperties() {
            Hashtable<String, Object> d = new Hashtable<>();
            d.put(Constants.SERVICE_RANKING, ranking);
            d.put(Constants.SERVICE_ID, serviceId);
            return d;
        }

        @Override
        public <A> A adapt(Class<A> type) {
            return null;
        }

        @Override
        public String toString() {
            return "FakeRef[ranking " + ranking + ", id " + serviceId + "]";
        }
    }

    static LwM2mObjectTree emptyTree() {
        return new LwM2mObjectTree(e -> e.init(null, new LinkFormatHelper(LwM2mVersion.V1_1)));
    }

    private static LwM2mObjectProvider shownProvider(LwM2mObjectTree tree, int id) {
        LwM2mObjectEnabler e = tree.getObjectEnabler(id);
        assertNotNull("object " + id + " should be in the tree", e);
        assertTrue(e instanceof ProviderObject);
        return ((ProviderObject) e).provider();
    }

    @Test
    public void fakeRefOrdersLikeTheFramework() {
        FakeRef low = new FakeRef(1, 10);
        FakeRef high = new FakeRef(5, 11);
        FakeRef sameRankOlder = new FakeRef(1, 3);
        assertTrue(low.compareTo(high) < 0);
        assertTrue(high.compareTo(low) > 0);
        assertTrue(sameRankOlder.compareTo(low) > 0); // lower service id ranks higher
        assertEquals(0, low.compareTo(new FakeRef(7, 10)));
    }

    @Test
    public void providerAddedAfterAttachIsShown() {
        LwM2mObjectTree tree = emptyTree();
        ObjectWhiteboard wb = new ObjectWhiteboard(Set.of(0, 1, 3));
        wb.attach(tree, null, new LinkFormatHelper(LwM2mVersion.V1_1));
        TestProvider p = new TestProvider(TEST_ID, "Test", 0);
        wb.add(new FakeRef(0), p);

        assertSame(p, shownProvider(tree, TEST_ID));
        assertEquals(1, p.attached);
        assertSame("the context is the enabler in the tree", tree.getObjectEnabler(TEST_ID), p.context);
        assertEquals(Integer.valueOf(TEST_ID), tree.getObjectEnabler(TEST_ID).getObjectModel().id);
        assertEquals("Test", tree.getObjectEnabler(TEST_ID).getObjectModel().name);
    }

    @Test
    public void providerAddedBeforeAttachIsShownOnAttach() {
        ObjectWhiteboard wb = new ObjectWhiteboard(Set.of(3));
        TestProvider p = new TestProvider(TEST_ID, "Early");
        wb.add(new FakeRef(0), p);
        assertEquals("nothing to attach to yet", 0, p.attached);

        LwM2mObjectTree tree = emptyTree();
        wb.attach(tree, null, new LinkFormatHelper(LwM2mVersion.V1_1));
        assertSame(p, shownProvider(tree, TEST_ID));
        assertEquals(1, p.attached);
    }

    @Test
    public void reservedObjectIsNotShown() {
        // The client's own Device object is in the tree already.
        TestProvider device = new TestProvider(3, "Device", 0);
        ProviderObject own = objectOf(device);
        LwM2mObjectTree tree = new LwM2mObjectTree(e -> e.init(null, new LinkFormatHelper(LwM2mVersion.V1_1)), own);
        ObjectWhiteboard wb = new ObjectWhiteboard(Set.of(0, 1, 3));
        wb.attach(tree, null, new LinkFormatHelper(LwM2mVersion.V1_1));

        TestProvider intruder = new TestProvider(3, "Not the device", 0);
        FakeRef intruderRef = new FakeRef(1000);
        wb.add(intruderRef, intruder);
        assertSame("the client's own object stays", own, tree.getObjectEnabler(3));
        assertEquals(0, intruder.attached);

        wb.remove(intruderRef);
        wb.detach();
        assertSame("detach leaves the client's own objects alone", own, tree.getObjectEnabler(3));
        assertEquals(0, intruder.detached);
    }

    @Test
    public void reservedIdIsNotShownEvenInAnEmptyTree() {
        LwM2mObjectTree tree = emptyTree();
        ObjectWhiteboard wb = new ObjectWhiteboard(Set.of(0, 1, 3));
        wb.attach(tree, null, new LinkFormatHelper(LwM2mVersion.V1_1));
        TestProvider p = new TestProvider(3, "Device", 0);
        wb.add(new FakeRef(0), p);
        assertNull(tree.getObjectEnabler(3));
        assertEquals(0, p.attached);
    }

    @Test
    public void higherRankingWinsAndRemovalShowsTheOther() {
        LwM2mObjectTree tree = emptyTree();
        ObjectWhiteboard wb = new ObjectWhiteboard(Set.of(3));
        wb.attach(tree, null, new LinkFormatHelper(LwM2mVersion.V1_1));
        TestProvider low = new TestProvider(TEST_ID, "Low", 0);
        TestProvider high = new TestProvider(TEST_ID, "High", 0, 1);
        FakeRef lowRef = new FakeRef(1);
        FakeRef highRef = new FakeRef(10);

        wb.add(lowRef, low);
        assertSame(low, shownProvider(tree, TEST_ID));
        assertEquals(1, low.attached);

        wb.add(highRef, high);
        assertSame(high, shownProvider(tree, TEST_ID));
        assertEquals("High", tree.getObjectEnabler(TEST_ID).getObjectModel().name);
        assertEquals(1, low.detached);
        assertEquals(1, high.attached);

        wb.remove(highRef);
        assertSame(low, shownProvider(tree, TEST_ID));
        assertEquals(1, high.detached);
        assertEquals(2, low.attached);
    }

    @Test
    public void lowerRankingAddedLaterWaits() {
        LwM2mObjectTree tree = emptyTree();
        ObjectWhiteboard wb = new ObjectWhiteboard(Set.of(3));
        wb.attach(tree, null, new LinkFormatHelper(LwM2mVersion.V1_1));
        TestProvider high = new TestProvider(TEST_ID, "High");
        TestProvider low = new TestProvider(TEST_ID, "Low");
        FakeRef lowRef = new FakeRef(-5);
        wb.add(new FakeRef(5), high);
        wb.add(lowRef, low);
        assertSame(high, shownProvider(tree, TEST_ID));
        assertEquals(0, low.attached);
        assertEquals(0, high.detached);

        // Removing the waiting one changes nothing that is shown.
        wb.remove(lowRef);
        assertSame(high, shownProvider(tree, TEST_ID));
        assertEquals(1, high.attached);
        assertEquals(0, high.detached);
        assertEquals(0, low.detached);
    }

    @Test
    public void equalRankingLowerServiceIdWins() {
        LwM2mObjectTree tree = emptyTree();
        ObjectWhiteboard wb = new ObjectWhiteboard(Set.of(3));
        wb.attach(tree, null, new LinkFormatHelper(LwM2mVersion.V1_1));
        TestProvider newer = new TestProvider(TEST_ID, "Newer");
        TestProvider older = new TestProvider(TEST_ID, "Older");
        wb.add(new FakeRef(0, 50), newer);
        wb.add(new FakeRef(0, 20), older);
        assertSame(older, shownProvider(tree, TEST_ID));
    }

    @Test
    public void differentObjectsAreAllShown() {
        LwM2mObjectTree tree = emptyTree();
        ObjectWhiteboard wb = new ObjectWhiteboard(Set.of(3));
        wb.attach(tree, null, new LinkFormatHelper(LwM2mVersion.V1_1));
        TestProvider a = new TestProvider(TEST_ID, "A");
        TestProvider b = new TestProvider(TEST_ID - 1, "B");
        FakeRef aRef = new FakeRef(0);
        wb.add(aRef, a);
        wb.add(new FakeRef(0), b);
        assertSame(a, shownProvider(tree, TEST_ID));
        assertSame(b, shownProvider(tree, TEST_ID - 1));

        wb.remove(aRef);
        assertNull(tree.getObjectEnabler(TEST_ID));
        assertSame(b, shownProvider(tree, TEST_ID - 1));
        assertEquals(1, a.detached);
        assertEquals(0, b.detached);
    }

    @Test
    public void brokenProviderIsSkipped() {
        LwM2mObjectTree tree = emptyTree();
        ObjectWhiteboard wb = new ObjectWhiteboard(Set.of(3));
        wb.attach(tree, null, new LinkFormatHelper(LwM2mVersion.V1_1));
        TestProvider broken = new TestProvider(TEST_ID, "Broken") {
            @Override
            public ObjectDefinition definition() {
                throw new IllegalStateException("no model");
            }
        };
        TestProvider good = new TestProvider(TEST_ID - 1, "Good");
        wb.add(new FakeRef(100), broken);
        wb.add(new FakeRef(0), good);
        assertNull(tree.getObjectEnabler(TEST_ID));
        assertSame(good, shownProvider(tree, TEST_ID - 1));
        assertEquals(0, broken.attached);
    }

    @Test
    public void detachCallsDetachedAndEmptiesTheTree() {
        LwM2mObjectTree tree = emptyTree();
        ObjectWhiteboard wb = new ObjectWhiteboard(Set.of(3));
        wb.attach(tree, null, new LinkFormatHelper(LwM2mVersion.V1_1));
        TestProvider p = new TestProvider(TEST_ID, "Test", 0);
        TestProvider q = new TestProvider(TEST_ID - 1, "Other", 0);
        wb.add(new FakeRef(0), p);
        wb.add(new FakeRef(0), q);

        wb.detach();
        assertEquals(1, p.detached);
        assertEquals(1, q.detached);
        assertNull(tree.getObjectEnabler(TEST_ID));
        assertNull(tree.getObjectEnabler(TEST_ID - 1));

        // Detached: providers coming and going no longer touch the old tree.
        TestProvider later = new TestProvider(TEST_ID - 2, "Later");
        wb.add(new FakeRef(0), later);
        assertNull(tree.getObjectEnabler(TEST_ID - 2));
        assertEquals(0, later.attached);

        // A new tree gets them all.
        LwM2mObjectTree next = emptyTree();
        wb.attach(next, null, new LinkFormatHelper(LwM2mVersion.V1_1));
        assertSame(p, shownProvider(next, TEST_ID));
        assertSame(q, shownProvider(next, TEST_ID - 1));
        assertSame(later, shownProvider(next, TEST_ID - 2));
        assertEquals(2, p.attached);
    }

    @Test
    public void detachTwiceIsHarmless() {
        ObjectWhiteboard wb = new ObjectWhiteboard(Set.of(3));
        wb.detach();
        wb.attach(emptyTree(), null, new LinkFormatHelper(LwM2mVersion.V1_1));
        TestProvider p = new TestProvider(TEST_ID, "Test");
        wb.add(new FakeRef(0), p);
        wb.detach();
        wb.detach();
        assertEquals(1, p.detached);
    }

    @Test
    public void readGoesThroughTheTreeToTheProvider() {
        LwM2mObjectTree tree = emptyTree();
        ObjectWhiteboard wb = new ObjectWhiteboard(Set.of(3));
        wb.attach(tree, null, new LinkFormatHelper(LwM2mVersion.V1_1));
        TestProvider p = new TestProvider(TEST_ID, "Test", 0);
        p.values.put("0/1", ResourceValue.string("hello"));
        wb.add(new FakeRef(0), p);

        ReadResponse r = tree.getObjectEnabler(TEST_ID).read(LwM2mServer.SYSTEM, new ReadRequest(TEST_ID, 0, 1));
        assertTrue(r.toString(), r.isSuccess());
        assertEquals("hello", ((LwM2mResource) r.getContent()).getValue());
        assertEquals(List.of("read 0/1"), p.calls);
    }

    /**
     * Leshan's {@code LwM2mObjectTree.addObjectEnabler} does not call {@code init(client, linkFormatHelper)}
     * on the enabler (only the tree's constructor does), so an object the whiteboard adds later has no link
     * format helper and a Discover on it fails with a NullPointerException.
     */
    @Test
    public void discoverOnAProvidedObjectSucceeds() {
        LwM2mObjectTree tree = emptyTree();
        ObjectWhiteboard wb = new ObjectWhiteboard(Set.of(3));
        wb.attach(tree, null, new LinkFormatHelper(LwM2mVersion.V1_1));
        wb.add(new FakeRef(0), new TestProvider(TEST_ID, "Test", 0));

        DiscoverResponse r = tree.getObjectEnabler(TEST_ID).discover(LwM2mServer.SYSTEM, new DiscoverRequest(TEST_ID));
        assertEquals(ResponseCode.CONTENT, r.getCode());
        assertTrue(r.getObjectLinks().length > 0);
    }

    private static ProviderObject objectOf(org.scgateway.api.lwm2m.LwM2mObjectProvider provider) {
        return ProviderObject.of(provider, provider.definition(), new java.util.concurrent.locks.ReentrantLock());
    }

    @Test
    public void aHigherRankedProviderThatCannotBeShownLeavesTheNextOneShown() {
        LwM2mObjectTree tree = emptyTree();
        ObjectWhiteboard wb = new ObjectWhiteboard(Set.of(3));
        wb.attach(tree, null, new LinkFormatHelper(LwM2mVersion.V1_1));
        TestProvider low = new TestProvider(TEST_ID, "Low", 0);
        TestProvider broken = new TestProvider(TEST_ID, "Broken", 0) {
            @Override
            public synchronized java.util.SortedSet<Integer> instanceIds() {
                throw new IllegalStateException("broken on purpose");
            }
        };
        wb.add(new FakeRef(1), low);
        wb.add(new FakeRef(100), broken);
        assertSame("the working provider stays shown", low, shownProvider(tree, TEST_ID));
    }

    @Test
    public void theDefinitionIsReadOnce() {
        LwM2mObjectTree tree = emptyTree();
        ObjectWhiteboard wb = new ObjectWhiteboard(Set.of(3));
        int[] reads = {0};
        TestProvider p = new TestProvider(TEST_ID, "Counted", 0) {
            @Override
            public ObjectDefinition definition() {
                reads[0]++;
                return super.definition();
            }
        };
        wb.add(new FakeRef(0), p);
        wb.attach(tree, null, new LinkFormatHelper(LwM2mVersion.V1_1));
        wb.add(new FakeRef(1), new TestProvider(TEST_ID - 1, "Other", 0));
        wb.remove(new FakeRef(1));
        assertEquals(1, reads[0]);
    }

    /**
     * Two providers changing their instances at once, each from a thread of its own, while the tree's listener
     * writes the registration as Leshan's does (taking the monitor of every object): this hung the client
     * (found by SmartcardBootstrapIT once 504 and 42769 both reported changes).
     */
    @Test
    public void twoProvidersChangingInstancesAtOnceDoNotDeadlock() throws Exception {
        LwM2mObjectTree tree = emptyTree();
        LinkFormatHelper links = new LinkFormatHelper(LwM2mVersion.V1_1);
        tree.addListener(new org.eclipse.leshan.client.resource.listener.ObjectsListenerAdapter() {
            @Override
            public void objectInstancesAdded(LwM2mObjectEnabler object, int... instanceIds) {
                links.getClientDescription(tree.getObjectEnablers().values(), "/", List.of());
            }

            @Override
            public void objectInstancesRemoved(LwM2mObjectEnabler object, int... instanceIds) {
                links.getClientDescription(tree.getObjectEnablers().values(), "/", List.of());
            }
        });
        ObjectWhiteboard wb = new ObjectWhiteboard(Set.of(3));
        wb.attach(tree, null, links);
        TestProvider a = new TestProvider(TEST_ID, "A", 0);
        TestProvider b = new TestProvider(TEST_ID - 1, "B", 0);
        wb.add(new FakeRef(0), a);
        wb.add(new FakeRef(0), b);
        List<Thread> threads = new ArrayList<>();
        for (TestProvider p : List.of(a, b)) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < 2000; i++) {
                    synchronized (p) {
                        if (!p.instanceIds.remove(1)) {
                            p.instanceIds.add(1);
                        }
                    }
                    p.context.instancesChanged();
                }
            });
            t.setDaemon(true); // if they do deadlock, they must not keep the test JVM alive
            threads.add(t);
            t.start();
        }
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (Thread t : threads) {
            while (t.isAlive()) {
                t.join(100);
                assertNull("threads deadlocked", mx.findMonitorDeadlockedThreads());
            }
        }
    }
}
