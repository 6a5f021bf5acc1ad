package org.scgateway.api.euicc;

import java.util.List;
import java.util.Objects;

/** A change to the profiles of one eUICC, and the profiles as they are after it. Immutable. */
public final class EuiccEvent {

    /** What was done. */
    public enum Kind {
        ENABLED,
        DISABLED,
        DELETED,
        FALLBACK_SET,
        NICKNAME_SET
    }

    private final String secureElementId;
    private final Eid eid;
    private final Kind kind;
    private final Iccid iccid;
    private final List<Profile> profiles;

    public EuiccEvent(String secureElementId, Eid eid, Kind kind, Iccid iccid, List<Profile> profiles) {
        this.secureElementId = Objects.requireNonNull(secureElementId, "secureElementId");
        this.eid = Objects.requireNonNull(eid, "eid");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.iccid = Objects.requireNonNull(iccid, "iccid");
        this.profiles = List.copyOf(profiles);
    }

    /** The Secure Element holding the eUICC. */
    public String secureElementId() {
        return secureElementId;
    }

    public Eid eid() {
        return eid;
    }

    public Kind kind() {
        return kind;
    }

    /** The profile the operation was on. */
    public Iccid iccid() {
        return iccid;
    }

    /** Every profile after the change, in the card's order. */
    public List<Profile> profiles() {
        return profiles;
    }

    @Override
    public String toString() {
        return "EuiccEvent[" + kind + " " + iccid + " on " + eid + " in " + secureElementId + "]";
    }
}
