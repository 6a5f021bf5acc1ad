package org.scgateway.lwm2m.client.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.EnumMap;
import java.util.Map;

import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.junit.Test;
import org.scgateway.api.lwm2m.ObjectDefinition;
import org.scgateway.api.lwm2m.Operations;
import org.scgateway.api.lwm2m.ResourceDefinition;
import org.scgateway.api.lwm2m.ResourceType;

public class ModelsTest {

    @Test
    public void everyResourceTypeMaps() {
        Map<ResourceType, ResourceModel.Type> expected = new EnumMap<>(ResourceType.class);
        expected.put(ResourceType.NONE, ResourceModel.Type.NONE);
        expected.put(ResourceType.STRING, ResourceModel.Type.STRING);
        expected.put(ResourceType.INTEGER, ResourceModel.Type.INTEGER);
        expected.put(ResourceType.UNSIGNED_INTEGER, ResourceModel.Type.UNSIGNED_INTEGER);
        expected.put(ResourceType.FLOAT, ResourceModel.Type.FLOAT);
        expected.put(ResourceType.BOOLEAN, ResourceModel.Type.BOOLEAN);
        expected.put(ResourceType.OPAQUE, ResourceModel.Type.OPAQUE);
        expected.put(ResourceType.TIME, ResourceModel.Type.TIME);
        expected.put(ResourceType.OBJLNK, ResourceModel.Type.OBJLNK);
        expected.put(ResourceType.CORELNK, ResourceModel.Type.CORELINK);
        assertEquals("the test covers every ResourceType", ResourceType.values().length, expected.size());
        for (ResourceType t : ResourceType.values()) {
            assertEquals(t.name(), expected.get(t), Models.type(t));
        }
    }

    @Test
    public void objectFieldsMap() {
        ObjectDefinition d = ObjectDefinition.builder(42800, "Test object").version("1.2").multiple(false)
                .mandatory(true).description("An object for tests")
                .resource(ResourceDefinition.builder(0, "Name", Operations.READ, ResourceType.STRING).build())
                .build();
        ObjectModel m = Models.toLeshan(d);
        assertEquals(Integer.valueOf(42800), m.id);
        assertEquals("Test object", m.name);
        assertEquals("An object for tests", m.description);
        assertEquals("1.2", m.version);
        assertEquals(Boolean.FALSE, m.multiple);
        assertEquals(Boolean.TRUE, m.mandatory);
        assertEquals(1, m.resources.size());
    }

    @Test
    public void defaultObjectIsMultipleOptionalVersion10() {
        ObjectModel m = Models.toLeshan(ObjectDefinition.builder(42801, "Defaults").build());
        assertEquals(Integer.valueOf(42801), m.id);
        assertEquals("1.0", m.version);
        assertEquals(Boolean.TRUE, m.multiple);
        assertEquals(Boolean.FALSE, m.mandatory);
        assertTrue(m.resources.isEmpty());
    }

    @Test
    public void resourceFieldsMap() {
        ObjectDefinition d = ObjectDefinition.builder(42800, "Test")
                .resource(ResourceDefinition.builder(5, "Temperature", Operations.READ, ResourceType.FLOAT)
                        .multiple(true).mandatory(true).rangeEnumeration("-40..85").units("Cel")
                        .description("Measured temperature").build())
                .resource(ResourceDefinition.builder(6, "Label", Operations.READ_WRITE, ResourceType.STRING).build())
                .build();
        ObjectModel m = Models.toLeshan(d);
        ResourceModel r = m.resources.get(5);
        assertNotNull(r);
        assertEquals(Integer.valueOf(5), r.id);
        assertEquals("Temperature", r.name);
        assertEquals(ResourceModel.Operations.R, r.operations);
        assertEquals(Boolean.TRUE, r.multiple);
        assertEquals(Boolean.TRUE, r.mandatory);
        assertEquals(ResourceModel.Type.FLOAT, r.type);
        assertEquals("-40..85", r.rangeEnumeration);
        assertEquals("Cel", r.units);
        assertEquals("Measured temperature", r.description);

        ResourceModel l = m.resources.get(6);
        assertEquals(Integer.valueOf(6), l.id);
        assertEquals("Label", l.name);
        assertEquals(ResourceModel.Operations.RW, l.operations);
        assertEquals(Boolean.FALSE, l.multiple);
        assertEquals(Boolean.FALSE, l.mandatory);
        assertEquals(ResourceModel.Type.STRING, l.type);
        assertEquals("", l.rangeEnumeration);
        assertEquals("", l.units);
        assertEquals("", l.description);
    }

    @Test
    public void everyOperationsMaps() {
        ObjectDefinition d = ObjectDefinition.builder(42800, "Ops")
                .resource(ResourceDefinition.builder(0, "none", Operations.NONE, ResourceType.STRING).build())
                .resource(ResourceDefinition.builder(1, "r", Operations.READ, ResourceType.STRING).build())
                .resource(ResourceDefinition.builder(2, "w", Operations.WRITE, ResourceType.STRING).build())
                .resource(ResourceDefinition.builder(3, "rw", Operations.READ_WRITE, ResourceType.STRING).build())
                .resource(ResourceDefinition.builder(4, "e", Operations.EXECUTE, ResourceType.NONE).build())
                .build();
        Map<Integer, ResourceModel> rs = Models.toLeshan(d).resources;
        assertEquals(ResourceModel.Operations.NONE, rs.get(0).operations);
        assertEquals(ResourceModel.Operations.R, rs.get(1).operations);
        assertEquals(ResourceModel.Operations.W, rs.get(2).operations);
        assertEquals(ResourceModel.Operations.RW, rs.get(3).operations);
        assertEquals(ResourceModel.Operations.E, rs.get(4).operations);
        assertEquals(ResourceModel.Type.NONE, rs.get(4).type);
        assertTrue(rs.get(4).operations.isExecutable());
        assertFalse(rs.get(1).operations.isWritable());
        assertEquals("the test covers every Operations value", Operations.values().length, rs.size());
    }

    @Test
    public void everyResourceTypeInAModel() {
        ObjectDefinition.Builder b = ObjectDefinition.builder(42800, "Types");
        int id = 0;
        for (ResourceType t : ResourceType.values()) {
            Operations ops = t == ResourceType.NONE ? Operations.EXECUTE : Operations.READ_WRITE;
            b.resource(ResourceDefinition.builder(id++, t.name(), ops, t).build());
        }
        ObjectModel m = Models.toLeshan(b.build());
        assertEquals(ResourceType.values().length, m.resources.size());
        id = 0;
        for (ResourceType t : ResourceType.values()) {
            ResourceModel r = m.resources.get(id++);
            assertEquals(t.name(), r.name);
            assertEquals(Models.type(t), r.type);
            assertEquals(t == ResourceType.NONE ? ResourceModel.Operations.E : ResourceModel.Operations.RW, r.operations);
        }
    }
}
