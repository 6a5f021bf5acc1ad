package org.scgateway.globalplatform.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.Test;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialUpdate;
import org.scgateway.api.credential.Secret;
import org.scgateway.globalplatform.scp03.CardKeysException;
import org.scgateway.globalplatform.scp03.Scp03Keys;

/** A card's SCP03 keys as the host store keeps them: its own set before the default one, and sets that are not sets named. */
public class StoredCardKeysTest {

    private final Memory host = new Memory();
    private final StoredCardKeys keys = new StoredCardKeys(host);

    @Test
    public void aCardsOwnSetComesBeforeTheDefaultOne() throws Exception {
        put("default", 0x30, 0x00);
        put("sim-1", 0x31, 0x40);
        Scp03Keys own = keys.lookup("sim-1").orElseThrow();
        assertEquals(0x31, own.version());
        assertArrayEquals(bytes(0x40), own.enc());
        Scp03Keys any = keys.lookup("sim-2").orElseThrow();
        assertEquals("a card without a set of its own", 0x30, any.version());
    }

    @Test
    public void noSetIsNoKeysAndTheOperatorIsToldWhereToPutThem() throws Exception {
        assertEquals(Optional.empty(), keys.lookup("sim-1"));
        String how = keys.howToProvision("sim-1");
        assertTrue(how, how.contains("scp03/sim-1/enc, mac, dek and version") && how.contains("scp03/default/") && how.contains("memory"));
    }

    @Test
    public void anIncompleteSetOrABadVersionIsNamedWithoutAValue() throws Exception {
        put("sim-1", 0x30, 0x00);
        host.entries.remove("scp03/sim-1/dek");
        CardKeysException e = assertThrows(CardKeysException.class, () -> keys.lookup("sim-1"));
        assertEquals("'scp03/sim-1/dek' is missing from memory", e.getMessage());

        put("sim-1", 0x30, 0x00);
        host.entries.put("scp03/sim-1/version", new byte[] {0x30, 0x31});
        e = assertThrows(CardKeysException.class, () -> keys.lookup("sim-1"));
        assertTrue(e.getMessage(), e.getMessage().contains("is 2 bytes; a key version number is one byte"));

        put("sim-1", 0x30, 0x00);
        host.entries.put("scp03/sim-1/mac", new byte[] {0x11, 0x22, 0x33});
        e = assertThrows(CardKeysException.class, () -> keys.lookup("sim-1"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("the SCP03 keys 'scp03/sim-1/*' in memory are not a key set"));
        assertFalse("no key bytes in the message", e.getMessage().contains("112233"));
    }

    private void put(String set, int version, int base) {
        host.entries.put("scp03/" + set + "/enc", bytes(base));
        host.entries.put("scp03/" + set + "/mac", bytes(base + 16));
        host.entries.put("scp03/" + set + "/dek", bytes(base + 32));
        host.entries.put("scp03/" + set + "/version", new byte[] {(byte) version});
    }

    private static byte[] bytes(int base) {
        byte[] b = new byte[16];
        for (int i = 0; i < 16; i++) {
            b[i] = (byte) (base + i);
        }
        return b;
    }

    /** A host store in memory. */
    private static final class Memory implements CredentialStore {
        final Map<String, byte[]> entries = new TreeMap<>();

        @Override
        public String location() {
            return "memory";
        }

        @Override
        public Optional<String> secureComponentId() {
            return Optional.empty();
        }

        @Override
        public Set<String> names(String prefix) {
            return entries.keySet().stream().filter(n -> n.startsWith(prefix)).collect(Collectors.toSet());
        }

        @Override
        public Optional<Secret> read(String name) {
            return Optional.ofNullable(entries.get(name)).map(Secret::of);
        }

        @Override
        public void apply(CredentialUpdate update) {
            throw new UnsupportedOperationException("the keys are only read");
        }
    }
}
