package org.scgateway.lwm2m.objects.internal.rsp;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.scgateway.api.euicc.EuiccEvent;
import org.scgateway.api.euicc.EuiccListener;
import org.scgateway.api.euicc.EuiccService;
import org.scgateway.api.lwm2m.LwM2mObjectProvider;
import org.scgateway.api.util.DaemonThreads;
import org.scgateway.lwm2m.objects.internal.InstanceIds;
import org.scgateway.lwm2m.objects.internal.ProvidedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OMA object 504, Remote SIM Provisioning (LwM2M-SCS-8, 9): one instance per {@link EuiccService}, coming and
 * going with it. An instance keeps its id for its Secure Element across restarts, as the admin object's do.
 * Follows every profile change, whoever made it, as an {@link EuiccListener}.
 */
@Component(service = {LwM2mObjectProvider.class, EuiccListener.class, RemoteSimProvisioning.class},
        property = LwM2mObjectProvider.PROP_OBJECT_ID + ":Integer=" + RspObjectModel.OBJECT_ID)
public class RemoteSimProvisioning extends ProvidedObject<EuiccService, RspInstance> implements EuiccListener {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteSimProvisioning.class);

    /** Whether each eUICC is soldered in (its Secure Element an embedded one): Current SIM Type says so. */
    private final Map<EuiccService, Boolean> embedded = new ConcurrentHashMap<>();
    /** RSP Updates and first reads of an eUICC: APDUs, never on the client's threads. */
    private final ExecutorService work = Executors.newCachedThreadPool(DaemonThreads.numbered("rsp"));

    public RemoteSimProvisioning() {
        super(RspObjectModel.DEFINITION, "rsp-notify");
    }

    @Activate
    void activate(BundleContext bundle) {
        keepIdsIn(InstanceIds.file(bundle, "rsp-instance-ids.properties"));
    }

    @Deactivate
    void deactivate() {
        work.shutdownNow();
        close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addEuicc(EuiccService euicc, Map<String, Object> props) {
        embedded.put(euicc, "EMBEDDED_SE".equals(props.get("scgw.euicc.se.kind")));
        int id = add(euicc);
        LOG.info("Remote SIM Provisioning instance {} for the eUICC in {}", id, euicc.secureElementId());
    }

    void removeEuicc(EuiccService euicc) {
        embedded.remove(euicc);
        forget(euicc).ifPresent(id -> instanceAt(id).filter(i -> i.euicc() == euicc).ifPresent(i -> {
            if (remove(id, i)) {
                LOG.info("Remote SIM Provisioning instance {} gone with the eUICC in {}", id, euicc.secureElementId());
            }
        }));
    }

    @Override
    protected String nameOf(EuiccService euicc) {
        return euicc.secureElementId();
    }

    /** A new instance asks its eUICC for the EID and profiles off the client's threads. */
    @Override
    protected RspInstance newInstance(EuiccService euicc, int id) {
        RspInstance instance = new RspInstance(euicc, embedded.getOrDefault(euicc, false), work, resources -> changed(id, resources));
        try {
            work.execute(instance::load);
        } catch (RejectedExecutionException e) {
            // deactivated
        }
        return instance;
    }

    @Override
    public void profilesChanged(EuiccEvent event) {
        instancesById().values().stream().filter(i -> i.euicc().secureElementId().equals(event.secureElementId()))
                .forEach(i -> i.profilesChanged(event.profiles()));
    }

    /** The instance of the eUICC in the Secure Component {@code componentId}, if it has one: for the admin object's links. */
    public Optional<Integer> instanceOf(String componentId) {
        return instancesById().entrySet().stream().filter(e -> e.getValue().euicc().secureElementId().equals(componentId))
                .map(Map.Entry::getKey).findFirst();
    }
}
