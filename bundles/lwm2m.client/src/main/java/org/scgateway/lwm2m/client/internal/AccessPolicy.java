package org.scgateway.lwm2m.client.internal;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.scgateway.api.lwm2m.bootstrap.AccessControl;

/**
 * Who may do what, from the Access Control (2) instances (LwM2M 1.1 Core, 7.3.3 and E.3). The bootstrap server
 * and the gateway itself may do anything. The ACL object's own instances may be read by any server and written
 * by their owner alone. Elsewhere the ACL binds only when the client has more than one LwM2M server: a lone
 * server has full rights. Security (0) and OSCORE (21) are Leshan's to refuse.
 */
final class AccessPolicy {

    private static final int ALL = AccessControl.READ | AccessControl.WRITE | AccessControl.EXECUTE | AccessControl.DELETE
            | AccessControl.CREATE;

    private final Supplier<Map<Integer, AccessControl>> acls;
    private final int servers;

    /**
     * @param acls the ACL instances, by their instance id, as they are now (an owner may rewrite them)
     * @param servers how many LwM2M server accounts the client has
     */
    AccessPolicy(Supplier<Map<Integer, AccessControl>> acls, int servers) {
        this.acls = acls;
        this.servers = servers;
    }

    /** Whether the policy has anything to say to this server (an LwM2M server, not the bootstrap server). */
    boolean binds(LwM2mServer server) {
        return server.isLwm2mServer();
    }

    /** The rights of a server on one instance (or on the object, with {@link AccessControl#OBJECT}). */
    int rights(LwM2mServer server, int objectId, int instanceId) {
        if (!binds(server)) {
            return ALL;
        }
        int ssid = server.getId().intValue();
        if (objectId == LwM2mId.ACCESS_CONTROL) {
            AccessControl own = acls.get().get(instanceId);
            return AccessControl.READ | (own != null && own.owner() == ssid ? AccessControl.WRITE : 0);
        }
        if (servers <= 1) {
            return ALL;
        }
        return acls.get().values().stream().filter(a -> a.objectId() == objectId && a.instanceId() == instanceId).findFirst()
                .map(a -> a.rightsOf(ssid)).orElse(0);
    }

    /**
     * Whether the server may do what {@code right} names on {@code path}. On an object path, Create asks the
     * object's ACL; any other right is granted if the server has it on at least one instance (a Read is then
     * cut down to those, by the caller).
     */
    boolean allows(LwM2mServer server, LwM2mPath path, int right, List<Integer> instances) {
        if (!binds(server) || path.isRoot() || path.getObjectId() == LwM2mId.SECURITY || path.getObjectId() == LwM2mId.OSCORE) {
            return true;
        }
        int objectId = path.getObjectId();
        if (path.isObject()) {
            if (right == AccessControl.CREATE) {
                return (rights(server, objectId, AccessControl.OBJECT) & AccessControl.CREATE) != 0;
            }
            // An object with no instance answers for itself (an empty read, or not found), with nothing to protect.
            return instances.isEmpty() || instances.stream().anyMatch(i -> (rights(server, objectId, i) & right) != 0);
        }
        return (rights(server, objectId, path.getObjectInstanceId()) & right) != 0;
    }
}
