package org.scgateway.teep;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import com.upokecenter.cbor.CBORObject;

/**
 * A trusted component as a QueryResponse names it. In tc-list, an entry of SUIT system-property-claims:
 * the component id (key 0), the SHA-256 digest of its image (3) and its size (14). In requested-tc-list:
 * the component id (label 15) and the manifest sequence number the agent has (16).
 */
public final class TcInfo {

    static final int SYSTEM_COMPONENT_ID = 0;
    private static final int IMAGE_DIGEST = 3;
    private static final int IMAGE_SIZE = 14;

    private final List<byte[]> componentId;
    private final OptionalLong sequenceNumber;
    private final Optional<byte[]> sha256;
    private final OptionalLong size;

    public TcInfo(List<byte[]> componentId, OptionalLong sequenceNumber, Optional<byte[]> sha256, OptionalLong size) {
        if (componentId.isEmpty()) {
            throw new IllegalArgumentException("a component id has at least one part");
        }
        this.componentId = componentId.stream().map(byte[]::clone).collect(Collectors.toUnmodifiableList());
        this.sequenceNumber = sequenceNumber;
        this.sha256 = sha256.map(byte[]::clone);
        this.size = size;
    }

    /** An installed component, for tc-list. */
    public static TcInfo installed(List<byte[]> componentId, byte[] sha256, long size) {
        return new TcInfo(componentId, OptionalLong.empty(), Optional.of(sha256), OptionalLong.of(size));
    }

    public List<byte[]> componentId() {
        return componentId.stream().map(byte[]::clone).collect(Collectors.toUnmodifiableList());
    }

    public OptionalLong sequenceNumber() {
        return sequenceNumber;
    }

    /** The SHA-256 digest of the component's image, when the entry gives it. */
    public Optional<byte[]> sha256() {
        return sha256.map(byte[]::clone);
    }

    public OptionalLong size() {
        return size;
    }

    /** The component id as hex parts joined by '/'. */
    public String componentIdText() {
        return componentId.stream().map(HexFormat.of()::formatHex).collect(Collectors.joining("/"));
    }

    CBORObject toCbor() {
        CBORObject m = CBORObject.NewOrderedMap().Add(SYSTEM_COMPONENT_ID, Cbor.componentId(componentId));
        sha256.ifPresent(d -> m.Add(IMAGE_DIGEST, CBORObject.FromObject(SuitEnvelope.suitDigest(d))));
        size.ifPresent(s -> m.Add(IMAGE_SIZE, s));
        return m;
    }

    CBORObject toRequestedCbor() {
        CBORObject m = CBORObject.NewOrderedMap().Add(TeepMessage.Label.COMPONENT_ID, Cbor.componentId(componentId));
        sequenceNumber.ifPresent(s -> m.Add(TeepMessage.Label.TC_MANIFEST_SEQUENCE_NUMBER, s));
        return m;
    }

    static TcInfo fromCbor(CBORObject e, String field) throws TeepFormatException {
        Cbor.map(e, field);
        List<byte[]> id = Cbor.componentId(e.get(SYSTEM_COMPONENT_ID), field + " system-component-id");
        Optional<byte[]> digest = Optional.empty();
        if (e.get(IMAGE_DIGEST) != null) {
            digest = Optional.of(SuitEnvelope.digest(Cbor.embedded(e.get(IMAGE_DIGEST), field + " image digest")));
        }
        OptionalLong size = e.get(IMAGE_SIZE) == null ? OptionalLong.empty() : OptionalLong.of(Cbor.uint(e.get(IMAGE_SIZE), field + " image size"));
        return new TcInfo(id, OptionalLong.empty(), digest, size);
    }

    static TcInfo fromRequestedCbor(CBORObject e, String field) throws TeepFormatException {
        Cbor.map(e, field);
        List<byte[]> id = Cbor.componentId(e.get(TeepMessage.Label.COMPONENT_ID), field + " component-id");
        CBORObject seq = e.get(TeepMessage.Label.TC_MANIFEST_SEQUENCE_NUMBER);
        return new TcInfo(id, seq == null ? OptionalLong.empty() : OptionalLong.of(Cbor.uint(seq, field + " tc-manifest-sequence-number")),
                Optional.empty(), OptionalLong.empty());
    }

    @Override
    public String toString() {
        return componentIdText() + (sequenceNumber.isPresent() ? " #" + sequenceNumber.getAsLong() : "")
                + sha256.map(d -> " sha256:" + HexFormat.of().formatHex(d)).orElse("");
    }
}
