package org.scgateway.lwm2m.client.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.scgateway.api.lwm2m.bootstrap.AccessControl;

/**
 * One Access Control (2) instance in the client's tree. Its owner may rewrite the ACL (resource 2); who may
 * write at all is {@link AccessPolicy}'s to say, before the request gets here.
 */
final class AccessControlInstance extends BaseInstanceEnabler {

    private volatile AccessControl acl;

    AccessControlInstance(int id, AccessControl acl) {
        super(id);
        this.acl = acl;
    }

    AccessControl acl() {
        return acl;
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        AccessControl a = acl;
        switch (resourceId) {
            case 0:
                return ReadResponse.success(0, a.objectId());
            case 1:
                return ReadResponse.success(1, a.instanceId());
            case 2:
                Map<Integer, Long> entries = new TreeMap<>();
                a.rights().forEach((ssid, bits) -> entries.put(ssid, (long) bits));
                return ReadResponse.success(2, entries, Type.INTEGER);
            case 3:
                return ReadResponse.success(3, a.owner());
            default:
                return ReadResponse.notFound();
        }
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        if (resourceId != 2) {
            return WriteResponse.methodNotAllowed();
        }
        AccessControl a = acl;
        Map<Integer, Integer> rights = new TreeMap<>(replace ? Map.of() : a.rights());
        for (LwM2mResourceInstance r : value.getInstances().values()) {
            rights.put(r.getId(), (int) (long) (Long) r.getValue());
        }
        try {
            acl = AccessControl.of(a.objectId(), a.instanceId(), rights, a.owner());
        } catch (IllegalArgumentException e) {
            return WriteResponse.badRequest(e.getMessage());
        }
        fireResourceChange(2);
        return WriteResponse.success();
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return List.of(0, 1, 2, 3);
    }
}
