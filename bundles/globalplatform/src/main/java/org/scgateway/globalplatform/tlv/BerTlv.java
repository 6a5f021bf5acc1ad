package org.scgateway.globalplatform.tlv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Parses BER-TLV data objects (ISO/IEC 8825-1 as ISO/IEC 7816-4 uses it) into {@link Tlv}s.
 * <p>
 * <b>Supported:</b> tags of one to three bytes ({@code 5A}, {@code 9F70}, {@code 5F20}, {@code 7F49},
 * {@code BF2D}, see {@link Tlv} for what makes a tag valid); definite lengths in the short form and in the
 * long forms {@code 81} to {@code 84} (non-minimal long forms such as {@code 81 05} are accepted); the
 * indefinite length {@code 80} on constructed tags, ended by end-of-contents {@code 00 00}, nested to any
 * depth within the limit. The contents of a constructed data object are always parsed as data objects.
 * <p>
 * <b>Padding.</b> ISO/IEC 7816-4 allows bytes {@code 00} and {@code FF} without meaning before, between and
 * after BER-TLV data objects. {@link #parse(byte[])} and {@link #parseOne(byte[])} skip such bytes wherever
 * a tag could start: at the top level and inside the value of a constructed object. Inside the contents of
 * an indefinite-length object only {@code FF} is skipped, since {@code 00} there starts end-of-contents.
 * The {@code parseStrict} variants skip nothing, and report a {@code 00} or {@code FF} where a tag should
 * be as an error.
 * <p>
 * <b>Limits.</b> Nesting is limited to {@link #MAX_DEPTH} levels (a top-level object is level 1), so that
 * hostile input cannot exhaust the stack; lengths over four bytes are rejected.
 * <p>
 * <b>Errors</b> are {@link TlvException}s whose message names what is wrong and the byte offset, an index
 * into the array passed in (not relative to the {@code offset} argument); messages never contain value
 * bytes. A null array raises {@link NullPointerException}, an offset and length outside the array
 * {@link IndexOutOfBoundsException}.
 * <p>
 * Stateless and thread-safe.
 */
public final class BerTlv {

    /** The most levels of nesting the parser accepts; a top-level data object is level 1. */
    public static final int MAX_DEPTH = Tlv.MAX_DEPTH;

    private BerTlv() {
    }

    /** Parses a sequence of data objects, skipping {@code 00}/{@code FF} padding; empty input gives an empty list. */
    public static List<Tlv> parse(byte[] data) {
        Objects.requireNonNull(data, "data");
        return parse(data, 0, data.length);
    }

    /**
     * Parses a sequence of data objects in {@code data[offset .. offset+length)}, skipping {@code 00}/{@code FF}
     * padding.
     */
    public static List<Tlv> parse(byte[] data, int offset, int length) {
        return new Reader(data, offset, length, true).sequence();
    }

    /** Parses a sequence of data objects; a {@code 00} or {@code FF} where a tag should be is an error. */
    public static List<Tlv> parseStrict(byte[] data) {
        Objects.requireNonNull(data, "data");
        return parseStrict(data, 0, data.length);
    }

    /**
     * Parses a sequence of data objects in {@code data[offset .. offset+length)}; a {@code 00} or {@code FF}
     * where a tag should be is an error.
     */
    public static List<Tlv> parseStrict(byte[] data, int offset, int length) {
        return new Reader(data, offset, length, false).sequence();
    }

    /**
     * Parses exactly one data object, with optional {@code 00}/{@code FF} padding before and after it.
     *
     * @throws TlvException if there is no data object, or anything but padding follows it
     */
    public static Tlv parseOne(byte[] data) {
        Objects.requireNonNull(data, "data");
        return parseOne(data, 0, data.length);
    }

    /** Parses exactly one data object in {@code data[offset .. offset+length)}; see {@link #parseOne(byte[])}. */
    public static Tlv parseOne(byte[] data, int offset, int length) {
        return new Reader(data, offset, length, true).one();
    }

    /**
     * Parses exactly one data object filling the whole array, without padding.
     *
     * @throws TlvException if there is no data object, or any byte follows it
     */
    public static Tlv parseOneStrict(byte[] data) {
        Objects.requireNonNull(data, "data");
        return parseOneStrict(data, 0, data.length);
    }

    /** Parses exactly one data object filling {@code data[offset .. offset+length)}, without padding. */
    public static Tlv parseOneStrict(byte[] data, int offset, int length) {
        return new Reader(data, offset, length, false).one();
    }

    /** One pass over one region of an array. */
    private static final class Reader {

        private final byte[] d;
        private final int start;
        private final int end;
        private final boolean skipPadding;
        private int pos;

        Reader(byte[] data, int offset, int length, boolean skipPadding) {
            Objects.requireNonNull(data, "data");
            Objects.checkFromIndexSize(offset, length, data.length);
            this.d = data;
            this.start = offset;
            this.end = offset + length;
            this.skipPadding = skipPadding;
            this.pos = offset;
        }

        List<Tlv> sequence() {
            return definiteContents(end, 1);
        }

        Tlv one() {
            skipPadding(end);
            if (pos >= end) {
                throw new TlvException("no data object at offset " + start + " ("
                        + (end - start == 0 ? "no data" : (end - start) + " bytes of padding only") + ")", start);
            }
            int at = pos;
            Tlv tlv = dataObject(end, 1);
            skipPadding(end);
            if (pos < end) {
                throw new TlvException((end - pos) + " trailing byte" + (end - pos == 1 ? "" : "s") + " at offset "
                        + pos + " after the data object at offset " + at + ": exactly one was expected", pos);
            }
            return tlv;
        }

        private void skipPadding(int limit) {
            if (skipPadding) {
                while (pos < limit && (d[pos] == 0x00 || d[pos] == (byte) 0xFF)) {
                    pos++;
                }
            }
        }

        /** Data objects, with padding where allowed, up to {@code limit}; each at level {@code level}. */
        private List<Tlv> definiteContents(int limit, int level) {
            List<Tlv> out = new ArrayList<>();
            while (true) {
                skipPadding(limit);
                if (pos >= limit) {
                    return out;
                }
                out.add(dataObject(limit, level));
            }
        }

        /** Data objects up to end-of-contents, which must lie before {@code limit}. */
        private List<Tlv> indefiniteContents(int limit, int level, int ownerTag, int ownerOffset) {
            List<Tlv> out = new ArrayList<>();
            while (true) {
                if (skipPadding) {
                    while (pos < limit && d[pos] == (byte) 0xFF) {
                        pos++;
                    }
                }
                if (pos >= limit) {
                    throw new TlvException("end-of-contents missing for indefinite-length tag " + Tlv.tagHex(ownerTag)
                            + " at offset " + ownerOffset, ownerOffset);
                }
                if (d[pos] == 0x00) {
                    if (pos + 1 >= limit) {
                        throw new TlvException("end-of-contents at offset " + pos + " for indefinite-length tag "
                                + Tlv.tagHex(ownerTag) + " at offset " + ownerOffset + " is truncated", pos);
                    }
                    if (d[pos + 1] != 0x00) {
                        throw new TlvException("end-of-contents at offset " + pos + " for indefinite-length tag "
                                + Tlv.tagHex(ownerTag) + " at offset " + ownerOffset + " must be 00 00", pos);
                    }
                    pos += 2;
                    return out;
                }
                out.add(dataObject(limit, level));
            }
        }

        /** One data object starting at {@code pos}, at nesting level {@code level}, within {@code limit}. */
        private Tlv dataObject(int limit, int level) {
            int at = pos;
            if (level > MAX_DEPTH) {
                throw new TlvException("nesting deeper than " + MAX_DEPTH + " levels at offset " + at, at);
            }
            int b0 = d[pos++] & 0xFF;
            if (b0 == 0x00 || b0 == 0xFF) {
                throw new TlvException(String.format("byte %02X at offset %d is padding or end-of-contents, not a tag", b0, at), at);
            }
            int tag = b0;
            if ((b0 & 0x1F) == 0x1F) {
                int n = 1;
                while (true) {
                    if (pos >= limit) {
                        throw new TlvException("tag at offset " + at + " is truncated", at);
                    }
                    int b = d[pos++] & 0xFF;
                    tag = (tag << 8) | b;
                    n++;
                    if ((b & 0x80) == 0) {
                        break;
                    }
                    if (n == 3) {
                        throw new TlvException("tag at offset " + at + " is longer than 3 bytes, which is not supported", at);
                    }
                }
            }
            String problem = Tlv.tagProblem(tag);
            if (problem != null) {
                throw new TlvException("tag " + Tlv.tagHex(tag) + " at offset " + at + " is not valid: " + problem, at);
            }
            String tagName = Tlv.tagHex(tag);
            boolean constructed = Tlv.isConstructedTag(tag);

            if (pos >= limit) {
                throw new TlvException("length of tag " + tagName + " at offset " + at + " is truncated", at);
            }
            int lengthAt = pos;
            int lb = d[pos++] & 0xFF;
            if (lb == 0x80) {
                if (!constructed) {
                    throw new TlvException("indefinite length on primitive tag " + tagName + " at offset " + at, at);
                }
                List<Tlv> children = indefiniteContents(limit, level + 1, tag, at);
                return build(tag, null, children, at);
            }
            long len;
            if (lb < 0x80) {
                len = lb;
            } else {
                int n = lb & 0x7F;
                if (n > 4) {
                    throw new TlvException(String.format("length 0x%02X at offset %d: lengths over 4 bytes are not supported",
                            lb, lengthAt), lengthAt);
                }
                if (limit - pos < n) {
                    throw new TlvException("length of tag " + tagName + " at offset " + at + " is truncated", at);
                }
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = (len << 8) | (d[pos++] & 0xFF);
                }
            }
            int remain = limit - pos;
            if (len > remain) {
                throw new TlvException("value of tag " + tagName + " at offset " + at + " claims " + len + " bytes, "
                        + remain + " remain", at);
            }
            int valueEnd = pos + (int) len;
            if (constructed) {
                List<Tlv> children = definiteContents(valueEnd, level + 1);
                return build(tag, null, children, at);
            }
            byte[] value = Arrays.copyOfRange(d, pos, valueEnd);
            pos = valueEnd;
            return build(tag, value, null, at);
        }

        private static Tlv build(int tag, byte[] value, List<Tlv> children, int at) {
            try {
                return value != null ? Tlv.ofParsedPrimitive(tag, value) : Tlv.ofParsedConstructed(tag, children);
            } catch (IllegalArgumentException e) {
                // Only reachable for encodings near 2 GiB; keep the parser's promise of TlvException.
                throw new TlvException("data object at offset " + at + " cannot be represented: " + e.getMessage(), at, e);
            }
        }
    }
}
