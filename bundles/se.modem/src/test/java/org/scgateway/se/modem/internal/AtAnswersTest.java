package org.scgateway.se.modem.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

import org.junit.Test;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;

/** Answers as TS 27.007 gives them, with what modems add: echo, URCs in the middle, verbose errors, both +CCHO forms. */
public class AtAnswersTest {

    private static final CommandApdu SELECT_ISD = CommandApdu.of(0x00, 0xA4, 0x04, 0x00, HexFormat.of().parseHex("A000000151000000"), 256);

    /** A port whose modem answers each command with the lines given, in order. */
    private static final class Scripted implements LineTransport {
        final Deque<List<String>> answers = new ArrayDeque<>();
        final List<String> sent = new ArrayList<>();
        private final Deque<String> pending = new ArrayDeque<>();

        Scripted answer(String... lines) {
            answers.add(List.of(lines));
            return this;
        }

        @Override
        public void send(String line) {
            sent.add(line);
            pending.addAll(answers.isEmpty() ? List.of() : answers.poll());
        }

        @Override
        public String receive(long timeoutMillis) {
            return pending.poll();
        }

        @Override
        public List<String> discardInput() {
            List<String> stale = new ArrayList<>(pending);
            pending.clear();
            return stale;
        }

        @Override
        public void close() {
        }
    }

    private static AtPort port(Scripted modem, List<String> urcs) {
        return new AtPort("/dev/ttyUSB2", modem, 1_000, 1_000, line -> {
            urcs.add(line);
            return false; // none cuts a command short here
        });
    }

    @Test
    public void csimCarriesTheApduInHexWithItsLengthInCharacters() throws Exception {
        AtExchange e = SimCommands.csim(SELECT_ISD);
        assertEquals("AT+CSIM=28,\"00A4040008A00000015100000000\"", e.command());
        Scripted modem = new Scripted().answer("AT+CSIM=28,\"00A4040008A00000015100000000\"", "", "+CSIM: 8,\"6F009000\"", "", "OK");
        ResponseApdu r = SimCommands.response(port(modem, new ArrayList<>()).run(e));
        assertEquals(0x9000, r.sw());
        assertEquals("6F00", HexFormat.of().withUpperCase().formatHex(r.data()));
    }

    @Test
    public void anUnsolicitedResultCodeInTheMiddleOfAnAnswerIsSetAside() throws Exception {
        List<String> urcs = new ArrayList<>();
        Scripted modem = new Scripted().answer("+CREG: 1", "+CGLA: 4,\"9000\"", "RING", "OK");
        AtExchange e = port(modem, urcs).run(SimCommands.cgla(1, SELECT_ISD));
        assertEquals(0x9000, SimCommands.response(e).sw());
        assertEquals(List.of("+CREG: 1", "RING"), urcs);
    }

    @Test
    public void bothFormsOfTheSessionIdAreRead() throws Exception {
        List<String> urcs = new ArrayList<>();
        assertEquals(3, SimCommands.session(port(new Scripted().answer("3", "OK"), urcs).run(SimCommands.ccho(new byte[] {(byte) 0xA0, 0}))));
        assertEquals(2, SimCommands.session(port(new Scripted().answer("+CCHO: 2", "OK"), urcs).run(SimCommands.ccho(new byte[] {1}))));
        assertTrue(urcs.isEmpty());
    }

    @Test
    public void numericAndVerboseCmeErrorsAreTheSameError() {
        Scripted modem = new Scripted().answer("+CME ERROR: 10").answer("+CME ERROR: SIM not inserted").answer("ERROR");
        AtPort port = port(modem, new ArrayList<>());
        AtException numeric = assertThrows(AtException.class, () -> port.run(SimCommands.csim(SELECT_ISD)));
        AtException verbose = assertThrows(AtException.class, () -> port.run(SimCommands.csim(SELECT_ISD)));
        assertEquals(AtResult.SIM_NOT_INSERTED, numeric.result().cmeCode());
        assertEquals(AtResult.SIM_NOT_INSERTED, verbose.result().cmeCode());
        assertTrue(numeric.result().simGone());
        AtException plain = assertThrows(AtException.class, () -> port.run(SimCommands.csim(SELECT_ISD)));
        assertFalse(plain.result().simGone());
        assertEquals("/dev/ttyUSB2: AT+CSIM answered ERROR", plain.getMessage());
    }

    @Test
    public void aSilentModemFailsNamingThePortAndCommandNeverItsData() {
        Scripted modem = new Scripted(); // answers nothing
        AtException e = assertThrows(AtException.class, () -> port(modem, new ArrayList<>()).run(SimCommands.cgla(1,
                CommandApdu.of(0x80, 0xD8, 0x00, 0x01, HexFormat.of().parseHex("8101018300112233445566778899")))));
        assertTrue(e.getMessage(), e.getMessage().startsWith("/dev/ttyUSB2: AT+CGLA got no final result code"));
        assertFalse("the APDU is not in the message: " + e.getMessage(), e.getMessage().contains("8899"));
    }

    @Test
    public void malformedResponsesAreNamed() {
        List<String> urcs = new ArrayList<>();
        for (String bad : new String[] {"+CSIM: 6,\"9000\"", "+CSIM: x,\"9000\"", "+CSIM: 4,\"90ZZ\"", "+CSIM: 2,\"90\"", "+CSIM: \"9000\""}) {
            AtException e = assertThrows(bad, AtException.class,
                    () -> SimCommands.response(port(new Scripted().answer(bad, "OK"), urcs).run(SimCommands.csim(SELECT_ISD))));
            assertTrue(e.getMessage(), e.getMessage().startsWith("AT+CSIM answered"));
        }
        assertThrows(AtException.class, () -> SimCommands.response(port(new Scripted().answer("OK"), urcs).run(SimCommands.csim(SELECT_ISD))));
    }
}
