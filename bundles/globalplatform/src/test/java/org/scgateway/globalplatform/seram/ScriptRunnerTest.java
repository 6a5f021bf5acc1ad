package org.scgateway.globalplatform.seram;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.HexFormat;
import java.util.Optional;

import org.junit.Test;
import org.scgateway.api.se.Aid;
import org.scgateway.globalplatform.scp03.Scp03Keys;
import org.scgateway.globalplatform.scp03.SecurityLevel;
import org.scgateway.globalplatform.seram.ScriptOutcome.Status;

/** Scripts on a card whose application keeps a file behind SCP03, as a bootstrap card's PKCS#15 application does. */
public class ScriptRunnerTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    /** SELECT by path 7FFF/6432, READ BINARY of its first 4 bytes. */
    private static final String READ_HEADER = "AA12" + "2209" + "00A4080C047FFF6432" + "2205" + "00B0000004";
    private static final Optional<SecurityLevel> FULL = Optional.of(SecurityLevel.of(0x33));

    private final SecuredFileCard card = new SecuredFileCard(keys(0x00).get());

    @Test
    public void aScriptInsideScp03ReadsTheFile() throws Exception {
        ScriptOutcome o = run(READ_HEADER, Optional.of(SecuredFileCard.APPLICATION), FULL, keys(0x00));
        assertEquals(o.description(), Status.OK, o.status());
        assertEquals("two R-APDUs: 9000 for the SELECT, the header and 9000 for the READ", "AB0F" + "800102" + "23029000" + "2306" + "0002003E9000",
                HEX.formatHex(o.response()));
        assertEquals("the channel is closed", 0, card.openChannels);
    }

    @Test
    public void withoutTheSecureChannelTheCardRefusesAndTheScriptStops() throws Exception {
        ScriptOutcome o = run(READ_HEADER, Optional.of(SecuredFileCard.APPLICATION), Optional.empty(), Optional.empty());
        assertEquals(o.description(), Status.STOPPED_AT_ERROR, o.status());
        assertEquals("AB07" + "800101" + "23026982", HEX.formatHex(o.response()));
        assertTrue(o.description(), o.description().contains("C-APDU 1 of 2 (INS A4)") && o.description().contains("the 1 after it did not run"));
    }

    @Test
    public void anErrorInTheMiddleStopsTheRest() throws Exception {
        String script = "AA1D" + "2209" + "00A4080C047FFF6432" + "2209" + "00A4080C047FFF0BAD" + "2205" + "00B0000004";
        ScriptOutcome o = run(script, Optional.of(SecuredFileCard.APPLICATION), FULL, keys(0x00));
        assertEquals(Status.STOPPED_AT_ERROR, o.status());
        assertEquals("two executed: the second answered 6A82", "AB0B" + "800102" + "23029000" + "23026A82", HEX.formatHex(o.response()));
    }

    @Test
    public void wrongKeysAreASecurityErrorAndRunNothing() throws Exception {
        ScriptOutcome o = run(READ_HEADER, Optional.of(SecuredFileCard.APPLICATION), FULL, keys(0x55));
        assertEquals(Status.SECURITY_ERROR, o.status());
        assertEquals("AB03800100", HEX.formatHex(o.response()));
        assertEquals(0, card.openChannels);
    }

    @Test
    public void aSecureChannelWithoutKeysIsASecurityErrorNamingTheCard() throws Exception {
        ScriptOutcome o = run(READ_HEADER, Optional.of(SecuredFileCard.APPLICATION), FULL, Optional.empty());
        assertEquals(Status.SECURITY_ERROR, o.status());
        assertTrue(o.description(), o.description().contains("no SCP03 keys are provisioned for card secured-file-card"));
        assertEquals(0, card.openChannels);
    }

    /**
     * A SELECT of another application inside the session: a GlobalPlatform card ends the session and refuses it
     * (6882, secure messaging not supported). That is a security error, not a lost component nor a plain error
     * status: the card is there, the channel is gone; the rest does not run.
     */
    @Test
    public void aSecureMessagingFailureMidScriptIsASecurityErrorNotALostComponent() throws Exception {
        String script = "AA17" + "220E" + "00A4040008A00000015100000000" + "2205" + "00B0000004";
        ScriptOutcome o = run(script, Optional.of(SecuredFileCard.APPLICATION), FULL, keys(0x00));
        assertEquals(o.description(), Status.SECURITY_ERROR, o.status());
        assertTrue(o.description(), o.description().startsWith("C-APDU 1 of 2 (INS A4): the card refused its secure messaging (6882)"));
        assertEquals("the R-APDU that said so", "AB07" + "800101" + "23026882", HEX.formatHex(o.response()));
        for (int sw : new int[] {0x6882, 0x6987, 0x6988}) {
            assertTrue(ScriptRunner.isSecureMessagingError(sw));
        }
        assertTrue(!ScriptRunner.isSecureMessagingError(0x6982));
    }

    @Test
    public void anApplicationTheCardLacksIsNamed() throws Exception {
        ScriptOutcome o = run(READ_HEADER, Optional.of(Aid.fromHex("A0000000FFFFFF")), Optional.empty(), Optional.empty());
        assertEquals(o.description(), Status.UNKNOWN_APPLICATION, o.status());
        assertTrue(o.description(), o.description().contains("A0000000FFFFFF"));
        assertEquals("nothing executed", "AB03800100", HEX.formatHex(o.response()));
    }

    @Test
    public void errorAndWarningStatusesAreToldApart() {
        for (int sw : new int[] {0x9000, 0x6110, 0x9120, 0x6283, 0x62F1, 0x63C2}) {
            assertTrue(Integer.toHexString(sw), ScriptRunner.goesOn(sw));
        }
        for (int sw : new int[] {0x6A82, 0x6982, 0x6D00, 0x6700, 0x6F00}) {
            assertTrue(Integer.toHexString(sw), !ScriptRunner.goesOn(sw));
        }
    }

    private ScriptOutcome run(String script, Optional<Aid> target, Optional<SecurityLevel> level, Optional<Scp03Keys> keys)
            throws Exception {
        return ScriptRunner.run(card, RemoteScript.parse(HEX.parseHex(script)), target, level, keys);
    }

    /** Keys ENC base.., MAC base+16.., DEK base+32.., version 30. */
    private static Optional<Scp03Keys> keys(int base) {
        byte[][] k = new byte[3][16];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 16; j++) {
                k[i][j] = (byte) (base + i * 16 + j);
            }
        }
        return Optional.of(Scp03Keys.of(0x30, k[0], k[1], k[2]));
    }
}
