package org.scgateway.bootstrap.smartcard.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.ObjectLink;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mEncoder;
import org.eclipse.leshan.core.request.ContentFormat;
import org.junit.Test;
import org.scgateway.api.lwm2m.bootstrap.AccessControl;
import org.scgateway.api.lwm2m.bootstrap.BootstrapInfo;
import org.scgateway.api.lwm2m.bootstrap.OscoreContext;
import org.scgateway.api.lwm2m.bootstrap.ServerAccount;

/** The Access Control (2) and OSCORE (21) instances of a bootstrap file, encoded by Leshan as a server would. */
public class BootstrapObjectsTest {

    private static final byte[] SECRET = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

    @Test
    public void aSecurityInstanceLinkedToAnOscoreInstanceCarriesItsContext() throws Exception {
        BootstrapInfo info = decode(security(17, new ObjectLink(21, 4)), server(), oscore(4)).info();
        ServerAccount a = info.servers().get(0);
        OscoreContext o = a.oscore().orElseThrow();
        assertArrayEquals(new byte[] {1}, o.senderId());
        assertArrayEquals(new byte[] {2}, o.recipientId());
        assertArrayEquals(SECRET, o.masterSecret().bytes());
        assertEquals(0, o.masterSalt().length());
        assertEquals(OscoreContext.AES_CCM_16_64_128, o.aeadAlgorithm());
        assertFalse("the secret is not in the account's text: " + a, a.toString().contains("0102030405"));
    }

    @Test
    public void aLinkToAnOscoreInstanceTheFileLacksIsNamed() {
        MalformedBootstrapFileException e = assertThrows(MalformedBootstrapFileException.class,
                () -> decode(security(17, new ObjectLink(21, 9)), server(), oscore(4)));
        assertEquals("Security instance /0/0 links to OSCORE instance /21/9, which the file does not hold", e.getMessage());
    }

    @Test
    public void anUnlinkedOscoreInstanceIsLeftOutAndSaidSo() throws Exception {
        BootstrapObjects.Decoded d = decode(security(-1, null), server(), oscore(4));
        assertFalse(d.info().servers().get(0).oscore().isPresent());
        assertTrue(d.notes().toString(), d.notes().contains("OSCORE instance(s) [4] are linked from no Security instance: left out"));
    }

    @Test
    public void accessControlInstancesAreTakenWithTheirRights() throws Exception {
        LwM2mObject acl = new LwM2mObject(2, new LwM2mObjectInstance(0, integer(0, 3), integer(1, 0),
                LwM2mMultipleResource.newIntegerResource(2, Map.of(0, 1L, 1, 7L)), integer(3, 1)));
        List<AccessControl> got = decode(security(-1, null), server(), acl).info().accessControl();
        assertEquals(1, got.size());
        assertEquals(3, got.get(0).objectId());
        assertEquals(Map.of(0, 1, 1, 7), got.get(0).rights());
        assertEquals(1, got.get(0).owner());
    }

    @Test
    public void rightsBeyondTheFiveBitsAreNamed() {
        LwM2mObject acl = new LwM2mObject(2, new LwM2mObjectInstance(0, integer(0, 3), integer(1, 0),
                LwM2mMultipleResource.newIntegerResource(2, Map.of(1, 64L)), integer(3, 1)));
        MalformedBootstrapFileException e = assertThrows(MalformedBootstrapFileException.class, () -> decode(security(-1, null), server(), acl));
        assertTrue(e.getMessage(), e.getMessage().startsWith("Access Control instance /2/0: ACL rights are 0 to 31"));
    }

    // --- files

    private static LwM2mObject security(int linkResource, ObjectLink link) {
        LwM2mObjectInstance i = link == null
                ? new LwM2mObjectInstance(0, LwM2mSingleResource.newStringResource(0, "coap://server.example"),
                        LwM2mSingleResource.newBooleanResource(1, false), integer(2, 3), integer(10, 1))
                : new LwM2mObjectInstance(0, LwM2mSingleResource.newStringResource(0, "coap://server.example"),
                        LwM2mSingleResource.newBooleanResource(1, false), integer(2, 3), integer(10, 1),
                        LwM2mSingleResource.newObjectLinkResource(linkResource, link));
        return new LwM2mObject(0, i);
    }

    private static LwM2mObject server() {
        return new LwM2mObject(1, new LwM2mObjectInstance(0, integer(0, 1), integer(1, 60), LwM2mSingleResource.newBooleanResource(6, false),
                LwM2mSingleResource.newStringResource(7, "U")));
    }

    private static LwM2mObject oscore(int instance) {
        return new LwM2mObject(21, new LwM2mObjectInstance(instance, LwM2mSingleResource.newBinaryResource(0, SECRET),
                LwM2mSingleResource.newBinaryResource(1, new byte[] {1}), LwM2mSingleResource.newBinaryResource(2, new byte[] {2})));
    }

    private static LwM2mSingleResource integer(int id, long v) {
        return LwM2mSingleResource.newIntegerResource(id, v);
    }

    private static BootstrapObjects.Decoded decode(LwM2mObject... objects) throws Exception {
        DefaultLwM2mEncoder encoder = new DefaultLwM2mEncoder();
        StaticModel model = new StaticModel(ObjectLoader.loadDefault());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (LwM2mObject o : objects) {
            byte[] tlv = encoder.encode(o, ContentFormat.TLV, new LwM2mPath(o.getId()), model);
            body.writeBytes(new byte[] {(byte) (o.getId() >> 8), (byte) o.getId(), 0, (byte) (tlv.length >> 8), (byte) tlv.length});
            body.writeBytes(tlv);
        }
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes(new byte[] {0, (byte) objects.length, (byte) (body.size() >> 8), (byte) body.size()});
        f.writeBytes(body.toByteArray());
        return BootstrapObjects.decode(BootstrapFile.parse(f.toByteArray()), "sha-256:test");
    }
}
