package org.scgateway.se.sim.internal;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;

/**
 * A cellular modem whose SIM is the simulated card, as its AT command port answers (ITU-T V.250, 3GPP TS 27.007):
 * echo ({@code ATE0}/{@code ATE1}), error reports ({@code AT+CMEE=0|1|2}), {@code AT+CPIN?}, generic SIM access
 * ({@code +CSIM}, passed to the card as it is) and the logical channel commands ({@code +CCHO}, {@code +CGLA}, {@code +CCHC}),
 * where the modem, not the terminal, manages the channel bits of the class byte (TS 27.007 8.43). It answers the
 * card's external interface (as vpcd's reader does), so any program on the other end of the port sees the card as a
 * modem's SIM. Faults a test can ask for: the SIM removed, the SIM waiting for its PIN, a slow modem, a silent modem, a
 * reset (every session lost, {@code RDY}).
 * <p>
 * The line discipline (echo, CR LF framing) is here; the port itself is {@link PtyModem}'s.
 */
final class SimulatedModem {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final Pattern CSIM = Pattern.compile("AT\\+CSIM=(\\d+),\"?([0-9A-Fa-f]*)\"?");
    private static final Pattern CCHO = Pattern.compile("AT\\+CCHO=\"?([0-9A-Fa-f]{2,32})\"?");
    private static final Pattern CGLA = Pattern.compile("AT\\+CGLA=(\\d+),(\\d+),\"?([0-9A-Fa-f]*)\"?");
    private static final Pattern CCHC = Pattern.compile("AT\\+CCHC=(\\d+)");

    private final SimulatedCard card;
    private boolean echo = true;
    private int cmee = 0;
    private volatile boolean simRemoved;
    private volatile boolean silent;
    /** The SIM waits for its PIN (a SIM whose PIN check is on, after power-up): +CPIN: SIM PIN, SIM commands refused. */
    private volatile boolean pinRequired;
    /** How long the modem takes over each answer, in ms (a slow firmware, a SIM on a slow link). */
    private volatile long delayMs;
    /** Open sessions: session id to the card's logical channel. */
    private final Map<Integer, Integer> sessions = new TreeMap<>();
    private int nextSession = 1;

    SimulatedModem(SimulatedCard card) {
        this.card = card;
    }

    /** The SIM taken out (+CME ERROR: 10) or put back (the card reset, as a new insertion is). */
    void simRemoved(boolean removed) {
        synchronized (this) {
            if (!removed && simRemoved) {
                sessions.clear();
                card.resetBridged();
            }
        }
        simRemoved = removed;
    }

    /** The SIM asks for its PIN, or no longer does. */
    void pinRequired(boolean on) {
        pinRequired = on;
    }

    /** A modem that takes {@code ms} over each answer. */
    void slow(long ms) {
        delayMs = Math.max(0, ms);
    }

    long delayMs() {
        return delayMs;
    }

    /** A modem that stops answering (a hung firmware), or answers again. */
    void silent(boolean on) {
        silent = on;
    }

    /** A modem reset: every logical channel and setting lost, the card powered again; the modem says {@code RDY}. */
    synchronized List<String> reset() {
        sessions.clear();
        nextSession = 1;
        echo = true;
        cmee = 0;
        card.resetBridged();
        return List.of("RDY");
    }

    /**
     * The modem's answer to one command line (without its CR): its echo when echo is on, then its lines; nothing from a
     * silent modem. Each line is sent framed in CR LF by the port.
     */
    synchronized Answer answer(String line) {
        String echoed = echo ? line : null;
        if (silent) {
            return new Answer(echoed, List.of());
        }
        return new Answer(echoed, execute(line.trim()));
    }

    /** What the port writes back: the echo (raw, followed by CR), then the lines. */
    record Answer(String echo, List<String> lines) {
    }

    private List<String> execute(String line) {
        String upper = line.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("AT")) {
            return List.of("ERROR");
        }
        switch (upper) {
            case "AT":
            case "ATV1":
            case "AT+CSIM=?":
            case "AT+CCHO=?":
            case "AT+CGLA=?":
            case "AT+CCHC=?":
                return ok();
            case "ATE0":
                echo = false;
                return ok();
            case "ATE1":
            case "ATE":
                echo = true;
                return ok();
            case "ATI":
                return ok("SC Gateway", "Simulated modem", "Revision: 1");
            case "AT+CGMI":
                return ok("SC Gateway");
            case "AT+CGMM":
                return ok("Simulated modem");
            case "AT+CPIN?":
                return simRemoved ? cme(10) : ok(pinRequired ? "+CPIN: SIM PIN" : "+CPIN: READY");
            default:
                break;
        }
        if (upper.startsWith("AT+CMEE=")) {
            String v = upper.substring("AT+CMEE=".length());
            if (!v.matches("[012]")) {
                return List.of("ERROR");
            }
            cmee = Integer.parseInt(v);
            return ok();
        }
        Matcher m;
        if ((m = CSIM.matcher(line)).matches()) {
            return simRemoved ? cme(10) : pinRequired ? cme(11) : csim(Integer.parseInt(m.group(1)), m.group(2));
        }
        if ((m = CCHO.matcher(line)).matches()) {
            return simRemoved ? cme(10) : pinRequired ? cme(11) : ccho(HEX.parseHex(m.group(1)));
        }
        if ((m = CGLA.matcher(line)).matches()) {
            return simRemoved ? cme(10) : pinRequired ? cme(11) : cgla(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3));
        }
        if ((m = CCHC.matcher(line)).matches()) {
            return simRemoved ? cme(10) : pinRequired ? cme(11) : cchc(Integer.parseInt(m.group(1)));
        }
        return List.of("ERROR");
    }

    private List<String> csim(int length, String hex) {
        CommandApdu command = command(length, hex);
        if (command == null) {
            return cme(50); // incorrect parameters
        }
        // Sent as it is (TS 27.007 8.17): a MANAGE CHANNEL, or a command on a channel it opened, included.
        return ok(apdu("+CSIM: ", card.transmitBridged(command)));
    }

    /** Opens a channel and selects the application in it, as TS 27.007 8.45 has the MT do; a failed selection closes it again. */
    private List<String> ccho(byte[] aid) {
        ResponseApdu opened = card.transmitBridged(CommandApdu.of(0x00, 0x70, 0x00, 0x00, 1));
        if (opened.sw() != 0x9000 || opened.data().length != 1) {
            return cme(opened.sw() == 0x6A81 ? 3 : 13);
        }
        int channel = opened.data()[0];
        ResponseApdu selected = card.transmitBridged(CommandApdu.of(0x00, 0xA4, 0x04, 0x00, aid, 256).onChannel(channel));
        if (selected.sw() != 0x9000 && selected.sw() >> 8 != 0x61) {
            card.transmitBridged(CommandApdu.of(0x00, 0x70, 0x80, channel).onChannel(0));
            return cme(selected.sw() == 0x6A82 ? 100 : 13); // the application is not there
        }
        int session = nextSession++;
        sessions.put(session, channel);
        return ok(String.valueOf(session));
    }

    private List<String> cgla(int session, int length, String hex) {
        Integer channel = sessions.get(session);
        if (channel == null) {
            return cme(3); // no such session
        }
        CommandApdu command = command(length, hex);
        if (command == null) {
            return cme(50);
        }
        return ok(apdu("+CGLA: ", card.transmitBridged(command.onChannel(channel))));
    }

    private List<String> cchc(int session) {
        Integer channel = sessions.remove(session);
        if (channel == null) {
            return cme(3);
        }
        card.transmitBridged(CommandApdu.of(0x00, 0x70, 0x80, channel));
        return ok();
    }

    /** The command of a +CSIM or +CGLA line; null when its length is not its characters' or it is no APDU. */
    private static CommandApdu command(int length, String hex) {
        if (hex.length() != length || length % 2 != 0) {
            return null;
        }
        try {
            return CommandApdu.parse(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String apdu(String prefix, ResponseApdu response) {
        String hex = HEX.formatHex(response.toBytes());
        return prefix + hex.length() + ",\"" + hex + "\"";
    }

    private static List<String> ok(String... information) {
        List<String> lines = new ArrayList<>(List.of(information));
        lines.add("OK");
        return lines;
    }

    private List<String> cme(int code) {
        switch (cmee) {
            case 1:
                return List.of("+CME ERROR: " + code);
            case 2:
                return List.of("+CME ERROR: " + VERBOSE.getOrDefault(code, "unknown"));
            default:
                return List.of("ERROR");
        }
    }

    /** TS 27.007 9.2.1's texts of the codes this modem gives. */
    private static final Map<Integer, String> VERBOSE = Map.of(3, "operation not allowed", 10, "SIM not inserted", 13, "SIM failure",
            50, "Incorrect parameters", 100, "unknown");
}
