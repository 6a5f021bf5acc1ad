package org.scgateway.credential.se.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * All entries of the store as one slot's content on the card:
 * {@code "SCGWCRD1" | generation (8) | body length (4) | body | SHA-256 of all before it (32)}, the body being
 * for each entry {@code name length (1) | name (ASCII) | value length (2) | value}.
 * <p>
 * The card holds two slots and every update writes the one not in use, with the next generation: a write cut
 * short (a card pulled, a crash) leaves a slot whose digest does not verify, and the other slot, untouched,
 * stays the store. A slot never written (all FF) is no image.
 */
final class CredentialImage {

    static final byte[] MAGIC = "SCGWCRD1".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = MAGIC.length + 8 + 4;
    static final int DIGEST = 32;

    private final long generation;
    private final SortedMap<String, byte[]> entries;

    CredentialImage(long generation, SortedMap<String, byte[]> entries) {
        this.generation = generation;
        this.entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    }

    static CredentialImage empty() {
        return new CredentialImage(0, new TreeMap<>());
    }

    long generation() {
        return generation;
    }

    SortedMap<String, byte[]> entries() {
        return entries;
    }

    /** The image's whole length, from its first {@link #HEADER} bytes; -1 when they are not an image's. */
    static int length(byte[] start) {
        if (start.length < HEADER || !Arrays.equals(Arrays.copyOf(start, MAGIC.length), MAGIC)) {
            return -1;
        }
        int body = ByteBuffer.wrap(start, MAGIC.length + 8, 4).getInt();
        return body < 0 || body > 0x10000 ? -1 : HEADER + body + DIGEST;
    }

    /**
     * The image a slot holds; empty when it holds none, or one whose digest does not verify, or whose body is not as
     * {@link #encode()} writes it (entries in name order, each name once, in ASCII).
     */
    static Optional<CredentialImage> parse(byte[] slot) {
        int length = length(slot);
        if (length < 0 || length > slot.length) {
            return Optional.empty();
        }
        byte[] digest = sha256(slot, 0, length - DIGEST);
        if (!MessageDigest.isEqual(digest, Arrays.copyOfRange(slot, length - DIGEST, length))) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(slot, 0, length - DIGEST);
        b.position(MAGIC.length);
        long generation = b.getLong();
        b.getInt();
        SortedMap<String, byte[]> entries = new TreeMap<>();
        String previous = null;
        try {
            while (b.hasRemaining()) {
                byte[] name = new byte[b.get() & 0xFF];
                b.get(name);
                byte[] value = new byte[b.getShort() & 0xFFFF];
                b.get(value);
                String n = new String(name, StandardCharsets.US_ASCII);
                if (!ascii(name) || (previous != null && n.compareTo(previous) <= 0)) {
                    // Not as encode() writes it (names in ASCII, each once, in order): not ours (CredentialImageFuzzTest).
                    return Optional.empty();
                }
                entries.put(n, value);
                previous = n;
            }
        } catch (java.nio.BufferUnderflowException e) {
            return Optional.empty(); // a digest that verifies over a body that does not parse: not ours
        }
        return Optional.of(new CredentialImage(generation, entries));
    }

    /** This image's entries changed by {@code puts} and {@code deletes}, as the next generation. */
    CredentialImage next(Map<String, byte[]> puts, Iterable<String> deletes) {
        SortedMap<String, byte[]> n = new TreeMap<>(entries);
        deletes.forEach(n::remove);
        n.putAll(puts);
        return new CredentialImage(generation + 1, n);
    }

    byte[] encode() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.US_ASCII);
            body.write(name.length);
            body.writeBytes(name);
            body.write(e.getValue().length >> 8);
            body.write(e.getValue().length);
            body.writeBytes(e.getValue());
        }
        byte[] b = body.toByteArray();
        ByteBuffer out = ByteBuffer.allocate(HEADER + b.length + DIGEST);
        out.put(MAGIC).putLong(generation).putInt(b.length).put(b);
        out.put(sha256(out.array(), 0, HEADER + b.length));
        Arrays.fill(b, (byte) 0);
        return out.array();
    }

    private static boolean ascii(byte[] name) {
        for (byte c : name) {
            if (c < 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] sha256(byte[] data, int from, int length) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(data, from, length);
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
