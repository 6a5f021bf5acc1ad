package org.scgateway.globalplatform.seram;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.HexFormat;
import java.util.List;

import org.junit.Test;
import org.scgateway.api.se.ResponseApdu;

/** The expanded remote command format of ETSI TS 102 226, with the examples of shared/reference/remote-admin.md. */
public class RemoteScriptTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    @Test
    public void theDefiniteExampleIsOneCommand() throws Exception {
        RemoteScript s = RemoteScript.parse(HEX.parseHex("AA072205" + "80E2900000"));
        assertEquals(1, s.commands().size());
        assertEquals(0xE2, s.commands().get(0).ins());
        assertEquals(false, s.indefinite());
    }

    @Test
    public void theIndefiniteExampleIsOneCommand() throws Exception {
        RemoteScript s = RemoteScript.parse(HEX.parseHex("AE80" + "2205" + "80E2900000" + "0000"));
        assertEquals(1, s.commands().size());
        assertTrue(s.indefinite());
    }

    @Test
    public void actionsAreTakenAndCommandsKeepTheirOrder() throws Exception {
        RemoteScript s = RemoteScript.parse(HEX.parseHex("AA0F" + "8100" + "2205" + "00A4040000" + "2204" + "00B00000"));
        assertEquals(List.of(0xA4, 0xB0), s.commands().stream().map(c -> c.ins()).toList());
    }

    @Test
    public void aLongScriptUsesTwoLengthBytes() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            body.append("2205").append("80CA9F7F00");
        }
        RemoteScript s = RemoteScript.parse(HEX.parseHex("AA81D2" + body));
        assertEquals(30, s.commands().size());
    }

    @Test
    public void responsesCountAndCarryEachRApdu() {
        byte[] r = RemoteScript.response(false, List.of(ResponseApdu.of(new byte[] {1, 2}, 0x9000), ResponseApdu.of(new byte[0], 0x6A82)));
        assertEquals("AB0D" + "800102" + "2304" + "01029000" + "23026A82", HEX.formatHex(r));
        byte[] indefinite = RemoteScript.response(true, List.of(ResponseApdu.of(new byte[0], 0x9000)));
        assertEquals("AF80" + "800101" + "23029000" + "0000", HEX.formatHex(indefinite));
    }

    @Test
    public void badFormatsAreNamedWithTheirCode() {
        assertFault("BB072205" + "80E2900000", ScriptFormatException.Fault.UNKNOWN_TAG, "starts with AA");
        assertFault("AA072405" + "80E2900000", ScriptFormatException.Fault.UNKNOWN_TAG, "unknown tag 24 at byte 2");
        assertFault("AA082205" + "80E2900000", ScriptFormatException.Fault.WRONG_LENGTH, "announces 8 bytes and holds 7");
        assertFault("AA072206" + "80E2900000", ScriptFormatException.Fault.WRONG_LENGTH, "the 22 at byte 2 announces 6 bytes; 5 are left");
        assertFault("AA", ScriptFormatException.Fault.LENGTH_NOT_FOUND, "ends where a length should be");
        assertFault("AE80" + "2204" + "00B00004", ScriptFormatException.Fault.LENGTH_NOT_FOUND, "does not end with 00 00");
        assertFault("AA03" + "220180", ScriptFormatException.Fault.WRONG_LENGTH, "is not one");
        assertFault("AA00", ScriptFormatException.Fault.WRONG_LENGTH, "no C-APDU");
    }

    @Test
    public void aBadScriptIsAnsweredWithNothingExecutedAndTheFault() {
        ScriptFormatException e = assertThrows(ScriptFormatException.class, () -> RemoteScript.parse(HEX.parseHex("AE80" + "2405" + "80E2900000" + "0000")));
        assertArrayEquals(HEX.parseHex("AF80" + "800100" + "900101" + "0000"), e.response());
    }

    private static void assertFault(String hex, ScriptFormatException.Fault fault, String says) {
        ScriptFormatException e = assertThrows(ScriptFormatException.class, () -> RemoteScript.parse(HEX.parseHex(hex)));
        assertEquals(hex, fault, e.fault());
        assertTrue(e.getMessage(), e.getMessage().contains(says));
    }
}
