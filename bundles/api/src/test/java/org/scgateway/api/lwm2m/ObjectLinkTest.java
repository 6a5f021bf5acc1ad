package org.scgateway.api.lwm2m;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ObjectLinkTest {

    @Test
    public void range() {
        assertThrows(IllegalArgumentException.class, () -> ObjectLink.of(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> ObjectLink.of(0, -1));
        assertThrows(IllegalArgumentException.class, () -> ObjectLink.of(65536, 0));
        assertThrows(IllegalArgumentException.class, () -> ObjectLink.of(0, 65536));
        ObjectLink max = ObjectLink.of(65535, 65534);
        assertEquals(65535, max.objectId());
        assertEquals(65534, max.instanceId());
    }

    @Test
    public void nullLink() {
        assertTrue(ObjectLink.nullLink().isNull());
        assertEquals(ObjectLink.nullLink(), ObjectLink.of(65535, 65535));
        assertTrue(ObjectLink.of(65535, 65535).isNull());
        assertFalse(ObjectLink.of(65535, 0).isNull());
        assertFalse(ObjectLink.of(0, 65535).isNull());
        assertEquals("65535:65535", ObjectLink.nullLink().toString());
    }

    @Test
    public void toStringIsTextFormat() {
        assertEquals("3:0", ObjectLink.of(3, 0).toString());
        assertEquals("10250:12", ObjectLink.of(10250, 12).toString());
    }

    @Test
    public void equalsAndHashCode() {
        assertEquals(ObjectLink.of(3, 0), ObjectLink.of(3, 0));
        assertEquals(ObjectLink.of(3, 0).hashCode(), ObjectLink.of(3, 0).hashCode());
        assertNotEquals(ObjectLink.of(3, 0), ObjectLink.of(0, 3));
        assertNotEquals(ObjectLink.of(3, 0).hashCode(), ObjectLink.of(0, 3).hashCode());
        assertNotEquals(ObjectLink.of(3, 0), ObjectLink.of(3, 1));
    }
}
