package org.scgateway.lwm2m.codec;

import java.nio.ByteBuffer;

import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.codec.CodecException;
import org.eclipse.leshan.core.node.codec.tlv.LwM2mNodeTlvDecoder;
import org.eclipse.leshan.core.tlv.Tlv;
import org.eclipse.leshan.core.tlv.TlvDecoder;
import org.eclipse.leshan.core.tlv.TlvEncoder;
import org.eclipse.leshan.core.tlv.TlvException;

/**
 * Leshan's TLV decoder, refusing the integers LwM2M does not have: TS 1.1 Core, Appendix C, gives a TLV Integer,
 * Unsigned Integer or Time as 1, 2, 4 or 8 bytes, and Leshan (2.0.0-M15, M18 still) takes any length up to 8 (a 3-byte integer
 * was taken; an empty one let a NumberFormatException out). The check walks the TLV against the model before
 * Leshan decodes it. An Unsigned Integer is read as one (see {@link #unsigned}).
 * <p>
 * The LwM2M client decodes with it what servers write, and the bootstrap from smartcard the objects of the card's file.
 */
public final class StrictTlvDecoder extends LwM2mNodeTlvDecoder {

    @Override
    public <T extends LwM2mNode> T decode(byte[] content, String rootPath, LwM2mPath path, LwM2mModel model, Class<T> nodeClass)
            throws CodecException {
        Tlv[] tlvs;
        try {
            tlvs = TlvDecoder.decode(ByteBuffer.wrap(content));
        } catch (TlvException | RuntimeException e) {
            throw new CodecException("Unable to decode TLV for %s: %s", path, withoutContent(e));
        }
        int object = path.getObjectId();
        if (path.isObject()) {
            for (Tlv t : tlvs) {
                if (t.getType() == Tlv.TlvType.OBJECT_INSTANCE) {
                    check(t.getChildren(), object, t.getIdentifier(), null, model);
                } else {
                    check(new Tlv[] {t}, object, -1, null, model); // an instance given as its resources
                }
            }
        } else {
            int instance = path.getObjectInstanceId();
            for (Tlv t : tlvs) {
                if (t.getType() == Tlv.TlvType.OBJECT_INSTANCE) {
                    check(t.getChildren(), object, t.getIdentifier(), null, model);
                } else {
                    check(new Tlv[] {t}, object, instance, path.isResource() || path.isResourceInstance() ? path.getResourceId() : null, model);
                }
            }
        }
        Integer resource = path.isResource() || path.isResourceInstance() ? path.getResourceId() : null;
        Tlv[] unsigned = unsigned(tlvs, object, resource, model);
        return super.decode(unsigned == tlvs ? content : TlvEncoder.encode(unsigned).array(), rootPath, path, model, nodeClass);
    }

    /**
     * What was wrong, without the TLV: Leshan's "Impossible to parse TLV" and "Unexpected TLV parse error" carry the
     * content in hex on their second line (a key among it when a Security instance is written), nested once for each
     * level of the TLV, and so would any stack trace of them; only their first lines are kept, and of any other
     * exception its class, and nothing is chained.
     */
    private static String withoutContent(Exception e) {
        StringBuilder said = new StringBuilder();
        Throwable t = e;
        for (int depth = 0; t != null && depth < 8; depth++) {
            String part = t instanceof TlvException ? firstLine(t.getMessage()) : t.getClass().getSimpleName();
            if (!part.isEmpty()) {
                said.append(said.length() == 0 ? "" : " ").append(part);
            }
            if (!(t instanceof TlvException)) {
                break;
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return said.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    /**
     * The TLVs with each Unsigned Integer whose first bit is set given a leading zero byte, on the next length LwM2M
     * allows (1 to 2, 2 to 4, 4 to 8): Leshan (2.0.0-M15, and M18 still) reads a TLV Unsigned Integer as a signed one
     * and takes the 64 bits as unsigned, so one byte C8, 200 in the TS, came out as 2^64 − 56. Leshan's own encoder
     * writes 200 on two bytes; another server may not. {@code tlvs} itself when nothing needs it.
     */
    private static Tlv[] unsigned(Tlv[] tlvs, int object, Integer resource, LwM2mModel model) {
        Tlv[] out = tlvs.clone();
        boolean changed = false;
        for (int i = 0; i < tlvs.length; i++) {
            Tlv t = tlvs[i];
            switch (t.getType()) {
                case OBJECT_INSTANCE:
                case MULTIPLE_RESOURCE:
                    Tlv[] children = unsigned(t.getChildren(), object, t.getType() == Tlv.TlvType.MULTIPLE_RESOURCE ? t.getIdentifier() : null,
                            model);
                    out[i] = children == t.getChildren() ? t : new Tlv(t.getType(), children, null, t.getIdentifier());
                    break;
                case RESOURCE_VALUE:
                    out[i] = widened(t, model.getResourceModel(object, t.getIdentifier()));
                    break;
                case RESOURCE_INSTANCE:
                    out[i] = resource == null ? t : widened(t, model.getResourceModel(object, resource));
                    break;
                default:
                    break;
            }
            changed |= out[i] != t;
        }
        return changed ? out : tlvs;
    }

    private static Tlv widened(Tlv t, ResourceModel r) {
        byte[] v = t.getValue();
        if (r == null || r.type != ResourceModel.Type.UNSIGNED_INTEGER || v.length == 0 || v.length >= 8 || (v[0] & 0x80) == 0) {
            return t;
        }
        byte[] wider = new byte[v.length * 2];
        System.arraycopy(v, 0, wider, v.length, v.length);
        return new Tlv(t.getType(), null, wider, t.getIdentifier());
    }

    /** {@code resource}: the resource of the path, which resource instances of the TLVs belong to; else each TLV's. */
    private static void check(Tlv[] tlvs, int object, int instance, Integer resource, LwM2mModel model) throws CodecException {
        for (Tlv t : tlvs) {
            switch (t.getType()) {
                case MULTIPLE_RESOURCE:
                    check(t.getChildren(), object, instance, t.getIdentifier(), model);
                    break;
                case RESOURCE_VALUE:
                    checkValue(t.getValue(), object, instance, t.getIdentifier(), model);
                    break;
                case RESOURCE_INSTANCE:
                    if (resource != null) {
                        checkValue(t.getValue(), object, instance, resource, model);
                    }
                    break;
                default:
                    break; // a misplaced instance: Leshan's decoder says what is wrong with it
            }
        }
    }

    private static void checkValue(byte[] value, int object, int instance, int resource, LwM2mModel model) throws CodecException {
        ResourceModel r = model.getResourceModel(object, resource);
        if (r == null || r.type == null) {
            return; // not ours to judge: Leshan decodes (or refuses) what it has no model of
        }
        switch (r.type) {
            case INTEGER:
            case UNSIGNED_INTEGER:
            case TIME:
                int n = value.length;
                if (n != 1 && n != 2 && n != 4 && n != 8) {
                    throw new CodecException("a TLV %s of %d bytes for /%d/%s/%d: LwM2M TLV integers are 1, 2, 4 or 8 bytes",
                            r.type, n, object, instance < 0 ? "?" : Integer.toString(instance), resource);
                }
                break;
            default:
                break;
        }
    }
}
