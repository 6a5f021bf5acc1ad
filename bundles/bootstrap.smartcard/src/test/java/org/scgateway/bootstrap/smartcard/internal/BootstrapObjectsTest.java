package org.scgateway.bootstrap.smartcard.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.ObjectLink;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mEncoder;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.junit.Test;
import org.scgateway.api.lwm2m.bootstrap.AccessControl;
import org.scgateway.api.lwm2m.bootstrap.BootstrapInfo;
import org.scgateway.api.lwm2m.bootstrap.OscoreContext;
import org.scgateway.api.lwm2m.bootstrap.RegistrationPolicy;
import org.scgateway.api.lwm2m.bootstrap.ServerAccount;

/**
 * The Access Control (2) and OSCORE (21) instances of a bootstrap file, and the Server (1) instances' registration
 * resources, encoded by Leshan as a server would.
 */
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

    @Test
    public void theRegistrationResourcesOfAServerInstanceBecomeItsAccountsPolicy() throws Exception {
        LwM2mObject server = server(unsigned(13, 2), unsigned(14, 30), LwM2mSingleResource.newBooleanResource(15, true),
                LwM2mSingleResource.newBooleanResource(16, false), unsigned(17, 3), unsigned(18, 200), unsigned(19, 600), unsigned(20, 4));
        RegistrationPolicy got = decode(security(-1, null), server).info().servers().get(0).registrationPolicy();
        assertEquals(RegistrationPolicy.builder().priorityOrder(2).initialDelaySeconds(30).failureBlock(true).bootstrapOnFailure(false)
                .retryCount(3).retryTimerSeconds(200).sequenceDelaySeconds(600).sequenceRetryCount(4).build(), got);
    }

    @Test
    public void muteSendIsReadWhenTheFileHasIt() throws Exception {
        assertEquals(java.util.Optional.of(false), decode(security(-1, null), server(LwM2mSingleResource.newBooleanResource(23, false)))
                .info().servers().get(0).muteSend());
        assertEquals("absent: muted, which the client decides", java.util.Optional.empty(),
                decode(security(-1, null), server()).info().servers().get(0).muteSend());
    }

    @Test
    public void aServerInstanceWithoutThemHasTheTsDefaults() throws Exception {
        ServerAccount a = decode(security(-1, null), server()).info().servers().get(0);
        assertEquals(RegistrationPolicy.defaults(), a.registrationPolicy());
        assertEquals(60, a.lifetime()); // and what it had before is still read
    }

    @Test
    public void oneOfThemAloneKeepsTheDefaultsOfTheOthers() throws Exception {
        RegistrationPolicy got = decode(security(-1, null), server(unsigned(19, 3600))).info().servers().get(0).registrationPolicy();
        assertEquals(RegistrationPolicy.defaults().toBuilder().sequenceDelaySeconds(3600).build(), got);
    }

    @Test
    public void oneByteUnsignedIntegersWithTheTopBitSetAreReadUnsigned() throws Exception {
        // A card's file written with the shortest lengths (TS 1.1 Core, Appendix C): Communication Retry Count 255 as
        // C1 11 FF, Retry Timer 200 as C1 12 C8. Leshan's own decoder read them as 2^64-1 and 2^64-56.
        byte[] server = {0x08, 0x00, 15, (byte) 0xC1, 0x00, 0x01, (byte) 0xC1, 0x01, 60, (byte) 0xC1, 0x07, 'U',
                (byte) 0xC1, 17, (byte) 0xFF, (byte) 0xC1, 18, (byte) 0xC8};
        RegistrationPolicy got = decode(List.of(tlv(security(-1, null)), new ObjectTlv(1, server))).info().servers().get(0).registrationPolicy();
        assertEquals(255, got.retryCount());
        assertEquals(200, got.retryTimerSeconds());
    }

    @Test
    public void anUnsignedIntegerBeyondWhatTheClientTakesIsNamed() {
        // Communication Retry Count 2^64-1 on eight bytes: an Unsigned Integer, but no count the client can keep.
        byte[] server = {0x08, 0x00, 20, (byte) 0xC1, 0x00, 0x01, (byte) 0xC1, 0x01, 60, (byte) 0xC1, 0x07, 'U',
                (byte) 0xC8, 17, 8, -1, -1, -1, -1, -1, -1, -1, -1};
        MalformedBootstrapFileException e = assertThrows(MalformedBootstrapFileException.class,
                () -> decode(List.of(tlv(security(-1, null)), new ObjectTlv(1, server))));
        assertEquals("Server instance /1/0: resource 17 is 18446744073709551615, more than this client takes (9223372036854775807)",
                e.getMessage());
    }

    @Test
    public void anIntegerOfALengthTheTsHasNotIsNamed() {
        // Lifetime on three bytes: LwM2M TLV integers are 1, 2, 4 or 8 bytes long.
        byte[] server = {0x08, 0x00, 11, (byte) 0xC1, 0x00, 0x01, (byte) 0xC3, 0x01, 0x00, 0x01, 0x2C, (byte) 0xC1, 0x07, 'U'};
        MalformedBootstrapFileException e = assertThrows(MalformedBootstrapFileException.class,
                () -> decode(List.of(tlv(security(-1, null)), new ObjectTlv(1, server))));
        assertTrue(e.getMessage(), e.getMessage().startsWith("the TLV of object 1 does not decode: a TLV INTEGER of 3 bytes for /1/0/1"));
    }

    @Test
    public void aRegistrationResourceOfAnotherShapeIsNamed() {
        LwM2mObject server = server(LwM2mMultipleResource.newBooleanResource(16, Map.of(0, true)));
        MalformedBootstrapFileException e = assertThrows(MalformedBootstrapFileException.class, () -> decode(security(-1, null), server));
        assertEquals("Server instance /1/0: resource 16 is not a boolean", e.getMessage());
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

    private static LwM2mObject server(LwM2mResource... more) {
        List<LwM2mResource> resources = new ArrayList<>(List.of(integer(0, 1), integer(1, 60), LwM2mSingleResource.newBooleanResource(6, false),
                LwM2mSingleResource.newStringResource(7, "U")));
        resources.addAll(List.of(more));
        return new LwM2mObject(1, new LwM2mObjectInstance(0, resources));
    }

    private static LwM2mObject oscore(int instance) {
        return new LwM2mObject(21, new LwM2mObjectInstance(instance, LwM2mSingleResource.newBinaryResource(0, SECRET),
                LwM2mSingleResource.newBinaryResource(1, new byte[] {1}), LwM2mSingleResource.newBinaryResource(2, new byte[] {2})));
    }

    private static LwM2mSingleResource integer(int id, long v) {
        return LwM2mSingleResource.newIntegerResource(id, v);
    }

    /** The Server object's Unsigned Integers (LwM2M 1.1 model), as a server's encoder takes them. */
    private static LwM2mSingleResource unsigned(int id, long v) {
        return LwM2mSingleResource.newUnsignedIntegerResource(id, ULong.valueOf(v));
    }

    /** An object of the file as its TLV, for what Leshan's encoder would not write. */
    private record ObjectTlv(int id, byte[] tlv) {
    }

    private static ObjectTlv tlv(LwM2mObject o) {
        StaticModel model = new StaticModel(ObjectLoader.loadDefault());
        return new ObjectTlv(o.getId(), new DefaultLwM2mEncoder().encode(o, ContentFormat.TLV, null, new LwM2mPath(o.getId()), model));
    }

    private static BootstrapObjects.Decoded decode(LwM2mObject... objects) throws Exception {
        List<ObjectTlv> tlvs = new ArrayList<>();
        for (LwM2mObject o : objects) {
            tlvs.add(tlv(o));
        }
        return decode(tlvs);
    }

    private static BootstrapObjects.Decoded decode(List<ObjectTlv> objects) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (ObjectTlv o : objects) {
            byte[] tlv = o.tlv();
            body.writeBytes(new byte[] {(byte) (o.id() >> 8), (byte) o.id(), 0, (byte) (tlv.length >> 8), (byte) tlv.length});
            body.writeBytes(tlv);
        }
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes(new byte[] {0, (byte) objects.size(), (byte) (body.size() >> 8), (byte) body.size()});
        f.writeBytes(body.toByteArray());
        return BootstrapObjects.decode(BootstrapFile.parse(f.toByteArray()), "sha-256:test");
    }
}
