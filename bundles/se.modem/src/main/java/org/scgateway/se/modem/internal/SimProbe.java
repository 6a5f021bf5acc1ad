package org.scgateway.se.modem.internal;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

import org.scgateway.api.component.Identification;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.ResponseChain;

/**
 * What the driver asks a port before it offers the SIM behind it: whether a modem answers ({@code AT}), the settings
 * the driver's parsing relies on (no echo, verbose result codes, numeric {@code +CME ERROR}), whether the SIM is ready
 * ({@code AT+CPIN?}: a SIM waiting for its PIN is not offered), what the modem is ({@code +CGMI}, {@code +CGMM}, for the
 * logs), and the SIM's ICCID, read from EF ICCID through {@code +CSIM} (a SELECT the issue asks for, and the SIM's
 * identity: the element's id follows it, so another SIM in the same modem is another element).
 */
final class SimProbe {

    /** Item of the identification: the modem's manufacturer and model, as it names them. */
    static final String MODEM = "modem";

    /** What a probe found: the modem's name and the SIM's identification. */
    record Found(String modem, Optional<String> iccid, Identification identification) {
    }

    private SimProbe() {
    }

    /**
     * @throws AtException when no modem answers, or the SIM is not ready (the message says which, never data)
     */
    static Found probe(AtPort port) throws AtException {
        AtException last = null;
        for (int i = 0; i < 3; i++) { // the first command after a port opens may meet a modem's half-read line
            try {
                port.run(new AtExchange("AT", "", false));
                last = null;
                break;
            } catch (AtException e) {
                last = e;
                if (e.isTimeout() || e.isBusy()) {
                    break; // a silent modem or a held port: the next scan tries again
                }
            }
        }
        if (last != null) {
            throw last;
        }
        port.run(new AtExchange("ATE0", "", false));
        port.run(new AtExchange("ATV1", "", false));
        port.run(new AtExchange("AT+CMEE=1", "", false));
        String pin = port.run(new AtExchange("AT+CPIN?", "+CPIN:", false)).value();
        if (!pin.equals("READY")) {
            throw new AtException(port.name() + ": the SIM is not ready (+CPIN: " + pin + ")");
        }
        String modem = (optional(port, "AT+CGMI") + " " + optional(port, "AT+CGMM")).trim();
        Identification.Builder id = Identification.builder();
        Optional<String> iccid = Optional.empty();
        byte[] raw = iccid(port);
        if (raw != null) {
            id.put(Identification.ICCID, raw);
            iccid = Optional.of(digits(raw));
        }
        if (!modem.isEmpty()) {
            id.put(MODEM, modem.getBytes(StandardCharsets.US_ASCII));
        }
        return new Found(modem.isEmpty() ? "a modem" : modem, iccid, id.build());
    }

    /** EF ICCID (2FE2 under the MF, ETSI TS 102 221 13.2): 10 bytes; null when the SIM has none to read. */
    private static byte[] iccid(AtPort port) throws AtException {
        if (!csim(port, CommandApdu.of(0x00, 0xA4, 0x00, 0x0C, new byte[] {0x3F, 0x00})).isOk()
                || !csim(port, CommandApdu.of(0x00, 0xA4, 0x00, 0x0C, new byte[] {0x2F, (byte) 0xE2})).isOk()) {
            return null;
        }
        ResponseApdu r = csim(port, CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 10));
        return r.isOk() && r.data().length == 10 ? r.data() : null;
    }

    private static ResponseApdu csim(AtPort port, CommandApdu command) throws AtException {
        try (AtPort.Hold held = port.hold("+CSIM")) {
            return ResponseChain.whole(command, c -> SimCommands.response(port.run(SimCommands.csim(c))), AtException::new);
        }
    }

    /** The swapped-nibble BCD of EF ICCID as digits, the filler F dropped. */
    static String digits(byte[] bcd) {
        StringBuilder s = new StringBuilder();
        for (byte b : bcd) {
            s.append(HexFormat.of().toHexDigits(b).charAt(1)).append(HexFormat.of().toHexDigits(b).charAt(0));
        }
        return s.toString().replace("f", "").toUpperCase();
    }

    /** An information text (+CGMI's "Quectel"), or empty: not every modem answers these, and they only name it. */
    private static String optional(AtPort port, String command) throws AtException {
        try {
            AtExchange answered = port.run(AtExchange.text(command));
            return answered.information().isEmpty() ? "" : answered.information().get(0).replaceFirst("^\\+CGM[IM]:\\s*", "").strip();
        } catch (AtException e) {
            if (e.isTimeout() || e.result() == null) {
                throw e;
            }
            return "";
        }
    }
}
