package org.scgateway.euicc.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.scgateway.api.euicc.Eid;
import org.scgateway.api.euicc.EuiccException;
import org.scgateway.api.euicc.EuiccException.Result;
import org.scgateway.api.euicc.Iccid;
import org.scgateway.api.euicc.Profile;
import org.scgateway.api.se.Aid;
import org.scgateway.globalplatform.tlv.BerTlv;
import org.scgateway.globalplatform.tlv.Tlv;
import org.scgateway.globalplatform.tlv.TlvException;

/**
 * GSMA SGP.22 ES10c, the profile functions a local profile assistant sends to the ISD-R, and SGP.32's
 * additions to ProfileInfo (the fall-back attribute). What real eUICCs and modems answer today. Requests
 * and answers are the data objects carried in STORE DATA; {@link StoreData} moves them.
 */
final class Es10c {

    static final int GET_PROFILES_INFO = 0xBF2D;
    static final int ENABLE_PROFILE = 0xBF31;
    static final int DISABLE_PROFILE = 0xBF32;
    static final int DELETE_PROFILE = 0xBF33;
    static final int GET_EID = 0xBF3E;
    static final int SET_NICKNAME = 0xBF29;

    static final int ICCID = 0x5A;
    static final int ISDP_AID = 0x4F;
    static final int PROFILE_STATE = 0x9F70;
    static final int NICKNAME = 0x90;
    static final int SERVICE_PROVIDER = 0x91;
    static final int PROFILE_NAME = 0x92;
    static final int PROFILE_CLASS = 0x95;
    static final int POLICY_RULES = 0x99;
    /** SGP.32: fallbackAttribute [38] BOOLEAN, tag 9F26. */
    static final int FALLBACK = 0x9F26;
    static final int PROFILE_INFO = 0xE3;
    static final int TAG_LIST = 0x5C;
    static final int RESULT = 0x80;
    static final int REFRESH = 0x81;
    static final int CHOICE_OK = 0xA0;

    /** PprIds bits: ppr1 (1), ppr2 (2), ppr3 (3) of a BIT STRING, bit 0 the first byte's most significant. */
    static final int PPR1 = 0x40;
    static final int PPR2 = 0x20;
    static final int PPR3 = 0x10;

    private Es10c() {
    }

    static byte[] getEid() {
        return Tlv.constructed(GET_EID, Tlv.primitive(TAG_LIST, new byte[] {ICCID})).encode();
    }

    static byte[] getProfilesInfo() {
        return Tlv.constructed(GET_PROFILES_INFO).encode();
    }

    static byte[] enable(Iccid iccid, boolean refresh) {
        return Tlv.constructed(ENABLE_PROFILE, Tlv.constructed(CHOICE_OK, Tlv.primitive(ICCID, iccid.toBcd())), refresh(refresh)).encode();
    }

    static byte[] enable(Aid aid, boolean refresh) {
        return Tlv.constructed(ENABLE_PROFILE, Tlv.constructed(CHOICE_OK, Tlv.primitive(ISDP_AID, aid.bytes())), refresh(refresh)).encode();
    }

    static byte[] disable(Iccid iccid, boolean refresh) {
        return Tlv.constructed(DISABLE_PROFILE, Tlv.constructed(CHOICE_OK, Tlv.primitive(ICCID, iccid.toBcd())), refresh(refresh)).encode();
    }

    static byte[] disable(Aid aid, boolean refresh) {
        return Tlv.constructed(DISABLE_PROFILE, Tlv.constructed(CHOICE_OK, Tlv.primitive(ISDP_AID, aid.bytes())), refresh(refresh)).encode();
    }

    /** DeleteProfileRequest is a CHOICE directly, without the A0 of enable and disable. */
    static byte[] delete(Iccid iccid) {
        return Tlv.constructed(DELETE_PROFILE, Tlv.primitive(ICCID, iccid.toBcd())).encode();
    }

    static byte[] setNickname(Iccid iccid, String nickname) {
        byte[] text = nickname.getBytes(StandardCharsets.UTF_8);
        if (text.length > 64) {
            throw new IllegalArgumentException("a profile nickname is at most 64 bytes of UTF-8, not " + text.length);
        }
        return Tlv.constructed(SET_NICKNAME, Tlv.primitive(ICCID, iccid.toBcd()), Tlv.primitive(NICKNAME, text)).encode();
    }

    private static Tlv refresh(boolean refresh) {
        return Tlv.primitive(REFRESH, new byte[] {(byte) (refresh ? 0xFF : 0x00)});
    }

    static Eid eid(byte[] answer) throws EuiccException {
        Tlv t = parse(answer, GET_EID, "GetEID");
        Tlv eid = t.find(ICCID).orElseThrow(() -> malformed("GetEID", "no EID (5A) in " + t));
        try {
            return Eid.fromBcd(eid.value());
        } catch (IllegalArgumentException e) {
            throw malformed("GetEID", e.getMessage());
        }
    }

    static List<Profile> profiles(byte[] answer) throws EuiccException {
        Tlv t = parse(answer, GET_PROFILES_INFO, "GetProfilesInfo");
        Optional<Tlv> error = t.find(RESULT);
        if (error.isPresent()) {
            int code = code(error.get(), "GetProfilesInfo");
            throw new EuiccException(code == 1 ? Result.UNDEFINED : Result.ofCode(code), "GetProfilesInfo answered error " + code);
        }
        Tlv list = t.find(CHOICE_OK).orElseThrow(() -> malformed("GetProfilesInfo", "neither a list (A0) nor an error (80)"));
        List<Profile> out = new ArrayList<>();
        for (Tlv info : list.findAll(PROFILE_INFO)) {
            out.add(profile(info));
        }
        return out;
    }

    /** The result of an operation whose answer is {@code tag { 80 result }}; returns normally on 0 (ok). */
    static void result(byte[] answer, int tag, String function) throws EuiccException {
        Tlv t = parse(answer, tag, function);
        int code = code(t.find(RESULT).orElseThrow(() -> malformed(function, "no result (80) in " + t)), function);
        if (code != 0) {
            Result r = Result.ofCode(code);
            throw new EuiccException(r, function + " answered " + code + " (" + r.name().toLowerCase().replace('_', ' ') + ")");
        }
    }

    private static Profile profile(Tlv info) throws EuiccException {
        try {
            Iccid iccid = Iccid.fromBcd(info.find(ICCID).orElseThrow(() -> new IllegalArgumentException("no ICCID (5A)")).value());
            Aid aid = Aid.of(info.find(ISDP_AID).orElseThrow(() -> new IllegalArgumentException("no ISD-P AID (4F)")).value());
            Profile.Builder b = Profile.builder(iccid, aid);
            int state = info.find(PROFILE_STATE).map(Es10c::integer).orElse(0);
            b.state(state == 1 ? Profile.State.ENABLED : Profile.State.DISABLED);
            int cls = info.find(PROFILE_CLASS).map(Es10c::integer).orElse(2);
            b.profileClass(cls == 0 ? Profile.ProfileClass.TEST : cls == 1 ? Profile.ProfileClass.PROVISIONING : Profile.ProfileClass.OPERATIONAL);
            info.find(NICKNAME).map(Es10c::text).filter(s -> !s.isEmpty()).ifPresent(b::nickname);
            info.find(SERVICE_PROVIDER).map(Es10c::text).filter(s -> !s.isEmpty()).ifPresent(b::serviceProvider);
            info.find(PROFILE_NAME).map(Es10c::text).filter(s -> !s.isEmpty()).ifPresent(b::name);
            info.find(POLICY_RULES).ifPresent(p -> policyRules(p.value(), b));
            info.find(FALLBACK).ifPresent(f -> b.fallback(f.value().length == 1 && f.value()[0] != 0));
            return b.build();
        } catch (IllegalArgumentException e) {
            throw malformed("GetProfilesInfo", "a ProfileInfo (E3) " + e.getMessage());
        }
    }

    private static void policyRules(byte[] bits, Profile.Builder b) {
        if (bits.length < 2) {
            return; // an empty BIT STRING: no rule
        }
        int first = bits[1] & 0xFF;
        if ((first & PPR1) != 0) {
            b.policyRule(Profile.PolicyRule.DISABLING_NOT_ALLOWED);
        }
        if ((first & PPR2) != 0) {
            b.policyRule(Profile.PolicyRule.DELETION_NOT_ALLOWED);
        }
        if ((first & PPR3) != 0) {
            b.policyRule(Profile.PolicyRule.DELETION_REQUIRED_ON_DISABLE);
        }
    }

    /** The PprIds BIT STRING of a set of rules, DER (trailing zero bits left out). */
    static byte[] policyRuleBits(java.util.Set<Profile.PolicyRule> rules) {
        int bits = (rules.contains(Profile.PolicyRule.DISABLING_NOT_ALLOWED) ? PPR1 : 0)
                | (rules.contains(Profile.PolicyRule.DELETION_NOT_ALLOWED) ? PPR2 : 0)
                | (rules.contains(Profile.PolicyRule.DELETION_REQUIRED_ON_DISABLE) ? PPR3 : 0);
        if (bits == 0) {
            return new byte[] {0};
        }
        return new byte[] {(byte) Integer.numberOfTrailingZeros(bits), (byte) bits};
    }

    private static Tlv parse(byte[] answer, int tag, String function) throws EuiccException {
        Tlv t;
        try {
            t = BerTlv.parseOneStrict(answer);
        } catch (TlvException e) {
            throw malformed(function, e.getMessage());
        }
        if (t.tag() != tag) {
            throw malformed(function, String.format("the answer is tag %X, not %X", t.tag(), tag));
        }
        return t;
    }

    private static int code(Tlv t, String function) throws EuiccException {
        try {
            return integer(t);
        } catch (IllegalArgumentException e) {
            throw malformed(function, e.getMessage());
        }
    }

    private static int integer(Tlv t) {
        byte[] v = t.value();
        if (v.length == 0 || v.length > 4) {
            throw new IllegalArgumentException(String.format("INTEGER %X of %d bytes", t.tag(), v.length));
        }
        int n = v[0]; // signed, as BER integers are
        for (int i = 1; i < v.length; i++) {
            n = (n << 8) | (v[i] & 0xFF);
        }
        return n;
    }

    private static String text(Tlv t) {
        return new String(t.value(), StandardCharsets.UTF_8);
    }

    private static EuiccException malformed(String function, String what) {
        return new EuiccException(Result.UNDEFINED, "the eUICC's answer to " + function + " is malformed: " + what);
    }
}
