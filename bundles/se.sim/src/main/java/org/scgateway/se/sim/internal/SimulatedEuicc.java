package org.scgateway.se.sim.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.scgateway.api.euicc.Eid;
import org.scgateway.api.euicc.Iccid;
import org.scgateway.api.euicc.Profile;
import org.scgateway.api.euicc.Profile.PolicyRule;
import org.scgateway.api.euicc.Profile.State;
import org.scgateway.api.se.Aid;
import org.scgateway.api.se.StatusWord;
import org.scgateway.api.se.StatusWordException;
import org.scgateway.globalplatform.tlv.BerTlv;
import org.scgateway.globalplatform.tlv.Tlv;
import org.scgateway.globalplatform.tlv.TlvException;
import org.scgateway.se.sim.internal.EuiccNotifications.Event;

/**
 * The eUICC side of the simulated card: an ISD-R that answers the SGP.22 ES10c profile functions, and
 * SGP.02's set-fall-back in the ISD-R's STORE DATA encoding, with SGP.02's rules (one profile enabled at
 * most; POL1; the fall-back profile). An ECASD that tells the EID.
 * <p>
 * Each change is a new profile list, taken only once it is kept ({@code keep} says whether the state file
 * was written): a failed write leaves the old list in force and the caller gets result 127. Since the state
 * file is replaced whole, a kill at any moment leaves the old list or the new one on disk.
 */
final class SimulatedEuicc {

    static final Aid ISD_R = Aid.fromHex("A0000005591010FFFFFFFF8900000100");
    static final Aid ECASD = Aid.fromHex("A0000005591010FFFFFFFF8900000200");

    static final int OK = 0;
    static final int NOT_FOUND = 1;
    static final int WRONG_STATE = 2;
    static final int DISALLOWED_BY_POLICY = 3;
    static final int UNDEFINED = 127;

    /** SGP.02 ISD-R STORE DATA DGI for SetFallBackAttribute: UNVERIFIED (one source; see the reference). */
    static final int DGI_SET_FALLBACK = 0x3A05;

    final DedicatedFile isdR = new DedicatedFile(0x7FFD, ISD_R, List.of(), null);
    final DedicatedFile ecasd = new DedicatedFile(0x7FFC, ECASD, List.of(), null);
    private final Eid eid;
    private List<Profile> profiles;
    /** Each profile's Notification Configuration Information, by ICCID. */
    private final Map<Iccid, List<EuiccNotifications.Config>> notificationConfig;
    private EuiccNotifications notifications;
    private BooleanSupplier keep = () -> true;

    private EuiccPki pki;
    private final EuiccInformation information;

    SimulatedEuicc(Eid eid, List<Profile> profiles) {
        this(eid, profiles, Map.of(), EuiccNotifications.none());
    }

    SimulatedEuicc(Eid eid, List<Profile> profiles, Map<Iccid, List<EuiccNotifications.Config>> notificationConfig,
            EuiccNotifications notifications) {
        this.eid = eid;
        this.profiles = List.copyOf(profiles);
        this.notificationConfig = new HashMap<>(notificationConfig);
        this.notifications = notifications;
        this.information = new EuiccInformation(() -> pki().ciKeyId());
    }

    /** @param keep writes the card's state (this eUICC's {@link #profiles()} among it); false if it could not */
    void keepWith(BooleanSupplier keep) {
        this.keep = keep;
    }

    Eid eid() {
        return eid;
    }

    List<Profile> profiles() {
        return profiles;
    }

    List<EuiccNotifications.Config> notificationConfig(Iccid iccid) {
        return notificationConfig.getOrDefault(iccid, List.of());
    }

    EuiccNotifications notifications() {
        return notifications;
    }

    /**
     * Made when first asked for (EUICCInfo, a signed notification), not with every card profile read: three key
     * derivations and three certificates are EC work a card that is never asked does not need.
     */
    synchronized EuiccPki pki() {
        if (pki == null) {
            pki = new EuiccPki(eid);
        }
        return pki;
    }

    /** The ECASD's GET DATA: the EID (tag 5A) and nothing else. */
    byte[] getData(int tag) throws StatusWordException {
        if (tag != 0x5A) {
            throw refused(StatusWord.REFERENCED_DATA_NOT_FOUND);
        }
        return Tlv.primitive(0x5A, eid.toBcd()).encode();
    }

    /** The answer to the whole data of a STORE DATA sequence sent to the ISD-R. */
    byte[] storeData(byte[] request) throws StatusWordException {
        if (request.length > 2 && (((request[0] & 0xFF) << 8) | (request[1] & 0xFF)) == DGI_SET_FALLBACK) {
            setFallback(request);
            return new byte[0];
        }
        Tlv t;
        try {
            t = BerTlv.parseOneStrict(request);
        } catch (TlvException e) {
            throw refused(StatusWord.INCORRECT_DATA);
        }
        switch (t.tag()) {
            case 0xBF3E: return Tlv.constructed(0xBF3E, Tlv.primitive(0x5A, eid.toBcd())).encode();
            case 0xBF2D: return profilesInfo(t);
            case 0xBF31: return result(0xBF31, enable(target(t.find(0xA0).orElse(null))));
            case 0xBF32: return result(0xBF32, disable(target(t.find(0xA0).orElse(null))));
            case 0xBF33: return result(0xBF33, delete(target(t)));
            case 0xBF29: return result(0xBF29, setNickname(t));
            case 0xBF20: return information.info1();
            case 0xBF22: return information.info2();
            case 0xBF3C: return information.configuredAddresses();
            case 0xBF43: return information.rulesAuthorisationTable();
            case 0xBF2E: return information.challenge();
            case 0xBF28: return notifications.list(t);
            case 0xBF2B: return notifications.retrieve(t, pki());
            case 0xBF30: return Tlv.constructed(0xBF30, Tlv.primitive(0x80, new byte[] {(byte) removeNotification(t)})).encode();
            default: throw refused(StatusWord.FUNCTION_NOT_SUPPORTED);
        }
    }

    private byte[] profilesInfo(Tlv request) {
        Optional<Tlv> criteria = request.find(0xA0);
        List<Tlv> infos = new ArrayList<>();
        for (Profile p : profiles) {
            if (criteria.isEmpty() || matches(p, criteria.get())) {
                infos.add(info(p));
            }
        }
        return Tlv.constructed(0xBF2D, Tlv.constructed(0xA0, infos)).encode();
    }

    private static boolean matches(Profile p, Tlv criteria) {
        Optional<Tlv> iccid = criteria.find(0x5A);
        Optional<Tlv> aid = criteria.find(0x4F);
        return iccid.map(i -> java.util.Arrays.equals(i.value(), p.iccid().toBcd())).orElse(true)
                && aid.map(a -> java.util.Arrays.equals(a.value(), p.isdpAid().bytes())).orElse(true);
    }

    private static Tlv info(Profile p) {
        List<Tlv> fields = new ArrayList<>();
        fields.add(Tlv.primitive(0x5A, p.iccid().toBcd()));
        fields.add(Tlv.primitive(0x4F, p.isdpAid().bytes()));
        fields.add(Tlv.primitive(0x9F70, new byte[] {(byte) (p.isEnabled() ? 1 : 0)}));
        p.nickname().ifPresent(n -> fields.add(Tlv.primitive(0x90, n.getBytes(StandardCharsets.UTF_8))));
        p.serviceProvider().ifPresent(n -> fields.add(Tlv.primitive(0x91, n.getBytes(StandardCharsets.UTF_8))));
        p.name().ifPresent(n -> fields.add(Tlv.primitive(0x92, n.getBytes(StandardCharsets.UTF_8))));
        fields.add(Tlv.primitive(0x95, new byte[] {(byte) p.profileClass().ordinal()}));
        fields.add(Tlv.primitive(0x99, pprBits(p)));
        if (p.isFallback()) {
            fields.add(Tlv.primitive(0x9F26, new byte[] {(byte) 0xFF}));
        }
        return Tlv.constructed(0xE3, fields);
    }

    /** PprIds as a DER BIT STRING: ppr1 0x40, ppr2 0x20, ppr3 0x10 of the first byte. */
    private static byte[] pprBits(Profile p) {
        int bits = (p.policyRules().contains(PolicyRule.DISABLING_NOT_ALLOWED) ? 0x40 : 0)
                | (p.policyRules().contains(PolicyRule.DELETION_NOT_ALLOWED) ? 0x20 : 0)
                | (p.policyRules().contains(PolicyRule.DELETION_REQUIRED_ON_DISABLE) ? 0x10 : 0);
        return bits == 0 ? new byte[] {0} : new byte[] {(byte) Integer.numberOfTrailingZeros(bits), (byte) bits};
    }

    /** The profile an ICCID (5A) or ISD-P AID (4F) in {@code choice} names, or -1. */
    private int target(Tlv choice) throws StatusWordException {
        if (choice == null) {
            throw refused(StatusWord.INCORRECT_DATA);
        }
        Optional<Tlv> iccid = choice.find(0x5A);
        Optional<Tlv> aid = choice.find(0x4F);
        if (iccid.isEmpty() && aid.isEmpty()) {
            throw refused(StatusWord.INCORRECT_DATA);
        }
        for (int i = 0; i < profiles.size(); i++) {
            if (matches(profiles.get(i), choice)) {
                return i;
            }
        }
        return -1;
    }

    private int enable(int at) {
        if (at < 0) {
            return NOT_FOUND;
        }
        if (profiles.get(at).isEnabled()) {
            return WRONG_STATE;
        }
        int current = enabledIndex();
        if (current >= 0 && profiles.get(current).policyRules().contains(PolicyRule.DISABLING_NOT_ALLOWED)) {
            return DISALLOWED_BY_POLICY;
        }
        List<Profile> next = new ArrayList<>(profiles);
        next.set(at, with(profiles.get(at), State.ENABLED));
        EuiccNotifications told = notifications;
        if (current >= 0) {
            told = disableInto(next, current, told);
        }
        return commit(next, raise(told, Event.ENABLE, profiles.get(at)));
    }

    /** SGP.02: disabling a profile enables the fall-back one, which itself cannot be disabled. */
    private int disable(int at) {
        if (at < 0) {
            return NOT_FOUND;
        }
        Profile p = profiles.get(at);
        if (!p.isEnabled()) {
            return WRONG_STATE;
        }
        if (p.policyRules().contains(PolicyRule.DISABLING_NOT_ALLOWED) || p.isFallback()) {
            return DISALLOWED_BY_POLICY;
        }
        List<Profile> next = new ArrayList<>(profiles);
        Profile fallback = profiles.stream().filter(Profile::isFallback).findFirst().orElse(null);
        EuiccNotifications told = disableInto(next, at, notifications);
        if (fallback != null) {
            next.set(next.indexOf(fallback), with(fallback, State.ENABLED));
            told = raise(told, Event.ENABLE, fallback);
        }
        return commit(next, told);
    }

    /**
     * Disables the profile at {@code at} in {@code next}, deleting it when its rules demand; the notifications the
     * profile asks for come with it.
     */
    private EuiccNotifications disableInto(List<Profile> next, int at, EuiccNotifications told) {
        Profile p = profiles.get(at);
        told = raise(told, Event.DISABLE, p);
        if (p.policyRules().contains(PolicyRule.DELETION_REQUIRED_ON_DISABLE)) {
            next.remove(next.indexOf(p));
            return raise(told, Event.DELETE, p);
        }
        next.set(next.indexOf(p), with(p, State.DISABLED));
        return told;
    }

    private EuiccNotifications raise(EuiccNotifications told, Event event, Profile p) {
        return told.raise(event, p.iccid(), notificationConfig(p.iccid()));
    }

    private int delete(int at) {
        if (at < 0) {
            return NOT_FOUND;
        }
        Profile p = profiles.get(at);
        if (p.isEnabled()) {
            return WRONG_STATE;
        }
        if (p.policyRules().contains(PolicyRule.DELETION_NOT_ALLOWED) || p.isFallback()) {
            return DISALLOWED_BY_POLICY;
        }
        List<Profile> next = new ArrayList<>(profiles);
        next.remove(at);
        return commit(next, raise(notifications, Event.DELETE, p));
    }

    /** RemoveNotificationFromList: ok (0), nothingToDelete (1), or undefinedError (127) when it could not be kept. */
    private int removeNotification(Tlv request) throws StatusWordException {
        Tlv seq = request.find(0x80).orElseThrow(() -> refused(StatusWord.INCORRECT_DATA));
        if (seq.length() == 0 || seq.length() > 4) {
            throw refused(StatusWord.INCORRECT_DATA);
        }
        Optional<EuiccNotifications> without = notifications.remove(new java.math.BigInteger(seq.value()).intValue());
        if (without.isEmpty()) {
            return NOT_FOUND; // nothingToDelete
        }
        return commit(profiles, without.get());
    }

    private int setNickname(Tlv request) throws StatusWordException {
        int at = target(request);
        Tlv name = request.find(0x90).orElseThrow(() -> refused(StatusWord.INCORRECT_DATA));
        if (at < 0) {
            return NOT_FOUND;
        }
        if (name.length() > 64) {
            throw refused(StatusWord.INCORRECT_DATA);
        }
        String text = new String(name.value(), StandardCharsets.UTF_8);
        List<Profile> next = new ArrayList<>(profiles);
        next.set(at, rebuild(profiles.get(at)).nickname(text.isEmpty() ? null : text).build());
        return commit(next);
    }

    /** {@code 3A05 L { 4F L aid }}: the profile becomes the fall-back one, the one before stops being it. */
    private void setFallback(byte[] request) throws StatusWordException {
        Tlv aid;
        try {
            int length = request[2] & 0xFF;
            if (length == 0xFF || request.length != 3 + length) {
                throw refused(StatusWord.WRONG_LENGTH);
            }
            aid = BerTlv.parseOneStrict(java.util.Arrays.copyOfRange(request, 3, request.length));
        } catch (TlvException e) {
            throw refused(StatusWord.INCORRECT_DATA);
        }
        if (aid.tag() != 0x4F) {
            throw refused(StatusWord.INCORRECT_DATA);
        }
        int at = target(Tlv.constructed(0xA0, aid));
        if (at < 0) {
            throw refused(StatusWord.REFERENCED_DATA_NOT_FOUND);
        }
        List<Profile> next = new ArrayList<>();
        for (int i = 0; i < profiles.size(); i++) {
            Profile p = profiles.get(i);
            next.add(p.isFallback() == (i == at) ? p : rebuild(p).fallback(i == at).build());
        }
        if (commit(next) != OK) {
            throw refused(StatusWord.of(0x6581)); // memory failure: nothing changed
        }
    }

    private int commit(List<Profile> next) {
        return commit(next, notifications);
    }

    /** The new profile list and the notifications it raised, both kept or neither. */
    private int commit(List<Profile> next, EuiccNotifications told) {
        List<Profile> before = profiles;
        EuiccNotifications toldBefore = notifications;
        profiles = List.copyOf(next);
        notifications = told;
        if (!keep.getAsBoolean()) {
            profiles = before;
            notifications = toldBefore;
            return UNDEFINED;
        }
        return OK;
    }

    private int enabledIndex() {
        for (int i = 0; i < profiles.size(); i++) {
            if (profiles.get(i).isEnabled()) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] result(int tag, int code) {
        return Tlv.constructed(tag, Tlv.primitive(0x80, new byte[] {(byte) code})).encode();
    }

    private static Profile with(Profile p, State state) {
        return rebuild(p).state(state).build();
    }

    static Profile.Builder rebuild(Profile p) {
        Profile.Builder b = Profile.builder(p.iccid(), p.isdpAid()).state(p.state()).profileClass(p.profileClass())
                .fallback(p.isFallback());
        p.policyRules().forEach(b::policyRule);
        p.nickname().ifPresent(b::nickname);
        p.serviceProvider().ifPresent(b::serviceProvider);
        p.name().ifPresent(b::name);
        return b;
    }

    /** The card answers only a status word; the message is for the simulator's own logs. */
    private static StatusWordException refused(StatusWord sw) {
        return new StatusWordException(sw, "the simulated eUICC refused the request");
    }
}
