package org.scgateway.api.se;

import java.util.Arrays;

/**
 * A command APDU (ISO/IEC 7816-4 §5.1): header, command data (Nc bytes) and the number of response bytes
 * expected (Ne). Immutable; the data is copied in and out.
 * <p>
 * Encoding picks the short form when Nc &le; 255 and Ne &le; 256, the extended form otherwise, so every
 * case 1 to 4 command round-trips through {@link #toBytes()} and {@link #parse(byte[])}.
 * <p>
 * {@link #toString()} shows the header and lengths only: command data can be a key or a PIN.
 */
public final class CommandApdu {

    /** The largest Nc. */
    public static final int MAX_NC = 65535;
    /** The largest Ne (extended Le 0000). */
    public static final int MAX_NE = 65536;
    /** The largest Ne a short APDU can ask for (Le 00). */
    public static final int MAX_SHORT_NE = 256;

    private static final byte[] NO_DATA = new byte[0];

    private final int cla;
    private final int ins;
    private final int p1;
    private final int p2;
    private final byte[] data;
    private final int ne;

    private CommandApdu(int cla, int ins, int p1, int p2, byte[] data, int ne) {
        checkByte("CLA", cla);
        checkByte("INS", ins);
        checkByte("P1", p1);
        checkByte("P2", p2);
        if (cla == 0xFF) {
            throw new IllegalArgumentException("CLA FF is reserved for PPS, not a command");
        }
        if (data.length > MAX_NC) {
            throw new IllegalArgumentException("command data of " + data.length + " bytes exceeds " + MAX_NC);
        }
        if (ne < 0 || ne > MAX_NE) {
            throw new IllegalArgumentException("Ne must be 0 to " + MAX_NE + ", not " + ne);
        }
        this.cla = cla;
        this.ins = ins;
        this.p1 = p1;
        this.p2 = p2;
        this.data = data;
        this.ne = ne;
    }

    /** Case 1: header only. */
    public static CommandApdu of(int cla, int ins, int p1, int p2) {
        return new CommandApdu(cla, ins, p1, p2, NO_DATA, 0);
    }

    /** Case 2: no data, {@code ne} response bytes expected (1..65536; 256 is short Le 00; 0 makes it case 1). */
    public static CommandApdu of(int cla, int ins, int p1, int p2, int ne) {
        return new CommandApdu(cla, ins, p1, p2, NO_DATA, ne);
    }

    /** Case 3, or case 1 when {@code data} is empty. */
    public static CommandApdu of(int cla, int ins, int p1, int p2, byte[] data) {
        return of(cla, ins, p1, p2, data, 0);
    }

    /** Case 4 (or 2, 3, 1 as {@code data} and {@code ne} are empty or zero). */
    public static CommandApdu of(int cla, int ins, int p1, int p2, byte[] data, int ne) {
        if (data == null) {
            throw new IllegalArgumentException("command data must not be null (use an empty array)");
        }
        return new CommandApdu(cla, ins, p1, p2, data.length == 0 ? NO_DATA : data.clone(), ne);
    }

    /**
     * Decodes a command APDU in short or extended form.
     *
     * @throws IllegalArgumentException naming what is wrong if the bytes are no well-formed APDU
     */
    public static CommandApdu parse(byte[] apdu) {
        if (apdu == null || apdu.length < 4) {
            throw new IllegalArgumentException("a command APDU has at least 4 header bytes, got "
                    + (apdu == null ? "none" : apdu.length));
        }
        int cla = apdu[0] & 0xFF;
        int ins = apdu[1] & 0xFF;
        int p1 = apdu[2] & 0xFF;
        int p2 = apdu[3] & 0xFF;
        int len = apdu.length;
        if (len == 4) {
            return new CommandApdu(cla, ins, p1, p2, NO_DATA, 0);
        }
        int b5 = apdu[4] & 0xFF;
        if (len == 5) {
            return new CommandApdu(cla, ins, p1, p2, NO_DATA, b5 == 0 ? 256 : b5);
        }
        if (b5 != 0) {
            if (len == 5 + b5) {
                return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 5, len), 0);
            }
            if (len == 6 + b5) {
                int le = apdu[len - 1] & 0xFF;
                return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 5, 5 + b5), le == 0 ? 256 : le);
            }
            throw new IllegalArgumentException("short APDU with Lc " + b5 + " must be " + (5 + b5) + " or "
                    + (6 + b5) + " bytes long, not " + len);
        }
        if (len < 7) {
            throw new IllegalArgumentException("extended APDU (byte 5 = 00) of " + len + " bytes is too short");
        }
        int b67 = ((apdu[5] & 0xFF) << 8) | (apdu[6] & 0xFF);
        if (len == 7) {
            return new CommandApdu(cla, ins, p1, p2, NO_DATA, b67 == 0 ? MAX_NE : b67);
        }
        if (b67 == 0) {
            throw new IllegalArgumentException("extended APDU has Lc 0000 followed by more bytes");
        }
        if (len == 7 + b67) {
            return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 7, len), 0);
        }
        if (len == 9 + b67) {
            int le = ((apdu[len - 2] & 0xFF) << 8) | (apdu[len - 1] & 0xFF);
            return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 7, 7 + b67), le == 0 ? MAX_NE : le);
        }
        throw new IllegalArgumentException("extended APDU with Lc " + b67 + " must be " + (7 + b67) + " or "
                + (9 + b67) + " bytes long, not " + len);
    }

    public int cla() {
        return cla;
    }

    public int ins() {
        return ins;
    }

    public int p1() {
        return p1;
    }

    public int p2() {
        return p2;
    }

    /** A copy of the command data; empty when there is none. */
    public byte[] data() {
        return data.length == 0 ? NO_DATA : data.clone();
    }

    /** Nc, the number of command data bytes. */
    public int nc() {
        return data.length;
    }

    /** Ne, the number of response bytes expected; 0 when no Le is sent. */
    public int ne() {
        return ne;
    }

    /** The ISO 7816-4 case: 1 (header), 2 (Le), 3 (data), 4 (data and Le). */
    public int isoCase() {
        return (data.length == 0 ? 1 : 3) + (ne == 0 ? 0 : 1);
    }

    /** Whether {@link #toBytes()} uses the extended length form. */
    public boolean isExtended() {
        return data.length > 255 || ne > MAX_SHORT_NE;
    }

    /** Whether the CLA is of the proprietary class (b8 set), as GlobalPlatform commands are. */
    public boolean isProprietaryClass() {
        return (cla & 0x80) != 0;
    }

    /** Whether the CLA says the command is protected by secure messaging. */
    public boolean isSecureMessaging() {
        return isFirstInterindustry(cla) ? (cla & 0x0C) != 0 : (cla & 0x20) != 0;
    }

    /** The logical channel the CLA names (0 to 19). */
    public int channel() {
        return isFirstInterindustry(cla) ? cla & 0x03 : 4 + (cla & 0x0F);
    }

    /**
     * The same command with its CLA naming logical channel {@code channel}: first interindustry coding
     * (b7 = 0, channel in b2-b1) for channels 0 to 3, further interindustry (b7 = 1, channel - 4 in b4-b1)
     * for 4 to 19. The proprietary-class bit, command chaining and secure-messaging indication are kept;
     * the further coding has a single SM bit (b6), so both first-coding SM values map to it.
     */
    public CommandApdu onChannel(int channel) {
        if (channel < 0 || channel > 19) {
            throw new IllegalArgumentException("logical channel must be 0 to 19, not " + channel);
        }
        boolean sm = isSecureMessaging();
        int keep = cla & 0x90; // proprietary class, command chaining
        int newCla;
        if (channel <= 3) {
            int smBits = isFirstInterindustry(cla) ? cla & 0x0C : (sm ? 0x04 : 0);
            newCla = keep | smBits | channel;
        } else {
            newCla = keep | 0x40 | (sm ? 0x20 : 0) | (channel - 4);
        }
        return newCla == cla ? this : new CommandApdu(newCla, ins, p1, p2, data, ne);
    }

    /** The same command with another CLA byte. */
    public CommandApdu withCla(int newCla) {
        return newCla == cla ? this : new CommandApdu(newCla, ins, p1, p2, data, ne);
    }

    /** Encodes the command, short form where it fits, extended otherwise. */
    public byte[] toBytes() {
        int nc = data.length;
        boolean extended = isExtended();
        int lcLen = nc == 0 ? 0 : (extended ? 3 : 1);
        int leLen = ne == 0 ? 0 : (extended ? (nc == 0 ? 3 : 2) : 1);
        byte[] out = new byte[4 + lcLen + nc + leLen];
        out[0] = (byte) cla;
        out[1] = (byte) ins;
        out[2] = (byte) p1;
        out[3] = (byte) p2;
        int i = 4;
        if (nc > 0) {
            if (extended) {
                out[i++] = 0;
                out[i++] = (byte) (nc >> 8);
            }
            out[i++] = (byte) nc;
            System.arraycopy(data, 0, out, i, nc);
            i += nc;
        }
        if (ne > 0) {
            if (extended) {
                if (nc == 0) {
                    out[i++] = 0;
                }
                out[i++] = (byte) (ne == MAX_NE ? 0 : ne >> 8);
                out[i] = (byte) (ne == MAX_NE ? 0 : ne);
            } else {
                out[i] = (byte) (ne == MAX_SHORT_NE ? 0 : ne);
            }
        }
        return out;
    }

    /** The header as four hexadecimal bytes, for messages: {@code "80 50 30 00"}. */
    public String header() {
        return String.format("%02X %02X %02X %02X", cla, ins, p1, p2);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CommandApdu)) {
            return false;
        }
        CommandApdu c = (CommandApdu) o;
        return cla == c.cla && ins == c.ins && p1 == c.p1 && p2 == c.p2 && ne == c.ne && Arrays.equals(data, c.data);
    }

    @Override
    public int hashCode() {
        return ((((cla * 31 + ins) * 31 + p1) * 31 + p2) * 31 + ne) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "CommandApdu[" + header() + (data.length > 0 ? " Nc=" + data.length : "") + (ne > 0 ? " Ne=" + ne : "") + "]";
    }

    private static boolean isFirstInterindustry(int cla) {
        return (cla & 0x40) == 0;
    }

    private static void checkByte(String name, int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(name + " must be a byte (0 to FF), not " + value);
        }
    }
}
