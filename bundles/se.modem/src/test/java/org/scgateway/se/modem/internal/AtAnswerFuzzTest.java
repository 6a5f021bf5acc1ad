package org.scgateway.se.modem.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;

/**
 * What a modem sends back, read as the driver reads it (lines as {@link SerialLineTransport} cuts them, then
 * {@link AtExchange}, {@link AtResult} and {@link SimCommands}): an answer gives the response APDU that is written in it,
 * or the session id, or fails with {@link AtException} naming the command and what is wrong, never the data — never
 * another exception, never a hang. Regression inputs: {@code src/test/resources/.../AtAnswerFuzzTestInputs/}; fuzzing:
 * {@code bench/fuzz}.
 */
class AtAnswerFuzzTest {

    private static final CommandApdu SELECT_ISD = CommandApdu.of(0x00, 0xA4, 0x04, 0x00, HexFormat.of().parseHex("A000000151000000"), 256);
    private static final Set<String> OTHER_FINAL = Set.of("ERROR", "NO CARRIER", "BUSY", "NO ANSWER", "NO DIALTONE");

    /**
     * Every line is a final result code or not, one way: OK alone succeeds; a +CME ERROR's numeric and verbose forms are
     * the same error, and its number reads back to the same result.
     */
    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void finalResultCodesReadOneWay(byte[] input) {
        for (String line : lines(input)) {
            String l = line.strip();
            var parsed = AtResult.parse(l);
            boolean cme = l.startsWith("+CME ERROR:");
            boolean expected = l.equals("OK") || cme || l.startsWith("+CMS ERROR:") || OTHER_FINAL.contains(l);
            assertEquals(expected, parsed.isPresent(), l);
            if (parsed.isEmpty()) {
                continue;
            }
            AtResult r = parsed.get();
            assertEquals(l.equals("OK"), r.isOk(), l);
            assertNotNull(r.toString());
            if (!cme) {
                assertEquals(-1, r.cmeCode());
                continue;
            }
            String value = l.substring("+CME ERROR:".length()).trim();
            if (value.matches("[0-9]{1,5}")) {
                assertEquals(Integer.parseInt(value), r.cmeCode(), l);
            }
            if (r.cmeCode() >= 0) {
                AtResult numeric = AtResult.cme(Integer.toString(r.cmeCode()));
                assertEquals(r.cmeCode(), numeric.cmeCode());
                assertEquals(numeric.toString(), r.toString(), "the numeric and verbose forms are one error");
                String text = r.toString().substring(r.toString().indexOf('(') + 1, r.toString().length() - 1);
                if (!text.equals("error " + r.cmeCode())) {
                    assertEquals(r.cmeCode(), AtResult.cme(text.toUpperCase()).cmeCode(), "the verbose text reads back: " + text);
                }
            }
        }
    }

    /**
     * The lines of an answer to +CSIM, +CGLA or +CCHO: each one before the final result code is the echo, information or
     * an unsolicited result code, in order; an answer with OK gives the response APDU its hex says (with the length it
     * says), or the session id its number says, or an {@link AtException} that names the command and never carries the
     * response's hex.
     */
    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void answersGiveTheirApduOrSayWhatIsWrong(FuzzedDataProvider data) throws AtException {
        int kind = data.consumeInt(0, 2);
        AtExchange exchange = kind == 0 ? SimCommands.csim(SELECT_ISD) : kind == 1 ? SimCommands.cgla(1, SELECT_ISD) : SimCommands.ccho(
                HexFormat.of().parseHex("A000000151000000"));
        List<String> kept = new ArrayList<>();
        boolean done = false;
        for (String line : lines(data.consumeRemainingAsBytes())) {
            String l = line.strip();
            boolean finalCode = AtResult.parse(l).isPresent();
            done = exchange.take(line);
            if (!l.isEmpty() && !l.equalsIgnoreCase(exchange.command()) && !finalCode) {
                kept.add(l);
            }
            if (done) {
                break;
            }
        }
        List<String> seen = new ArrayList<>(exchange.information());
        seen.addAll(exchange.unsolicited());
        assertEquals(kept.size(), seen.size(), "each line is information or unsolicited, once");
        assertTrue(kept.containsAll(seen));
        if (!done) {
            assertEquals(null, exchange.result());
            return;
        }
        if (!exchange.result().isOk()) {
            return;
        }
        String name = exchange.name();
        if (kind == 2) {
            int session;
            try {
                session = SimCommands.session(exchange);
            } catch (AtException e) {
                assertSays(e, name, exchange);
                return;
            }
            assertTrue(session >= 0);
            String value = exchange.value();
            assertTrue(value.matches("[+-]?[0-9]+"), "a session id is a decimal number: " + value);
            assertEquals(new BigInteger(value).intValueExact(), session, "the session id is the number the modem said");
            return;
        }
        ResponseApdu r;
        try {
            r = SimCommands.response(exchange);
        } catch (AtException e) {
            assertSays(e, name, exchange);
            String quoted = quoted(exchange);
            if (quoted != null && quoted.matches("([0-9A-Fa-f]{2}){2,}")) {
                assertFalse(e.getMessage().contains("not hexadecimal"), "hexadecimal said not to be: " + e.getMessage());
            }
            return;
        }
        String value = exchange.value();
        String hex = HexFormat.of().formatHex(r.toBytes());
        assertEquals(hex, quoted(exchange).toLowerCase(), "the response is the hex of the answer");
        assertEquals(hex.length(), Integer.parseInt(value.substring(0, value.indexOf(',')).trim()), "with the length it says");
    }

    private static void assertSays(AtException e, String name, AtExchange exchange) {
        assertTrue(e.getMessage() != null && e.getMessage().startsWith(name), "names the command: " + e.getMessage());
        String quoted = quoted(exchange);
        if (quoted != null && quoted.length() >= 8) {
            assertFalse(e.getMessage().contains(quoted), "never the response's data: " + e.getMessage());
        }
    }

    /** The response part of the one information line, quotes taken off; null when there is no such line. */
    private static String quoted(AtExchange exchange) {
        try {
            String value = exchange.value();
            int comma = value.indexOf(',');
            if (comma < 0) {
                return null;
            }
            String hex = value.substring(comma + 1).trim();
            return hex.length() >= 2 && hex.startsWith("\"") && hex.endsWith("\"") ? hex.substring(1, hex.length() - 1) : hex;
        } catch (AtException e) {
            return null;
        }
    }

    /** The lines as {@link SerialLineTransport#receive} cuts them: at CR or LF, empty ones skipped, 8192 characters at most. */
    static List<String> lines(byte[] input) {
        List<String> out = new ArrayList<>();
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        for (byte b : input) {
            if (b == '\r' || b == '\n') {
                if (partial.size() > 0) {
                    out.add(partial.toString(StandardCharsets.US_ASCII));
                    partial.reset();
                }
            } else if (partial.size() < 8192) {
                partial.write(b);
            }
        }
        return out;
    }
}
