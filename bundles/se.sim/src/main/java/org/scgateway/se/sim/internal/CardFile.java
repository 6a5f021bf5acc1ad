package org.scgateway.se.sim.internal;

/** A file of the simulated card's ISO/IEC 7816-4 tree: a dedicated file or an elementary file. */
abstract class CardFile {

    private final int fid;
    private DedicatedFile parent;

    CardFile(int fid) {
        if (fid < 0 || fid > 0xFFFF) {
            throw new IllegalArgumentException("a file identifier is two bytes, not " + Integer.toHexString(fid));
        }
        this.fid = fid;
    }

    int fid() {
        return fid;
    }

    DedicatedFile parent() {
        return parent;
    }

    void parent(DedicatedFile p) {
        this.parent = p;
    }

    /** The application (ADF) this file belongs to, or null outside any. */
    DedicatedFile application() {
        for (CardFile f = this; f != null; f = f.parent()) {
            if (f instanceof DedicatedFile && ((DedicatedFile) f).aid() != null) {
                return (DedicatedFile) f;
            }
        }
        return null;
    }

    /** The file control parameters (tag 62) SELECT returns. */
    abstract byte[] fcp();

    static byte[] tlv(int tag, byte[] value) {
        byte[] out = new byte[2 + value.length];
        out[0] = (byte) tag;
        out[1] = (byte) value.length;
        System.arraycopy(value, 0, out, 2, value.length);
        return out;
    }
}
