package org.scgateway.globalplatform.seram;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.globalplatform.seram.ScriptFormatException.Fault;

/**
 * An expanded remote command script (ETSI TS 102 226, 5.2; GP Amendment B): a command scripting template,
 * {@code AA} with a definite length or {@code AE 80 ... 00 00}, holding {@code 22} C-APDUs; and the
 * response scripting template that answers it, {@code AB} or {@code AF} to match, starting with the number of
 * C-APDUs executed ({@code 80 01 nn}), then one {@code 23} R-APDU for each, or {@code 90 01 xx} for a script
 * that could not be read. The whole script is read before anything runs: a bad one runs nothing.
 */
public final class RemoteScript {

    static final int COMMAND_DEFINITE = 0xAA;
    static final int COMMAND_INDEFINITE = 0xAE;
    static final int C_APDU = 0x22;
    static final int R_APDU = 0x23;
    static final int EXECUTED = 0x80;
    static final int BAD_FORMAT = 0x90;
    /** Immediate action, error action, script chaining: meant for a card's proactive session, taken and not acted on. */
    private static final int[] ACTIONS = {0x81, 0x82, 0x83};

    private final boolean indefinite;
    private final List<CommandApdu> commands;

    private RemoteScript(boolean indefinite, List<CommandApdu> commands) {
        this.indefinite = indefinite;
        this.commands = commands;
    }

    /** Whether the script came as {@code AE} (indefinite length); its response comes in the same form. */
    public boolean indefinite() {
        return indefinite;
    }

    /** The C-APDUs, in order. */
    public List<CommandApdu> commands() {
        return commands;
    }

    /** Reads a whole script, or names what in it is not as TS 102 226 has it. */
    public static RemoteScript parse(byte[] script) throws ScriptFormatException {
        if (script.length == 0) {
            throw new ScriptFormatException(Fault.LENGTH_NOT_FOUND, false, "the script is empty");
        }
        int tag = script[0] & 0xFF;
        if (tag != COMMAND_DEFINITE && tag != COMMAND_INDEFINITE) {
            throw new ScriptFormatException(Fault.UNKNOWN_TAG, false, String.format(
                    "a script starts with AA (definite length) or AE (indefinite), not %02X", tag));
        }
        boolean indefinite = tag == COMMAND_INDEFINITE;
        int end;
        int pos;
        if (indefinite) {
            if (script.length < 2 || (script[1] & 0xFF) != 0x80) {
                throw new ScriptFormatException(Fault.WRONG_LENGTH, true, "an AE template has the indefinite length 80");
            }
            if (script.length < 4 || script[script.length - 1] != 0 || script[script.length - 2] != 0) {
                throw new ScriptFormatException(Fault.LENGTH_NOT_FOUND, true, "the AE template does not end with 00 00");
            }
            pos = 2;
            end = script.length - 2;
        } else {
            int[] len = length(script, 1, false);
            pos = len[1];
            end = pos + len[0];
            if (end != script.length) {
                throw new ScriptFormatException(Fault.WRONG_LENGTH, false, "the AA template announces " + len[0] + " bytes and holds "
                        + (script.length - pos));
            }
        }
        List<CommandApdu> commands = new ArrayList<>();
        while (pos < end) {
            int at = pos;
            int t = script[pos] & 0xFF;
            int[] len = length(script, pos + 1, indefinite);
            int valueStart = len[1];
            int valueEnd = valueStart + len[0];
            if (valueEnd > end) {
                throw new ScriptFormatException(Fault.WRONG_LENGTH, indefinite, String.format(
                        "the %02X at byte %d announces %d bytes; %d are left", t, at, len[0], end - valueStart));
            }
            if (t == C_APDU) {
                byte[] apdu = Arrays.copyOfRange(script, valueStart, valueEnd);
                try {
                    commands.add(CommandApdu.parse(apdu));
                } catch (IllegalArgumentException e) {
                    throw new ScriptFormatException(Fault.WRONG_LENGTH, indefinite, "the C-APDU at byte " + at + " is not one: " + e.getMessage());
                }
            } else if (!isAction(t)) {
                throw new ScriptFormatException(Fault.UNKNOWN_TAG, indefinite, String.format("unknown tag %02X at byte %d", t, at));
            }
            pos = valueEnd;
        }
        if (commands.isEmpty()) {
            throw new ScriptFormatException(Fault.WRONG_LENGTH, indefinite, "the script holds no C-APDU (22)");
        }
        if (commands.size() > 255) {
            throw new ScriptFormatException(Fault.WRONG_LENGTH, indefinite, "a script holds at most 255 C-APDUs (the response counts them in a byte), not "
                    + commands.size());
        }
        return new RemoteScript(indefinite, List.copyOf(commands));
    }

    private static boolean isAction(int tag) {
        for (int a : ACTIONS) {
            if (a == tag) {
                return true;
            }
        }
        return false;
    }

    /** BER length at {@code pos}: {length, first byte of the value}. */
    private static int[] length(byte[] b, int pos, boolean indefinite) throws ScriptFormatException {
        if (pos >= b.length) {
            throw new ScriptFormatException(Fault.LENGTH_NOT_FOUND, indefinite, "the script ends where a length should be (byte " + pos + ")");
        }
        int first = b[pos] & 0xFF;
        if (first < 0x80) {
            return new int[] {first, pos + 1};
        }
        int n = first & 0x7F;
        if (n == 0 || n > 2) {
            throw new ScriptFormatException(Fault.WRONG_LENGTH, indefinite, String.format("length byte %02X at byte %d is not one this format uses", first, pos));
        }
        if (pos + n >= b.length) {
            throw new ScriptFormatException(Fault.LENGTH_NOT_FOUND, indefinite, "the script ends inside the length at byte " + pos);
        }
        int len = 0;
        for (int i = 1; i <= n; i++) {
            len = len << 8 | (b[pos + i] & 0xFF);
        }
        return new int[] {len, pos + 1 + n};
    }

    /** The response to this script: the count of C-APDUs executed and the R-APDU of each, in the script's form. */
    public byte[] response(List<ResponseApdu> responses) {
        return response(indefinite, responses);
    }

    static byte[] response(boolean indefinite, List<ResponseApdu> responses) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {(byte) EXECUTED, 1, (byte) responses.size()});
        for (ResponseApdu r : responses) {
            tlv(body, R_APDU, r.toBytes());
        }
        return template(indefinite, body.toByteArray());
    }

    /** The response to a script that could not be read: nothing executed, and the fault. */
    static byte[] badFormat(boolean indefinite, int fault) {
        return template(indefinite, new byte[] {(byte) EXECUTED, 1, 0, (byte) BAD_FORMAT, 1, (byte) fault});
    }

    private static byte[] template(boolean indefinite, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (indefinite) {
            out.write(0xAF);
            out.write(0x80);
            out.writeBytes(body);
            out.write(0);
            out.write(0);
        } else {
            tlv(out, 0xAB, body);
        }
        return out.toByteArray();
    }

    private static void tlv(ByteArrayOutputStream out, int tag, byte[] value) {
        out.write(tag);
        if (value.length < 0x80) {
            out.write(value.length);
        } else if (value.length < 0x100) {
            out.write(0x81);
            out.write(value.length);
        } else {
            out.write(0x82);
            out.write(value.length >> 8);
            out.write(value.length);
        }
        out.writeBytes(value);
    }
}
