package org.scgateway.tee.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.scgateway.api.io.AtomicFiles;
import org.scgateway.api.tee.TrustedComponent;

import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;

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
        CBORObject s = null;
        try {
            s = CBORObject.DecodeFromBytes(Files.readAllBytes(state));
        } catch (NoSuchFileException e) {
            // A new store.
        } catch (CBORException e) {
            throw new IOException(state + " is not a TEE state (" + e.getMessage() + "); it is left as it is for a person to look at");
        }
        if (s == null) {
            id = idPrefix + UUID.randomUUID().toString().substring(0, 8);
            components = List.of();
            AtomicFiles.write(state, encode(id, components, nonces));
        } else {
            try {
                id = s.get("id").AsString();
                components = decodeComponents(s.get("components"));
                CBORObject n = s.get("nonces");
                for (int i = 0; i < n.size(); i++) {
                    nonces.add(HexFormat.of().formatHex(n.get(i).GetByteString()));
                }
            } catch (RuntimeException e) {
                throw new IOException(state + " is not a TEE state (" + e + "); it is left as it is for a person to look at");
            }
        }
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

    private static byte[] encode(String id, List<Installed> components, Deque<String> nonces) {
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

    private static List<Installed> decodeComponents(CBORObject list) {
        List<Installed> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            CBORObject e = list.get(i);
            List<byte[]> cid = new ArrayList<>();
            for (int j = 0; j < e.get(0).size(); j++) {
                cid.add(e.get(0).get(j).GetByteString());
            }
            out.add(new Installed(new TrustedComponent(cid, e.get(1).AsString(), e.get(2).AsInt64Value()),
                    e.get(3).GetByteString(), e.get(4).AsInt64Value(), e.size() > 5 ? e.get(5).GetByteString() : null));
        }
        return List.copyOf(out);
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
