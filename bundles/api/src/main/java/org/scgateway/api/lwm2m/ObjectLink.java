package org.scgateway.api.lwm2m;

/** An Objlnk value: an object id and an instance id, each 0 to 65535 (65535:65535 is the null link). */
public final class ObjectLink {

    private final int objectId;
    private final int instanceId;

    private ObjectLink(int objectId, int instanceId) {
        this.objectId = objectId;
        this.instanceId = instanceId;
    }

    public static ObjectLink of(int objectId, int instanceId) {
        if (objectId < 0 || objectId > 0xFFFF || instanceId < 0 || instanceId > 0xFFFF) {
            throw new IllegalArgumentException("an object link is two 16-bit ids, not " + objectId + ":" + instanceId);
        }
        return new ObjectLink(objectId, instanceId);
    }

    /** The null link, 65535:65535. */
    public static ObjectLink nullLink() {
        return new ObjectLink(0xFFFF, 0xFFFF);
    }

    public int objectId() {
        return objectId;
    }

    public int instanceId() {
        return instanceId;
    }

    public boolean isNull() {
        return objectId == 0xFFFF && instanceId == 0xFFFF;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectLink && ((ObjectLink) o).objectId == objectId && ((ObjectLink) o).instanceId == instanceId;
    }

    @Override
    public int hashCode() {
        return objectId << 16 | instanceId;
    }

    /** {@code "3:0"}, as in the text format. */
    @Override
    public String toString() {
        return objectId + ":" + instanceId;
    }
}
