package org.scgateway.euicc.internal.ipa;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialUpdate;
import org.scgateway.api.credential.Secret;

/** Issue 22, finding 1: what the IPA keeps against replay fails closed. */
public class IpaMemoryTest {

    private static final String KEY = "lwm2m/esim-iot/ipa-key";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();
    private final Store store = new Store();

    @Test
    public void aStoreNeverUsedGetsAFreshMemoryBeforeAnyKeyAndKeepsEachCounterTaken() throws Exception {
        IpaMemory memory = IpaMemory.open(store, legacy(), KEY);
        assertEquals(Optional.empty(), memory.damage());
        assertTrue("written at once, before the key is made", store.entries.containsKey(IpaMemory.ENTRY));
        assertEquals(BigInteger.valueOf(-1), memory.lastCounter("eim"));
        assertTrue(memory.accept("eim", BigInteger.valueOf(7)));
        assertEquals(1, memory.nextSequenceNumber());
        store.put(KEY, "key");

        IpaMemory again = IpaMemory.open(store, legacy(), KEY);
        assertEquals(Optional.empty(), again.damage());
        assertEquals(BigInteger.valueOf(7), again.lastCounter("eim"));
        assertEquals(2, again.nextSequenceNumber());
    }

    @Test
    public void aGarbledEmptiedOrLostMemoryIsDamageThatTakesNoPackage() throws Exception {
        for (String garbled : new String[] {"", "garbled\u0000", "version=1\ncounter.eim=-3\n", "version=1\ncounter.eim=7x\n",
                "counter.eim=7\n", "version=1\nseqNumber=99999999999999999999\n", "version=1\nsomething=else\n"}) {
            store.put(IpaMemory.ENTRY, garbled);
            IpaMemory memory = IpaMemory.open(store, legacy(), KEY);
            assertTrue("damaged: " + garbled, memory.damage().isPresent());
            assertTrue(memory.damage().get(), memory.damage().get().contains("damaged") && memory.damage().get().contains(store.location()));
            assertFalse("takes no counter", memory.accept("eim", BigInteger.TEN));
            assertEquals("and leaves the damage for the operator to see", garbled, store.get(IpaMemory.ENTRY));
        }
        store.entries.clear();
        store.put(KEY, "key");
        IpaMemory lost = IpaMemory.open(store, legacy(), KEY);
        assertTrue(lost.damage().orElse(""), lost.damage().orElse("").contains("lost"));
        assertFalse("nothing is written over a lost memory", store.entries.containsKey(IpaMemory.ENTRY));
    }

    @Test
    public void anOperatorsResetTakesTheCounterGivenAndKeepsTheSequenceNumber() throws Exception {
        store.put(IpaMemory.ENTRY, "version=1\nseqNumber=41\ncounter.eim=x\n");
        IpaMemory.reset(store, legacy(), "eim", BigInteger.valueOf(12));
        IpaMemory memory = IpaMemory.open(store, legacy(), KEY);
        assertEquals(Optional.empty(), memory.damage());
        assertEquals(BigInteger.valueOf(12), memory.lastCounter("eim"));
        assertEquals(42, memory.nextSequenceNumber());
    }

    @Test
    public void aResetOverAMemoryWhoseSequenceNumberCannotBeReadStartsItAgain() throws Exception {
        for (String garbled : new String[] {"version=1\nseqNumber=\\u12\n", "seqNumber=1234567890123456789\n", "seqNumber=-4\n",
                "seqNumber=4x\n", "counter.eim=3\n"}) {
            store.put(IpaMemory.ENTRY, garbled);
            IpaMemory.reset(store, legacy(), "eim", BigInteger.valueOf(3));
            IpaMemory memory = IpaMemory.open(store, legacy(), KEY);
            assertEquals(garbled, Optional.empty(), memory.damage());
            assertEquals(garbled, 1, memory.nextSequenceNumber());
        }
        store.put(IpaMemory.ENTRY, "seqNumber=123456789012345678\ncounter.eim=-1\n");
        IpaMemory.reset(store, legacy(), "eim", BigInteger.valueOf(3));
        assertEquals("18 digits go on", 123456789012345679L, IpaMemory.open(store, legacy(), KEY).nextSequenceNumber());
    }

    @Test
    public void theFileOfEarlierVersionsIsTakenOverOnceOrIsDamage() throws Exception {
        Files.writeString(legacy(), "#IPA\ncounter.eim=5\nseqNumber=3\n");
        store.put(KEY, "key");
        IpaMemory memory = IpaMemory.open(store, legacy(), KEY);
        assertEquals(Optional.empty(), memory.damage());
        assertEquals(BigInteger.valueOf(5), memory.lastCounter("eim"));
        assertFalse("no longer read", Files.exists(legacy()));
        assertEquals(BigInteger.valueOf(5), IpaMemory.open(store, legacy(), KEY).lastCounter("eim"));

        store.entries.clear();
        Files.writeString(legacy(), "counter.eim=five\n");
        IpaMemory damaged = IpaMemory.open(store, legacy(), KEY);
        assertTrue(damaged.damage().orElse(""), damaged.damage().orElse("").contains(legacy().toString()));
        assertTrue("kept for the operator", Files.exists(legacy()));
    }

    private Path legacy() {
        return folder.getRoot().toPath().resolve("esim-iot.properties");
    }

    /** A credential store in memory, atomic as the real ones. */
    private static final class Store implements CredentialStore {
        final Map<String, byte[]> entries = new TreeMap<>();

        void put(String name, String value) {
            entries.put(name, value.getBytes(StandardCharsets.ISO_8859_1));
        }

        String get(String name) {
            return new String(entries.get(name), StandardCharsets.ISO_8859_1);
        }

        @Override
        public String location() {
            return "store in memory";
        }

        @Override
        public Optional<String> secureComponentId() {
            return Optional.empty();
        }

        @Override
        public Set<String> names(String prefix) {
            return entries.keySet().stream().filter(n -> n.startsWith(prefix)).collect(Collectors.toCollection(java.util.TreeSet::new));
        }

        @Override
        public Optional<Secret> read(String name) {
            return Optional.ofNullable(entries.get(name)).map(b -> Secret.of(b.clone()));
        }

        @Override
        public void apply(CredentialUpdate update) {
            update.puts().forEach((n, s) -> entries.put(n, s.bytes().clone()));
            update.deletes().forEach(entries::remove);
        }
    }
}
