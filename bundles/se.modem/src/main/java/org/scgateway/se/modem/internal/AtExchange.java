package org.scgateway.se.modem.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The answer to one AT command, line by line as the modem sends it: its echo (when echo is on) is skipped, the lines
 * of information text the command gives (those with its prefix, such as {@code +CSIM:}, or a bare number for
 * {@code +CCHO}) are kept, and every other line is an unsolicited result code (a {@code +CREG:}, a {@code RING}, a
 * {@code +QIND:}), which may arrive in the middle of an answer and is set aside for whoever wants it. A final result
 * code ends the answer.
 */
final class AtExchange {

    private final String command;
    private final String prefix;
    private final boolean bareNumber;
    /** Every line is information: for commands whose text has no prefix (+CGMI, +CGMM), read for the logs only. */
    private final boolean anyText;
    private final List<String> information = new ArrayList<>();
    private final List<String> unsolicited = new ArrayList<>();
    private AtResult result;

    /**
     * @param command the command line as sent, without its CR (its echo is recognised by it)
     * @param prefix the prefix of the command's information text, such as {@code +CSIM:}; empty for none
     * @param bareNumber whether a line that is a bare number is information (the session id +CCHO answers)
     */
    AtExchange(String command, String prefix, boolean bareNumber) {
        this(command, prefix, bareNumber, false);
    }

    private AtExchange(String command, String prefix, boolean bareNumber, boolean anyText) {
        this.command = command;
        this.prefix = prefix;
        this.bareNumber = bareNumber;
        this.anyText = anyText;
    }

    /**
     * A command answered by text without a prefix (TS 27.007 5.1's {@code +CGMI}, {@code +CGMM}): every line is taken as
     * its text, a URC among them too, so only for what names a modem in a log.
     */
    static AtExchange text(String command) {
        return new AtExchange(command, "", false, true);
    }

    /**
     * Takes one line (without its CR LF; empty lines are skipped by the caller or here).
     *
     * @return true when the line was the final result code: the answer is complete
     */
    boolean take(String line) {
        String l = line.strip();
        if (l.isEmpty() || result != null) {
            return result != null;
        }
        if (l.equalsIgnoreCase(command)) {
            return false; // the echo
        }
        Optional<AtResult> end = AtResult.parse(l);
        if (end.isPresent()) {
            result = end.get();
            return true;
        }
        if (anyText || !prefix.isEmpty() && l.startsWith(prefix) || bareNumber && l.matches("\\d{1,10}")) {
            information.add(l);
        } else {
            unsolicited.add(l);
        }
        return false;
    }

    /** The same command, to be sent again: a new, unanswered exchange. */
    AtExchange again() {
        return new AtExchange(command, prefix, bareNumber, anyText);
    }

    /** The command line, parameters and all: for the port only, never for a message. */
    String command() {
        return command;
    }

    /** The command's name without its parameters ({@code AT+CGLA}), for messages: the parameters may carry secrets. */
    String name() {
        return nameOf(command);
    }

    static String nameOf(String command) {
        int end = 0;
        while (end < command.length() && command.charAt(end) != '=' && command.charAt(end) != '?') {
            end++;
        }
        return command.substring(0, end);
    }

    /** The final result; null until the answer is complete. */
    AtResult result() {
        return result;
    }

    List<String> information() {
        return List.copyOf(information);
    }

    /** Unsolicited result codes that arrived while this command's answer was read. */
    List<String> unsolicited() {
        return List.copyOf(unsolicited);
    }

    /** The value after the prefix of the one information line, trimmed: {@code 4,"9000"} of {@code +CSIM: 4,"9000"}. */
    String value() throws AtException {
        if (information.size() != 1) {
            throw new AtException(name() + " answered " + information.size() + " lines of information, not one");
        }
        String l = information.get(0);
        return (l.startsWith(prefix) ? l.substring(prefix.length()) : l).trim();
    }
}
