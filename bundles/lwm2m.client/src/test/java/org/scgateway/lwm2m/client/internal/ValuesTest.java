package org.scgateway.lwm2m.client.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.junit.Test;
import org.scgateway.api.lwm2m.ObjectLink;
import org.scgateway.api.lwm2m.ResourceType;
import org.scgateway.api.lwm2m.ResourceValue;

public class ValuesTest {

    private static ResourceValue roundTrip(ResourceValue v) {
        LwM2mResource r = Values.toLeshan(7, v);
        assertEquals(7, r.getId());
        assertEquals(Models.type(v.type()), r.getType());
        assertEquals(v.isMultiple(), r.isMultiInstances());
        ResourceValue back = Values.fromLeshan(r, v.type());
        assertEquals(v, back);
        return back;
    }

    private static Map<Integer, Object> map(Object... idValue) {
        Map<Integer, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < idValue.length; i += 2) {
            m.put((Integer) idValue[i], idValue[i + 1]);
        }
        return m;
    }

    // ---- single values ----

    @Test
    public void string() {
        roundTrip(ResourceValue.string("hello"));
        roundTrip(ResourceValue.string(""));
        assertEquals("héllo ✓", roundTrip(ResourceValue.string("héllo ✓")).value());
    }

    @Test
    public void integer() {
        roundTrip(ResourceValue.integer(0));
        roundTrip(ResourceValue.integer(-42));
        roundTrip(ResourceValue.integer(Long.MAX_VALUE));
        roundTrip(ResourceValue.integer(Long.MIN_VALUE));
        assertEquals(Long.valueOf(-42), Values.toLeshan(1, ResourceValue.integer(-42)).getValue());
    }

    @Test
    public void unsignedInteger() {
        roundTrip(ResourceValue.unsignedInteger(0));
        roundTrip(ResourceValue.unsignedInteger(12345));
        roundTrip(ResourceValue.unsignedInteger(Long.MAX_VALUE));
        Object leshan = Values.toLeshan(1, ResourceValue.unsignedInteger(12345)).getValue();
        assertTrue(leshan instanceof ULong);
        assertEquals(ULong.valueOf(12345), leshan);
    }

    /** The API holds unsigned 64-bit values in a long, read as unsigned: -1 is 2^64-1. */
    @Test
    public void unsignedIntegerAboveLongMax() {
        LwM2mResource r = Values.toLeshan(1, ResourceValue.unsignedInteger(-1L));
        assertEquals(ULong.valueOf("18446744073709551615"), r.getValue());
        roundTrip(ResourceValue.unsignedInteger(-1L));
        roundTrip(ResourceValue.unsignedInteger(Long.MIN_VALUE));
    }

    @Test
    public void unsignedIntegerFromLeshanAboveLongMax() {
        LwM2mResource r = LwM2mSingleResource.newUnsignedIntegerResource(1, ULong.valueOf("18446744073709551615"));
        assertEquals(ResourceValue.unsignedInteger(-1L), Values.fromLeshan(r, ResourceType.UNSIGNED_INTEGER));
    }

    @Test
    public void floating() {
        roundTrip(ResourceValue.floating(0.0));
        roundTrip(ResourceValue.floating(-3.25));
        roundTrip(ResourceValue.floating(Double.MAX_VALUE));
        roundTrip(ResourceValue.floating(Double.MIN_VALUE));
    }

    @Test
    public void bool() {
        roundTrip(ResourceValue.bool(true));
        roundTrip(ResourceValue.bool(false));
    }

    @Test
    public void opaque() {
        byte[] b = {0, 1, (byte) 0xFF, 0x7F};
        ResourceValue back = roundTrip(ResourceValue.opaque(b));
        assertArrayEquals(b, (byte[]) back.value());
        roundTrip(ResourceValue.opaque(new byte[0]));
        assertArrayEquals(b, (byte[]) Values.toLeshan(1, ResourceValue.opaque(b)).getValue());
    }

    @Test
    public void time() {
        Instant t = Instant.ofEpochMilli(1_700_000_123_456L);
        roundTrip(ResourceValue.time(t));
        roundTrip(ResourceValue.time(Instant.EPOCH));
        Object leshan = Values.toLeshan(1, ResourceValue.time(t)).getValue();
        assertTrue(leshan instanceof Date);
        assertEquals(t.toEpochMilli(), ((Date) leshan).getTime());
    }

    @Test
    public void timeIsKeptToTheMillisecond() {
        Instant t = Instant.ofEpochSecond(1_700_000_000L, 123_456_789L);
        ResourceValue back = Values.fromLeshan(Values.toLeshan(1, ResourceValue.time(t)), ResourceType.TIME);
        assertEquals(Instant.ofEpochSecond(1_700_000_000L, 123_000_000L), back.value());
    }

    @Test
    public void objlnk() {
        roundTrip(ResourceValue.objlnk(ObjectLink.of(3, 0)));
        roundTrip(ResourceValue.objlnk(ObjectLink.of(65534, 12)));
        roundTrip(ResourceValue.objlnk(ObjectLink.nullLink()));
        Object leshan = Values.toLeshan(1, ResourceValue.objlnk(ObjectLink.of(3, 1))).getValue();
        assertEquals(new org.eclipse.leshan.core.node.ObjectLink(3, 1), leshan);
    }

    @Test
    public void corelnk() {
        ResourceValue v = ResourceValue.of(ResourceType.CORELNK, "</3/0>,</1/0>");
        assertEquals("</3/0>,</1/0>", roundTrip(v).value());
        Object leshan = Values.toLeshan(1, v).getValue();
        assertTrue(leshan instanceof Link[]);
        Link[] links = (Link[]) leshan;
        assertEquals(2, links.length);
        assertEquals("/3/0", links[0].getUriReference());
        assertEquals("/1/0", links[1].getUriReference());
    }

    @Test
    public void invalidCorelnkIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> Values.toLeshan(1, ResourceValue.of(ResourceType.CORELNK, "not a link")));
    }

    // ---- multiple values ----

    @Test
    public void multipleOfEveryType() {
        roundTrip(ResourceValue.ofInstances(ResourceType.STRING, map(0, "a", 1, "b", 7, "")));
        roundTrip(ResourceValue.ofInstances(ResourceType.INTEGER, map(0, 1L, 3, -5L)));
        roundTrip(ResourceValue.ofInstances(ResourceType.UNSIGNED_INTEGER, map(0, 1L, 2, 99L)));
        roundTrip(ResourceValue.ofInstances(ResourceType.FLOAT, map(0, 1.5, 1, -2.0)));
        roundTrip(ResourceValue.ofInstances(ResourceType.BOOLEAN, map(0, true, 1, false)));
        roundTrip(ResourceValue.ofInstances(ResourceType.OPAQUE, map(0, new byte[] {1, 2}, 1, new byte[] {})));
        roundTrip(ResourceValue.ofInstances(ResourceType.TIME,
                map(0, Instant.ofEpochMilli(1000), 4, Instant.ofEpochMilli(1_700_000_000_001L))));
        roundTrip(ResourceValue.ofInstances(ResourceType.OBJLNK, map(0, ObjectLink.of(3, 0), 1, ObjectLink.of(4, 2))));
        roundTrip(ResourceValue.ofInstances(ResourceType.CORELNK, map(0, "</3/0>,</1/0>", 1, "</5>")));
    }

    @Test
    public void multipleKeepsInstanceIds() {
        ResourceValue v = ResourceValue.ofInstances(ResourceType.STRING, map(5, "five", 65535, "max", 0, "zero"));
        LwM2mResource r = Values.toLeshan(9, v);
        assertTrue(r.isMultiInstances());
        assertEquals(3, r.getInstances().size());
        assertEquals("five", r.getValue(5));
        assertEquals("max", r.getValue(65535));
        assertEquals("zero", r.getValue(0));
        assertEquals(v, Values.fromLeshan(r, ResourceType.STRING));
    }

    @Test
    public void emptyMultiple() {
        ResourceValue v = ResourceValue.ofInstances(ResourceType.INTEGER, Map.of());
        ResourceValue back = roundTrip(v);
        assertTrue(back.isMultiple());
        assertTrue(back.instances().isEmpty());
    }

    @Test
    public void multipleFromLeshanConvertsEachInstance() {
        Map<Integer, Date> dates = new LinkedHashMap<>();
        dates.put(0, new Date(5000));
        dates.put(2, new Date(6000));
        LwM2mResource r = LwM2mMultipleResource.newDateResource(3, dates);
        ResourceValue v = Values.fromLeshan(r, ResourceType.TIME);
        assertEquals(ResourceValue.ofInstances(ResourceType.TIME,
                map(0, Instant.ofEpochMilli(5000), 2, Instant.ofEpochMilli(6000))), v);
    }

    // ---- wrong types ----

    @Test
    public void wrongJavaTypeIsRejected() {
        LwM2mResource string = LwM2mSingleResource.newStringResource(0, "x");
        assertThrows(IllegalArgumentException.class, () -> Values.fromLeshan(string, ResourceType.INTEGER));
        assertThrows(IllegalArgumentException.class, () -> Values.fromLeshan(string, ResourceType.TIME));
        assertThrows(IllegalArgumentException.class, () -> Values.fromLeshan(string, ResourceType.OBJLNK));
        assertThrows(IllegalArgumentException.class, () -> Values.fromLeshan(string, ResourceType.BOOLEAN));
        assertThrows(IllegalArgumentException.class, () -> Values.fromLeshan(string, ResourceType.OPAQUE));
        assertThrows(IllegalArgumentException.class, () -> Values.fromLeshan(string, ResourceType.CORELNK));
        LwM2mResource integer = LwM2mSingleResource.newIntegerResource(0, 5);
        assertThrows(IllegalArgumentException.class, () -> Values.fromLeshan(integer, ResourceType.UNSIGNED_INTEGER));
        assertThrows(IllegalArgumentException.class, () -> Values.fromLeshan(integer, ResourceType.STRING));
        assertThrows(IllegalArgumentException.class, () -> Values.fromLeshan(integer, ResourceType.FLOAT));
    }

    @Test
    public void wrongJavaTypeInAnInstanceIsRejected() {
        LwM2mResource r = LwM2mMultipleResource.newStringResource(0, Map.of(0, "a", 1, "b"));
        assertThrows(IllegalArgumentException.class, () -> Values.fromLeshan(r, ResourceType.INTEGER));
        assertThrows(IllegalArgumentException.class, () -> Values.fromLeshan(r, ResourceType.UNSIGNED_INTEGER));
    }

    @Test
    public void wrongTypeMessageNamesTheType() {
        LwM2mResource r = LwM2mSingleResource.newStringResource(0, "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Values.fromLeshan(r, ResourceType.UNSIGNED_INTEGER));
        assertTrue(e.getMessage(), e.getMessage().contains("UNSIGNED_INTEGER"));
        assertFalse(e.getMessage().isBlank());
    }

    // ---- execute arguments ----

    @Test
    public void noArguments() throws Exception {
        assertEquals("", Values.arguments(null));
        assertEquals("", Values.arguments(Arguments.emptyArguments()));
        assertEquals("", Values.arguments(Arguments.builder().build()));
    }

    @Test
    public void argumentsWithAndWithoutValue() throws Exception {
        Arguments args = Arguments.builder().addArgument(0, "a").addArgument(1).build();
        assertEquals("0='a',1", Values.arguments(args));
    }

    @Test
    public void parsedArgumentsGiveTheSameText() throws Exception {
        assertEquals("0='a',1", Values.arguments(Arguments.parse("0='a',1")));
        assertEquals("5", Values.arguments(Arguments.parse("5")));
        assertEquals("2='x.y'", Values.arguments(Arguments.parse("2='x.y'")));
    }

    /** Issue 22, finding 5: a value of another shape or type than the model's is the server's error (4.00), found here. */
    @Test
    public void aValueThatDoesNotFitTheModelIsRefusedBeforeAnyProviderSeesIt() {
        org.scgateway.api.lwm2m.ResourceDefinition single = org.scgateway.api.lwm2m.ResourceDefinition.builder(11, "Target Application",
                org.scgateway.api.lwm2m.Operations.READ_WRITE, ResourceType.OPAQUE).build();
        Map<Integer, Object> two = new LinkedHashMap<>();
        two.put(0, new byte[] {1});
        two.put(1, new byte[] {2});
        IllegalArgumentException multiple = assertThrows(IllegalArgumentException.class,
                () -> Values.fromLeshan(LwM2mMultipleResource.newResource(11, two, ResourceModel.Type.OPAQUE), single));
        assertTrue(multiple.getMessage(), multiple.getMessage().contains("a single value, not instances"));
        IllegalArgumentException typed = assertThrows(IllegalArgumentException.class,
                () -> Values.fromLeshan(LwM2mSingleResource.newStringResource(11, "abc"), single));
        assertTrue(typed.getMessage(), typed.getMessage().contains("cannot take a String"));
        assertArrayEquals(new byte[] {7}, (byte[]) Values.fromLeshan(LwM2mSingleResource.newBinaryResource(11, new byte[] {7}), single).value());
    }
}
