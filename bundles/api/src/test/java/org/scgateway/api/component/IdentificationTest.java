package org.scgateway.api.component;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.Test;

public class IdentificationTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    public void rejectsBadNames() {
        for (String bad : new String[] {null, "", "ATR", "Atr", "1atr", "-atr", ".atr", "a b", "a_b", "atr!",
                "a23456789012345678901234567890123", "é"}) {
            assertThrows(String.valueOf(bad), IllegalArgumentException.class,
                    () -> Identification.builder().put(bad, new byte[1]));
        }
    }

    @Test
    public void acceptsGoodNames() {
        Identification id = Identification.builder()
                .put("a", new byte[] {1})
                .put("gpd.tee.apiversion", new byte[] {2})
                .put("x-1.2", new byte[] {3})
                .put("a2345678901234567890123456789012", new byte[] {4})
                .build();
        assertEquals(4, id.names().size());
    }

    @Test
    public void rejectsDuplicateNameAndNullValue() {
        Identification.Builder b = Identification.builder().put(Identification.ATR, hex("3B9F96"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.put(Identification.ATR, hex("3B00")));
        assertTrue(e.getMessage(), e.getMessage().contains("twice"));
        assertThrows(IllegalArgumentException.class, () -> b.put(Identification.CPLC, null));
        // the failed puts did not change the builder
        Identification id = b.build();
        assertEquals(List.of(Identification.ATR), new ArrayList<>(id.names()));
        assertArrayEquals(hex("3B9F96"), id.get(Identification.ATR).get());
    }

    @Test
    public void keepsInsertionOrder() {
        Identification id = Identification.builder()
                .put("zeta", new byte[] {1})
                .put(Identification.ICCID, new byte[] {2})
                .put(Identification.ATR, new byte[] {3})
                .put("mid", new byte[] {4})
                .build();
        assertEquals(List.of("zeta", "iccid", "atr", "mid"), new ArrayList<>(id.names()));
    }

    @Test
    public void getReturnsCopies() {
        byte[] eid = hex("89049044900000000000000000102355");
        Identification id = Identification.builder().put(Identification.EID, eid).build();
        eid[0] = 0;
        byte[] got = id.get(Identification.EID).get();
        assertArrayEquals(hex("89049044900000000000000000102355"), got);
        got[0] = 0;
        assertArrayEquals(hex("89049044900000000000000000102355"), id.get(Identification.EID).get());
        assertFalse(id.get(Identification.CPLC).isPresent());
    }

    @Test
    public void namesAreUnmodifiable() {
        Identification id = Identification.builder().put("atr", new byte[] {1}).build();
        assertThrows(UnsupportedOperationException.class, () -> id.names().remove("atr"));
        assertThrows(UnsupportedOperationException.class, () -> id.names().add("x"));
    }

    @Test
    public void builderReuseDoesNotChangeBuiltIdentification() {
        Identification.Builder b = Identification.builder().put("atr", new byte[] {1});
        Identification first = b.build();
        b.put("cplc", new byte[] {2});
        assertEquals(1, first.names().size());
        assertEquals(2, b.build().names().size());
    }

    @Test
    public void emptyIdentification() {
        assertTrue(Identification.empty().isEmpty());
        assertSame(Identification.empty(), Identification.builder().build());
        assertTrue(Identification.empty().names().isEmpty());
        assertFalse(Identification.builder().put("atr", new byte[0]).build().isEmpty());
    }

    @Test
    public void equalsByContent() {
        Identification a = Identification.builder().put("atr", hex("3B00")).put("eid", hex("8904")).build();
        Identification b = Identification.builder().put("atr", hex("3B00")).put("eid", hex("8904")).build();
        Identification reordered = Identification.builder().put("eid", hex("8904")).put("atr", hex("3B00")).build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a, reordered);
        assertEquals(a.hashCode(), reordered.hashCode());
        assertNotEquals(a, Identification.builder().put("atr", hex("3B01")).put("eid", hex("8904")).build());
        assertNotEquals(a, Identification.builder().put("atr", hex("3B00")).build());
        assertNotEquals(a, Identification.builder().put("atr", hex("3B00")).put("cplc", hex("8904")).build());
        assertNotEquals(a, Identification.empty());
    }

    @Test
    public void toStringPrintsItemsInHex() {
        Identification id = Identification.builder().put("atr", hex("3b9f")).put("eid", hex("89ab")).build();
        assertEquals("Identification[atr=3B9F, eid=89AB]", id.toString());
        assertEquals("Identification[]", Identification.empty().toString());
    }
}
