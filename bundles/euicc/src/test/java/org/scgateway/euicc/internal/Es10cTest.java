package org.scgateway.euicc.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.HexFormat;
import java.util.List;

import org.junit.Test;
import org.scgateway.api.euicc.EuiccException;
import org.scgateway.api.euicc.Iccid;
import org.scgateway.api.euicc.Profile;
import org.scgateway.api.se.Aid;
import org.scgateway.api.se.CommandApdu;

/** The ES10c APDU vectors of the project's eUICC reference note (pySim's test ICCID and ISD-P AID). */
public class Es10cTest {

    private static final Iccid ICCID = Iccid.of("89000123456789012341");
    private static final Aid ISDP = Aid.of(HexFormat.of().parseHex("A0000005591010FFFFFFFF8900001000"));

    @Test
    public void requestsEncodeAsTheVectorsByteForByte() {
        assertEquals("80E2910006BF3E035C015A00", apdu(Es10c.getEid()));
        assertEquals("80E2910003BF2D0000", apdu(Es10c.getProfilesInfo()));
        assertEquals("80E2910014BF3111A00C5A0A980010325476981032148101FF00", apdu(Es10c.enable(ICCID, true)));
        assertEquals("80E291001ABF3217A0124F10A0000005591010FFFFFFFF890000100081010000", apdu(Es10c.disable(ISDP, false)));
        assertEquals("80E291000FBF330C5A0A9800103254769810321400", apdu(Es10c.delete(ICCID)));
    }

    @Test
    public void anOkAnswerPassesAndAnErrorIsNamed() throws Exception {
        Es10c.result(HexFormat.of().parseHex("BF3103800100"), Es10c.ENABLE_PROFILE, "EnableProfile");
        EuiccException e = assertThrows(EuiccException.class,
                () -> Es10c.result(HexFormat.of().parseHex("BF3103800103"), Es10c.ENABLE_PROFILE, "EnableProfile"));
        assertEquals(EuiccException.Result.DISALLOWED_BY_POLICY, e.result());
        assertEquals("EnableProfile answered 3 (disallowed by policy)", e.getMessage());
        EuiccException malformed = assertThrows(EuiccException.class,
                () -> Es10c.result(HexFormat.of().parseHex("BF3203800100"), Es10c.ENABLE_PROFILE, "EnableProfile"));
        assertEquals("the eUICC's answer to EnableProfile is malformed: the answer is tag BF32, not BF31", malformed.getMessage());
    }

    @Test
    public void aProfileListDecodesWithStatePolicyRulesAndFallback() throws Exception {
        // BF2D { A0 { E3 { 5A iccid, 4F aid, 9F70 01, 90 "home", 95 02, 99 06 40 (ppr1), 9F26 FF } } }
        String e3 = "5A0A98001032547698103214" + "4F10A0000005591010FFFFFFFF8900001000" + "9F700101" + "9004686F6D65"
                + "950102" + "99020640" + "9F2601FF";
        String answer = "BF2D" + len(e3.length() / 2 + 4) + "A0" + len(e3.length() / 2 + 2) + "E3" + len(e3.length() / 2) + e3;
        List<Profile> profiles = Es10c.profiles(HexFormat.of().parseHex(answer));
        assertEquals(1, profiles.size());
        Profile p = profiles.get(0);
        assertEquals(ICCID, p.iccid());
        assertEquals(ISDP, p.isdpAid());
        assertEquals(Profile.State.ENABLED, p.state());
        assertEquals(Profile.ProfileClass.OPERATIONAL, p.profileClass());
        assertEquals("home", p.nickname().orElseThrow());
        assertEquals(java.util.Set.of(Profile.PolicyRule.DISABLING_NOT_ALLOWED), p.policyRules());
        assertEquals(true, p.isFallback());
        assertEquals("0640", HexFormat.of().withUpperCase().formatHex(Es10c.policyRuleBits(p.policyRules())));
    }

    private static String apdu(byte[] request) {
        CommandApdu[] commands = StoreData.commands(request);
        assertEquals(1, commands.length);
        return HexFormat.of().withUpperCase().formatHex(commands[0].toBytes());
    }

    private static String len(int n) {
        return String.format("%02X", n);
    }
}
