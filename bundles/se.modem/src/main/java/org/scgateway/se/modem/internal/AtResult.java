package org.scgateway.se.modem.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The final result code of an AT command (ITU-T V.250 5.7, 3GPP TS 27.007 9.2): {@code OK}, {@code ERROR}, or a
 * {@code +CME ERROR} in its numeric ({@code AT+CMEE=1}) or verbose ({@code AT+CMEE=2}) form, which are the same error.
 */
final class AtResult {

    /** The +CME ERROR codes of TS 27.007 9.2.1 a SIM access meets, with their verbose texts. */
    static final int OPERATION_NOT_ALLOWED = 3;
    static final int OPERATION_NOT_SUPPORTED = 4;
    static final int SIM_NOT_INSERTED = 10;
    static final int SIM_PIN_REQUIRED = 11;
    static final int SIM_PUK_REQUIRED = 12;
    static final int SIM_FAILURE = 13;
    static final int SIM_BUSY = 14;
    static final int SIM_WRONG = 15;
    static final int UNKNOWN = 100;

    private static final Map<Integer, String> VERBOSE = Map.of(OPERATION_NOT_ALLOWED, "operation not allowed", OPERATION_NOT_SUPPORTED,
            "operation not supported", SIM_NOT_INSERTED, "SIM not inserted", SIM_PIN_REQUIRED, "SIM PIN required", SIM_PUK_REQUIRED,
            "SIM PUK required", SIM_FAILURE, "SIM failure", SIM_BUSY, "SIM busy", SIM_WRONG, "SIM wrong", UNKNOWN, "unknown");

    static final AtResult OK = new AtResult(true, -1, "OK");
    static final AtResult ERROR = new AtResult(false, -1, "ERROR");

    private final boolean ok;
    private final int code;
    private final String text;

    private AtResult(boolean ok, int code, String text) {
        this.ok = ok;
        this.code = code;
        this.text = text;
    }

    /**
     * The final result code {@code line} is, if it is one. Verbose result codes only (V.250 {@code ATV1}, which the
     * driver sets): in numeric mode {@code 0} would be both OK and a session id.
     */
    static Optional<AtResult> parse(String line) {
        if (line.equals("OK")) {
            return Optional.of(OK);
        }
        if (line.equals("ERROR")) {
            return Optional.of(ERROR);
        }
        if (line.startsWith("+CME ERROR:")) {
            return Optional.of(cme(line.substring("+CME ERROR:".length()).trim()));
        }
        if (line.startsWith("+CMS ERROR:")) {
            return Optional.of(new AtResult(false, -1, line));
        }
        if (line.equals("NO CARRIER") || line.equals("BUSY") || line.equals("NO ANSWER") || line.equals("NO DIALTONE")) {
            return Optional.of(new AtResult(false, -1, line));
        }
        return Optional.empty();
    }

    /** A +CME ERROR, numeric or verbose; a verbose text of the table gets its number. */
    static AtResult cme(String value) {
        if (value.matches("\\d{1,5}")) {
            int code = Integer.parseInt(value);
            return new AtResult(false, code, VERBOSE.getOrDefault(code, "error " + code));
        }
        String lower = value.toLowerCase(Locale.ROOT);
        return VERBOSE.entrySet().stream().filter(e -> e.getValue().toLowerCase(Locale.ROOT).equals(lower)).findFirst()
                .map(e -> new AtResult(false, e.getKey(), e.getValue())).orElse(new AtResult(false, -1, value));
    }

    boolean isOk() {
        return ok;
    }

    /** The +CME ERROR number, or -1 for another result (or a verbose text outside the table). */
    int cmeCode() {
        return code;
    }

    /** The SIM is not there, or not usable for now: the element is withdrawn rather than the command merely failed. */
    boolean simGone() {
        return code == SIM_NOT_INSERTED || code == SIM_FAILURE || code == SIM_WRONG;
    }

    @Override
    public String toString() {
        return ok ? "OK" : code >= 0 ? "+CME ERROR " + code + " (" + text + ")" : text;
    }
}
