package org.scgateway.tee.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.scgateway.api.io.AtomicFiles;
import org.scgateway.api.tee.TrustedComponent;

import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;

/**
 * A TEE store whose record, the components and the nonces seen, is one file, {@code state.cbor}, in a
 * folder only the gateway's user can read, replaced in one rename. Where the images go is the subclass's
 * business; it calls {@link #commit} once they are where they belong.
 */
public abstract class StateFileStore implements TeeStore {

    public static final String STATE = "state.cbor";
    /** How many nonces are remembered; a TAM's nonces older than this many messages are taken as new. */
    static final int NONCES = 1024;

    protected final Path dir;
    private final String id;
    private List<Installed> components;
    private final Deque<String> nonces = new ArrayDeque<>();

    /** Opens the store in {@code dir}, or makes one whose id starts with {@code idPrefix}. */
    protected StateFileStore(Path dir, String idPrefix) throws IOException {
        this.dir = dir;
        createPrivate(dir);
        Path state = dir.resolve(STATE);
        byte[] bytes = null;
        try {
            bytes = Files.readAllBytes(state);
        } catch (NoSuchFileException e) {
            // A new store.
        }
        if (bytes == null) {
            id = idPrefix + UUID.randomUUID().toString().substring(0, 8);
            components = List.of();
            AtomicFiles.write(state, encode(id, components, nonces));
        } else {
            State s = decode(bytes, state);
            id = s.id;
            components = s.components;
            nonces.addAll(s.nonces);
        }
    }

    /** What a state file holds: the store's id, its components, and the nonces seen (hex), oldest first. */
    static final class State {
        final String id;
        final List<Installed> components;
        final List<String> nonces;

        State(String id, List<Installed> components, List<String> nonces) {
            this.id = id;
            this.components = components;
            this.nonces = nonces;
        }
    }

    /** Reads the bytes of the state file {@code state}; an IOException names the file and what is wrong with it. */
    static State decode(byte[] bytes, Path state) throws IOException {
        CBORObject s;
        try {
            s = CBORObject.DecodeFromBytes(bytes);
        } catch (CBORException | IllegalArgumentException e) {
            throw damaged(state, e.getMessage());
        }
        if (s.isTagged() || s.getType() != CBORType.Map) {
            throw damaged(state, "not a map");
        }
        String id = text(s.get("id"), "id", state);
        CBORObject list = array(s.get("components"), "components", state);
        List<Installed> components = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            components.add(component(list.get(i), "components[" + i + "]", state));
        }
        CBORObject n = array(s.get("nonces"), "nonces", state);
        List<String> nonces = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            nonces.add(HexFormat.of().formatHex(bytes(n.get(i), "nonces[" + i + "]", state)));
        }
        return new State(id, List.copyOf(components), nonces);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final synchronized List<Installed> components() {
        return components;
    }

    @Override
    public final synchronized boolean used(byte[] nonce) {
        return nonces.contains(HexFormat.of().formatHex(nonce));
    }

    /** The components a change keeps: all but those it removes or replaces. */
    protected final synchronized List<Installed> kept(Change change) {
        List<Installed> next = new ArrayList<>();
        for (Installed i : components) {
            if (change.removals.stream().noneMatch(r -> ComponentIds.same(r, i.component.componentId()))
                    && change.installs.stream().noneMatch(n -> ComponentIds.same(n.component.componentId(), i.component.componentId()))) {
                next.add(i);
            }
        }
        return next;
    }

    /** Makes {@code next} the components, with the change's nonce remembered: one rename, or nothing. */
    protected final synchronized void commit(List<Installed> next, byte[] nonce) throws IOException {
        Deque<String> nextNonces = new ArrayDeque<>(nonces);
        if (nonce != null) {
            nextNonces.add(HexFormat.of().formatHex(nonce));
            while (nextNonces.size() > NONCES) {
                nextNonces.removeFirst();
            }
        }
        AtomicFiles.write(dir.resolve(STATE), encode(id, next, nextNonces));
        components = List.copyOf(next);
        nonces.clear();
        nonces.addAll(nextNonces);
    }

    static byte[] encode(String id, List<Installed> components, Collection<String> nonces) {
        CBORObject list = CBORObject.NewArray();
        for (Installed i : components) {
            CBORObject cid = CBORObject.NewArray();
            i.component.componentId().forEach(p -> cid.Add(CBORObject.FromObject(p)));
            CBORObject entry = CBORObject.NewArray().Add(cid).Add(i.component.securityDomain()).Add(i.component.sequenceNumber())
                    .Add(CBORObject.FromObject(i.sha256)).Add(i.size);
            if (i.handle != null) {
                entry.Add(CBORObject.FromObject(i.handle));
            }
            list.Add(entry);
        }
        CBORObject n = CBORObject.NewArray();
        nonces.forEach(h -> n.Add(CBORObject.FromObject(HexFormat.of().parseHex(h))));
        return CBORObject.NewOrderedMap().Add("id", id).Add("components", list).Add("nonces", n).EncodeToBytes();
    }

    /** An entry of the components: {@code [component id, security domain, sequence number, SHA-256, size, handle?]}. */
    private static Installed component(CBORObject e, String field, Path state) throws IOException {
        array(e, field, state);
        if (e.size() != 5 && e.size() != 6) {
            throw damaged(state, field + " has " + e.size() + " items; 5 or 6 expected");
        }
        CBORObject id = array(e.get(0), field + " component id", state);
        List<byte[]> cid = new ArrayList<>();
        for (int j = 0; j < id.size(); j++) {
            cid.add(bytes(id.get(j), field + " component id[" + j + "]", state));
        }
        String domain = text(e.get(1), field + " security domain", state);
        long sequence = uint(e.get(2), field + " sequence number", state);
        byte[] sha256 = bytes(e.get(3), field + " SHA-256", state);
        if (sha256.length != 32) {
            throw damaged(state, field + " SHA-256 has " + sha256.length + " bytes, not 32");
        }
        long size = uint(e.get(4), field + " size", state);
        byte[] handle = e.size() > 5 ? bytes(e.get(5), field + " handle", state) : null;
        TrustedComponent component;
        try {
            component = new TrustedComponent(cid, domain, sequence);
        } catch (IllegalArgumentException x) {
            throw damaged(state, field + ": " + x.getMessage());
        }
        return new Installed(component, sha256, size, handle);
    }

    private static CBORObject array(CBORObject o, String field, Path state) throws IOException {
        if (o == null || o.isTagged() || o.getType() != CBORType.Array) {
            throw damaged(state, field + " is not an array");
        }
        return o;
    }

    private static byte[] bytes(CBORObject o, String field, Path state) throws IOException {
        if (o == null || o.isTagged() || o.getType() != CBORType.ByteString) {
            throw damaged(state, field + " is not a byte string");
        }
        return o.GetByteString();
    }

    private static String text(CBORObject o, String field, Path state) throws IOException {
        if (o == null || o.isTagged() || o.getType() != CBORType.TextString || o.AsString().isBlank()) {
            throw damaged(state, field + " is not a text that is not blank");
        }
        return o.AsString();
    }

    private static long uint(CBORObject o, String field, Path state) throws IOException {
        if (o == null || o.isTagged() || o.getType() != CBORType.Integer || !o.AsNumber().CanFitInInt64() || o.AsNumber().IsNegative()) {
            throw damaged(state, field + " is not an unsigned integer that fits 63 bits");
        }
        return o.AsNumber().ToInt64Checked();
    }

    private static IOException damaged(Path state, String what) {
        return new IOException(state + " is not a TEE state (" + what + "); it is left as it is for a person to look at");
    }

    /** Makes a folder only its owner can enter, unless it is there already. */
    public static void createPrivate(Path dir) throws IOException {
        try {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            // Kept from before.
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        }
    }
}
