package org.scgateway.api.lwm2m;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

public class ObjectDefinitionTest {

    private static ResourceDefinition res(int id) {
        return ResourceDefinition.builder(id, "R" + id, Operations.READ, ResourceType.STRING).build();
    }

    @Test
    public void idRange() {
        assertThrows(IllegalArgumentException.class, () -> ObjectDefinition.builder(-1, "X"));
        assertThrows(IllegalArgumentException.class, () -> ObjectDefinition.builder(65536, "X"));
        assertEquals(0, ObjectDefinition.builder(0, "Security").build().id());
        assertEquals(65535, ObjectDefinition.builder(65535, "X").build().id());
        assertEquals(42769, ObjectDefinition.builder(42769, "Test").build().id());
    }

    @Test
    public void nameRequired() {
        assertThrows(IllegalArgumentException.class, () -> ObjectDefinition.builder(3, null));
        assertThrows(IllegalArgumentException.class, () -> ObjectDefinition.builder(3, ""));
        assertThrows(IllegalArgumentException.class, () -> ObjectDefinition.builder(3, "  "));
    }

    @Test
    public void versionFormat() {
        assertEquals("1.0", ObjectDefinition.builder(3, "Device").build().version());
        assertEquals("1.2", ObjectDefinition.builder(3, "Device").version("1.2").build().version());
        assertEquals("10.100", ObjectDefinition.builder(3, "Device").version("10.100").build().version());
        for (String bad : new String[] {"1", "1.", ".1", "1.0.0", "v1.0", "a.b", "1,0", "1000.0", "", null}) {
            assertThrows(String.valueOf(bad), IllegalArgumentException.class,
                    () -> ObjectDefinition.builder(3, "Device").version(bad));
        }
    }

    @Test
    public void defaults() {
        ObjectDefinition d = ObjectDefinition.builder(3, "Device").build();
        assertTrue(d.isMultiple());
        assertFalse(d.isMandatory());
        assertEquals("", d.description());
        assertTrue(d.resources().isEmpty());
        assertThrows(NullPointerException.class, () -> ObjectDefinition.builder(3, "Device").description(null));
    }

    @Test
    public void duplicateResourceRejected() {
        ObjectDefinition.Builder b = ObjectDefinition.builder(3, "Device").resource(res(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.resource(res(0)));
        assertTrue(e.getMessage(), e.getMessage().contains("twice"));
        assertThrows(NullPointerException.class, () -> b.resource(null));
        // the first definition of 0 is kept
        assertEquals("R0", b.build().resource(0).get().name());
    }

    @Test
    public void resourcesSortedByIdAndUnmodifiable() {
        ResourceDefinition reboot = ResourceDefinition.builder(4, "Reboot", Operations.EXECUTE, ResourceType.NONE).build();
        ObjectDefinition d = ObjectDefinition.builder(3, "Device")
                .multiple(false).mandatory(true).description("device")
                .resource(res(2)).resource(reboot).resource(res(0))
                .build();
        assertEquals(List.of(0, 2, 4), new ArrayList<>(d.resources().keySet()));
        assertSame(reboot, d.resource(4).get());
        assertFalse(d.resource(1).isPresent());
        assertFalse(d.isMultiple());
        assertTrue(d.isMandatory());
        assertThrows(UnsupportedOperationException.class, () -> d.resources().put(9, res(9)));
    }

    @Test
    public void builtDefinitionIndependentOfBuilder() {
        ObjectDefinition.Builder b = ObjectDefinition.builder(3, "Device").resource(res(0));
        ObjectDefinition first = b.build();
        b.resource(res(1));
        assertEquals(1, first.resources().size());
        assertEquals(2, b.build().resources().size());
    }

    @Test
    public void equalsAndHashCode() {
        ObjectDefinition a = ObjectDefinition.builder(3, "Device").resource(res(0)).build();
        ObjectDefinition b = ObjectDefinition.builder(3, "Device").resource(res(0)).build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, ObjectDefinition.builder(3, "Device").resource(res(1)).build());
        assertNotEquals(a, ObjectDefinition.builder(3, "Device").resource(res(0)).version("1.1").build());
        assertNotEquals(a, ObjectDefinition.builder(3, "Device").resource(res(0)).multiple(false).build());
        assertNotEquals(a, ObjectDefinition.builder(4, "Device").resource(res(0)).build());
        assertTrue(a.toString().contains("Device"));
    }
}
