package org.scgateway.euicc.internal;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.scgateway.api.euicc.Eid;
import org.scgateway.api.euicc.EuiccEvent;
import org.scgateway.api.euicc.EuiccException;
import org.scgateway.api.euicc.EuiccException.Result;
import org.scgateway.api.euicc.EuiccService;
import org.scgateway.api.euicc.Iccid;
import org.scgateway.api.euicc.Profile;
import org.scgateway.api.euicc.Profile.PolicyRule;
import org.scgateway.api.se.Aid;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.api.se.StatusWordException;
import org.scgateway.euicc.internal.IsdrCodec.Operation;
import org.scgateway.globalplatform.apdu.GetResponseChannel;

/**
 * The eUICC of one Secure Element, driven through its ISD-R on a logical channel of its own for each
 * operation.
 * <p>
 * SGP.02's rules are checked against the card's own profile list before a request is sent, so that a refusal
 * names the profile and the rule; the card, which enforces them too, has the last word, and its result codes
 * come back as {@link EuiccException.Result}s. Each change that succeeded goes to {@code events} with the
 * profile list the card reports after it.
 */
final class IsdrEuicc implements EuiccService {

    static final Aid ISD_R = Aid.fromHex("A0000005591010FFFFFFFF8900000100");
    /** SELECT's answer when the element has no such application: not an eUICC. */
    static final int NO_SUCH_APPLICATION = 0x6A82;

    private final SecureElement se;
    private final boolean refresh;
    private final Consumer<EuiccEvent> events;
    private final IsdrCodec es10c = new Es10cCodec();
    private final IsdrCodec sgp02 = new Sgp02Codec();
    private volatile Eid eid;

    /**
     * @param refresh whether enable and disable ask the eUICC for a REFRESH, so that the modem attaches with the
     *                new profile (what a device wants); off for an eUICC with no modem behind it
     */
    IsdrEuicc(SecureElement se, boolean refresh, Consumer<EuiccEvent> events) {
        this.se = se;
        this.refresh = refresh;
        this.events = events;
    }

    /**
     * The EID, if the element has an ISD-R: one session for both, since a card has few channels and every
     * component of the gateway looks at a card when it arrives.
     *
     * @return empty when the element has no ISD-R
     * @throws EuiccException when that could not be found out
     */
    Optional<Eid> probe() throws EuiccException {
        try {
            return Optional.of(eid());
        } catch (EuiccException e) {
            if (e.getCause() instanceof StatusWordException
                    && ((StatusWordException) e.getCause()).statusWord().value() == NO_SUCH_APPLICATION) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public String secureElementId() {
        return se.id();
    }

    @Override
    public Eid eid() throws EuiccException {
        Eid known = eid;
        if (known == null) {
            known = session(ch -> Es10c.eid(StoreData.exchangeOk(ch, Es10c.getEid(), "GetEID")));
            eid = known;
        }
        return known;
    }

    @Override
    public List<Profile> profiles() throws EuiccException {
        return session(IsdrEuicc::readProfiles);
    }

    @Override
    public void enable(Iccid iccid) throws EuiccException {
        change(Operation.ENABLE, iccid, EuiccEvent.Kind.ENABLED, (profiles, target) -> {
            if (target.isEnabled()) {
                throw new EuiccException(Result.WRONG_PROFILE_STATE, "profile " + iccid + " is enabled already");
            }
            Profile current = profiles.stream().filter(Profile::isEnabled).findFirst().orElse(null);
            if (current != null && current.policyRules().contains(PolicyRule.DISABLING_NOT_ALLOWED)) {
                throw new EuiccException(Result.DISALLOWED_BY_POLICY, "profile " + iccid + " cannot be enabled: the enabled profile "
                        + current.iccid() + " may not be disabled (its policy rule POL1 says so)");
            }
        });
    }

    @Override
    public void disable(Iccid iccid) throws EuiccException {
        change(Operation.DISABLE, iccid, EuiccEvent.Kind.DISABLED, (profiles, target) -> {
            if (!target.isEnabled()) {
                throw new EuiccException(Result.WRONG_PROFILE_STATE, "profile " + iccid + " is not enabled");
            }
            if (target.policyRules().contains(PolicyRule.DISABLING_NOT_ALLOWED)) {
                throw new EuiccException(Result.DISALLOWED_BY_POLICY, "profile " + iccid + " may not be disabled (its policy rule POL1 says so)");
            }
            if (target.isFallback()) {
                throw new EuiccException(Result.DISALLOWED_BY_POLICY, "profile " + iccid + " is the fall-back profile, which cannot be "
                        + "disabled; enable another profile instead");
            }
        });
    }

    @Override
    public void delete(Iccid iccid) throws EuiccException {
        change(Operation.DELETE, iccid, EuiccEvent.Kind.DELETED, (profiles, target) -> {
            if (target.isEnabled()) {
                throw new EuiccException(Result.WRONG_PROFILE_STATE, "profile " + iccid + " is enabled; disable it before deleting it");
            }
            if (target.policyRules().contains(PolicyRule.DELETION_NOT_ALLOWED)) {
                throw new EuiccException(Result.DISALLOWED_BY_POLICY, "profile " + iccid + " may not be deleted (its policy rule POL1 says so)");
            }
            if (target.isFallback()) {
                throw new EuiccException(Result.DISALLOWED_BY_POLICY, "profile " + iccid + " is the fall-back profile, which cannot be "
                        + "deleted; make another the fall-back profile first");
            }
        });
    }

    @Override
    public void setFallback(Iccid iccid) throws EuiccException {
        change(Operation.SET_FALLBACK, iccid, EuiccEvent.Kind.FALLBACK_SET, (profiles, target) -> { });
    }

    @Override
    public void setNickname(Iccid iccid, String nickname) throws EuiccException {
        byte[] request = Es10c.setNickname(iccid, nickname == null ? "" : nickname);
        List<Profile> after = session(ch -> {
            Es10c.result(StoreData.exchangeOk(ch, request, "SetNickname"), Es10c.SET_NICKNAME, "SetNickname");
            return readProfiles(ch);
        });
        events.accept(new EuiccEvent(se.id(), eid(), EuiccEvent.Kind.NICKNAME_SET, iccid, after));
    }

    @Override
    public String toString() {
        return "eUICC in " + se.id();
    }

    /** The rules of SGP.02 for one operation, checked against the card's profiles before it is asked. */
    private interface Rules {
        void check(List<Profile> profiles, Profile target) throws EuiccException;
    }

    private void change(Operation operation, Iccid iccid, EuiccEvent.Kind kind, Rules rules) throws EuiccException {
        IsdrCodec codec = es10c.supports(operation) ? es10c : sgp02;
        List<Profile> after = session(ch -> {
            List<Profile> before = readProfiles(ch);
            Profile target = before.stream().filter(p -> p.iccid().equals(iccid)).findFirst()
                    .orElseThrow(() -> new EuiccException(Result.ICCID_OR_AID_NOT_FOUND, "the eUICC has no profile " + iccid));
            rules.check(before, target);
            try {
                codec.check(operation, target, StoreData.exchange(ch, codec.request(operation, target, refresh), operation.name()));
            } catch (EuiccException e) {
                throw new EuiccException(e.result(), "the eUICC did not " + operation.verb + " profile " + iccid + ": " + e.getMessage(), e);
            }
            List<Profile> now = readProfiles(ch);
            long enabled = now.stream().filter(Profile::isEnabled).count();
            if (enabled > 1) {
                throw new EuiccException(Result.UNDEFINED, "the eUICC reports " + enabled + " profiles enabled after it was asked to "
                        + operation.verb + " profile " + iccid + ": it breaks SGP.02 and cannot be trusted with profiles");
            }
            return now;
        });
        events.accept(new EuiccEvent(se.id(), eid(), kind, iccid, after));
    }

    private static List<Profile> readProfiles(ApduChannel ch) throws EuiccException {
        return Es10c.profiles(StoreData.exchangeOk(ch, Es10c.getProfilesInfo(), "GetProfilesInfo"));
    }

    private interface Work<T> {
        T on(ApduChannel isdR) throws EuiccException;
    }

    /** One operation: a logical channel to the ISD-R, closed after it (STORE DATA holds the element where it must). */
    private synchronized <T> T session(Work<T> work) throws EuiccException {
        try (ApduChannel raw = se.openLogicalChannel(ISD_R)) {
            return work.on(new GetResponseChannel(raw));
        } catch (StatusWordException e) {
            throw new EuiccException(Result.SECURE_ELEMENT_FAILURE, e.statusWord().value() == NO_SUCH_APPLICATION
                    ? "Secure Element " + se.id() + " has no ISD-R (any more)" : "the ISD-R of " + se.id() + " could not be selected: " + e.getMessage(), e);
        } catch (SecureElementException e) {
            throw new EuiccException(Result.SECURE_ELEMENT_FAILURE, "Secure Element " + se.id() + " failed: " + e.getMessage(), e);
        }
    }
}
