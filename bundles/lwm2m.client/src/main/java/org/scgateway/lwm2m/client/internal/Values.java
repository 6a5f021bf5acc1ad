package org.scgateway.lwm2m.client.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import org.eclipse.leshan.core.link.DefaultLinkParser;
import org.eclipse.leshan.core.link.DefaultLinkSerializer;
import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.link.LinkParseException;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.argument.Argument;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.scgateway.api.lwm2m.ObjectLink;
import org.scgateway.api.lwm2m.ResourceType;
import org.scgateway.api.lwm2m.ResourceValue;

/** Converts resource values between this project's API and Leshan's nodes. */
final class Values {

    private Values() {
    }

    static LwM2mResource toLeshan(int resourceId, ResourceValue v) {
        if (!v.isMultiple()) {
            return LwM2mSingleResource.newResource(resourceId, toLeshan(v.type(), v.value()), Models.type(v.type()));
        }
        Map<Integer, Object> instances = new LinkedHashMap<>();
        v.instances().forEach((id, value) -> instances.put(id, toLeshan(v.type(), value)));
        return LwM2mMultipleResource.newResource(resourceId, instances, Models.type(v.type()));
    }

    /**
     * @throws IllegalArgumentException naming the resource when the server's value does not fit its type
     */
    static ResourceValue fromLeshan(LwM2mResource r, org.scgateway.api.lwm2m.ResourceDefinition definition) {
        // What a server sends is checked against the model here, so that an object provider never meets a value of
        // another shape (issue 22, finding 5: a multiple value for a single resource reached one, and answered 5.00).
        if (r.isMultiInstances() != definition.isMultiple()) {
            throw new IllegalArgumentException("the resource takes " + (definition.isMultiple() ? "instances" : "a single value")
                    + ", not " + (r.isMultiInstances() ? "instances" : "a single value"));
        }
        return fromLeshan(r, definition.type());
    }

    static ResourceValue fromLeshan(LwM2mResource r, ResourceType type) {
        if (!r.isMultiInstances()) {
            return ResourceValue.of(type, fromLeshan(type, r.getValue()));
        }
        Map<Integer, Object> instances = new LinkedHashMap<>();
        for (Map.Entry<Integer, LwM2mResourceInstance> e : r.getInstances().entrySet()) {
            instances.put(e.getKey(), fromLeshan(type, e.getValue().getValue()));
        }
        return ResourceValue.ofInstances(type, instances);
    }

    /** The execute arguments in their text form (LwM2M 1.1 §5.4.5): {@code 0='a',1}. */
    static String arguments(Arguments args) {
        if (args == null || args.isEmpty()) {
            return "";
        }
        StringJoiner sj = new StringJoiner(",");
        for (Argument a : args) {
            sj.add(a.getValue() == null ? Integer.toString(a.getDigit()) : a.getDigit() + "='" + a.getValue() + "'");
        }
        return sj.toString();
    }

    private static Object toLeshan(ResourceType type, Object v) {
        switch (type) {
            case UNSIGNED_INTEGER: return ULong.valueOf((Long) v);
            case TIME: return Date.from((Instant) v);
            case OBJLNK: {
                ObjectLink l = (ObjectLink) v;
                return new org.eclipse.leshan.core.node.ObjectLink(l.objectId(), l.instanceId());
            }
            case CORELNK:
                try {
                    return new DefaultLinkParser().parseCoreLinkFormat(((String) v).getBytes(StandardCharsets.UTF_8));
                } catch (LinkParseException e) {
                    throw new IllegalArgumentException("not a CoRE link format value: " + e.getMessage(), e);
                }
            default: return v;
        }
    }

    private static Object fromLeshan(ResourceType type, Object v) {
        if (v == null) {
            throw new IllegalArgumentException("a " + type + " resource needs a value");
        }
        switch (type) {
            case UNSIGNED_INTEGER:
                if (v instanceof ULong) {
                    return ((ULong) v).longValue();
                }
                break;
            case TIME:
                if (v instanceof Date) {
                    return ((Date) v).toInstant();
                }
                break;
            case OBJLNK:
                if (v instanceof org.eclipse.leshan.core.node.ObjectLink) {
                    org.eclipse.leshan.core.node.ObjectLink l = (org.eclipse.leshan.core.node.ObjectLink) v;
                    return ObjectLink.of(l.getObjectId(), l.getObjectInstanceId());
                }
                break;
            case CORELNK:
                if (v instanceof Link[]) {
                    return new DefaultLinkSerializer().serializeCoreLinkFormat((Link[]) v);
                }
                break;
            default:
                if (type.javaType().isInstance(v)) {
                    return v;
                }
                break;
        }
        throw new IllegalArgumentException("a " + type + " resource cannot take a " + v.getClass().getSimpleName());
    }
}
