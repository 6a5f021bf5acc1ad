package org.scgateway.lwm2m.objects.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.After;
import org.junit.Test;
import org.scgateway.api.lwm2m.LwM2mObjectContext;
import org.scgateway.api.lwm2m.LwM2mOperationException;
import org.scgateway.api.lwm2m.ObjectDefinition;
import org.scgateway.api.lwm2m.ObjectLink;
import org.scgateway.api.lwm2m.ResourceValue;

/** The shell the objects share: ids kept by name across restarts, 4.04 for an instance not there, the client told of changes. */
public class ProvidedObjectTest {

    private final List<Things> made = new ArrayList<>();

    @After
    public void close() {
        made.forEach(Things::close);
    }

    @Test
    public void aThingKeepsItsIdAcrossARestartAndANewOneTakesTheLowestFree() throws Exception {
        Path file = Files.createTempDirectory("ids").resolve("ids.properties");
        Things before = things();
        before.keepIdsIn(file);
        assertEquals(0, before.add("card-a"));
        assertEquals(1, before.add("tee"));
        before.forget("card-a");

        Things after = things();
        after.keepIdsIn(file);
        assertEquals("the TEE first this time: still 1", 1, after.add("tee"));
        assertEquals(0, after.add("card-a"));
        assertEquals("a new one does not take an id another has had", 2, after.add("card-b"));
    }

    /** Bound before the component activates: numbered without the file, then all again from it at once. */
    @Test
    public void thingsAddedBeforeTheFileAreNumberedAgainFromIt() throws Exception {
        Path file = Files.createTempDirectory("ids").resolve("ids.properties");
        Things earlier = things();
        earlier.keepIdsIn(file);
        earlier.add("tee");
        earlier.add("card-a"); // tee 0, card-a 1 in the file

        Things now = things();
        now.add("card-a"); // 0 without the file
        now.add("tee"); // 1
        now.keepIdsIn(file);
        assertEquals(new TreeSet<>(Set.of(0, 1)), now.instanceIds());
        assertEquals("card-a", now.instance(1).name);
        assertEquals("tee", now.instance(0).name);
    }

    @Test
    public void anInstanceThatIsNotThereIsNotFoundNamingTheObject() {
        Things t = things();
        LwM2mOperationException e = assertThrows(LwM2mOperationException.class, () -> t.read(3, 0));
        assertEquals(LwM2mOperationException.Code.NOT_FOUND, e.code());
        assertEquals("no Things instance 3", e.getMessage());
    }

    @Test
    public void removingTakesOnlyTheInstanceStillThereAndTellsTheClient() throws Exception {
        Things t = things();
        Recorder client = new Recorder();
        t.attached(client);
        int id = t.add("card-a");
        Thing first = t.instance(id);
        t.forget("card-a");
        t.add("card-a"); // back before the first instance went
        assertFalse("an instance that is no longer the id's stays", t.remove(id, first));
        assertTrue(t.remove(id, t.instance(id)));
        assertEquals(Set.of(), t.instanceIds());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (client.instancesChanged < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals("two added, one removed", 3, client.instancesChanged);
    }

    @Test
    public void operationsGoToTheInstance() throws Exception {
        Things t = things();
        int id = t.add("card-a");
        assertEquals("card-a", t.read(id, 0).value());
        t.execute(id, 1, "x");
        assertEquals("x", t.instance(id).executed);
    }

    private Things things() {
        Things t = new Things();
        made.add(t);
        return t;
    }

    private static final class Thing implements ProvidedInstance {
        final String name;
        String executed;

        Thing(String name) {
            this.name = name;
        }

        @Override
        public ResourceValue read(int resourceId) {
            return ResourceValue.string(name);
        }

        @Override
        public void write(int resourceId, ResourceValue value) {
        }

        @Override
        public void execute(int resourceId, String arguments) {
            executed = arguments;
        }
    }

    private static final class Things extends ProvidedObject<String, Thing> {
        Things() {
            super(ObjectDefinition.builder(42799, "Things").build(), "things-notify");
        }

        @Override
        protected String nameOf(String key) {
            return key;
        }

        @Override
        protected Thing newInstance(String key, int instanceId) {
            return new Thing(key);
        }

        @Override
        public void close() {
            super.close();
        }
    }

    /** The client as the object sees it; reports come from the object's own thread, so they are waited for. */
    private static final class Recorder implements LwM2mObjectContext {
        volatile int instancesChanged;

        @Override
        public void instancesChanged() {
            instancesChanged++;
        }

        @Override
        public void resourcesChanged(int instanceId, int... resourceIds) {
        }

        @Override
        public java.util.Map<String, List<ObjectLink>> hostedInstances() {
            return java.util.Map.of("card-a", List.of(ObjectLink.of(0, 1)));
        }
    }
}
