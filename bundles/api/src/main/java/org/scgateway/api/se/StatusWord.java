package org.scgateway.api.se;

/**
 * A status word SW1 SW2 (ISO/IEC 7816-4 §5.6). SW1 is 61 to 6F or 90 to 9F; 60 is a procedure byte and
 * never a status. Immutable.
 */
public final class StatusWord {

    public static final StatusWord OK = new StatusWord(0x9000);
    public static final StatusWord WRONG_LENGTH = new StatusWord(0x6700);
    public static final StatusWord LOGICAL_CHANNEL_NOT_SUPPORTED = new StatusWord(0x6881);
    public static final StatusWord SECURE_MESSAGING_NOT_SUPPORTED = new StatusWord(0x6882);
    public static final StatusWord SECURITY_STATUS_NOT_SATISFIED = new StatusWord(0x6982);
    public static final StatusWord AUTHENTICATION_METHOD_BLOCKED = new StatusWord(0x6983);
    public static final StatusWord CONDITIONS_NOT_SATISFIED = new StatusWord(0x6985);
    public static final StatusWord COMMAND_NOT_ALLOWED = new StatusWord(0x6986);
    public static final StatusWord SM_DATA_OBJECTS_MISSING = new StatusWord(0x6987);
    public static final StatusWord SM_DATA_OBJECTS_INCORRECT = new StatusWord(0x6988);
    public static final StatusWord INCORRECT_DATA = new StatusWord(0x6A80);
    public static final StatusWord FUNCTION_NOT_SUPPORTED = new StatusWord(0x6A81);
    public static final StatusWord FILE_NOT_FOUND = new StatusWord(0x6A82);
    public static final StatusWord RECORD_NOT_FOUND = new StatusWord(0x6A83);
    public static final StatusWord NOT_ENOUGH_MEMORY = new StatusWord(0x6A84);
    public static final StatusWord INCORRECT_P1_P2 = new StatusWord(0x6A86);
    public static final StatusWord REFERENCED_DATA_NOT_FOUND = new StatusWord(0x6A88);
    public static final StatusWord WRONG_P1_P2 = new StatusWord(0x6B00);
    public static final StatusWord INS_NOT_SUPPORTED = new StatusWord(0x6D00);
    public static final StatusWord CLA_NOT_SUPPORTED = new StatusWord(0x6E00);
    public static final StatusWord UNKNOWN_ERROR = new StatusWord(0x6F00);

    private final int value;

    private StatusWord(int value) {
        this.value = value;
    }

    /**
     * @throws IllegalArgumentException if {@code sw} is not two bytes with SW1 in 61..6F or 90..9F
     */
    public static StatusWord of(int sw) {
        int sw1 = sw >> 8;
        if (sw < 0 || sw > 0xFFFF || !((sw1 >= 0x61 && sw1 <= 0x6F) || (sw1 >= 0x90 && sw1 <= 0x9F))) {
            throw new IllegalArgumentException("not a status word: " + Integer.toHexString(sw).toUpperCase() + " (SW1 must be 61-6F or 90-9F)");
        }
        return sw == 0x9000 ? OK : new StatusWord(sw);
    }

    public static StatusWord of(int sw1, int sw2) {
        if (sw1 < 0 || sw1 > 0xFF || sw2 < 0 || sw2 > 0xFF) {
            throw new IllegalArgumentException("SW1 and SW2 are bytes, not " + sw1 + " and " + sw2);
        }
        return of((sw1 << 8) | sw2);
    }

    public int value() {
        return value;
    }

    public int sw1() {
        return value >> 8;
    }

    public int sw2() {
        return value & 0xFF;
    }

    /** 9000. */
    public boolean isOk() {
        return value == 0x9000;
    }

    /** Normal processing: 9000, or 61xx (more response bytes waiting). */
    public boolean isNormal() {
        return value == 0x9000 || sw1() == 0x61;
    }

    /** A warning (62xx, 63xx): the command was processed, but not quite as asked. */
    public boolean isWarning() {
        return sw1() == 0x62 || sw1() == 0x63;
    }

    /** 61xx: SW2 more bytes are waiting for GET RESPONSE (00 meaning 256 or more). */
    public boolean isMoreDataAvailable() {
        return sw1() == 0x61;
    }

    /** 6Cxx: wrong Le; SW2 is the exact length to ask for (00 meaning 256). */
    public boolean isWrongLe() {
        return sw1() == 0x6C;
    }

    /** What the status word means, after ISO/IEC 7816-4 table 6 and GlobalPlatform. */
    public String description() {
        int sw1 = sw1();
        int sw2 = sw2();
        switch (value) {
            case 0x9000: return "success";
            case 0x6200: return "warning: no information given, memory unchanged";
            case 0x6281: return "warning: part of the returned data may be corrupted";
            case 0x6282: return "warning: end of file or record reached before reading Ne bytes";
            case 0x6283: return "warning: selected file deactivated";
            case 0x6284: return "warning: file control information not formatted as expected";
            case 0x6300: return "warning: verification failed";
            case 0x6310: return "warning: more data available";
            case 0x6400: return "execution error: memory unchanged";
            case 0x6581: return "execution error: memory failure";
            case 0x6700: return "wrong length";
            case 0x6881: return "logical channel not supported";
            case 0x6882: return "secure messaging not supported";
            case 0x6883: return "last command of the chain expected";
            case 0x6884: return "command chaining not supported";
            case 0x6981: return "command incompatible with file structure";
            case 0x6982: return "security status not satisfied";
            case 0x6983: return "authentication method blocked";
            case 0x6984: return "reference data not usable";
            case 0x6985: return "conditions of use not satisfied";
            case 0x6986: return "command not allowed (no current EF)";
            case 0x6987: return "expected secure messaging data objects missing";
            case 0x6988: return "incorrect secure messaging data objects";
            case 0x6A80: return "incorrect parameters in the command data field";
            case 0x6A81: return "function not supported";
            case 0x6A82: return "file or application not found";
            case 0x6A83: return "record not found";
            case 0x6A84: return "not enough memory space in the file";
            case 0x6A86: return "incorrect parameters P1-P2";
            case 0x6A88: return "referenced data or reference data not found";
            case 0x6A89: return "file already exists";
            case 0x6B00: return "wrong parameters P1-P2 (offset outside the EF)";
            case 0x6D00: return "instruction code not supported or invalid";
            case 0x6E00: return "class not supported";
            case 0x6F00: return "no precise diagnosis";
            default:
                break;
        }
        if (sw1 == 0x61) {
            return (sw2 == 0 ? "256 or more" : Integer.toString(sw2)) + " response bytes still available";
        }
        if (sw1 == 0x6C) {
            return "wrong Le: " + (sw2 == 0 ? 256 : sw2) + " bytes available";
        }
        if (sw1 == 0x63 && (sw2 & 0xF0) == 0xC0) {
            return "warning: counter is " + (sw2 & 0x0F);
        }
        switch (sw1) {
            case 0x62: return "warning: memory unchanged";
            case 0x63: return "warning: memory changed";
            case 0x64: return "execution error: memory unchanged";
            case 0x65: return "execution error: memory changed";
            case 0x66: return "security-related issue";
            case 0x68: return "function in CLA not supported";
            case 0x69: return "command not allowed";
            case 0x6A: return "wrong parameters P1-P2";
            default: return "unknown status";
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatusWord && ((StatusWord) o).value == value;
    }

    @Override
    public int hashCode() {
        return value;
    }

    /** Four hexadecimal digits, {@code "6A82"}. */
    @Override
    public String toString() {
        return String.format("%04X", value);
    }
}
