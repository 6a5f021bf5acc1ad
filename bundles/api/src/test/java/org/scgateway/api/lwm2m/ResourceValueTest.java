package org.scgateway.api.lwm2m;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import org.junit.Test;

public class ResourceValueTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    public void typeChecks() {
        assertThrows(IllegalArgumentException.class, () -> ResourceValue.of(ResourceType.STRING, 5L));
        assertThrows(IllegalArgumentException.class, () -> ResourceValue.of(ResourceType.INTEGER, "5"));
        assertThrows(IllegalArgumentException.class, () -> ResourceValue.of(ResourceType.INTEGER, 5));
        assertThrows(IllegalArgumentException.class, () -> ResourceValue.of(ResourceType.FLOAT, 1.0f));
        assertThrows(IllegalArgumentException.class, () -> ResourceValue.of(ResourceType.BOOLEAN, "true"));
        assertThrows(IllegalArgumentException.class, () -> ResourceValue.of(ResourceType.OPAQUE, "00"));
        assertThrows(IllegalArgumentException.class, () -> ResourceValue.of(ResourceType.TIME, 0L));
        assertThrows(IllegalArgumentException.class, () -> ResourceValue.of(ResourceType.OBJLNK, "3:0"));
        assertThrows(IllegalArgumentException.class, () -> ResourceValue.of(ResourceType.STRING, null));
        assertThrows(NullPointerException.class, () -> ResourceValue.of(null, "x"));
        assertEquals("</3/0>", ResourceValue.of(ResourceType.CORELNK, "</3/0>").value());
        assertEquals(5L, ResourceValue.of(ResourceType.INTEGER, 5L).value());
    }

    @Test
    public void floatMustBeFinite() {
        assertThrows(IllegalArgumentException.class, () -> ResourceValue.floating(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ResourceValue.floating(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> ResourceValue.floating(Double.NEGATIVE_INFINITY));
        assertThrows(IllegalArgumentException.class,
                () -> ResourceValue.ofInstances(ResourceType.FLOAT, Map.of(0, 1.0, 1, Double.NaN)));
        assertEquals(1.5, (Double) ResourceValue.floating(1.5).value(), 0.0);
    }

    @Test
    public void noneHasNoValue() {
        assertThrows(IllegalArgumentException.class, () -> ResourceValue.of(ResourceType.NONE, null));
        assertThrows(IllegalArgumentException.class, () -> ResourceValue.of(ResourceType.NONE, "x"));
        assertThrows(IllegalArgumentException.class, () -> ResourceValue.ofInstances(ResourceType.NONE, Map.of()));
    }

    @Test
    public void factoriesSetTypes() {
        assertEquals(ResourceType.STRING, ResourceValue.string("a").type());
        assertEquals(ResourceType.INTEGER, ResourceValue.integer(-1).type());
        assertEquals(ResourceType.UNSIGNED_INTEGER, ResourceValue.unsignedInteger(-1).type());
        assertEquals(-1L, ResourceValue.unsignedInteger(-1).value());
        assertEquals(ResourceType.BOOLEAN, ResourceValue.bool(true).type());
        assertEquals(Boolean.TRUE, ResourceValue.bool(true).value());
        assertEquals(ResourceType.TIME, ResourceValue.time(Instant.EPOCH).type());
        assertEquals(ObjectLink.of(3, 0), ResourceValue.objlnk(ObjectLink.of(3, 0)).value());
        assertFalse(ResourceValue.string("a").isMultiple());
        assertThrows(IllegalStateException.class, () -> ResourceValue.string("a").instances());
    }

    @Test
    public void multipleInstancesSortedById() {
        Map<Integer, Object> in = new LinkedHashMap<>();
        in.put(7, "seven");
        in.put(0, "zero");
        in.put(65535, "max");
        in.put(3, "three");
        ResourceValue v = ResourceValue.ofInstances(ResourceType.STRING, in);
        assertTrue(v.isMultiple());
        assertEquals(List.of(0, 3, 7, 65535), new ArrayList<>(v.instances().keySet()));
        assertEquals("seven", v.instances().get(7));
        assertThrows(IllegalStateException.class, v::value);
        assertThrows(UnsupportedOperationException.class, () -> v.instances().put(1, "one"));
        // the caller's map is copied
        in.put(1, "one");
        assertEquals(4, v.instances().size());
    }

    @Test
    public void instanceIdRangeAndTypesChecked() {
        assertThrows(IllegalArgumentException.class,
                () -> ResourceValue.ofInstances(ResourceType.STRING, Map.of(-1, "x")));
        assertThrows(IllegalArgumentException.class,
                () -> ResourceValue.ofInstances(ResourceType.STRING, Map.of(65536, "x")));
        Map<Integer, Object> nullId = new HashMap<>();
        nullId.put(null, "x");
        assertThrows(IllegalArgumentException.class, () -> ResourceValue.ofInstances(ResourceType.STRING, nullId));
        Map<Integer, Object> nullValue = new HashMap<>();
        nullValue.put(0, null);
        assertThrows(IllegalArgumentException.class, () -> ResourceValue.ofInstances(ResourceType.STRING, nullValue));
        assertThrows(IllegalArgumentException.class,
                () -> ResourceValue.ofInstances(ResourceType.INTEGER, Map.of(0, 1L, 1, "2")));
        assertThrows(NullPointerException.class, () -> ResourceValue.ofInstances(ResourceType.INTEGER, null));
        assertTrue(ResourceValue.ofInstances(ResourceType.INTEGER, Map.of()).instances().isEmpty());
    }

    @Test
    public void opaqueCopiedInAndOut() {
        byte[] key = hex("0102030405");
        ResourceValue v = ResourceValue.opaque(key);
        key[0] = 0;
        assertArrayEquals(hex("0102030405"), (byte[]) v.value());
        ((byte[]) v.value())[1] = 0;
        assertArrayEquals(hex("0102030405"), (byte[]) v.value());
    }

    @Test
    public void opaqueInstancesCopiedInAndOut() {
        byte[] a = hex("0A0B");
        Map<Integer, Object> in = new HashMap<>();
        in.put(0, a);
        ResourceValue v = ResourceValue.ofInstances(ResourceType.OPAQUE, in);
        a[0] = 0;
        SortedMap<Integer, Object> out = v.instances();
        assertArrayEquals(hex("0A0B"), (byte[]) out.get(0));
        ((byte[]) out.get(0))[0] = 0;
        assertArrayEquals(hex("0A0B"), (byte[]) v.instances().get(0));
        assertThrows(UnsupportedOperationException.class, () -> v.instances().put(1, hex("00")));
    }

    @Test
    public void toStringShowsOpaqueAsLengthOnly() {
        ResourceValue v = ResourceValue.opaque(hex("DEADBEEF"));
        assertEquals("OPAQUE:<4 bytes>", v.toString());
        ResourceValue m = ResourceValue.ofInstances(ResourceType.OPAQUE, Map.of(1, hex("DEADBEEF"), 0, hex("CAFE")));
        assertEquals("OPAQUE:{0=<2 bytes>, 1=<4 bytes>}", m.toString());
        assertFalse(m.toString().toUpperCase().contains("DEAD"));
        assertEquals("STRING:abc", ResourceValue.string("abc").toString());
        assertEquals("INTEGER:{}", ResourceValue.ofInstances(ResourceType.INTEGER, Map.of()).toString());
        assertEquals("INTEGER:{2=20, 5=50}", ResourceValue.ofInstances(ResourceType.INTEGER, Map.of(5, 50L, 2, 20L))
                .toString());
    }

    @Test
    public void toStringSeparatesInstancesWhateverTheirValue() {
        ResourceValue m = ResourceValue.ofInstances(ResourceType.STRING, Map.of(0, "a{", 1, "b"));
        assertEquals("STRING:{0=a{, 1=b}", m.toString());
    }

    @Test
    public void equalsComparesOpaqueContent() {
        assertEquals(ResourceValue.opaque(hex("0102")), ResourceValue.opaque(hex("0102")));
        assertEquals(ResourceValue.opaque(hex("0102")).hashCode(), ResourceValue.opaque(hex("0102")).hashCode());
        assertNotEquals(ResourceValue.opaque(hex("0102")), ResourceValue.opaque(hex("0103")));
        ResourceValue m1 = ResourceValue.ofInstances(ResourceType.OPAQUE, Map.of(0, hex("01"), 1, hex("0203")));
        ResourceValue m2 = ResourceValue.ofInstances(ResourceType.OPAQUE, Map.of(1, hex("0203"), 0, hex("01")));
        assertEquals(m1, m2);
        assertEquals(m1.hashCode(), m2.hashCode());
        assertNotEquals(m1, ResourceValue.ofInstances(ResourceType.OPAQUE, Map.of(0, hex("01"), 1, hex("0204"))));
        assertNotEquals(m1, ResourceValue.ofInstances(ResourceType.OPAQUE, Map.of(0, hex("01"), 2, hex("0203"))));
    }

    @Test
    public void equalsDistinguishesTypeAndMultiplicity() {
        assertNotEquals(ResourceValue.integer(5), ResourceValue.unsignedInteger(5));
        assertNotEquals(ResourceValue.string("</3>"), ResourceValue.of(ResourceType.CORELNK, "</3>"));
        assertNotEquals(ResourceValue.integer(5), ResourceValue.ofInstances(ResourceType.INTEGER, Map.of(0, 5L)));
        assertEquals(ResourceValue.integer(5), ResourceValue.of(ResourceType.INTEGER, 5L));
        assertNotEquals(ResourceValue.integer(5), ResourceValue.integer(6));
    }
}
