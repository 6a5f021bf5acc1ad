package org.scgateway.lwm2m.client.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;

import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.request.BootstrapReadRequest;
import org.eclipse.leshan.core.request.BootstrapWriteRequest;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.junit.Test;
import org.scgateway.api.lwm2m.bootstrap.RegistrationPolicy;
import org.scgateway.api.lwm2m.bootstrap.ServerAccount;

/**
 * Issue 22, finding 6: a server wrote a lifetime of -1, 0 or 1, and the client sent an Update about once a second.
 * And resources 13 to 20 (LwM2M 1.1), which Leshan's Server has not got, through Leshan's object enabler, so that
 * what it checks before the instance is checked too.
 */
public class BoundedServerTest {

    private static final LwM2mServer SERVER = new LwM2mServer(new IpPeer(new InetSocketAddress("127.0.0.1", 5684)), 1L,
            URI.create("coaps://127.0.0.1:5684"));
    private static final LwM2mServer BOOTSTRAP_SERVER = new LwM2mServer(new IpPeer(new InetSocketAddress("127.0.0.1", 5784)),
            URI.create("coaps://127.0.0.1:5784"));
    private static final StaticModel MODEL = new StaticModel(ObjectLoader.loadDefault());

    private static final RegistrationPolicy WRITTEN = RegistrationPolicy.builder().priorityOrder(2).initialDelaySeconds(30)
            .failureBlock(true).bootstrapOnFailure(false).retryCount(3).retryTimerSeconds(200).sequenceDelaySeconds(600)
            .sequenceRetryCount(4).build();

    @Test
    public void aLifetimeBelowTheFloorIsRefusedAndTheOldOneKept() {
        BoundedServer server = new BoundedServer(1, 300, EnumSet.of(BindingMode.U), 30);
        server.setModel(MODEL.getObjectModel(1));
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
        assertEquals(RegistrationPolicy.defaults(), created.registrationPolicy());
    }

    @Test
    public void theAccountsRegistrationPolicyIsReadBack() {
        BoundedServer server = fromAccount(WRITTEN);
        LwM2mObjectEnabler object = object(server);
        assertEquals(WRITTEN, server.registrationPolicy());
        // As the model types them: Unsigned Integers, which Leshan's encoders insist on.
        assertEquals(ULong.valueOf(3L), value(object.read(LwM2mServer.SYSTEM, new ReadRequest(1, 0, 17))));
        assertEquals(ULong.valueOf(2L), value(object.read(LwM2mServer.SYSTEM, new ReadRequest(1, 0, 13))));
        assertEquals(true, value(object.read(LwM2mServer.SYSTEM, new ReadRequest(1, 0, 15))));
        // A Bootstrap-Read of the instance has them; an LwM2M server's Read has not, and of one of them is refused.
        LwM2mObjectInstance read = (LwM2mObjectInstance) object.read(BOOTSTRAP_SERVER, new BootstrapReadRequest(1, 0)).getContent();
        for (int id = 13; id <= 20; id++) {
            assertTrue("resource " + id + " in " + read, read.getResources().containsKey(id));
        }
        read = (LwM2mObjectInstance) object.read(SERVER, new ReadRequest(1, 0)).getContent();
        assertFalse(read.toString(), read.getResources().containsKey(17));
        assertEquals(ResponseCode.METHOD_NOT_ALLOWED, object.read(SERVER, new ReadRequest(1, 0, 17)).getCode());
    }

    @Test
    public void anAbsentPriorityOrderIsNotFoundAndTheOthersAreTheDefaults() {
        LwM2mObjectEnabler object = object(fromAccount(RegistrationPolicy.defaults()));
        assertEquals(ResponseCode.NOT_FOUND, object.read(LwM2mServer.SYSTEM, new ReadRequest(1, 0, 13)).getCode());
        assertEquals(ULong.valueOf(86400L), value(object.read(LwM2mServer.SYSTEM, new ReadRequest(1, 0, 19))));
        assertEquals(true, value(object.read(LwM2mServer.SYSTEM, new ReadRequest(1, 0, 16))));
    }

    @Test
    public void aBootstrapWriteOfEachResourceIsTaken() {
        BoundedServer server = fromAccount(RegistrationPolicy.defaults());
        LwM2mObjectEnabler object = object(server);
        RegistrationPolicy.Builder expected = RegistrationPolicy.builder();
        for (LwM2mResource r : writtenResources()) {
            assertTrue(r.toString(), object.write(BOOTSTRAP_SERVER, bootstrapWrite(r)).isSuccess());
            switch (r.getId()) {
                case 13 -> expected.priorityOrder(2);
                case 14 -> expected.initialDelaySeconds(30);
                case 15 -> expected.failureBlock(true);
                case 16 -> expected.bootstrapOnFailure(false);
                case 17 -> expected.retryCount(3);
                case 18 -> expected.retryTimerSeconds(200);
                case 19 -> expected.sequenceDelaySeconds(600);
                default -> expected.sequenceRetryCount(4);
            }
            assertEquals("after " + r, expected.build(), server.registrationPolicy());
        }
        assertEquals(WRITTEN, server.registrationPolicy());
    }

    @Test
    public void theSystemWritesThemToo() {
        BoundedServer server = fromAccount(RegistrationPolicy.defaults());
        assertTrue(server.write(LwM2mServer.SYSTEM, false, 17, LwM2mSingleResource.newIntegerResource(17, 2)).isSuccess());
        assertEquals(2, server.registrationPolicy().retryCount());
        // Through the enabler a system Write is refused as any Write of a resource the model gives no Write: Leshan's.
        LwM2mObjectEnabler object = object(server);
        assertEquals(ResponseCode.METHOD_NOT_ALLOWED, object.write(LwM2mServer.SYSTEM, new WriteRequest(1, 0, 17, ULong.valueOf(4L))).getCode());
        assertTrue(object.write(LwM2mServer.SYSTEM, bootstrapWrite(unsigned(17, 4))).isSuccess());
        assertEquals(4, server.registrationPolicy().retryCount());
    }

    @Test
    public void aBootstrapWriteOfTheInstanceSetsWhatItLeavesOutToTheDefault() {
        BoundedServer server = fromAccount(WRITTEN);
        LwM2mObjectEnabler object = object(server);
        LwM2mObjectInstance instance = new LwM2mObjectInstance(0, LwM2mSingleResource.newIntegerResource(0, 1),
                LwM2mSingleResource.newIntegerResource(1, 300), LwM2mSingleResource.newStringResource(7, "U"), unsigned(19, 3600));
        assertTrue(object.write(BOOTSTRAP_SERVER, new BootstrapWriteRequest(new LwM2mPath(1, 0), instance, ContentFormat.TLV)).isSuccess());
        assertEquals(RegistrationPolicy.defaults().toBuilder().sequenceDelaySeconds(3600).build(), server.registrationPolicy());
        // what it left out is not given: the client's configured back-off stands in for it (RegistrationPolicies)
        assertFalse(server.registrationPolicy().isGiven(17));
    }

    @Test
    public void aNegativeValueIsRefusedNamingTheResource() {
        BoundedServer server = fromAccount(WRITTEN);
        // What Leshan's TLV decoder makes of one byte 0xFF: 2^64-1, -1 as a long.
        WriteResponse r = server.write(BOOTSTRAP_SERVER, true, 17, unsigned(17, -1));
        assertEquals(ResponseCode.BAD_REQUEST, r.getCode());
        assertEquals("Server instance /1/0: Communication Retry Count (/1/x/17) must be 0 or more, was -1", r.getErrorMessage());
        r = server.write(LwM2mServer.SYSTEM, false, 18, LwM2mSingleResource.newIntegerResource(18, -60));
        assertEquals(ResponseCode.BAD_REQUEST, r.getCode());
        assertTrue(r.getErrorMessage(), r.getErrorMessage().contains("Communication Retry Timer (/1/x/18)"));
        r = server.write(BOOTSTRAP_SERVER, true, 15, LwM2mSingleResource.newStringResource(15, "yes"));
        assertEquals("Server instance /1/0: resource 15 is not a boolean", r.getErrorMessage());
        assertEquals(WRITTEN, server.registrationPolicy());
        // Leshan's enabler answers a Bootstrap-Write 2.04 whatever the instance says; the value is not taken all the same.
        assertTrue(object(server).write(BOOTSTRAP_SERVER, bootstrapWrite(unsigned(17, -1))).isSuccess());
        assertEquals(WRITTEN, server.registrationPolicy());
    }

    @Test
    public void anLwM2mServerCannotWriteThem() {
        BoundedServer server = fromAccount(WRITTEN);
        LwM2mObjectEnabler object = object(server);
        assertEquals(ResponseCode.METHOD_NOT_ALLOWED, object.write(SERVER, new WriteRequest(1, 0, 17, ULong.valueOf(9L))).getCode());
        assertEquals(ResponseCode.METHOD_NOT_ALLOWED,
                object.write(SERVER, new WriteRequest(WriteRequest.Mode.UPDATE, 1, 0, unsigned(19, 1))).getCode());
        // A Replace of the instance resets what it may write, not these.
        assertTrue(object.write(SERVER, new WriteRequest(WriteRequest.Mode.REPLACE, 1, 0, LwM2mSingleResource.newIntegerResource(1, 300),
                LwM2mSingleResource.newBooleanResource(6, false), LwM2mSingleResource.newStringResource(7, "U"))).isSuccess());
        assertEquals(WRITTEN, server.registrationPolicy());
    }

    @Test
    public void discoverListsThem() {
        List<Integer> ids = object(fromAccount(WRITTEN)).getAvailableResourceIds(0);
        assertTrue(ids.toString(), ids.containsAll(List.of(1, 7, 13, 14, 15, 16, 17, 18, 19, 20)));
    }

    // --- helpers

    @Test
    public void sendIsAllowedOnlyWhileMuteSendIsThereAndFalse() {
        BoundedServer absent = fromAccount(RegistrationPolicy.defaults());
        assertFalse("no Mute Send: muted, as the TS says", absent.sendAllowed());
        assertEquals(ResponseCode.NOT_FOUND, absent.read(SERVER, 23).getCode());

        BoundedServer configured = new BoundedServer(ServerAccount.server("coap://127.0.0.1:5683", 1).muteSend(false).build(), 30);
        configured.setId(0);
        configured.setModel(MODEL.getObjectModel(LwM2mId.SERVER));
        assertTrue(configured.sendAllowed());
        LwM2mObjectEnabler object = object(configured);
        // Mute Send is RW in the model: the server itself may mute and unmute.
        assertTrue(object.write(SERVER, new WriteRequest(1, 0, 23, true)).isSuccess());
        assertFalse(configured.sendAllowed());
        assertEquals(true, ((LwM2mSingleResource) object.read(SERVER, new ReadRequest(1, 0, 23)).getContent()).getValue());
        assertEquals(ResponseCode.BAD_REQUEST, configured.write(SERVER, false, 23, LwM2mSingleResource.newIntegerResource(23, 1)).getCode());
        assertTrue(object.write(SERVER, new WriteRequest(1, 0, 23, false)).isSuccess());
        assertTrue(configured.sendAllowed());
        configured.reset(23);
        assertFalse("reset by a Replace that leaves it out: absent again", configured.sendAllowed());
    }

    private static BoundedServer fromAccount(RegistrationPolicy policy) {
        ServerAccount a = ServerAccount.server("coaps://127.0.0.1:5684", 1).lifetime(300).registrationPolicy(policy).build();
        BoundedServer server = new BoundedServer(a, 30);
        server.setId(0); // as the object enabler would
        server.setModel(MODEL.getObjectModel(LwM2mId.SERVER));
        return server;
    }

    /** The Server object as ClientAssembly makes it, with this one instance. */
    private static LwM2mObjectEnabler object(BoundedServer instance) {
        ObjectsInitializer init = new ObjectsInitializer(MODEL);
        init.setInstancesForObject(LwM2mId.SERVER, instance);
        init.setFactoryForObject(LwM2mId.SERVER, (model, id, used) -> {
            BoundedServer created = new BoundedServer(30);
            created.setId(id);
            created.setModel(model);
            return created;
        });
        return init.create(LwM2mId.SERVER);
    }

    private static List<LwM2mResource> writtenResources() {
        return List.of(unsigned(13, 2), unsigned(14, 30), LwM2mSingleResource.newBooleanResource(15, true),
                LwM2mSingleResource.newBooleanResource(16, false), unsigned(17, 3), unsigned(18, 200), unsigned(19, 600), unsigned(20, 4));
    }

    private static BootstrapWriteRequest bootstrapWrite(LwM2mResource r) {
        return new BootstrapWriteRequest(new LwM2mPath(1, 0, r.getId()), r, ContentFormat.TLV);
    }

    private static LwM2mSingleResource unsigned(int id, long v) {
        return LwM2mSingleResource.newUnsignedIntegerResource(id, ULong.valueOf(v));
    }

    private static Object value(ReadResponse r) {
        LwM2mNode n = r.getContent();
        assertTrue(r.toString(), r.isSuccess());
        return ((LwM2mSingleResource) n).getValue();
    }
}
