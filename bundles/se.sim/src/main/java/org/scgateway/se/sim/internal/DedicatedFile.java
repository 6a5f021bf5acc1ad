package org.scgateway.se.sim.internal;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.scgateway.api.se.Aid;
import org.scgateway.globalplatform.scp03.Scp03Keys;
import org.scgateway.globalplatform.scp03.SecurityLevel;

/**
 * A DF: the MF, a plain DF, or an application DF (ADF) with an AID. An application may hold an SCP03 key
 * set, and may demand a minimum security level for every access to its files.
 */
final class DedicatedFile extends CardFile {

    private final Aid aid;
    private final List<CardFile> children = new ArrayList<>();
    private final List<Scp03Keys> keySets;
    private final SecurityLevel requiredLevel;

    DedicatedFile(int fid, Aid aid, Scp03Keys keys, SecurityLevel requiredLevel) {
        this(fid, aid, keys == null ? List.of() : List.of(keys), requiredLevel);
    }

    /** @param keySets the application's SCP03 key sets, one per key version, the first being the default */
    DedicatedFile(int fid, Aid aid, List<Scp03Keys> keySets, SecurityLevel requiredLevel) {
        super(fid);
        this.aid = aid;
        this.keySets = List.copyOf(keySets);
        this.requiredLevel = requiredLevel;
        if (keySets.stream().map(Scp03Keys::version).distinct().count() != keySets.size()) {
            throw new IllegalArgumentException(String.format("DF %04X has two key sets of one version", fid));
        }
    }

    /** A DF with no AID, keys or level. */
    static DedicatedFile plain(int fid) {
        return new DedicatedFile(fid, null, List.<Scp03Keys>of(), null);
    }

    DedicatedFile add(CardFile child) {
        if (child(child.fid()) != null) {
            throw new IllegalArgumentException(String.format("file %04X exists twice in DF %04X", child.fid(), fid()));
        }
        child.parent(this);
        children.add(child);
        return this;
    }

    CardFile child(int fid) {
        for (CardFile c : children) {
            if (c.fid() == fid) {
                return c;
            }
        }
        return null;
    }

    List<CardFile> children() {
        return Collections.unmodifiableList(children);
    }

    Aid aid() {
        return aid;
    }

    /** Whether the DF holds any SCP03 key set. */
    boolean hasKeys() {
        return !keySets.isEmpty();
    }

    /** Every key set, the default first. */
    List<Scp03Keys> keySets() {
        return Collections.unmodifiableList(keySets);
    }

    /** The key set of that version; for version 0 the first one. Null if there is none. */
    Scp03Keys keys(int version) {
        if (version == 0) {
            return keySets.isEmpty() ? null : keySets.get(0);
        }
        return keySets.stream().filter(k -> k.version() == version).findFirst().orElse(null);
    }

    /** The security level every access below this application needs; null when none. */
    SecurityLevel requiredLevel() {
        return requiredLevel;
    }

    @Override
    byte[] fcp() {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        v.writeBytes(tlv(0x82, new byte[] {0x78, 0x21}));
        v.writeBytes(tlv(0x83, new byte[] {(byte) (fid() >> 8), (byte) fid()}));
        if (aid != null) {
            v.writeBytes(tlv(0x84, aid.bytes()));
        }
        v.writeBytes(tlv(0x8A, new byte[] {0x05}));
        return tlv(0x62, v.toByteArray());
    }
}
