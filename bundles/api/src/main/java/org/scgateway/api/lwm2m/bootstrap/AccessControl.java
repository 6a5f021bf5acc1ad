package org.scgateway.api.lwm2m.bootstrap;

import java.util.Map;
import java.util.TreeMap;

/**
 * One Access Control (2) instance: which servers may do what on one object instance, or, with instance id
 * {@link #OBJECT}, which may create instances of the object (LwM2M 1.1 Core, 7.3.3 and E.3).
 */
public final class AccessControl {

    /** The instance id that stands for the object itself, in an instance that grants Create. */
    public static final int OBJECT = 65535;
    /** The short server id under which the ACL holds the rights of servers it does not name. */
    public static final int DEFAULT_SERVER = 0;

    public static final int READ = 1;
    public static final int WRITE = 2;
    public static final int EXECUTE = 4;
    public static final int DELETE = 8;
    public static final int CREATE = 16;

    private final int objectId;
    private final int instanceId;
    private final Map<Integer, Integer> rights;
    private final int owner;

    private AccessControl(int objectId, int instanceId, Map<Integer, Integer> rights, int owner) {
        this.objectId = objectId;
        this.instanceId = instanceId;
        this.rights = rights;
        this.owner = owner;
    }

    /**
     * @param rights short server id (or {@link #DEFAULT_SERVER}) to a sum of {@link #READ}, {@link #WRITE},
     *        {@link #EXECUTE}, {@link #DELETE} and {@link #CREATE}
     * @param owner the short server id of the Access Control Owner; {@code 65535} when only the bootstrap
     *        server may change this instance
     * @throws IllegalArgumentException for ids or rights outside what the TS allows
     */
    public static AccessControl of(int objectId, int instanceId, Map<Integer, Integer> rights, int owner) {
        if (objectId < 1 || objectId > 65534) {
            throw new IllegalArgumentException("an access control names object 1 to 65534, not " + objectId);
        }
        if (instanceId < 0 || instanceId > OBJECT) {
            throw new IllegalArgumentException("an access control names instance 0 to 65535, not " + instanceId);
        }
        if (owner < 0 || owner > 65535) {
            throw new IllegalArgumentException("an access control owner is a short server id 0 to 65535, not " + owner);
        }
        Map<Integer, Integer> copy = new TreeMap<>();
        rights.forEach((ssid, bits) -> {
            if (ssid < 0 || ssid > 65534) {
                throw new IllegalArgumentException("an ACL names short server id 0 to 65534, not " + ssid);
            }
            if (bits < 0 || bits > 31) {
                throw new IllegalArgumentException("ACL rights are 0 to 31 (read 1, write 2, execute 4, delete 8, create 16), not "
                        + bits + " for server " + ssid);
            }
            copy.put(ssid, bits);
        });
        return new AccessControl(objectId, instanceId, java.util.Collections.unmodifiableMap(copy), owner);
    }

    public int objectId() {
        return objectId;
    }

    /** The instance, or {@link #OBJECT}. */
    public int instanceId() {
        return instanceId;
    }

    /** Short server id to rights, in id order. */
    public Map<Integer, Integer> rights() {
        return rights;
    }

    public int owner() {
        return owner;
    }

    /**
     * What the server may do here: its own entry; else all but Create for the owner; else the default entry;
     * else nothing (LwM2M 1.1 Core, E.3).
     */
    public int rightsOf(int shortServerId) {
        Integer own = rights.get(shortServerId);
        if (own != null) {
            return own;
        }
        if (shortServerId == owner) {
            return READ | WRITE | EXECUTE | DELETE;
        }
        return rights.getOrDefault(DEFAULT_SERVER, 0);
    }

    @Override
    public String toString() {
        return "ACL /" + objectId + (instanceId == OBJECT ? "" : "/" + instanceId) + " " + rights + " owner " + owner;
    }
}
