package org.scgateway.lwm2m.objects.internal;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import org.scgateway.api.util.DaemonThreads;
import org.scgateway.api.lwm2m.LwM2mObjectContext;

/**
 * What one provided object tells the LwM2M client: in order, from a thread of its own, so never from under a
 * lock of the object's (the client takes its own locks to notify observers and send a Registration Update);
 * dropped while the client does not show the object.
 */
public final class ObjectReports {

    private final ExecutorService thread;
    private volatile LwM2mObjectContext context;

    public ObjectReports(String threadName) {
        this.thread = DaemonThreads.singleThread(threadName);
    }

    public void attached(LwM2mObjectContext context) {
        this.context = context;
    }

    public void detached() {
        this.context = null;
    }

    /** The client's context while it shows the object. */
    public Optional<LwM2mObjectContext> context() {
        return Optional.ofNullable(context);
    }

    public void instancesChanged() {
        report(LwM2mObjectContext::instancesChanged);
    }

    public void resourcesChanged(int instanceId, int... resourceIds) {
        report(c -> c.resourcesChanged(instanceId, resourceIds));
    }

    /** The object is going: reports not yet sent are dropped. */
    public void close() {
        thread.shutdownNow();
    }

    private void report(Consumer<LwM2mObjectContext> what) {
        try {
            thread.execute(() -> {
                LwM2mObjectContext c = context;
                if (c != null) {
                    what.accept(c);
                }
            });
        } catch (RejectedExecutionException e) {
            // closed: the object is going
        }
    }

}
