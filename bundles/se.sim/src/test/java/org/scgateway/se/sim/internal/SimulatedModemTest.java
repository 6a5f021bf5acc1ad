package org.scgateway.se.sim.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.util.List;

import org.junit.Before;
import org.junit.Test;

/** The simulated modem's AT port, as TS 27.007 has a modem answer for its SIM. */
public class SimulatedModemTest {

    private SimulatedModem modem;

    @Before
    public void modemWithTheBuiltInCard() throws Exception {
        byte[] json;
        try (InputStream in = SimulatedModemTest.class.getResourceAsStream("/profiles/default.json")) {
            json = in.readAllBytes();
        }
        modem = new SimulatedModem(CardProfile.parse(json).newCard(() -> { }));
    }

    private List<String> lines(String command) {
        return modem.answer(command).lines();
    }

    @Test
    public void echoIsOnUntilTurnedOffAndErrorsFollowCmee() {
        assertEquals("AT", modem.answer("AT").echo());
        assertEquals(List.of("OK"), lines("ATE0"));
        assertNull(modem.answer("AT").echo());
        assertEquals(List.of("+CPIN: READY", "OK"), lines("AT+CPIN?"));
        assertEquals(List.of("ERROR"), lines("AT+CGLA=9,4,\"0000\""));
        lines("AT+CMEE=1");
        assertEquals(List.of("+CME ERROR: 3"), lines("AT+CGLA=9,4,\"0000\""));
        lines("AT+CMEE=2");
        modem.simRemoved(true);
        assertEquals(List.of("+CME ERROR: SIM not inserted"), lines("AT+CPIN?"));
        assertEquals(List.of("+CME ERROR: SIM not inserted"), lines("AT+CSIM=10,\"00A4000000\""));
        modem.simRemoved(false);
        assertEquals(List.of("+CPIN: READY", "OK"), lines("AT+CPIN?"));
    }

    @Test
    public void csimReachesTheBasicChannel() {
        List<String> select = lines("AT+CSIM=28,\"00A4040008A00000015100000000\""); // the ISD
        assertEquals("OK", select.get(1));
        assertTrue(select.get(0), select.get(0).startsWith("+CSIM: ") && select.get(0).endsWith("9000\""));
        assertEquals("a length that is not the characters'", List.of("ERROR"), lines("AT+CSIM=4,\"00A4040008A00000015100000000\""));
    }

    /** CCHO opens a channel with the application selected; the modem puts the channel into each CGLA's class byte. */
    @Test
    public void logicalChannelsAreTheModemsToNumber() {
        List<String> opened = lines("AT+CCHO=\"F0534347574352454401\"");
        assertEquals(2, opened.size());
        int session = Integer.parseInt(opened.get(0));
        // GET DATA of the ISD's key information is not this application's: a plain command the application answers.
        List<String> answered = lines("AT+CGLA=" + session + ",10,\"00CA006600\"");
        assertEquals("OK", answered.get(1));
        assertTrue(answered.get(0), answered.get(0).startsWith("+CGLA: "));
        assertEquals(List.of("OK"), lines("AT+CCHC=" + session));
        assertEquals("closed", List.of("ERROR"), lines("AT+CGLA=" + session + ",10,\"00CA006600\""));
        assertEquals("no such application", List.of("ERROR"), lines("AT+CCHO=\"A0000000000001\""));
    }

    @Test
    public void aSilentModemAnswersNothingAndAResetLosesTheSessions() {
        int session = Integer.parseInt(lines("AT+CCHO=\"F0534347574352454401\"").get(0));
        modem.silent(true);
        assertEquals(List.of(), lines("AT"));
        modem.silent(false);
        assertEquals(List.of("RDY"), modem.reset());
        assertEquals(List.of("ERROR"), lines("AT+CGLA=" + session + ",10,\"00CA006600\""));
    }
}
