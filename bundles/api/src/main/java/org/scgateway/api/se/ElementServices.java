package org.scgateway.api.se;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import org.scgateway.api.util.DaemonThreads;

/**
 * A service for each Secure Element that qualifies, as a component offers one (a bootstrap source, a credential
 * store, an eUICC service): the component's bind and unbind methods hand every element here, and each is looked at
 * and offered, or withdrawn, on a worker thread of the component's own, in the order the elements came and went.
 * Looking takes APDUs and a new service sets other components going, and the thread that bound the element (a
 * driver's watcher) must wait for neither. Elements bound before the component is active wait for it.
 *
 * @param <S> the service offered for an element
 */
public final class ElementServices<S> {

    /** What an element is offered as, decided on the worker: empty for an element that does not qualify. */
    @FunctionalInterface
    public interface Offer<S> {
        Optional<Offered<S>> offer(SecureElement element, Map<String, Object> elementProperties);
    }

    /** A service and its properties. */
    public static final class Offered<S> {
        final S service;
        final Map<String, Object> properties;

        public Offered(S service, Map<String, Object> properties) {
            this.service = service;
            this.properties = Map.copyOf(properties);
        }
    }

    private final Class<S> type;
    private final Offer<S> offer;
    private final Consumer<SecureElement> withdrawn;
    /** Touched on the worker only. */
    private final Map<SecureElement, ServiceRegistration<S>> offered = new HashMap<>();
    /** Elements bound before activation, with their properties; guarded by itself. */
    private final Map<SecureElement, Map<String, Object>> early = new LinkedHashMap<>();
    private boolean active;
    private final ExecutorService worker;
    private volatile BundleContext context;
    /** Open once the elements bound before activation are on the worker. */
    private final CountDownLatch activated = new CountDownLatch(1);

    /**
     * @param thread    the worker's name, as thread dumps and logs show it
     * @param withdrawn told, on the worker, of each element whose service has been withdrawn
     */
    public ElementServices(String thread, Class<S> type, Offer<S> offer, Consumer<SecureElement> withdrawn) {
        this.type = type;
        this.offer = offer;
        this.withdrawn = withdrawn;
        this.worker = DaemonThreads.singleThread(thread);
    }

    /**
     * From the component's activate method.
     *
     * @param context the component's, or null when it is disabled: then no element is offered
     */
    public void activate(BundleContext context) {
        List<Map.Entry<SecureElement, Map<String, Object>>> bound;
        synchronized (early) {
            this.context = context;
            active = true;
            bound = new ArrayList<>(early.entrySet());
            early.clear();
        }
        if (context != null) {
            bound.forEach(e -> submit(() -> offer(e.getKey(), e.getValue())));
        }
        activated.countDown();
    }

    /** From the component's deactivate method: waits (10 s at most) for the element in hand, then withdraws every service. */
    public void deactivate() throws InterruptedException {
        context = null;
        worker.shutdown();
        worker.awaitTermination(10, TimeUnit.SECONDS);
        offered.values().forEach(ElementServices::unregister);
        offered.clear();
    }

    /** From the component's bind method of Secure Elements (dynamic, multiple). */
    public void add(SecureElement element, Map<String, Object> elementProperties) {
        Map<String, Object> props = Map.copyOf(elementProperties);
        synchronized (early) {
            if (!active) {
                early.put(element, props);
                return;
            }
        }
        if (context != null) {
            submit(() -> offer(element, props));
        }
    }

    /** From the component's unbind method. */
    public void remove(SecureElement element) {
        synchronized (early) {
            early.remove(element);
        }
        submit(() -> {
            ServiceRegistration<S> r = offered.remove(element);
            if (r != null) {
                unregister(r);
                withdrawn.accept(element);
            }
        });
    }

    /**
     * Whether every element bound so far has been looked at: once the component is active and the worker has run what
     * was queued before this call ({@link SecureElementProbe#awaitProbed}).
     */
    public boolean awaitProbed(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        if (!activated.await(timeout, unit)) {
            return false;
        }
        try {
            worker.submit(() -> { }).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (RejectedExecutionException | ExecutionException e) {
            return true; // deactivated: nothing more comes from here
        } catch (TimeoutException e) {
            return false;
        }
    }

    private void offer(SecureElement element, Map<String, Object> props) {
        Optional<Offered<S>> o = offer.offer(element, props);
        BundleContext c = context;
        if (o.isPresent() && c != null) {
            offered.put(element, c.registerService(type, o.get().service, new Hashtable<>(o.get().properties)));
        }
    }

    private void submit(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            // deactivated: every service goes there
        }
    }

    private static void unregister(ServiceRegistration<?> r) {
        try {
            r.unregister();
        } catch (IllegalStateException e) {
            // the bundle is stopping
        }
    }
}
