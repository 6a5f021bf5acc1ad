package org.scgateway.tee.internal.soft;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.scgateway.api.io.AtomicFiles;
import org.scgateway.teep.SuitEnvelope;
import org.scgateway.tee.internal.StateFileStore;

/**
 * The software TEE's store: each image in {@code ta/} under its SHA-256, beside the state file. A change
 * writes the new images first, then replaces the state file in one rename: a kill at any point leaves
 * either the old state or the new one, and images no state names are removed at the next start.
 */
public final class FileTeeStore extends StateFileStore {

    static final String IMAGES = "ta";

    public FileTeeStore(Path dir) throws IOException {
        super(dir, "tee-soft-");
        createPrivate(dir.resolve(IMAGES));
        sweep();
    }

    @Override
    public synchronized void apply(Change change) throws IOException {
        List<Installed> next = kept(change);
        for (Install n : change.installs) {
            byte[] sha = SuitEnvelope.sha256(n.image);
            Path image = image(sha);
            if (!Files.exists(image)) {
                AtomicFiles.write(image, n.image);
            }
            next.add(new Installed(n.component, sha, n.image.length));
        }
        commit(next, change.nonce);
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
        components().forEach(i -> named.add(image(i.sha256)));
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
}
