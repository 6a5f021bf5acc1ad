package org.scgateway.bootstrap.smartcard.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.scgateway.api.component.SecureComponent;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.lwm2m.BootstrapSource;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.se.SecureElementProbe;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Bootstrap from smartcard: offers a {@link BootstrapSource} for each Secure Element, which the LwM2M client
 * consults before any bootstrap server or configured server. A card that appears adds a source (and so
 * restarts the client, which then reads it); a card that goes takes its source with it.
 * <p>
 * The SCP03 keys come from the {@link CredentialStore} (entries {@code scp03/<component id>/enc, mac, dek,
 * version}, or {@code scp03/default/...}), never from configuration.
 */
@Component(configurationPid = "org.scgateway.bootstrap.smartcard", immediate = true, service = SecureElementProbe.class)
@Designate(ocd = SmartcardBootstrap.Config.class)
public class SmartcardBootstrap implements SecureElementProbe {

    @ObjectClassDefinition(name = "SC Gateway bootstrap from smartcard",
            description = "Reads the LwM2M bootstrap file of each Secure Element's PKCS#15 application over SCP03 (level 33) "
                    + "and gives its servers to the LwM2M client, before any configured server. The SCP03 keys come from "
                    + "the credential store: scp03/<component id>/enc, mac, dek, version, or scp03/default/...")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Off: no card is consulted, and the client uses its configuration.")
        boolean enabled() default true;
    }

    /** Ranked above other sources: the appendix has the card consulted first. */
    static final int RANKING = 100;

    /** The store outside any Secure Component: the SCP03 keys that open a card cannot live in the card. */
    @Reference(target = "(!(" + CredentialStore.PROP_SECURE_COMPONENT_ID + "=*))", policyOption = ReferencePolicyOption.GREEDY)
    private CredentialStore store;

    /** Touched on {@link #worker} only. */
    private final Map<SecureElement, ServiceRegistration<BootstrapSource>> sources = new HashMap<>();
    private final Map<SecureElement, Map<String, Object>> pending = new HashMap<>();
    /**
     * Registers and unregisters the sources, in the order the cards came and went, off the thread that bound
     * the card: a new source restarts the LwM2M client, which reads the card there and then, and the binding
     * thread (a driver's watcher) must not wait for that, nor hold anything while it happens.
     */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bootstrap-smartcard");
        t.setDaemon(true);
        return t;
    });
    private volatile BundleContext context;
    /** Open once the elements bound before activation are on the worker. */
    private final CountDownLatch activated = new CountDownLatch(1);

    @Activate
    void activate(BundleContext context, Config config) {
        List<Map.Entry<SecureElement, Map<String, Object>>> early;
        synchronized (pending) {
            this.context = config.enabled() ? context : null;
            early = new ArrayList<>(pending.entrySet());
            pending.clear();
        }
        if (this.context != null) {
            early.forEach(e -> worker.execute(() -> offer(e.getKey(), e.getValue())));
        }
        activated.countDown();
    }

    /** Every element bound so far has been looked at once the worker has run what was queued before this call. */
    @Override
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

    @Deactivate
    void deactivate() throws InterruptedException {
        context = null;
        worker.shutdown();
        worker.awaitTermination(10, TimeUnit.SECONDS);
        sources.values().forEach(SmartcardBootstrap::unregister);
        sources.clear();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addSecureElement(SecureElement se, Map<String, Object> props) {
        synchronized (pending) {
            if (context == null) {
                pending.put(se, props); // before activation; dropped there if disabled
                return;
            }
        }
        submit(() -> offer(se, props));
    }

    void removeSecureElement(SecureElement se) {
        synchronized (pending) {
            pending.remove(se);
        }
        submit(() -> {
            ServiceRegistration<BootstrapSource> r = sources.remove(se);
            if (r != null) {
                unregister(r);
            }
        });
    }

    private void submit(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            // deactivated: every source goes there
        }
    }

    private static void unregister(ServiceRegistration<?> r) {
        try {
            r.unregister();
        } catch (IllegalStateException e) {
            // the bundle is stopping
        }
    }

    private void offer(SecureElement se, Map<String, Object> props) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(SecureComponent.PROP_ID, se.id());
        p.put(org.osgi.framework.Constants.SERVICE_RANKING, RANKING);
        Object backend = props.get(SecureComponent.PROP_BACKEND);
        if (backend != null) {
            p.put(SecureComponent.PROP_BACKEND, backend);
        }
        BundleContext c = context;
        if (c != null) {
            sources.put(se, c.registerService(BootstrapSource.class, new CardBootstrapSource(se, store), p));
        }
    }
}
