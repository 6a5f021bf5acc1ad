package org.scgateway.api.credential;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.junit.Test;

public class CredentialUpdateTest {

    private static Secret secret(String hex) {
        return Secret.of(HexFormat.of().parseHex(hex));
    }

    @Test
    public void validNames() {
        for (String name : new String[] {"lwm2m/0/1", "a", "A.b_c-d", "lwm2m/21/0/key", "x".repeat(128), "0",
                "a/b/c/d"}) {
            assertTrue(name, CredentialUpdate.isValidName(name));
        }
    }

    @Test
    public void invalidNames() {
        for (String name : new String[] {null, "", "/", "/lwm2m/0/1", "lwm2m/0/1/", "x".repeat(129), "a b", " a",
                "a\n", "lwm2m:0", "a\\b", "é", "a*"}) {
            assertFalse(String.valueOf(name), CredentialUpdate.isValidName(name));
            assertThrows(String.valueOf(name), IllegalArgumentException.class,
                    () -> CredentialUpdate.builder().put(name, secret("01")));
            assertThrows(String.valueOf(name), IllegalArgumentException.class,
                    () -> CredentialUpdate.builder().delete(name));
        }
    }

    @Test
    public void putsAndDeletesInOrder() {
        Secret psk = secret("0102");
        Secret id = secret("6964");
        CredentialUpdate u = CredentialUpdate.builder()
                .put("lwm2m/0/1/psk", psk)
                .delete("lwm2m/0/0/psk")
                .put("lwm2m/0/1/identity", id)
                .delete("lwm2m/0/0/identity")
                .build();
        assertEquals(List.of("lwm2m/0/1/psk", "lwm2m/0/1/identity"), new ArrayList<>(u.puts().keySet()));
        assertSame(psk, u.puts().get("lwm2m/0/1/psk"));
        assertEquals(List.of("lwm2m/0/0/psk", "lwm2m/0/0/identity"), new ArrayList<>(u.deletes()));
        assertFalse(u.isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> u.puts().put("x", psk));
        assertThrows(UnsupportedOperationException.class, () -> u.deletes().add("x"));
    }

    @Test
    public void sameNameTwiceRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> CredentialUpdate.builder().put("a", secret("01")).put("a", secret("02")));
        assertThrows(IllegalArgumentException.class,
                () -> CredentialUpdate.builder().put("a", secret("01")).delete("a"));
        assertThrows(IllegalArgumentException.class,
                () -> CredentialUpdate.builder().delete("a").put("a", secret("01")));
        assertThrows(IllegalArgumentException.class, () -> CredentialUpdate.builder().delete("a").delete("a"));
    }

    @Test
    public void rejectedPutLeavesBuilderUnchanged() {
        CredentialUpdate.Builder b = CredentialUpdate.builder().put("a", secret("01"));
        assertThrows(IllegalArgumentException.class, () -> b.put("a", secret("02")));
        assertThrows(IllegalArgumentException.class, () -> b.put("b", null));
        CredentialUpdate u = b.build();
        assertEquals(Set.of("a"), u.puts().keySet());
        assertArrayEquals(new byte[] {1}, u.puts().get("a").bytes());
    }

    @Test
    public void builtUpdateIndependentOfBuilder() {
        CredentialUpdate.Builder b = CredentialUpdate.builder().put("a", secret("01"));
        CredentialUpdate first = b.build();
        b.delete("b");
        assertTrue(first.deletes().isEmpty());
        assertEquals(1, b.build().deletes().size());
    }

    @Test
    public void singleOperationFactories() {
        CredentialUpdate put = CredentialUpdate.put("lwm2m/0/1", secret("01"));
        assertEquals(Set.of("lwm2m/0/1"), put.puts().keySet());
        assertTrue(put.deletes().isEmpty());
        CredentialUpdate del = CredentialUpdate.delete("lwm2m/0/1");
        assertEquals(Set.of("lwm2m/0/1"), del.deletes());
        assertTrue(del.puts().isEmpty());
        assertTrue(CredentialUpdate.builder().build().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> CredentialUpdate.put("/x", secret("01")));
        assertThrows(IllegalArgumentException.class, () -> CredentialUpdate.put("x", null));
    }

    @Test
    public void toStringShowsNamesNotValues() {
        CredentialUpdate u = CredentialUpdate.builder()
                .put("lwm2m/0/1/psk", secret("DEADBEEF"))
                .delete("lwm2m/0/0/psk")
                .build();
        String s = u.toString();
        assertTrue(s, s.contains("lwm2m/0/1/psk"));
        assertTrue(s, s.contains("lwm2m/0/0/psk"));
        assertFalse(s, s.toUpperCase().contains("DEADBEEF"));
        assertFalse(s, s.contains("[-34, -83"));
    }

    @Test
    public void namesCannotClimbOrHaveEmptySegments() {
        for (String bad : new String[] {"../x", "a/../b", "a/..", "./a", "a/./b", "a//b", ".", ".."}) {
            assertFalse(bad, CredentialUpdate.isValidName(bad));
            assertThrows(bad, IllegalArgumentException.class, () -> CredentialUpdate.delete(bad));
        }
        assertTrue(CredentialUpdate.isValidName("a..b/.hidden/x."));
    }
}
