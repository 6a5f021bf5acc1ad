package org.scgateway.se.sim.internal;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * An EF: transparent (a byte string) or linear fixed (records of one length). Access conditions are kept
 * simple: a read or update is always allowed, never allowed, or allowed inside a secure channel.
 */
final class ElementaryFile extends CardFile {

    enum Structure {
        TRANSPARENT, LINEAR_FIXED
    }

    /**
     * Who may read or update: ALWAYS, under the conditions of the file's application (its security level, if it
     * has one); NEVER; SECURE_CHANNEL, only inside a secure channel at the application's level; PUBLIC, anyone,
     * even where the application demands a level for the rest (PKCS#15's ODF, TokenInfo and DODF, which readers
     * expect to read before any secure channel).
     */
    enum Access {
        ALWAYS, NEVER, SECURE_CHANNEL, PUBLIC
    }

    private final Structure structure;
    private final int recordLength;
    private final Access read;
    private final Access update;
    private byte[] content;

    private ElementaryFile(int fid, Structure structure, byte[] content, int recordLength, Access read, Access update) {
        super(fid);
        this.structure = structure;
        this.content = content.clone();
        this.recordLength = recordLength;
        this.read = read;
        this.update = update;
    }

    static ElementaryFile transparent(int fid, byte[] content, Access read, Access update) {
        return new ElementaryFile(fid, Structure.TRANSPARENT, content, 0, read, update);
    }

    /** Records of {@code recordLength} bytes; {@code content} is their concatenation. */
    static ElementaryFile linearFixed(int fid, int recordLength, byte[] content, Access read, Access update) {
        if (recordLength < 1 || recordLength > 255 || content.length % recordLength != 0) {
            throw new IllegalArgumentException(String.format("EF %04X: %d bytes are no whole number of %d-byte records",
                    fid, content.length, recordLength));
        }
        return new ElementaryFile(fid, Structure.LINEAR_FIXED, content, recordLength, read, update);
    }

    Structure structure() {
        return structure;
    }

    Access readAccess() {
        return read;
    }

    Access updateAccess() {
        return update;
    }

    int size() {
        return content.length;
    }

    int records() {
        return structure == Structure.LINEAR_FIXED ? content.length / recordLength : 0;
    }

    byte[] read(int offset, int length) {
        return Arrays.copyOfRange(content, offset, offset + length);
    }

    byte[] record(int number) {
        return Arrays.copyOfRange(content, (number - 1) * recordLength, number * recordLength);
    }

    void write(int offset, byte[] data) {
        byte[] next = content.clone();
        System.arraycopy(data, 0, next, offset, data.length);
        content = next;
    }

    byte[] content() {
        return content.clone();
    }

    @Override
    byte[] fcp() {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        if (structure == Structure.TRANSPARENT) {
            v.writeBytes(tlv(0x82, new byte[] {0x41, 0x21}));
        } else {
            v.writeBytes(tlv(0x82, new byte[] {0x42, 0x21, 0x00, (byte) recordLength, (byte) records()}));
        }
        v.writeBytes(tlv(0x83, new byte[] {(byte) (fid() >> 8), (byte) fid()}));
        v.writeBytes(tlv(0x8A, new byte[] {0x05}));
        v.writeBytes(tlv(0x80, new byte[] {(byte) (content.length >> 8), (byte) content.length}));
        return tlv(0x62, v.toByteArray());
    }
}
