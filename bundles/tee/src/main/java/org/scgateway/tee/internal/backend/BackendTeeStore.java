package org.scgateway.tee.internal.backend;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.scgateway.tee.internal.ComponentIds;
import org.scgateway.tee.internal.StateFileStore;
import org.scgateway.tee.spi.TeeBackend;
import org.scgateway.tee.spi.TeeBackendException;
import org.scgateway.teep.SuitEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record of a backend TEE: the images live in the TEE, the state file says which component each is,
 * under which name the TEE knows it, and which nonces were seen. The TEE is changed first, the record
 * after: if the gateway dies between the two, the TEE holds an image the record lacks, and the TAM's next
 * Update of that component, which the TEE takes again, puts the record right.
 */
public final class BackendTeeStore extends StateFileStore {

    private static final Logger LOG = LoggerFactory.getLogger(BackendTeeStore.class);

    private final TeeBackend backend;

    public BackendTeeStore(Path dir, TeeBackend backend) throws IOException {
        super(dir, backend.name().replace('.', '-') + "-");
        this.backend = backend;
    }

    @Override
    public synchronized void apply(Change change) throws IOException {
        int changes = change.installs.size() + change.removals.size();
        if (changes == 0) {
            commit(kept(change), change.nonce);
            return;
        }
        if (changes > 1) {
            throw new Refused(backend.name() + " takes one trusted component per Update (asked for " + changes
                    + "): it cannot undo an install, so a later one failing would leave the earlier ones applied");
        }
        List<Installed> next = kept(change);
        try {
            if (change.installs.isEmpty()) {
                Installed gone = find(change.removals.get(0)).orElseThrow(() -> new Refused("component "
                        + ComponentIds.text(change.removals.get(0)) + " is not installed"));
                if (gone.handle == null) {
                    throw new Refused("component " + gone.component.componentIdText() + " has no name in " + backend.name());
                }
                backend.uninstall(gone.handle);
            } else {
                Install install = change.installs.get(0);
                byte[] name = backend.nameOf(install.image);
                for (Installed other : next) {
                    if (Arrays.equals(name, other.handle)) {
                        throw new Refused("the image of " + install.component.componentIdText() + " is named "
                                + HexFormat.of().formatHex(name) + " in " + backend.name() + ", as component "
                                + other.component.componentIdText() + " is");
                    }
                }
                backend.install(install.image);
                next.add(new Installed(install.component, SuitEnvelope.sha256(install.image), install.image.length, name));
            }
        } catch (TeeBackendException e) {
            throw e.isRefused() ? new Refused(e.getMessage()) : new IOException(e.getMessage());
        }
        try {
            commit(next, change.nonce);
        } catch (IOException e) {
            LOG.error("{} was changed but its record in {} could not be written ({}); the TAM's next Update of the component "
                    + "puts it right", backend.name(), dir, e.getMessage());
            throw e;
        }
    }

    private Optional<Installed> find(List<byte[]> id) {
        return components().stream().filter(i -> ComponentIds.same(i.component.componentId(), id)).findFirst();
    }
}
