package org.scgateway.lwm2m.client.internal;

import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;
import org.scgateway.api.lwm2m.bootstrap.BootstrapInfo;
import org.scgateway.api.lwm2m.bootstrap.BootstrapSource;
import org.scgateway.api.lwm2m.bootstrap.BootstrapSourceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At each Register and Update, checks that the bootstrap data the client runs on is still what its source
 * holds (LwM2M 1.1, 5.2.3.2: the client verifies the smartcard's bootstrap data at each Register and Update,
 * and bootstraps again when it changed). The check reads the source on the client's executor, not in the
 * registration's path; a source that cannot be read is said in the log and the client goes on as it is.
 * <p>
 * A client that fell back to its configuration because a source could not be used watches that source the
 * same way, with no fingerprint: once the source reads again (the card's file mended, the right keys
 * provisioned), the client bootstraps from it.
 */
final class SourceWatch extends LwM2mClientObserverAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(SourceWatch.class);

    private final BootstrapSource source;
    private final String fingerprint;
    private final Executor executor;
    private final Consumer<String> rebootstrap;
    private final AtomicBoolean checking = new AtomicBoolean();
    private final AtomicBoolean changed = new AtomicBoolean();

    /** @param fingerprint what the client runs on; null for a source that could not be used */
    SourceWatch(BootstrapSource source, String fingerprint, Executor executor, Consumer<String> rebootstrap) {
        this.source = source;
        this.fingerprint = fingerprint;
        this.executor = executor;
        this.rebootstrap = rebootstrap;
    }

    @Override
    public void onRegistrationStarted(LwM2mServer server, RegisterRequest request) {
        check("Register");
    }

    @Override
    public void onUpdateStarted(LwM2mServer server, UpdateRequest request) {
        check("Update");
    }

    private void check(String at) {
        if (changed.get() || !checking.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    compare(at);
                } finally {
                    checking.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            checking.set(false); // the client is stopping
        }
    }

    void compare(String at) {
        Optional<String> now;
        try {
            now = source.read().flatMap(BootstrapInfo::fingerprint);
        } catch (BootstrapSourceException | RuntimeException e) {
            if (fingerprint == null) {
                LOG.debug("{} still cannot be used at {}: {}", source.description(), at, e.getMessage());
            } else {
                LOG.warn("could not check the bootstrap data of {} at {} ({}); the client goes on with what it has",
                        source.description(), at, e.getMessage());
            }
            return;
        }
        if (fingerprint == null ? now.isEmpty() : now.isPresent() && now.get().equals(fingerprint)) {
            return;
        }
        if (changed.compareAndSet(false, true)) {
            rebootstrap.accept(fingerprint == null
                    ? "the bootstrap data of " + source.description() + " can be used now (checked at " + at + "); bootstrapping from it"
                    : now.isEmpty()
                            ? "the bootstrap data of " + source.description() + " is gone (checked at " + at + ")"
                            // The fingerprints are not shown: they are digests of data that holds keys, and a short key
                            // could be guessed against one.
                            : "the bootstrap data of " + source.description() + " changed (checked at " + at + "); bootstrapping from it again");
        }
    }
}
