package org.scgateway.globalplatform.tlv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * An immutable BER-TLV data object (ISO/IEC 8825-1 as ISO/IEC 7816-4 uses it): a tag and either a
 * primitive value or a list of child data objects.
 * <p>
 * <b>Tags</b> are given as an int holding the tag bytes big-endian, one to three bytes: {@code 0x4F},
 * {@code 0x9F70}, {@code 0xBF2D}, {@code 0x7FFF21}. Whether a data object is constructed is decided by bit 6
 * ({@code 0x20}) of the first tag byte. A tag is valid when
 * <ul>
 * <li>its first byte is neither {@code 00} nor {@code FF} (ISO/IEC 7816-4 reserves both as padding, and
 * {@code 00} starts end-of-contents);</li>
 * <li>a single-byte tag does not have bits 5-1 of its first byte all set (that announces more bytes);</li>
 * <li>a multi-byte tag has bits 5-1 of its first byte all set, every subsequent byte but the last has
 * bit 8 set, the last has it clear, and the first subsequent byte does not have bits 7-1 all clear
 * (ISO/IEC 8825-1 8.1.2.4.2 c).</li>
 * </ul>
 * Tags of more than three bytes are not supported.
 * <p>
 * <b>Values</b> are copied in and out. {@link #encode()} always writes definite lengths in the shortest
 * form ({@code 00}-{@code 7F}, {@code 81 xx}, {@code 82 xxxx}, {@code 83 xxxxxx}, {@code 84 xxxxxxxx}), so
 * a data object parsed from indefinite-length, padded or non-minimal encodings re-encodes differently but
 * {@linkplain #equals(Object) equal}.
 * <p>
 * <b>Depth.</b> A data object nests at most {@link #MAX_DEPTH} levels (a primitive counts one level, each
 * enclosing constructed object one more), the same bound the parser imposes.
 * <p>
 * {@link #toString()} shows the tag and length only: values can be keys or PINs.
 * {@link #toString(boolean)} shows the values when asked to, for debugging.
 */
public final class Tlv {

    /** The most levels of nesting a data object may have; a primitive object has one. */
    public static final int MAX_DEPTH = 32;

    private static final byte[] EMPTY = new byte[0];
    /** Keeps every encoding, with its header, within what a Java array can hold. */
    private static final long MAX_ENCODED_LENGTH = Integer.MAX_VALUE - 8;

    private final int tag;
    /** The primitive value, or null for a constructed object. */
    private final byte[] value;
    /** The children of a constructed object; empty for a primitive one. */
    private final List<Tlv> children;
    /** The length of the value field. */
    private final int length;
    private final int encodedLength;
    private final int depth;
    private final int hash;

    private Tlv(int tag, byte[] value, List<Tlv> children) {
        this.tag = tag;
        this.value = value;
        this.children = children;
        long len;
        int d = 1;
        if (value != null) {
            len = value.length;
        } else {
            len = 0;
            for (Tlv child : children) {
                len += child.encodedLength;
                d = Math.max(d, child.depth + 1);
            }
        }
        if (d > MAX_DEPTH) {
            throw new IllegalArgumentException("tag " + tagHex(tag) + " would nest " + d + " levels, more than "
                    + MAX_DEPTH);
        }
        long total = tagSize(tag) + lengthFieldSize(len) + len;
        if (total > MAX_ENCODED_LENGTH) {
            throw new IllegalArgumentException("tag " + tagHex(tag) + " with a value of " + len
                    + " bytes is too large to encode");
        }
        this.length = (int) len;
        this.encodedLength = (int) total;
        this.depth = d;
        this.hash = 31 * tag + (value != null ? Arrays.hashCode(value) : children.hashCode());
    }

    /**
     * A primitive data object.
     *
     * @param tag a valid tag whose constructed bit (0x20 of the first byte) is clear
     * @param value the value, copied; may be empty
     * @throws IllegalArgumentException if the tag is not valid or is a constructed tag, or value is null
     */
    public static Tlv primitive(int tag, byte[] value) {
        checkTag(tag);
        if (isConstructedTag(tag)) {
            throw new IllegalArgumentException("tag " + tagHex(tag)
                    + " is constructed (bit 6 of its first byte is set): use Tlv.constructed");
        }
        if (value == null) {
            throw new IllegalArgumentException("the value of tag " + tagHex(tag) + " must not be null (use an empty array)");
        }
        return new Tlv(tag, value.length == 0 ? EMPTY : value.clone(), Collections.emptyList());
    }

    /**
     * A constructed data object.
     *
     * @param tag a valid tag whose constructed bit (0x20 of the first byte) is set
     * @param children the children, in order; may be empty
     * @throws IllegalArgumentException if the tag is not valid or is a primitive tag, children is or holds
     *         null, or the object would nest more than {@link #MAX_DEPTH} levels
     */
    public static Tlv constructed(int tag, List<Tlv> children) {
        checkTag(tag);
        if (!isConstructedTag(tag)) {
            throw new IllegalArgumentException("tag " + tagHex(tag)
                    + " is primitive (bit 6 of its first byte is clear): use Tlv.primitive");
        }
        if (children == null) {
            throw new IllegalArgumentException("the children of tag " + tagHex(tag) + " must not be null (use an empty list)");
        }
        List<Tlv> copy = new ArrayList<>(children);
        for (Tlv child : copy) {
            if (child == null) {
                throw new IllegalArgumentException("the children of tag " + tagHex(tag) + " must not include null");
            }
        }
        return new Tlv(tag, null, Collections.unmodifiableList(copy));
    }

    /** A constructed data object; see {@link #constructed(int, List)}. */
    public static Tlv constructed(int tag, Tlv... children) {
        if (children == null) {
            throw new IllegalArgumentException("the children of tag " + tagHex(tag) + " must not be null");
        }
        return constructed(tag, Arrays.asList(children));
    }

    /** For the parser: the value array is fresh and is not copied again; the tag has been checked. */
    static Tlv ofParsedPrimitive(int tag, byte[] value) {
        return new Tlv(tag, value, Collections.emptyList());
    }

    /** For the parser: the list is fresh and holds no null; the tag has been checked. */
    static Tlv ofParsedConstructed(int tag, List<Tlv> children) {
        return new Tlv(tag, null, Collections.unmodifiableList(children));
    }

    /** The tag, its bytes big-endian in the low bytes of the int. */
    public int tag() {
        return tag;
    }

    /** Whether the tag is constructed: bit 6 (0x20) of its first byte. */
    public boolean isConstructed() {
        return value == null;
    }

    /** The length of the value field, in bytes (for a constructed object: of its encoded children). */
    public int length() {
        return length;
    }

    /** The length of {@link #encode()}: tag, length and value fields. */
    public int encodedLength() {
        return encodedLength;
    }

    /**
     * The value field: a copy of the primitive value, or, for a constructed object, the concatenated
     * encodings of its children.
     */
    public byte[] value() {
        if (value != null) {
            return value.length == 0 ? EMPTY : value.clone();
        }
        byte[] out = new byte[length];
        int p = 0;
        for (Tlv child : children) {
            p = child.writeTo(out, p);
        }
        return out;
    }

    /** The children of a constructed object, unmodifiable; empty for a primitive one. */
    public List<Tlv> children() {
        return children;
    }

    /** The first direct child with this tag. */
    public Optional<Tlv> find(int tag) {
        for (Tlv child : children) {
            if (child.tag == tag) {
                return Optional.of(child);
            }
        }
        return Optional.empty();
    }

    /** Every direct child with this tag, in order; unmodifiable. */
    public List<Tlv> findAll(int tag) {
        List<Tlv> out = new ArrayList<>();
        for (Tlv child : children) {
            if (child.tag == tag) {
                out.add(child);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The first descendant (not this object itself) with this tag, searching depth-first in document
     * order: a child, then that child's descendants, then the next child.
     */
    public Optional<Tlv> findRecursive(int tag) {
        for (Tlv child : children) {
            if (child.tag == tag) {
                return Optional.of(child);
            }
            Optional<Tlv> found = child.findRecursive(tag);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The encoding, with definite lengths in the shortest form. */
    public byte[] encode() {
        byte[] out = new byte[encodedLength];
        writeTo(out, 0);
        return out;
    }

    private int writeTo(byte[] out, int p) {
        int n = tagSize(tag);
        for (int i = n - 1; i >= 0; i--) {
            out[p++] = (byte) (tag >>> (8 * i));
        }
        int lf = lengthFieldSize(length);
        if (lf == 1) {
            out[p++] = (byte) length;
        } else {
            out[p++] = (byte) (0x80 | (lf - 1));
            for (int i = lf - 2; i >= 0; i--) {
                out[p++] = (byte) (length >>> (8 * i));
            }
        }
        if (value != null) {
            System.arraycopy(value, 0, out, p, value.length);
            return p + value.length;
        }
        for (Tlv child : children) {
            p = child.writeTo(out, p);
        }
        return p;
    }

    /** Equal when tag and content (value, or children in order) are equal. */
    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof Tlv)) {
            return false;
        }
        Tlv t = (Tlv) o;
        if (tag != t.tag || hash != t.hash || length != t.length) {
            return false;
        }
        return value != null ? Arrays.equals(value, t.value) : children.equals(t.children);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The tag in hexadecimal and the length, never the value: {@code "Tlv[BF3E, 18 bytes]"}. */
    @Override
    public String toString() {
        return "Tlv[" + tagHex(tag) + ", " + length + " bytes" + (isConstructed() ? ", " + children.size()
                + (children.size() == 1 ? " child]" : " children]") : "]");
    }

    /**
     * The whole tree, one data object a line, indented by level: tag and length, and with
     * {@code withValues} the primitive values in hexadecimal. For debugging only: values can be secret.
     */
    public String toString(boolean withValues) {
        StringBuilder sb = new StringBuilder();
        appendTree(sb, 0, withValues);
        return sb.toString();
    }

    private void appendTree(StringBuilder sb, int level, boolean withValues) {
        if (level > 0) {
            sb.append('\n');
        }
        sb.append("  ".repeat(level)).append(tagHex(tag)).append(" (").append(length).append(length == 1 ? " byte)" : " bytes)");
        if (value != null) {
            if (withValues && value.length > 0) {
                sb.append(' ').append(HexFormat.of().withUpperCase().formatHex(value));
            }
        } else {
            for (Tlv child : children) {
                child.appendTree(sb, level + 1, withValues);
            }
        }
    }

    // ---- tag helpers, shared with the parser ----

    /** The number of bytes of a tag given as an int (1 to 3; 4 for larger values, which are invalid). */
    static int tagSize(int tag) {
        if ((tag & 0xFFFFFF00) == 0) {
            return 1;
        }
        if ((tag & 0xFFFF0000) == 0) {
            return 2;
        }
        return (tag & 0xFF000000) == 0 ? 3 : 4;
    }

    /** Whether bit 6 of the first byte of a (valid) tag is set. */
    static boolean isConstructedTag(int tag) {
        return ((tag >>> (8 * (tagSize(tag) - 1))) & 0x20) != 0;
    }

    /** The tag in hexadecimal, two digits a byte: {@code "5A"}, {@code "BF2D"}. */
    static String tagHex(int tag) {
        int n = tagSize(tag);
        return String.format("%0" + (2 * n) + "X", tag);
    }

    /** What is wrong with a tag, or null if it is valid. */
    static String tagProblem(int tag) {
        int n = tagSize(tag);
        if (n > 3) {
            return "tags of more than 3 bytes are not supported";
        }
        int first = (tag >>> (8 * (n - 1))) & 0xFF;
        if (first == 0x00 || first == 0xFF) {
            return String.format("a first tag byte of %02X is not valid (00 and FF are padding)", first);
        }
        boolean announcesMore = (first & 0x1F) == 0x1F;
        if (n == 1) {
            return announcesMore ? "bits 5-1 of the first byte are all set, which announces a subsequent tag byte" : null;
        }
        if (!announcesMore) {
            return "the first byte does not announce subsequent tag bytes (bits 5-1 must all be set)";
        }
        for (int i = n - 2; i >= 0; i--) {
            int b = (tag >>> (8 * i)) & 0xFF;
            if (i == n - 2 && (b & 0x7F) == 0) {
                return "bits 7-1 of the first subsequent tag byte must not all be zero";
            }
            boolean last = i == 0;
            if (last && (b & 0x80) != 0) {
                return "bit 8 of the last tag byte must be clear";
            }
            if (!last && (b & 0x80) == 0) {
                return "bit 8 of each subsequent tag byte but the last must be set";
            }
        }
        return null;
    }

    private static void checkTag(int tag) {
        String problem = tagProblem(tag);
        if (problem != null) {
            throw new IllegalArgumentException("tag " + tagHex(tag) + " is not a valid BER-TLV tag: " + problem);
        }
    }

    /** The size of the definite length field for a value of {@code len} bytes. */
    static int lengthFieldSize(long len) {
        if (len < 0x80) {
            return 1;
        }
        if (len <= 0xFF) {
            return 2;
        }
        if (len <= 0xFFFF) {
            return 3;
        }
        return len <= 0xFFFFFF ? 4 : 5;
    }
}
