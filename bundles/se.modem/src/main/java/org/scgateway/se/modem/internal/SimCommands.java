package org.scgateway.se.modem.internal;

import java.util.HexFormat;

import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;

/**
 * The SIM access commands of 3GPP TS 27.007 as command lines, and their answers read: generic SIM access
 * ({@code +CSIM}, 8.17) for the basic channel, and the logical channel commands ({@code +CCHO} 8.45, {@code +CCHC}
 * 8.46, {@code +CGLA} 8.43). APDUs travel as hexadecimal strings in quotes, with their length in characters.
 */
final class SimCommands {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private SimCommands() {
    }

    /** {@code AT+CSIM=<length>,"<command>"}. */
    static AtExchange csim(CommandApdu command) {
        String hex = HEX.formatHex(command.toBytes());
        return new AtExchange("AT+CSIM=" + hex.length() + ",\"" + hex + "\"", "+CSIM:", false);
    }

    /** {@code AT+CCHO="<dfname>"}: opens a logical channel with the application selected; answers the session id. */
    static AtExchange ccho(byte[] aid) {
        return new AtExchange("AT+CCHO=\"" + HEX.formatHex(aid) + "\"", "+CCHO:", true);
    }

    /** {@code AT+CGLA=<sessionid>,<length>,"<command>"}. */
    static AtExchange cgla(int session, CommandApdu command) {
        String hex = HEX.formatHex(command.toBytes());
        return new AtExchange("AT+CGLA=" + session + "," + hex.length() + ",\"" + hex + "\"", "+CGLA:", false);
    }

    /** {@code AT+CCHC=<sessionid>}. */
    static AtExchange cchc(int session) {
        return new AtExchange("AT+CCHC=" + session, "+CCHC:", false);
    }

    /** The response APDU of a +CSIM or +CGLA answer: {@code <length>,"<response>"}, the length in characters. */
    static ResponseApdu response(AtExchange answered) throws AtException {
        String value = answered.value();
        int comma = value.indexOf(',');
        if (comma < 0) {
            throw new AtException(answered.name() + " answered no length and response");
        }
        int length;
        try {
            length = Integer.parseInt(value.substring(0, comma).trim());
        } catch (NumberFormatException e) {
            throw new AtException(answered.name() + " answered a length that is no number");
        }
        String hex = value.substring(comma + 1).trim();
        if (hex.length() >= 2 && hex.startsWith("\"") && hex.endsWith("\"")) {
            hex = hex.substring(1, hex.length() - 1);
        }
        if (hex.length() != length || length < 4 || length % 2 != 0) {
            throw new AtException(answered.name() + " answered a response of " + hex.length() + " characters, said to have " + length
                    + " (a response has an even count of at least 4: data and status word)");
        }
        byte[] apdu;
        try {
            apdu = HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new AtException(answered.name() + " answered a response that is not hexadecimal");
        }
        try {
            return ResponseApdu.parse(apdu);
        } catch (IllegalArgumentException e) {
            // Says the status word or the length, never the data.
            throw new AtException(answered.name() + " answered a response that is no response APDU: " + e.getMessage());
        }
    }

    /** The session id of a +CCHO answer: a bare number, or {@code +CCHO: <n>} as some modems give it. */
    static int session(AtExchange answered) throws AtException {
        try {
            int id = Integer.parseInt(answered.value());
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new AtException(answered.name() + " answered a session id that is no number");
        }
    }
}
