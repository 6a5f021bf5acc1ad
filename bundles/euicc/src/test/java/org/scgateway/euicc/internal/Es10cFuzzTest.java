package org.scgateway.euicc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.scgateway.api.euicc.Eid;
import org.scgateway.api.euicc.EuiccException;
import org.scgateway.api.euicc.Iccid;
import org.scgateway.api.euicc.Profile;
import org.scgateway.api.se.Aid;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.globalplatform.tlv.BerTlv;
import org.scgateway.globalplatform.tlv.Tlv;
import org.scgateway.globalplatform.tlv.TlvException;

/**
 * The ISD-R's ES10c answers (SGP.22 §5.7), anything a card or modem may send: each decodes to a value, or throws
 * {@link EuiccException} saying what is wrong — never another exception, never a hang.
 * <ul>
 * <li>GetProfilesInfo: the profiles, one per ProfileInfo (E3) of the list, which encoded as ProfileInfo in the
 * canonical form (the fields the decoder reads, in order, DER) decode to the same profiles; an error (80) is an
 * exception with the card's result.</li>
 * <li>GetEID: an EID whose BCD is the first 5A that came.</li>
 * <li>The result of enable, disable and delete: returns only for a result (80) of 0, else the card's result.</li>
 * <li>The codecs' check of an answer APDU, SGP.02's included: returns only for 9000 (and for ES10c an ok result).</li>
 * </ul>
 * Regression inputs: {@code src/test/resources/.../Es10cFuzzTestInputs/}.
 */
class Es10cFuzzTest {

    private static final Profile TARGET = Profile.builder(Iccid.of("89000123456789012341"), Aid.fromHex("A0000005591010FFFFFFFF8900001000"))
            .build();

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void profilesReEncodeToThemselvesOrAreMalformed(byte[] answer) {
        List<Profile> profiles;
        try {
            profiles = Es10c.profiles(answer);
        } catch (EuiccException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isEmpty());
            Optional<Tlv> t = parse(answer);
            if (t.isPresent() && t.get().tag() == Es10c.GET_PROFILES_INFO && t.get().find(Es10c.RESULT).isPresent()) {
                byte[] v = t.get().find(Es10c.RESULT).get().value();
                if (v.length >= 1 && v.length <= 4 && code(v) > 1) {
                    assertEquals(EuiccException.Result.ofCode(code(v)), e.result(), "the card's error, as it said it");
                }
            }
            return;
        }
        Tlv t = BerTlv.parseOneStrict(answer);
        assertFalse(t.find(Es10c.RESULT).isPresent(), "an error is never a list");
        assertEquals(t.find(Es10c.CHOICE_OK).orElseThrow().findAll(Es10c.PROFILE_INFO).size(), profiles.size(), "one profile per E3");
        List<Tlv> infos = new ArrayList<>();
        for (Profile p : profiles) {
            infos.add(profileInfo(p));
        }
        byte[] canonical = Tlv.constructed(Es10c.GET_PROFILES_INFO, Tlv.constructed(Es10c.CHOICE_OK, infos)).encode();
        try {
            assertEquals(profiles, Es10c.profiles(canonical), "the canonical form decodes to the same profiles");
        } catch (EuiccException e) {
            throw new AssertionError("the canonical form of profiles decoded is refused: " + e.getMessage(), e);
        }
    }

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void eidIsTheBcdThatCameOrMalformed(byte[] answer) {
        Eid eid;
        try {
            eid = Es10c.eid(answer);
        } catch (EuiccException e) {
            assertEquals(EuiccException.Result.UNDEFINED, e.result());
            assertFalse(e.getMessage() == null || e.getMessage().isEmpty());
            return;
        }
        Tlv t = BerTlv.parseOneStrict(answer);
        assertEquals(Es10c.GET_EID, t.tag());
        assertArrayEquals(t.find(Es10c.ICCID).orElseThrow().value(), eid.toBcd(), "the EID is the BCD that came");
    }

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void resultIsOkOnlyForZero(byte[] answer) {
        int tag = answer.length > 0 && (answer[0] & 1) == 1 ? Es10c.DISABLE_PROFILE : Es10c.ENABLE_PROFILE;
        try {
            Es10c.result(answer, tag, "EnableProfile");
        } catch (EuiccException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isEmpty());
            Optional<Tlv> t = parse(answer);
            if (t.isPresent() && t.get().tag() == tag && t.get().find(Es10c.RESULT).isPresent()) {
                byte[] v = t.get().find(Es10c.RESULT).get().value();
                if (v.length >= 1 && v.length <= 4) {
                    assertTrue(code(v) != 0, "a result of 0 is ok");
                    assertEquals(EuiccException.Result.ofCode(code(v)), e.result());
                }
            }
            return;
        }
        Tlv t = BerTlv.parseOneStrict(answer);
        assertEquals(tag, t.tag());
        byte[] v = t.find(Es10c.RESULT).orElseThrow().value();
        assertTrue(v.length >= 1 && v.length <= 4 && code(v) == 0, "ok only for a result of 0");
    }

    /** Both codecs' check of the card's answer to an operation (data and status word, as the channel gives it). */
    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void codecsSayDoneOnlyFor9000(byte[] apdu) {
        ResponseApdu answer;
        try {
            answer = ResponseApdu.parse(apdu);
        } catch (IllegalArgumentException e) {
            return; // no status word: the channel never gives such an answer
        }
        IsdrCodec.Operation operation = IsdrCodec.Operation.values()[(apdu[0] & 0xFF) % IsdrCodec.Operation.values().length];
        for (IsdrCodec codec : new IsdrCodec[] {new Sgp02Codec(), new Es10cCodec()}) {
            if (!codec.supports(operation)) {
                assertThrows(IllegalArgumentException.class, () -> codec.request(operation, TARGET, false));
                continue;
            }
            assertTrue(codec.request(operation, TARGET, false).length > 0);
            try {
                codec.check(operation, TARGET, answer);
                assertTrue(answer.isOk(), codec.getClass().getSimpleName() + " took " + answer);
            } catch (EuiccException e) {
                assertFalse(e.getMessage() == null || e.getMessage().isEmpty());
                if (!answer.isOk()) {
                    assertTrue(e.result() != EuiccException.Result.UNDEFINED, "a status word other than 9000 is the card's refusal");
                }
            }
        }
    }

    /** ProfileInfo (E3) in the canonical form: ICCID, ISD-P AID, state, texts, class, policy rules, fall-back. */
    private static Tlv profileInfo(Profile p) {
        List<Tlv> f = new ArrayList<>();
        f.add(Tlv.primitive(Es10c.ICCID, p.iccid().toBcd()));
        f.add(Tlv.primitive(Es10c.ISDP_AID, p.isdpAid().bytes()));
        f.add(Tlv.primitive(Es10c.PROFILE_STATE, new byte[] {(byte) (p.isEnabled() ? 1 : 0)}));
        p.nickname().ifPresent(v -> f.add(Tlv.primitive(Es10c.NICKNAME, v.getBytes(StandardCharsets.UTF_8))));
        p.serviceProvider().ifPresent(v -> f.add(Tlv.primitive(Es10c.SERVICE_PROVIDER, v.getBytes(StandardCharsets.UTF_8))));
        p.name().ifPresent(v -> f.add(Tlv.primitive(Es10c.PROFILE_NAME, v.getBytes(StandardCharsets.UTF_8))));
        f.add(Tlv.primitive(Es10c.PROFILE_CLASS, new byte[] {(byte) p.profileClass().ordinal()}));
        f.add(Tlv.primitive(Es10c.POLICY_RULES, Es10c.policyRuleBits(p.policyRules())));
        if (p.isFallback()) {
            f.add(Tlv.primitive(Es10c.FALLBACK, new byte[] {(byte) 0xFF}));
        }
        return Tlv.constructed(Es10c.PROFILE_INFO, f);
    }

    private static Optional<Tlv> parse(byte[] answer) {
        try {
            return Optional.of(BerTlv.parseOneStrict(answer));
        } catch (TlvException e) {
            return Optional.empty();
        }
    }

    private static int code(byte[] v) {
        int n = v[0];
        for (int i = 1; i < v.length; i++) {
            n = (n << 8) | (v[i] & 0xFF);
        }
        return n;
    }
}
