package org.scgateway.tee.internal.soft;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.scgateway.api.tee.TrustedComponent;
import org.scgateway.teep.SuitEnvelope;
import org.scgateway.tee.internal.ComponentIds;
import org.scgateway.tee.internal.TeeStore;

import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;

/**
 * The software TEE's store, in a folder only the gateway's user can read: each image in {@code ta/} under
 * its SHA-256, and {@code state.cbor}, which lists the components and the nonces seen. A change writes the
 * new images first, then replaces the state file in one rename: a kill at any point leaves either the old
 * state or the new one, and images no state names are removed at the next start.
 */
public final class FileTeeStore implements TeeStore {

    static final String STATE = "state.cbor";
    static final String IMAGES = "ta";
    /** How many nonces are remembered; a TAM's nonces older than this many messages are taken as new. */
    static final int NONCES = 1024;

    private final Path dir;
    private final String id;
    private List<Installed> components;
    private final Deque<String> nonces = new ArrayDeque<>();

    public FileTeeStore(Path dir) throws IOException {
        this.dir = dir;
        createPrivate(dir);
        createPrivate(dir.resolve(IMAGES));
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
            id = "tee-soft-" + UUID.randomUUID().toString().substring(0, 8);
            components = List.of();
            write(state, encode(id, components, nonces));
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
        sweep();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized List<Installed> components() {
        return components;
    }

    @Override
    public synchronized boolean used(byte[] nonce) {
        return nonces.contains(HexFormat.of().formatHex(nonce));
    }

    @Override
    public synchronized void apply(Change change) throws IOException {
        List<Installed> next = new ArrayList<>();
        for (Installed i : components) {
            if (change.removals.stream().noneMatch(r -> ComponentIds.same(r, i.component.componentId()))
                    && change.installs.stream().noneMatch(n -> ComponentIds.same(n.component.componentId(), i.component.componentId()))) {
                next.add(i);
            }
        }
        for (Install n : change.installs) {
            byte[] sha = SuitEnvelope.sha256(n.image);
            Path image = image(sha);
            if (!Files.exists(image)) {
                write(image, n.image);
            }
            next.add(new Installed(n.component, sha, n.image.length));
        }
        Deque<String> nextNonces = new ArrayDeque<>(nonces);
        if (change.nonce != null) {
            nextNonces.add(HexFormat.of().formatHex(change.nonce));
            while (nextNonces.size() > NONCES) {
                nextNonces.removeFirst();
            }
        }
        write(dir.resolve(STATE), encode(id, next, nextNonces));
        components = List.copyOf(next);
        nonces.clear();
        nonces.addAll(nextNonces);
        sweep();
    }

    /** The image of an installed component. */
    public synchronized byte[] image(Installed installed) throws IOException {
        return Files.readAllBytes(image(installed.sha256));
    }

    private Path image(byte[] sha256) {
        return dir.resolve(IMAGES).resolve(HexFormat.of().formatHex(sha256) + ".ta");
    }

    /** Removes what a kill mid-change left: temporary files, and images no component names. */
    private void sweep() throws IOException {
        Set<Path> named = new HashSet<>();
        components.forEach(i -> named.add(image(i.sha256)));
        for (Path folder : new Path[] {dir, dir.resolve(IMAGES)}) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    if (name.endsWith(".tmp") || (folder.endsWith(IMAGES) && !named.contains(f))) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
    }

    private static byte[] encode(String id, List<Installed> components, Deque<String> nonces) {
        CBORObject list = CBORObject.NewArray();
        for (Installed i : components) {
            CBORObject cid = CBORObject.NewArray();
            i.component.componentId().forEach(p -> cid.Add(CBORObject.FromObject(p)));
            list.Add(CBORObject.NewArray().Add(cid).Add(i.component.securityDomain()).Add(i.component.sequenceNumber())
                    .Add(CBORObject.FromObject(i.sha256)).Add(i.size));
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
                    e.get(3).GetByteString(), e.get(4).AsInt64Value()));
        }
        return List.copyOf(out);
    }

    /** Writes {@code content} to a temporary file, forces it to disk, renames it over {@code target}, forces the folder. */
    public static void write(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(content);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel folder = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            // Some file systems cannot force a folder; the rename is then as durable as they make it.
        }
    }

    private static void createPrivate(Path dir) throws IOException {
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
