package org.scgateway.teep;

import java.util.ArrayList;
import java.util.List;

import com.upokecenter.cbor.CBOREncodeOptions;
import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;

/** Strict CBOR reading: one item, map keys kept in order and never repeated, errors that name the field. */
final class Cbor {

    private static final CBOREncodeOptions STRICT = new CBOREncodeOptions("keepkeyorder=true;allowduplicatekeys=false");

    private Cbor() {
    }

    static CBORObject decode(byte[] bytes) throws TeepFormatException {
        if (bytes == null || bytes.length == 0) {
            throw new TeepFormatException("no CBOR: the message is empty");
        }
        try {
            return CBORObject.DecodeFromBytes(bytes, STRICT);
        } catch (CBORException | IllegalArgumentException e) {
            throw new TeepFormatException("not well-formed CBOR: " + e.getMessage(), e);
        }
    }

    static byte[] bytes(CBORObject o, String field) throws TeepFormatException {
        if (o == null || o.isTagged() || o.getType() != CBORType.ByteString) {
            throw new TeepFormatException(field + " is not a byte string");
        }
        return o.GetByteString();
    }

    static byte[] bytes(CBORObject o, String field, int min, int max) throws TeepFormatException {
        byte[] b = bytes(o, field);
        if (b.length < min || b.length > max) {
            throw new TeepFormatException(field + " has " + b.length + " bytes; " + min + " to " + max + " expected");
        }
        return b;
    }

    static String text(CBORObject o, String field, int max) throws TeepFormatException {
        if (o == null || o.isTagged() || o.getType() != CBORType.TextString) {
            throw new TeepFormatException(field + " is not a text string");
        }
        String s = o.AsString();
        if (s.length() > max) {
            throw new TeepFormatException(field + " is longer than " + max + " characters");
        }
        return s;
    }

    static long uint(CBORObject o, String field) throws TeepFormatException {
        if (o == null || o.isTagged() || o.getType() != CBORType.Integer || !o.AsNumber().CanFitInInt64()
                || o.AsNumber().IsNegative()) {
            throw new TeepFormatException(field + " is not an unsigned integer that fits 63 bits");
        }
        return o.AsNumber().ToInt64Checked();
    }

    static long integer(CBORObject o, String field) throws TeepFormatException {
        if (o == null || o.isTagged() || o.getType() != CBORType.Integer || !o.AsNumber().CanFitInInt64()) {
            throw new TeepFormatException(field + " is not an integer that fits 64 bits");
        }
        return o.AsNumber().ToInt64Checked();
    }

    static CBORObject array(CBORObject o, String field) throws TeepFormatException {
        if (o == null || o.isTagged() || o.getType() != CBORType.Array) {
            throw new TeepFormatException(field + " is not an array");
        }
        return o;
    }

    static CBORObject nonEmptyArray(CBORObject o, String field) throws TeepFormatException {
        if (array(o, field).size() == 0) {
            throw new TeepFormatException(field + " is empty");
        }
        return o;
    }

    static CBORObject map(CBORObject o, String field) throws TeepFormatException {
        if (o == null || o.isTagged() || o.getType() != CBORType.Map) {
            throw new TeepFormatException(field + " is not a map");
        }
        return o;
    }

    /** A byte string that holds one CBOR item ({@code bstr .cbor}), decoded. */
    static CBORObject embedded(CBORObject o, String field) throws TeepFormatException {
        byte[] b = bytes(o, field);
        try {
            return decode(b);
        } catch (TeepFormatException e) {
            throw new TeepFormatException(field + ": " + e.getMessage(), e);
        }
    }

    /** A SUIT_Component_Identifier: a non-empty array of byte strings. */
    static List<byte[]> componentId(CBORObject o, String field) throws TeepFormatException {
        nonEmptyArray(o, field);
        List<byte[]> id = new ArrayList<>(o.size());
        for (int i = 0; i < o.size(); i++) {
            id.add(bytes(o.get(i), field + "[" + i + "]"));
        }
        return id;
    }

    static CBORObject componentId(List<byte[]> id) {
        CBORObject a = CBORObject.NewArray();
        id.forEach(part -> a.Add(CBORObject.FromObject(part)));
        return a;
    }
}
