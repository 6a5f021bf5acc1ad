package org.scgateway.api.lwm2m;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ResourceDefinitionTest {

    @Test
    public void executeRequiresTypeNone() {
        assertThrows(IllegalArgumentException.class,
                () -> ResourceDefinition.builder(4, "Reboot", Operations.EXECUTE, ResourceType.STRING));
        assertThrows(IllegalArgumentException.class,
                () -> ResourceDefinition.builder(4, "Reboot", Operations.EXECUTE, ResourceType.OPAQUE));
        assertEquals(ResourceType.NONE,
                ResourceDefinition.builder(4, "Reboot", Operations.EXECUTE, ResourceType.NONE).build().type());
    }

    @Test
    public void typeNoneRequiresExecute() {
        for (Operations op : Operations.values()) {
            if (op == Operations.EXECUTE) {
                continue;
            }
            assertThrows(op.name(), IllegalArgumentException.class,
                    () -> ResourceDefinition.builder(1, "R", op, ResourceType.NONE));
        }
    }

    @Test
    public void idRange() {
        assertThrows(IllegalArgumentException.class,
                () -> ResourceDefinition.builder(-1, "R", Operations.READ, ResourceType.STRING));
        assertThrows(IllegalArgumentException.class,
                () -> ResourceDefinition.builder(65536, "R", Operations.READ, ResourceType.STRING));
        assertEquals(0, ResourceDefinition.builder(0, "R", Operations.READ, ResourceType.STRING).build().id());
        assertEquals(65535, ResourceDefinition.builder(65535, "R", Operations.READ, ResourceType.STRING).build().id());
    }

    @Test
    public void nameAndNullsChecked() {
        assertThrows(IllegalArgumentException.class,
                () -> ResourceDefinition.builder(1, null, Operations.READ, ResourceType.STRING));
        assertThrows(IllegalArgumentException.class,
                () -> ResourceDefinition.builder(1, " ", Operations.READ, ResourceType.STRING));
        assertThrows(NullPointerException.class, () -> ResourceDefinition.builder(1, "R", null, ResourceType.STRING));
        assertThrows(NullPointerException.class, () -> ResourceDefinition.builder(1, "R", Operations.READ, null));
        assertThrows(NullPointerException.class,
                () -> ResourceDefinition.builder(1, "R", Operations.READ, ResourceType.STRING).units(null));
    }

    @Test
    public void defaultsAndFields() {
        ResourceDefinition d = ResourceDefinition.builder(0, "Manufacturer", Operations.READ, ResourceType.STRING).build();
        assertFalse(d.isMultiple());
        assertFalse(d.isMandatory());
        assertEquals("", d.units());
        assertEquals("", d.rangeEnumeration());
        assertEquals("", d.description());
        ResourceDefinition e = ResourceDefinition.builder(7, "Power Source Voltage", Operations.READ, ResourceType.INTEGER)
                .multiple(true).mandatory(true).units("mV").rangeEnumeration("0..100000").description("d").build();
        assertTrue(e.isMultiple());
        assertTrue(e.isMandatory());
        assertEquals("mV", e.units());
        assertEquals("0..100000", e.rangeEnumeration());
        assertEquals(Operations.READ, e.operations());
        assertEquals("Power Source Voltage", e.name());
    }

    @Test
    public void equalsAndHashCode() {
        ResourceDefinition a = ResourceDefinition.builder(1, "R", Operations.READ_WRITE, ResourceType.STRING).units("u").build();
        ResourceDefinition b = ResourceDefinition.builder(1, "R", Operations.READ_WRITE, ResourceType.STRING).units("u").build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, ResourceDefinition.builder(1, "R", Operations.READ_WRITE, ResourceType.STRING).build());
        assertNotEquals(a, ResourceDefinition.builder(1, "R", Operations.READ, ResourceType.STRING).units("u").build());
        assertNotEquals(a, ResourceDefinition.builder(1, "R", Operations.READ_WRITE, ResourceType.STRING).units("u")
                .multiple(true).build());
    }

    @Test
    public void operationsFlags() {
        assertTrue(Operations.READ_WRITE.isReadable());
        assertTrue(Operations.READ_WRITE.isWritable());
        assertFalse(Operations.READ_WRITE.isExecutable());
        assertTrue(Operations.EXECUTE.isExecutable());
        assertFalse(Operations.EXECUTE.isReadable());
        assertFalse(Operations.NONE.isReadable() || Operations.NONE.isWritable() || Operations.NONE.isExecutable());
        assertFalse(Operations.WRITE.isReadable());
        assertFalse(Operations.READ.isWritable());
    }
}
