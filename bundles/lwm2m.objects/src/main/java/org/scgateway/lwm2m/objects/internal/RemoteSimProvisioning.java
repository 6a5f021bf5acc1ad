package org.scgateway.lwm2m.objects.internal;

import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
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
import org.scgateway.api.util.DaemonThreads;
import org.scgateway.api.euicc.EuiccEvent;
import org.scgateway.api.euicc.EuiccListener;
import org.scgateway.api.euicc.EuiccService;
import org.scgateway.api.lwm2m.LwM2mObjectContext;
import org.scgateway.api.lwm2m.LwM2mObjectProvider;
import org.scgateway.api.lwm2m.LwM2mOperationException;
import org.scgateway.api.lwm2m.LwM2mOperationException.Code;
import org.scgateway.api.lwm2m.ObjectDefinition;
import org.scgateway.api.lwm2m.ResourceValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OMA object 504, Remote SIM Provisioning (LwM2M-SCS-8, 9): one instance per {@link EuiccService}, coming and
 * going with it. An instance keeps its id for its Secure Element across restarts, as the admin object's do.
 * Follows every profile change, whoever made it, as an {@link EuiccListener}.
 */
@Component(service = {LwM2mObjectProvider.class, EuiccListener.class, RemoteSimProvisioning.class},
        property = LwM2mObjectProvider.PROP_OBJECT_ID + ":Integer=" + RspObjectModel.OBJECT_ID)
public class RemoteSimProvisioning implements LwM2mObjectProvider, EuiccListener {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteSimProvisioning.class);

    private final Map<EuiccService, Integer> idsByService = new ConcurrentHashMap<>();
    private final Map<Integer, RspInstance> instances = new ConcurrentHashMap<>();
    /** Whether each eUICC is soldered in (its Secure Element an embedded one): Current SIM Type says so. */
    private final Map<EuiccService, Boolean> embedded = new ConcurrentHashMap<>();
    /** RSP Updates and first reads of an eUICC: APDUs, never on the client's threads. */
    private final ExecutorService work = Executors.newCachedThreadPool(DaemonThreads.numbered("rsp"));
    private final ObjectReports reports = new ObjectReports("rsp-notify");
    private volatile InstanceIds ids = new InstanceIds(null);

    @Activate
    void activate(BundleContext bundle) {
        ids = new InstanceIds(bundle.getDataFile("rsp-instance-ids.properties").toPath());
        // Bound before activation, numbered without the file: number them again from it, all at once.
        Map<EuiccService, Integer> bound = Map.copyOf(idsByService);
        idsByService.clear();
        instances.clear();
        bound.keySet().forEach(this::add);
        if (!bound.isEmpty()) {
            reports.instancesChanged();
        }
    }

    @Deactivate
    void deactivate() {
        work.shutdownNow();
        reports.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addEuicc(EuiccService euicc, Map<String, Object> props) {
        embedded.put(euicc, "EMBEDDED_SE".equals(props.get("scgw.euicc.se.kind")));
        add(euicc);
        reports.instancesChanged();
    }

    void removeEuicc(EuiccService euicc) {
        embedded.remove(euicc);
        Integer id = idsByService.remove(euicc);
        if (id != null && instances.remove(id) != null) {
            LOG.info("Remote SIM Provisioning instance {} gone with the eUICC in {}", id, euicc.secureElementId());
            reports.instancesChanged();
        }
    }

    private void add(EuiccService euicc) {
        int id = ids.idOf(euicc.secureElementId());
        RspInstance instance = new RspInstance(euicc, embedded.getOrDefault(euicc, false), work,
                resources -> reports.resourcesChanged(id, resources));
        idsByService.put(euicc, id);
        instances.put(id, instance);
        LOG.info("Remote SIM Provisioning instance {} for the eUICC in {}", id, euicc.secureElementId());
        try {
            work.execute(instance::load);
        } catch (RejectedExecutionException e) {
            // deactivated
        }
    }

    @Override
    public void profilesChanged(EuiccEvent event) {
        instances.values().stream().filter(i -> i.euicc().secureElementId().equals(event.secureElementId()))
                .forEach(i -> i.profilesChanged(event.profiles()));
    }

    /** The instance of the eUICC in the Secure Component {@code componentId}, if it has one: for the admin object's links. */
    Optional<Integer> instanceOf(String componentId) {
        return idsByService.entrySet().stream().filter(e -> e.getKey().secureElementId().equals(componentId)).map(Map.Entry::getValue)
                .findFirst();
    }

    // --- LwM2mObjectProvider

    @Override
    public ObjectDefinition definition() {
        return RspObjectModel.DEFINITION;
    }

    @Override
    public SortedSet<Integer> instanceIds() {
        return new TreeSet<>(instances.keySet());
    }

    @Override
    public ResourceValue read(int instanceId, int resourceId) throws LwM2mOperationException {
        return instance(instanceId).read(resourceId);
    }

    @Override
    public void write(int instanceId, int resourceId, ResourceValue value) throws LwM2mOperationException {
        instance(instanceId).write(resourceId, value);
    }

    @Override
    public void execute(int instanceId, int resourceId, String arguments) throws LwM2mOperationException {
        if (resourceId != RspObjectModel.RSP_UPDATE) {
            throw new LwM2mOperationException(Code.METHOD_NOT_ALLOWED, "resource " + resourceId + " of object 504 is not executable");
        }
        instance(instanceId).execute(arguments);
    }

    @Override
    public void attached(LwM2mObjectContext context) {
        reports.attached(context);
    }

    @Override
    public void detached() {
        reports.detached();
    }

    private RspInstance instance(int instanceId) throws LwM2mOperationException {
        RspInstance i = instances.get(instanceId);
        if (i == null) {
            throw new LwM2mOperationException(Code.NOT_FOUND, "no Remote SIM Provisioning instance " + instanceId);
        }
        return i;
    }
}
