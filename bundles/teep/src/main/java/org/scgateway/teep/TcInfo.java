package org.scgateway.teep;

import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import com.upokecenter.cbor.CBORObject;

/** A trusted component as a QueryResponse names it: its SUIT component id and, if known, manifest sequence number. */
public final class TcInfo {

    /** The key of the component id in a tc-list entry (system-component-id). */
    static final int SYSTEM_COMPONENT_ID = 0;

    private final List<byte[]> componentId;
    private final OptionalLong sequenceNumber;

    public TcInfo(List<byte[]> componentId, OptionalLong sequenceNumber) {
        if (componentId.isEmpty()) {
            throw new IllegalArgumentException("a component id has at least one part");
        }
        this.componentId = componentId.stream().map(byte[]::clone).collect(Collectors.toUnmodifiableList());
        this.sequenceNumber = sequenceNumber;
    }

    public List<byte[]> componentId() {
        return componentId.stream().map(byte[]::clone).collect(Collectors.toUnmodifiableList());
    }

    public OptionalLong sequenceNumber() {
        return sequenceNumber;
    }

    /** The component id as hex parts joined by '/'. */
    public String componentIdText() {
        return componentId.stream().map(HexFormat.of()::formatHex).collect(Collectors.joining("/"));
    }

    CBORObject toCbor() {
        CBORObject m = CBORObject.NewOrderedMap().Add(SYSTEM_COMPONENT_ID, Cbor.componentId(componentId));
        sequenceNumber.ifPresent(s -> m.Add(TeepMessage.Label.TC_MANIFEST_SEQUENCE_NUMBER, s));
        return m;
    }

    CBORObject toRequestedCbor() {
        CBORObject m = CBORObject.NewOrderedMap().Add(TeepMessage.Label.COMPONENT_ID, Cbor.componentId(componentId));
        sequenceNumber.ifPresent(s -> m.Add(TeepMessage.Label.TC_MANIFEST_SEQUENCE_NUMBER, s));
        return m;
    }

    @Override
    public String toString() {
        return componentIdText() + sequenceNumber.stream().mapToObj(s -> " #" + s).findFirst().orElse("");
    }
}
