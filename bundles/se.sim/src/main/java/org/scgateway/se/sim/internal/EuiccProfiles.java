package org.scgateway.se.sim.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.scgateway.api.euicc.Eid;
import org.scgateway.api.euicc.Iccid;
import org.scgateway.api.euicc.Profile;
import org.scgateway.api.euicc.Profile.PolicyRule;
import org.scgateway.api.se.Aid;
import org.scgateway.se.sim.internal.CardProfile.InvalidProfileException;

/**
 * The {@code euicc} part of a card profile, read and written:
 * <pre>
 * "euicc": {"eid": "89049032...", "profiles": [
 *   {"iccid": "8949...", "aid": "A0000005591010FFFFFFFF8900001000", "state": "enabled", "class": "operational",
 *    "name": "...", "serviceProvider": "...", "nickname": "...",
 *    "policyRules": ["disabling-not-allowed", "deletion-not-allowed", "deletion-required-on-disable"],
 *    "fallback": true,
 *    "notifications": [{"events": ["enable", "disable", "delete"], "address": "smdp.example"}]}],
 *  "pendingNotifications": [{"seq": 1, "event": "enable", "address": "smdp.example", "iccid": "8949..."}],
 *  "notificationSequence": 2}
 * </pre>
 * {@code notifications} is the profile's Notification Configuration Information; the pending ones and the
 * sequence counter are the eUICC's state, written back with the profiles.
 * A card whose profile breaks SGP.02's invariants (two enabled, two fall-back, an ICCID or AID twice) is
 * refused, naming the place.
 */
final class EuiccProfiles {

    private EuiccProfiles() {
    }

    static SimulatedEuicc parse(JsonNode node) throws InvalidProfileException {
        if (!node.isObject()) {
            throw new InvalidProfileException("euicc: an object with eid and profiles");
        }
        Eid eid;
        try {
            eid = Eid.of(node.path("eid").asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidProfileException("euicc.eid: " + e.getMessage());
        }
        JsonNode list = node.path("profiles");
        if (!list.isArray()) {
            throw new InvalidProfileException("euicc.profiles: a list of profiles");
        }
        List<Profile> profiles = new ArrayList<>();
        Map<Iccid, List<EuiccNotifications.Config>> configs = new HashMap<>();
        Set<Iccid> iccids = new HashSet<>();
        Set<Aid> aids = new HashSet<>();
        int enabled = 0;
        int fallback = 0;
        for (int i = 0; i < list.size(); i++) {
            String at = "euicc.profiles[" + i + "]";
            Profile p = profile(list.get(i), at);
            if (!iccids.add(p.iccid()) || !aids.add(p.isdpAid())) {
                throw new InvalidProfileException(at + ": ICCID " + p.iccid() + " or ISD-P AID " + p.isdpAid() + " is already on the eUICC");
            }
            enabled += p.isEnabled() ? 1 : 0;
            fallback += p.isFallback() ? 1 : 0;
            profiles.add(p);
            List<EuiccNotifications.Config> config = notificationConfig(list.get(i).path("notifications"), at + ".notifications");
            if (!config.isEmpty()) {
                configs.put(p.iccid(), config);
            }
        }
        if (enabled > 1) {
            throw new InvalidProfileException("euicc.profiles: " + enabled + " profiles enabled; an eUICC enables one at most");
        }
        if (fallback > 1) {
            throw new InvalidProfileException("euicc.profiles: " + fallback + " fall-back profiles; there is one at most");
        }
        return new SimulatedEuicc(eid, profiles, configs, pending(node));
    }

    private static List<EuiccNotifications.Config> notificationConfig(JsonNode list, String at) throws InvalidProfileException {
        if (list.isMissingNode()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new InvalidProfileException(at + ": a list of {events, address}");
        }
        List<EuiccNotifications.Config> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            String where = at + "[" + i + "]";
            String address = c.path("address").asText("");
            if (address.isBlank()) {
                throw new InvalidProfileException(where + ".address: the FQDN the notifications go to");
            }
            Set<EuiccNotifications.Event> events = EnumSet.noneOf(EuiccNotifications.Event.class);
            for (JsonNode e : c.path("events")) {
                events.add(event(e.asText(), where + ".events"));
            }
            if (events.isEmpty()) {
                throw new InvalidProfileException(where + ".events: one or more of install, enable, disable, delete");
            }
            out.add(new EuiccNotifications.Config(events, address));
        }
        return out;
    }

    private static EuiccNotifications pending(JsonNode euicc) throws InvalidProfileException {
        JsonNode list = euicc.path("pendingNotifications");
        if (!list.isMissingNode() && !list.isArray()) {
            throw new InvalidProfileException("euicc.pendingNotifications: a list of {seq, event, address, iccid}");
        }
        List<EuiccNotifications.Pending> out = new ArrayList<>();
        int next = euicc.path("notificationSequence").asInt(1);
        for (int i = 0; i < list.size(); i++) {
            JsonNode n = list.get(i);
            String at = "euicc.pendingNotifications[" + i + "]";
            try {
                out.add(new EuiccNotifications.Pending(n.path("seq").asInt(), event(n.path("event").asText(), at + ".event"),
                        n.path("address").asText(), Iccid.of(n.path("iccid").asText())));
            } catch (IllegalArgumentException e) {
                throw new InvalidProfileException(at + ": " + e.getMessage());
            }
            next = Math.max(next, n.path("seq").asInt() + 1);
        }
        return new EuiccNotifications(out, next);
    }

    private static EuiccNotifications.Event event(String name, String at) throws InvalidProfileException {
        try {
            return EuiccNotifications.Event.named(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidProfileException(at + ": install, enable, disable or delete, not '" + name + "'");
        }
    }

    private static Profile profile(JsonNode p, String at) throws InvalidProfileException {
        if (!p.isObject()) {
            throw new InvalidProfileException(at + ": a profile is an object");
        }
        Profile.Builder b;
        try {
            b = Profile.builder(Iccid.of(p.path("iccid").asText()), Aid.fromHex(p.path("aid").asText()));
        } catch (IllegalArgumentException e) {
            throw new InvalidProfileException(at + ": " + e.getMessage());
        }
        String state = p.path("state").asText("disabled");
        switch (state) {
            case "enabled": b.state(Profile.State.ENABLED); break;
            case "disabled": b.state(Profile.State.DISABLED); break;
            default: throw new InvalidProfileException(at + ".state: enabled or disabled, not '" + state + "'");
        }
        String cls = p.path("class").asText("operational");
        try {
            b.profileClass(Profile.ProfileClass.valueOf(cls.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new InvalidProfileException(at + ".class: test, provisioning or operational, not '" + cls + "'");
        }
        JsonNode rules = p.path("policyRules");
        if (!rules.isMissingNode() && !rules.isArray()) {
            throw new InvalidProfileException(at + ".policyRules: a list of disabling-not-allowed, deletion-not-allowed or "
                    + "deletion-required-on-disable");
        }
        for (int r = 0; r < rules.size(); r++) {
            b.policyRule(rule(rules.get(r).asText(), at + ".policyRules[" + r + "]"));
        }
        b.fallback(p.path("fallback").asBoolean(false));
        try {
            b.name(text(p, "name")).serviceProvider(text(p, "serviceProvider")).nickname(text(p, "nickname"));
        } catch (IllegalArgumentException e) {
            throw new InvalidProfileException(at + ": " + e.getMessage());
        }
        return b.build();
    }

    private static PolicyRule rule(String name, String at) throws InvalidProfileException {
        for (PolicyRule r : PolicyRule.values()) {
            if (json(r).equals(name)) {
                return r;
            }
        }
        throw new InvalidProfileException(at + ": disabling-not-allowed, deletion-not-allowed or deletion-required-on-disable, not '"
                + name + "'");
    }

    static ObjectNode toJson(SimulatedEuicc euicc) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("eid", euicc.eid().digits());
        ArrayNode list = o.putArray("profiles");
        for (Profile p : euicc.profiles()) {
            ObjectNode n = list.addObject();
            n.put("iccid", p.iccid().digits());
            n.put("aid", p.isdpAid().toString());
            n.put("state", p.isEnabled() ? "enabled" : "disabled");
            n.put("class", p.profileClass().name().toLowerCase(Locale.ROOT));
            p.name().ifPresent(v -> n.put("name", v));
            p.serviceProvider().ifPresent(v -> n.put("serviceProvider", v));
            p.nickname().ifPresent(v -> n.put("nickname", v));
            ArrayNode rules = n.putArray("policyRules");
            p.policyRules().forEach(r -> rules.add(json(r)));
            n.put("fallback", p.isFallback());
            List<EuiccNotifications.Config> config = euicc.notificationConfig(p.iccid());
            if (!config.isEmpty()) {
                ArrayNode configs = n.putArray("notifications");
                for (EuiccNotifications.Config c : config) {
                    ObjectNode cn = configs.addObject();
                    ArrayNode events = cn.putArray("events");
                    c.events().stream().sorted().forEach(e -> events.add(e.json()));
                    cn.put("address", c.address());
                }
            }
        }
        ArrayNode pending = o.putArray("pendingNotifications");
        for (EuiccNotifications.Pending p : euicc.notifications().pending()) {
            ObjectNode n = pending.addObject();
            n.put("seq", p.seq());
            n.put("event", p.event().json());
            n.put("address", p.address());
            n.put("iccid", p.iccid().digits());
        }
        o.put("notificationSequence", euicc.notifications().nextSeq());
        return o;
    }

    private static String json(PolicyRule r) {
        return r.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String text(JsonNode p, String field) {
        return p.hasNonNull(field) ? p.path(field).asText() : null;
    }
}
