package org.scgateway.euicc.internal.ipa;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.CredentialUpdate;
import org.scgateway.api.credential.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the IPA keeps against replay: the last counter of each eIM and the result sequence number, one entry of the
 * credential store that holds the IPA's key (a Secure Component's when there is one, as SCS-4 has sensitive state
 * kept), so that it outlives the framework's cache and moves with the key.
 * <p>
 * It fails closed (issue 22, finding 1): an entry that is not exactly what this class writes, or a store that holds
 * the IPA's key but no memory (the key is made after the memory), is damage, and every package is refused until an
 * operator {@linkplain #reset resets} it knowingly. A store the IPA never used gets a fresh memory; the file of earlier
 * versions (in the bundle's data area) is taken over once.
 */
final class IpaMemory implements Ipa.Memory {

    /** Under lwm2m/, with the IPA's key: it moves into a card's store with the client's other secrets. */
    static final String ENTRY = "lwm2m/esim-iot/memory";
    private static final Logger LOG = LoggerFactory.getLogger(IpaMemory.class);
    private static final String VERSION = "version";
    private static final String SEQUENCE = "seqNumber";
    private static final String COUNTER = "counter.";

    private final CredentialStore store;
    private final Properties values;
    private final Optional<String> damage;

    private IpaMemory(CredentialStore store, Properties values, Optional<String> damage) {
        this.store = store;
        this.values = values;
        this.damage = damage;
    }

    /**
     * The memory in {@code store}: read, or made fresh on a store the IPA never used, or taken over from the file of
     * earlier versions; a damaged one says what is wrong in {@link #damage()}.
     */
    static IpaMemory open(CredentialStore store, Path legacyFile, String ipaKeyEntry) throws CredentialStoreException {
        Optional<Secret> kept = store.read(ENTRY);
        if (kept.isPresent()) {
            try {
                return new IpaMemory(store, parse(kept.get().bytes(), true), Optional.empty());
            } catch (IllegalArgumentException e) {
                return damaged(store, "the IPA's memory against replay in " + store.location() + " is damaged (" + e.getMessage() + ")");
            }
        }
        if (Files.exists(legacyFile)) {
            Properties values;
            try {
                values = parse(Files.readAllBytes(legacyFile), false);
            } catch (IOException | IllegalArgumentException e) {
                return damaged(store, "the IPA's memory against replay in " + legacyFile + " is damaged (" + e.getMessage() + ")");
            }
            IpaMemory memory = new IpaMemory(store, values, Optional.empty());
            memory.write();
            deleteQuietly(legacyFile);
            LOG.info("the IPA's memory against replay moved from {} into {}", legacyFile, store.location());
            return memory;
        }
        if (store.read(ipaKeyEntry).isPresent()) {
            return damaged(store, "the IPA's memory against replay in " + store.location() + " is lost: the IPA's key is there, "
                    + "its memory of the eIM's counters is not");
        }
        IpaMemory fresh = new IpaMemory(store, parse(new byte[0], false), Optional.empty());
        fresh.write();
        return fresh;
    }

    /** Writes a memory whose last counter of {@code eimId} is {@code lastCounter}, whatever was there. */
    static void reset(CredentialStore store, Path legacyFile, String eimId, BigInteger lastCounter) throws CredentialStoreException {
        if (lastCounter.signum() < 0) {
            throw new IllegalArgumentException("a counter is not negative: " + lastCounter);
        }
        Properties values = parse(new byte[0], false);
        values.setProperty(COUNTER + eimId, lastCounter.toString());
        // The result sequence number goes on from the damaged memory when it can still be read there.
        store.read(ENTRY).flatMap(s -> sequenceIn(s.bytes())).ifPresent(n -> values.setProperty(SEQUENCE, n));
        new IpaMemory(store, values, Optional.empty()).write();
        deleteQuietly(legacyFile);
    }

    /** Why no package may be taken, when the memory is damaged or lost. */
    @Override
    public Optional<String> damage() {
        return damage;
    }

    @Override
    public synchronized BigInteger lastCounter(String eim) {
        String v = values.getProperty(COUNTER + eim);
        return v == null ? BigInteger.valueOf(-1) : new BigInteger(v);
    }

    @Override
    public synchronized boolean accept(String eim, BigInteger counter) {
        if (damage.isPresent()) {
            return false;
        }
        values.setProperty(COUNTER + eim, counter.toString());
        try {
            write();
            return true;
        } catch (CredentialStoreException e) {
            LOG.error("the IPA's memory against replay could not be written to {} ({}); the package is not carried out",
                    store.location(), e.getMessage());
            return false;
        }
    }

    @Override
    public synchronized long nextSequenceNumber() {
        long next = Long.parseLong(values.getProperty(SEQUENCE, "0")) + 1;
        values.setProperty(SEQUENCE, Long.toString(next));
        try {
            write();
        } catch (CredentialStoreException e) {
            LOG.warn("the IPA's result sequence number could not be kept in {} ({})", store.location(), e.getMessage());
        }
        return next;
    }

    private void write() throws CredentialStoreException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            values.store(out, null);
        } catch (IOException e) {
            throw new IllegalStateException(e); // in memory
        }
        store.apply(CredentialUpdate.builder().put(ENTRY, Secret.of(out.toByteArray())).build());
    }

    private static IpaMemory damaged(CredentialStore store, String why) {
        return new IpaMemory(store, parse(new byte[0], false), Optional.of(why + "; every package is refused until an operator "
                + "resets it (scgw:eimreset COUNTER, with the last counter the eIM sent)"));
    }

    /**
     * The memory's values, checked: a version (unless {@code versioned} is false: the file of earlier versions had
     * none), counters and a sequence number that are non-negative numbers, nothing else.
     */
    static Properties parse(byte[] bytes, boolean versioned) {
        Properties p = load(bytes);
        if (versioned && !"1".equals(p.getProperty(VERSION))) {
            throw new IllegalArgumentException(p.isEmpty() ? "it is empty" : "no version 1 in it");
        }
        for (String name : p.stringPropertyNames()) {
            String value = p.getProperty(name);
            if (name.equals(VERSION)) {
                continue;
            }
            if (!name.equals(SEQUENCE) && !name.startsWith(COUNTER)) {
                throw new IllegalArgumentException("an unexpected entry in it");
            }
            if (!value.matches("[0-9]{1,40}")) {
                throw new IllegalArgumentException("the value of " + (name.equals(SEQUENCE) ? SEQUENCE : "a counter") + " is not a number");
            }
            if (name.equals(SEQUENCE) && !isSequenceNumber(value)) {
                throw new IllegalArgumentException("the sequence number is out of range");
            }
        }
        p.setProperty(VERSION, "1");
        return p;
    }

    /** The entries of a properties text as {@link Properties} reads it (ISO 8859-1), not checked yet. */
    private static Properties load(byte[] bytes) {
        Properties p = new Properties();
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            p.load(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a properties text");
        }
        return p;
    }

    /** A result sequence number as this class writes it: 1 to 18 digits, so that it can still be counted up. */
    private static boolean isSequenceNumber(String value) {
        return value.matches("[0-9]{1,18}");
    }

    /**
     * The sequence number of a memory that may be damaged elsewhere (a counter garbled, no version), read as
     * {@link #parse} reads it, for {@link #reset} to go on from; empty when it cannot be read.
     */
    private static Optional<String> sequenceIn(byte[] bytes) {
        Properties p;
        try {
            p = load(bytes);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(p.getProperty(SEQUENCE)).filter(IpaMemory::isSequenceNumber);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("{} could not be deleted ({}); it is no longer read", file, e.toString());
        }
    }
}
