package org.scgateway.euicc.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scgateway.api.euicc.Eid;
import org.scgateway.api.euicc.EuiccEvent;
import org.scgateway.api.euicc.EuiccException;
import org.scgateway.api.euicc.EuiccListener;
import org.scgateway.api.euicc.EuiccService;
import org.scgateway.api.se.SecureElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers an {@link EuiccService} for every {@link SecureElement} that has an ISD-R, for as long as the
 * element is there, and tells every {@link EuiccListener} of each change, in the order they happened.
 */
@Component(configurationPid = "org.scgateway.euicc", immediate = true)
@Designate(ocd = Euiccs.Config.class)
public class Euiccs {

    @ObjectClassDefinition(name = "SC Gateway eUICC profile service",
            description = "Manages the profiles of every eUICC found in a Secure Element (SGP.02 rules, SGP.22 ES10c encoding).")
    public @interface Config {
        @AttributeDefinition(name = "Refresh", description = "Ask the eUICC for a REFRESH when a profile is enabled or disabled, "
                + "so that the modem attaches with the new profile. Off for an eUICC with no modem behind it.")
        boolean refresh() default true;
    }

    /** Service properties besides {@link EuiccService#PROP_SECURE_ELEMENT_ID}: the EID, and the kind of the element. */
    static final String PROP_EID = "scgw.euicc.eid";
    static final String PROP_SE_KIND = "scgw.euicc.se.kind";

    private static final Logger LOG = LoggerFactory.getLogger(Euiccs.class);

    private final List<EuiccListener> listeners = new CopyOnWriteArrayList<>();
    /** Touched on {@link #worker} only. */
    private final Map<SecureElement, ServiceRegistration<EuiccService>> services = new HashMap<>();
    private final List<SecureElement> pending = new ArrayList<>();
    /** Looks for an ISD-R off the binding thread (a driver's watcher), which must not wait for APDUs. */
    private final ExecutorService worker = executor("euicc-probe");
    /** Tells listeners one event at a time, in order, so that no listener holds up an operation. */
    private final ExecutorService notifier = executor("euicc-events");
    private volatile BundleContext context;
    private volatile Config config;

    @Activate
    void activate(BundleContext context, Config config) {
        List<SecureElement> early;
        synchronized (pending) {
            this.config = config;
            this.context = context;
            early = new ArrayList<>(pending);
            pending.clear();
        }
        early.forEach(se -> submit(() -> offer(se)));
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        context = null;
        worker.shutdown();
        worker.awaitTermination(10, TimeUnit.SECONDS);
        services.values().forEach(Euiccs::unregister);
        services.clear();
        notifier.shutdown();
        notifier.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addSecureElement(SecureElement se) {
        synchronized (pending) {
            if (context == null) {
                pending.add(se);
                return;
            }
        }
        submit(() -> offer(se));
    }

    void removeSecureElement(SecureElement se) {
        synchronized (pending) {
            pending.remove(se);
        }
        submit(() -> {
            ServiceRegistration<EuiccService> r = services.remove(se);
            if (r != null) {
                unregister(r);
                LOG.info("the eUICC in {} is gone with its Secure Element", se.id());
            }
        });
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(EuiccListener listener) {
        listeners.add(listener);
    }

    void removeListener(EuiccListener listener) {
        listeners.remove(listener);
    }

    private void offer(SecureElement se) {
        IsdrEuicc euicc = new IsdrEuicc(se, config.refresh(), this::publish);
        Eid eid;
        try {
            Optional<Eid> found = euicc.probe();
            if (found.isEmpty()) {
                LOG.debug("{} has no ISD-R: not an eUICC", se.id());
                return;
            }
            eid = found.get();
        } catch (EuiccException e) {
            LOG.warn("{} could not be asked for an eUICC: {}", se.id(), e.getMessage());
            return;
        }
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(EuiccService.PROP_SECURE_ELEMENT_ID, se.id());
        p.put(PROP_EID, eid.digits());
        p.put(PROP_SE_KIND, se.kind().name());
        BundleContext c = context;
        if (c != null) {
            services.put(se, c.registerService(EuiccService.class, euicc, p));
            LOG.info("eUICC {} found in {}", eid, se.id());
        }
    }

    private void publish(EuiccEvent event) {
        try {
            notifier.execute(() -> {
                for (EuiccListener l : listeners) {
                    try {
                        l.profilesChanged(event);
                    } catch (RuntimeException e) {
                        LOG.error("an eUICC listener ({}) failed on {} of {}", l.getClass().getName(), event.kind(), event.iccid(), e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // deactivated: nobody is listening
        }
    }

    private void submit(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            // deactivated
        }
    }

    private static ExecutorService executor(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    private static void unregister(ServiceRegistration<?> r) {
        try {
            r.unregister();
        } catch (IllegalStateException e) {
            // the bundle is stopping
        }
    }
}
