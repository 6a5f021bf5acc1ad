package org.scgateway.api.tee;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A trusted component installed in a TEE: a trusted application or its personalisation data. Identified
 * as in TEEP/SUIT by a component id, a sequence of byte strings; versioned by the sequence number of the
 * manifest that installed it.
 */
public final class TrustedComponent {

    private final List<byte[]> componentId;
    private final String securityDomain;
    private final long sequenceNumber;

    /**
     * @param componentId    at least one byte string, none empty; copied
     * @param securityDomain the name of the security domain that holds it
     * @param sequenceNumber the manifest sequence number, not negative
     */
    public TrustedComponent(List<byte[]> componentId, String securityDomain, long sequenceNumber) {
        if (componentId == null || componentId.isEmpty()) {
            throw new IllegalArgumentException("a trusted component id has at least one part");
        }
        List<byte[]> copy = new ArrayList<>(componentId.size());
        for (byte[] part : componentId) {
            if (part == null || part.length == 0) {
                throw new IllegalArgumentException("a trusted component id part must not be empty");
            }
            copy.add(part.clone());
        }
        if (sequenceNumber < 0) {
            throw new IllegalArgumentException("a manifest sequence number is not negative: " + sequenceNumber);
        }
        this.componentId = Collections.unmodifiableList(copy);
        if (securityDomain == null || securityDomain.isBlank()) {
            throw new IllegalArgumentException("trusted component " + this.componentIdText() + " needs a security domain");
        }
        this.securityDomain = securityDomain;
        this.sequenceNumber = sequenceNumber;
    }

    /** A copy of the component id. */
    public List<byte[]> componentId() {
        return componentId.stream().map(byte[]::clone).collect(Collectors.toUnmodifiableList());
    }

    /** The component id as hex parts joined by '/', e.g. {@code 544131/01}. */
    public String componentIdText() {
        HexFormat hex = HexFormat.of();
        return componentId.stream().map(hex::formatHex).collect(Collectors.joining("/"));
    }

    public String securityDomain() {
        return securityDomain;
    }

    public long sequenceNumber() {
        return sequenceNumber;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TrustedComponent)) {
            return false;
        }
        TrustedComponent t = (TrustedComponent) o;
        if (sequenceNumber != t.sequenceNumber || !securityDomain.equals(t.securityDomain)
                || componentId.size() != t.componentId.size()) {
            return false;
        }
        for (int i = 0; i < componentId.size(); i++) {
            if (!Arrays.equals(componentId.get(i), t.componentId.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return componentIdText().hashCode() * 31 + securityDomain.hashCode() + Long.hashCode(sequenceNumber);
    }

    @Override
    public String toString() {
        return "TrustedComponent[" + componentIdText() + " in " + securityDomain + " #" + sequenceNumber + "]";
    }
}
