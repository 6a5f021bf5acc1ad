package org.scgateway.lwm2m.objects.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.HexFormat;
import java.util.Optional;

import org.junit.Before;
import org.junit.Test;
import org.scgateway.api.se.Aid;
import org.scgateway.api.se.SecureElement;
import org.scgateway.globalplatform.scp03.Scp03Keys;
import org.scgateway.globalplatform.scp03.SecurityLevel;
import org.scgateway.se.sim.internal.TestCards;

/** Scripts on the simulated card: its PKCS#15 application holds EF LwM2M_Bootstrap behind SCP03. */
public class ScriptRunnerTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final Aid PKCS15 = Aid.fromHex("A000000063504B43532D3135");
    /** SELECT by path 7FFF/6432 (EF LwM2M_Bootstrap), READ BINARY of its first 4 bytes (the file's header). */
    private static final String READ_HEADER = "AA12" + "2209" + "00A4080C047FFF6432" + "2205" + "00B0000004";

    private SecureElement card;

    @Before
    public void insert() throws Exception {
        card = TestCards.builtIn();
    }

    @Test
    public void aScriptInsideScp03ReadsTheBootstrapFilesHeader() throws Exception {
        ScriptRunner.Outcome o = run(READ_HEADER, Optional.of(PKCS15), Optional.of(SecurityLevel.of(0x33)), keys(0x00));
        assertEquals(o.description, ScriptRunner.Result.OK, o.result);
        assertEquals("two R-APDUs: 9000 for the SELECT, the header and 9000 for the READ", "AB0F" + "800102" + "23029000" + "2306" + "0002003E9000",
                HEX.formatHex(o.response));
    }

    @Test
    public void withoutTheSecureChannelTheCardRefusesAndTheScriptStops() throws Exception {
        ScriptRunner.Outcome o = run(READ_HEADER, Optional.of(PKCS15), Optional.empty(), Optional.empty());
        assertEquals(o.description, ScriptRunner.Result.STOPPED_AT_ERROR, o.result);
        assertTrue(HEX.formatHex(o.response), HEX.formatHex(o.response).startsWith("AB" + "07" + "800101" + "2302"));
        assertTrue(o.description, o.description.contains("C-APDU 1 of 2 (INS A4)") && o.description.contains("the 1 after it did not run"));
    }

    @Test
    public void anErrorInTheMiddleStopsTheRest() throws Exception {
        String script = "AA1D" + "2209" + "00A4080C047FFF6432" + "2209" + "00A4080C047FFF0BAD" + "2205" + "00B0000004";
        ScriptRunner.Outcome o = run(script, Optional.of(PKCS15), Optional.of(SecurityLevel.of(0x33)), keys(0x00));
        assertEquals(ScriptRunner.Result.STOPPED_AT_ERROR, o.result);
        assertEquals("two executed: the second answered 6A82", "AB0B" + "800102" + "23029000" + "23026A82", HEX.formatHex(o.response));
    }

    @Test
    public void wrongKeysAreASecurityErrorAndRunNothing() throws Exception {
        ScriptRunner.Outcome o = run(READ_HEADER, Optional.of(PKCS15), Optional.of(SecurityLevel.of(0x33)), keys(0x55));
        assertEquals(ScriptRunner.Result.SECURITY_ERROR, o.result);
        assertEquals("AB03800100", HEX.formatHex(o.response));
    }

    /**
     * A SELECT of another application inside the session (here the ISD): a GlobalPlatform card ends the session and
     * refuses it (6882, secure messaging not supported). That is a security error (6), not a lost component (7) nor
     * a plain error status (3): the card is there, the channel is gone; the rest does not run.
     */
    @Test
    public void aSecureMessagingFailureMidScriptIsASecurityErrorNotALostComponent() throws Exception {
        String script = "AA17" + "220E" + "00A4040008A00000015100000000" + "2205" + "00B0000004";
        ScriptRunner.Outcome o = run(script, Optional.of(PKCS15), Optional.of(SecurityLevel.of(0x33)), keys(0x00));
        assertEquals(o.description, ScriptRunner.Result.SECURITY_ERROR, o.result);
        assertTrue(o.description, o.description.startsWith("C-APDU 1 of 2 (INS A4): the card refused its secure messaging (6882)"));
        assertEquals("the R-APDU that said so", "AB07" + "800101" + "23026882", HEX.formatHex(o.response));
        for (int sw : new int[] {0x6882, 0x6987, 0x6988}) {
            assertTrue(ScriptRunner.isSecureMessagingError(sw));
        }
        assertTrue(!ScriptRunner.isSecureMessagingError(0x6982));
    }

    @Test
    public void anApplicationTheCardLacksIsNamed() throws Exception {
        ScriptRunner.Outcome o = run(READ_HEADER, Optional.of(Aid.fromHex("A0000000FFFFFF")), Optional.empty(), Optional.empty());
        assertEquals(o.description, ScriptRunner.Result.UNKNOWN_APPLICATION, o.result);
        assertTrue(o.description, o.description.contains("A0000000FFFFFF"));
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

    private ScriptRunner.Outcome run(String script, Optional<Aid> target, Optional<SecurityLevel> level, Optional<Scp03Keys> keys)
            throws Exception {
        return ScriptRunner.run(card, RemoteScript.parse(HEX.parseHex(script)), target, level, keys);
    }

    /** The built-in profile's keys (ENC 00..0F, MAC 10..1F, DEK 20..2F, version 30), or others starting at {@code base}. */
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
