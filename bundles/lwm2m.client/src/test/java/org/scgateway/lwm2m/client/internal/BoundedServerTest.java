package org.scgateway.lwm2m.client.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.EnumSet;

import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.response.WriteResponse;
import org.junit.Test;

/** Issue 22, finding 6: a server wrote a lifetime of -1, 0 or 1, and the client sent an Update about once a second. */
public class BoundedServerTest {

    private static final LwM2mServer SERVER = new LwM2mServer(new IpPeer(new InetSocketAddress("127.0.0.1", 5684)), 1L,
            URI.create("coaps://127.0.0.1:5684"));

    @Test
    public void aLifetimeBelowTheFloorIsRefusedAndTheOldOneKept() {
        BoundedServer server = new BoundedServer(1, 300, EnumSet.of(BindingMode.U), 30);
        server.setModel(new org.eclipse.leshan.core.model.StaticModel(org.eclipse.leshan.core.model.ObjectLoader.loadDefault())
                .getObjectModel(1));
        server.setId(0);
        for (long wrong : new long[] {-1, 0, 1, 29}) {
            WriteResponse r = server.write(SERVER, false, BoundedServer.LIFETIME, LwM2mSingleResource.newIntegerResource(1, wrong));
            assertEquals(wrong + ": " + r, ResponseCode.BAD_REQUEST, r.getCode());
            assertTrue(r.getErrorMessage(), r.getErrorMessage().contains("minimum of 30 s"));
            assertEquals(300L, ((LwM2mSingleResource) server.read(SERVER, BoundedServer.LIFETIME).getContent()).getValue());
        }
        assertTrue(server.write(SERVER, false, BoundedServer.LIFETIME, LwM2mSingleResource.newIntegerResource(1, 30)).isSuccess());
        assertEquals(30L, ((LwM2mSingleResource) server.read(SERVER, BoundedServer.LIFETIME).getContent()).getValue());
    }

    @Test
    public void anInstanceABootstrapServerCreatesIsBoundedToo() {
        BoundedServer created = new BoundedServer(60);
        WriteResponse r = created.write(SERVER, true, BoundedServer.LIFETIME, LwM2mSingleResource.newIntegerResource(1, 0));
        assertEquals(ResponseCode.BAD_REQUEST, r.getCode());
    }
}
