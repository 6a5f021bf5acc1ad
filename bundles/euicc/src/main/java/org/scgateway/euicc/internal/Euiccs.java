package org.scgateway.euicc.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scgateway.api.config.Pids;
import org.scgateway.api.util.DaemonThreads;
import org.scgateway.api.euicc.Eid;
import org.scgateway.api.euicc.EuiccEvent;
import org.scgateway.api.euicc.EuiccException;
import org.scgateway.api.euicc.EuiccListener;
import org.scgateway.api.euicc.EuiccService;
import org.scgateway.api.se.ElementServices;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.se.SecureElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers an {@link EuiccService} for every {@link SecureElement} that has an ISD-R, for as long as the
 * element is there, and tells every {@link EuiccListener} of each change, in the order they happened.
 */
// The services are registered by hand (one per element), so DS cannot declare them; declared here, so that a
// resolver (Karaf's) sees who offers the EuiccService the IPA needs.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"org.scgateway.api.euicc.EuiccService\"", uses = EuiccService.class)
@Component(configurationPid = Pids.EUICC, immediate = true)
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
    /** Looks for an ISD-R off the binding thread (a driver's watcher), which must not wait for APDUs. */
    private final ElementServices<EuiccService> services = new ElementServices<>("euicc-probe", EuiccService.class,
            (se, props) -> offer(se), se -> LOG.info("the eUICC in {} is gone with its Secure Element", se.id()));
    /** Tells listeners one event at a time, in order, so that no listener holds up an operation. */
    private final ExecutorService notifier = DaemonThreads.singleThread("euicc-events");
    private volatile Config config;

    @Activate
    void activate(BundleContext context, Config config) {
        this.config = config;
        services.activate(context);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        services.deactivate();
        notifier.shutdown();
        notifier.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addSecureElement(SecureElement se, Map<String, Object> props) {
        services.add(se, props);
    }

    void removeSecureElement(SecureElement se) {
        services.remove(se);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(EuiccListener listener) {
        listeners.add(listener);
    }

    void removeListener(EuiccListener listener) {
        listeners.remove(listener);
    }

    private Optional<ElementServices.Offered<EuiccService>> offer(SecureElement se) {
        IsdrEuicc euicc = new IsdrEuicc(se, config.refresh(), this::publish);
        Eid eid;
        try {
            Optional<Eid> found = euicc.probe();
            if (found.isEmpty()) {
                LOG.debug("{} has no ISD-R: not an eUICC", se.id());
                return Optional.empty();
            }
            eid = found.get();
        } catch (EuiccException e) {
            if (SecureElementException.isRemoval(e)) {
                LOG.info("{} went while it was asked for an eUICC", se.id()); // pulled as it came: nothing to do
            } else {
                LOG.warn("{} could not be asked for an eUICC: {}", se.id(), e.getMessage());
            }
            return Optional.empty();
        }
        LOG.info("eUICC {} found in {}", eid, se.id());
        return Optional.of(new ElementServices.Offered<>(euicc, Map.of(EuiccService.PROP_SECURE_ELEMENT_ID, se.id(), PROP_EID, eid.digits(),
                PROP_SE_KIND, se.kind().name())));
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
}
