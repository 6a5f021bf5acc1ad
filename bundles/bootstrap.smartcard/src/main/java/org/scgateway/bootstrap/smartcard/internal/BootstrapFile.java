package org.scgateway.bootstrap.smartcard.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The content of EF LwM2M_Bootstrap (LwM2M 1.1 Appendix G): a header of two big-endian 16-bit numbers, the
 * number of objects and the size of what follows, then for each object its id (16 bits), its version (one
 * byte 00, or MAJOR MINOR), the length of its TLV (16 bits) and the LwM2M TLV of its instances.
 * <p>
 * Read leniently, as cards in the field need: bytes after the data are accepted when they are FF (the
 * unwritten rest of the file), and a file with no header at all is taken as the bare TLV of the Security
 * object ({@link #headerless()} says so). Anything else that does not add up is refused with what did not.
 */
final class BootstrapFile {

    /** The largest file the appendix allows. */
    static final int MAX_SIZE = 32 * 1024;
    /** More objects than LwM2M defines for bootstrap (0, 1, 2, 21) and then some; more is not a header. */
    static final int MAX_OBJECTS = 64;

    /** One object of the file: its id, its version ("" when given as 00), and its TLV. */
    record ObjectData(int objectId, String version, byte[] tlv) {
    }

    private final List<ObjectData> objects;
    private final boolean headerless;

    private BootstrapFile(List<ObjectData> objects, boolean headerless) {
        this.objects = List.copyOf(objects);
        this.headerless = headerless;
    }

    List<ObjectData> objects() {
        return objects;
    }

    /** True when the file had no header and was read as the Security object's bare TLV. */
    boolean headerless() {
        return headerless;
    }

    /**
     * How many bytes the file's data takes, as its header announces it (4 + size), from the file's first
     * bytes; -1 when they hold no plausible header (then the whole file is read, FF padding and all).
     */
    static int announcedLength(byte[] start) {
        if (!looksLikeHeader(start)) {
            return -1;
        }
        int size = u16(start, 2);
        return size >= 5 * u16(start, 0) ? 4 + size : -1;
    }

    /** How many bytes of {@code content} the data takes, once FF padding is left out. */
    static int dataLength(byte[] content) {
        int end = content.length;
        while (end > 0 && content[end - 1] == (byte) 0xFF) {
            end--;
        }
        return end;
    }

    static BootstrapFile parse(byte[] content) throws MalformedBootstrapFileException {
        if (content.length > MAX_SIZE) {
            throw new MalformedBootstrapFileException("the file is " + content.length + " bytes; the most a bootstrap file may be is "
                    + MAX_SIZE);
        }
        int data = dataLength(content);
        if (data == 0) {
            throw new MalformedBootstrapFileException("the file is empty (" + content.length + " bytes, all FF)");
        }
        if (!looksLikeHeader(content)) {
            // A TLV's first byte has its type in bits 7-6; an object instance (00) or resource (11) of the
            // Security object, as some cards hold it with no header.
            int type = (content[0] & 0xC0) >> 6;
            if (type == 0 || type == 3) {
                return new BootstrapFile(List.of(new ObjectData(0, "", Arrays.copyOf(content, data))), true);
            }
            throw new MalformedBootstrapFileException(String.format(
                    "neither a header nor a TLV at the start of the file (first bytes %s)", hex(content, 0, Math.min(4, content.length))));
        }
        int count = u16(content, 0);
        int size = u16(content, 2);
        if (size < 5 * count) {
            throw new MalformedBootstrapFileException("the header announces " + count + " objects in " + size
                    + " bytes; each takes at least 5");
        }
        if (4 + size > content.length) {
            throw new MalformedBootstrapFileException("the header announces " + size + " bytes of objects, but the file holds only "
                    + (content.length - 4) + " after it");
        }
        for (int i = 4 + size; i < content.length; i++) {
            if (content[i] != (byte) 0xFF) {
                throw new MalformedBootstrapFileException(String.format(
                        "byte %d, after the %d bytes the header announces, is %02X: only FF padding may follow the data", i, size, content[i]));
            }
        }
        List<ObjectData> objects = new ArrayList<>();
        int at = 4;
        int end = 4 + size;
        while (at < end) {
            int start = at;
            if (end - at < 2) {
                throw truncated(objects.size(), start, "its object id");
            }
            int objectId = u16(content, at);
            at += 2;
            if (at >= end) {
                throw truncated(objects.size(), start, "its version");
            }
            String version;
            if (content[at] == 0) {
                version = "";
                at += 1;
            } else {
                if (end - at < 2) {
                    throw truncated(objects.size(), start, "its version");
                }
                version = (content[at] & 0xFF) + "." + (content[at + 1] & 0xFF);
                at += 2;
            }
            if (end - at < 2) {
                throw truncated(objects.size(), start, "the length of its TLV");
            }
            int length = u16(content, at);
            at += 2;
            if (length > end - at) {
                throw new MalformedBootstrapFileException(String.format("object %d (entry %d at byte %d) announces %d bytes of TLV; %d are left",
                        objectId, objects.size() + 1, start, length, end - at));
            }
            objects.add(new ObjectData(objectId, version, Arrays.copyOfRange(content, at, at + length)));
            at += length;
        }
        if (objects.size() != count) {
            throw new MalformedBootstrapFileException("the header announces " + count + " objects; the file holds " + objects.size());
        }
        return new BootstrapFile(objects, false);
    }

    /**
     * Whether the file starts with a header: a count of 1 to {@link #MAX_OBJECTS} objects. A bare TLV starts
     * with a type byte that makes its first pair 0100 or more (08 00 for instance 0 with a length byte,
     * C8 for a resource), or with an empty instance (0000).
     */
    private static boolean looksLikeHeader(byte[] content) {
        if (content.length < 4) {
            return false;
        }
        int count = u16(content, 0);
        return count >= 1 && count <= MAX_OBJECTS;
    }

    private static MalformedBootstrapFileException truncated(int entry, int at, String what) {
        return new MalformedBootstrapFileException("entry " + (entry + 1) + " (at byte " + at + ") ends before " + what);
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static String hex(byte[] b, int from, int to) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < to; i++) {
            s.append(String.format("%02X", b[i]));
        }
        return s.toString();
    }
}
