package org.scgateway.api.tee;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.scgateway.api.tee.TeeDeviceState.Lifecycle;

public class TeeDeviceStateTest {

    @Test
    public void propertiesCopiedOrderKeptAndUnmodifiable() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("gpd.tee.trustedos.implementation.version", "1.2");
        props.put("gpd.tee.apiversion", "1.3.1");
        props.put("a", "");
        TeeDeviceState s = new TeeDeviceState(Lifecycle.ACTIVE, props);
        props.put("b", "x");
        props.remove("a");
        assertEquals(List.of("gpd.tee.trustedos.implementation.version", "gpd.tee.apiversion", "a"),
                new ArrayList<>(s.properties().keySet()));
        assertEquals("1.3.1", s.properties().get("gpd.tee.apiversion"));
        assertEquals(Lifecycle.ACTIVE, s.lifecycle());
        assertThrows(UnsupportedOperationException.class, () -> s.properties().put("x", "y"));
    }

    @Test
    public void validation() {
        assertThrows(NullPointerException.class, () -> new TeeDeviceState(null, Map.of()));
        assertThrows(NullPointerException.class, () -> new TeeDeviceState(Lifecycle.ACTIVE, null));
        Map<String, String> nullKey = new HashMap<>();
        nullKey.put(null, "v");
        assertThrows(IllegalArgumentException.class, () -> new TeeDeviceState(Lifecycle.ACTIVE, nullKey));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("k", null);
        assertThrows(IllegalArgumentException.class, () -> new TeeDeviceState(Lifecycle.ACTIVE, nullValue));
        assertThrows(IllegalArgumentException.class, () -> new TeeDeviceState(Lifecycle.ACTIVE, Map.of("", "v")));
        assertTrue(new TeeDeviceState(Lifecycle.LOCKED, Map.of()).properties().isEmpty());
    }

    @Test
    public void equalsAndHashCode() {
        TeeDeviceState a = new TeeDeviceState(Lifecycle.ACTIVE, Map.of("k", "v"));
        TeeDeviceState b = new TeeDeviceState(Lifecycle.ACTIVE, new HashMap<>(Map.of("k", "v")));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new TeeDeviceState(Lifecycle.LOCKED, Map.of("k", "v")));
        assertNotEquals(a, new TeeDeviceState(Lifecycle.ACTIVE, Map.of("k", "w")));
        assertTrue(a.toString().contains("ACTIVE"));
    }
}
