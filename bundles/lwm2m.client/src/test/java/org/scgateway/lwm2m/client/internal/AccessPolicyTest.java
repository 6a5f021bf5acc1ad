package org.scgateway.lwm2m.client.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.peer.IpPeer;
import org.junit.Test;
import org.scgateway.api.lwm2m.bootstrap.AccessControl;

public class AccessPolicyTest {

    private static final LwM2mServer ONE = server(1);
    private static final LwM2mServer TWO = server(2);
    private static final LwM2mServer THREE = server(3);

    private final Map<Integer, AccessControl> acls = new TreeMap<>(Map.of(
            0, AccessControl.of(3, 0, Map.of(1, AccessControl.READ | AccessControl.EXECUTE), 1),
            1, AccessControl.of(3303, 0, Map.of(AccessControl.DEFAULT_SERVER, AccessControl.READ, 2, AccessControl.WRITE), 2),
            2, AccessControl.of(3303, AccessControl.OBJECT, Map.of(2, AccessControl.CREATE), 65535)));
    private final AccessPolicy twoServers = new AccessPolicy(() -> acls, 2);

    @Test
    public void withTwoServersEachHasWhatItsEntryGrants() {
        assertTrue(twoServers.allows(ONE, new LwM2mPath(3, 0, 0), AccessControl.READ, List.of(0)));
        assertTrue(twoServers.allows(ONE, new LwM2mPath(3, 0, 4), AccessControl.EXECUTE, List.of(0)));
        assertFalse("granted read and execute, not write", twoServers.allows(ONE, new LwM2mPath(3, 0, 13), AccessControl.WRITE, List.of(0)));
        assertFalse("no entry, no default, not the owner", twoServers.allows(TWO, new LwM2mPath(3, 0), AccessControl.READ, List.of(0)));
    }

    @Test
    public void anOwnEntryComesBeforeOwnershipAndOwnershipBeforeTheDefault() {
        assertEquals("server 2 owns /3303/0 but has an entry of its own", AccessControl.WRITE, twoServers.rights(TWO, 3303, 0));
        assertEquals("the default entry for a server not named", AccessControl.READ, twoServers.rights(THREE, 3303, 0));
        acls.put(1, AccessControl.of(3303, 0, Map.of(AccessControl.DEFAULT_SERVER, AccessControl.READ), 2));
        assertEquals("an owner with no entry may do all but create",
                AccessControl.READ | AccessControl.WRITE | AccessControl.EXECUTE | AccessControl.DELETE, twoServers.rights(TWO, 3303, 0));
    }

    @Test
    public void createIsAskedOfTheObjectsOwnAcl() {
        assertTrue(twoServers.allows(TWO, new LwM2mPath(3303), AccessControl.CREATE, List.of(0)));
        assertFalse(twoServers.allows(ONE, new LwM2mPath(3303), AccessControl.CREATE, List.of(0)));
        assertFalse("no object ACL, no create", twoServers.allows(ONE, new LwM2mPath(3), AccessControl.CREATE, List.of(0)));
    }

    @Test
    public void anObjectReadNeedsOneReadableInstance() {
        assertTrue(twoServers.allows(ONE, new LwM2mPath(3), AccessControl.READ, List.of(0)));
        assertFalse(twoServers.allows(TWO, new LwM2mPath(3), AccessControl.READ, List.of(0)));
        assertTrue("nothing in it, nothing to protect", twoServers.allows(TWO, new LwM2mPath(3), AccessControl.READ, List.of()));
    }

    @Test
    public void theAclObjectIsReadByAllAndWrittenByItsOwnerOnly() {
        assertTrue(twoServers.allows(TWO, new LwM2mPath(2, 0), AccessControl.READ, List.of(0, 1, 2)));
        assertTrue(twoServers.allows(ONE, new LwM2mPath(2, 0, 2), AccessControl.WRITE, List.of(0, 1, 2)));
        assertFalse(twoServers.allows(TWO, new LwM2mPath(2, 0, 2), AccessControl.WRITE, List.of(0, 1, 2)));
        assertFalse("the bootstrap server's", twoServers.allows(ONE, new LwM2mPath(2, 2, 2), AccessControl.WRITE, List.of(0, 1, 2)));
        assertFalse("instances come from bootstrap only", twoServers.allows(ONE, new LwM2mPath(2), AccessControl.CREATE, List.of(0, 1, 2)));
        AccessPolicy lone = new AccessPolicy(() -> acls, 1);
        assertFalse("even for a lone server", lone.allows(TWO, new LwM2mPath(2, 0, 2), AccessControl.WRITE, List.of(0, 1, 2)));
    }

    @Test
    public void aLoneServerTheBootstrapServerAndTheGatewayMayDoAnything() {
        AccessPolicy lone = new AccessPolicy(() -> acls, 1);
        assertTrue(lone.allows(TWO, new LwM2mPath(3, 0, 4), AccessControl.EXECUTE, List.of(0)));
        assertTrue(lone.allows(TWO, new LwM2mPath(3), AccessControl.CREATE, List.of(0)));
        LwM2mServer bootstrap = new LwM2mServer(new IpPeer(new InetSocketAddress("127.0.0.1", 5783)), URI.create("coap://127.0.0.1:5783"));
        assertTrue(twoServers.allows(bootstrap, new LwM2mPath(3, 0), AccessControl.DELETE, List.of(0)));
        assertTrue(twoServers.allows(LwM2mServer.SYSTEM, new LwM2mPath(3, 0), AccessControl.DELETE, List.of(0)));
    }

    private static LwM2mServer server(long shortServerId) {
        return new LwM2mServer(new IpPeer(new InetSocketAddress("127.0.0.1", 5683)), shortServerId, URI.create("coap://127.0.0.1:5683"));
    }
}
