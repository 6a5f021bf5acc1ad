package org.scgateway.se.sim.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.scgateway.api.euicc.Iccid;
import org.scgateway.globalplatform.tlv.BerTlv;
import org.scgateway.globalplatform.tlv.Tlv;

/**
 * SGP.22's notifications, as an eUICC keeps them (sections 3.5 and 5.7.9 to 5.7.11): a profile's Notification
 * Configuration Information names the operations (enable, disable, delete) to be told to an address, and each such
 * operation leaves a pending notification, numbered by the eUICC's one sequence counter, until an LPA has sent it
 * and removes it. The lists are immutable values, so that a profile change and the notifications it raises are
 * kept, or dropped, together.
 */
final class EuiccNotifications {

    /** SGP.22's NotificationEvent, a BIT STRING: the bit number is the ordinal. */
    enum Event {
        INSTALL, ENABLE, DISABLE, DELETE;

        /** The BIT STRING value with only this bit, in DER (trailing zero bits dropped). */
        byte[] bits() {
            return new byte[] {(byte) (7 - ordinal()), (byte) (0x80 >> ordinal())};
        }

        static Event named(String name) {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }

        String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One entry of a profile's Notification Configuration Information. */
    record Config(Set<Event> events, String address) {
        Config {
            events = Set.copyOf(events);
        }
    }

    record Pending(int seq, Event event, String address, Iccid iccid) {
    }

    /** How many an eUICC keeps here; past it the oldest goes, so that no profile operation fails for a full list. */
    static final int CAPACITY = 32;

    private final List<Pending> pending;
    private final int nextSeq;

    EuiccNotifications(List<Pending> pending, int nextSeq) {
        this.pending = List.copyOf(pending);
        this.nextSeq = nextSeq;
    }

    static EuiccNotifications none() {
        return new EuiccNotifications(List.of(), 1);
    }

    List<Pending> pending() {
        return pending;
    }

    int nextSeq() {
        return nextSeq;
    }

    /** With a notification for each configuration of the profile that asks to be told of {@code event}. */
    EuiccNotifications raise(Event event, Iccid iccid, List<Config> configs) {
        List<Pending> next = new ArrayList<>(pending);
        int seq = nextSeq;
        for (Config c : configs) {
            if (c.events().contains(event)) {
                next.add(new Pending(seq++, event, c.address(), iccid));
            }
        }
        while (next.size() > CAPACITY) {
            next.remove(0);
        }
        return seq == nextSeq ? this : new EuiccNotifications(next, seq);
    }

    /** Without the one numbered {@code seq}; empty if there is none. */
    Optional<EuiccNotifications> remove(int seq) {
        List<Pending> next = new ArrayList<>(pending);
        return next.removeIf(p -> p.seq() == seq) ? Optional.of(new EuiccNotifications(next, nextSeq)) : Optional.empty();
    }

    /** ListNotification (BF28), optionally for the operations in the request's bit string [1]. */
    byte[] list(Tlv request) {
        Set<Event> wanted = request.find(0x81).map(t -> events(t.value())).orElse(EnumSet.allOf(Event.class));
        List<Tlv> out = new ArrayList<>();
        for (Pending p : pending) {
            if (wanted.contains(p.event())) {
                out.add(metadata(p));
            }
        }
        return Tlv.constructed(0xBF28, Tlv.constructed(0xA0, out)).encode();
    }

    /**
     * RetrieveNotificationsList (BF2B): each pending notification matching the search criteria (A0: a sequence number
     * [0] or operations [1]) as an OtherSignedNotification, signed by the eUICC, with its certificate and the EUM's;
     * noResultAvailable (1) when none matches.
     */
    byte[] retrieve(Tlv request, EuiccPki pki) {
        Optional<Tlv> criteria = request.find(0xA0);
        Optional<Integer> seq = criteria.flatMap(c -> c.find(0x80)).map(t -> new BigInteger(t.value()).intValue());
        Set<Event> wanted = criteria.flatMap(c -> c.find(0x81)).map(t -> events(t.value())).orElse(EnumSet.allOf(Event.class));
        List<Tlv> out = new ArrayList<>();
        for (Pending p : pending) {
            if (seq.map(s -> s == p.seq()).orElse(true) && wanted.contains(p.event())) {
                Tlv tbs = metadata(p);
                out.add(Tlv.constructed(0x30, tbs, Tlv.primitive(0x5F37, pki.sign(tbs.encode())),
                        BerTlv.parseOneStrict(pki.euiccCertificate()), BerTlv.parseOneStrict(pki.eumCertificate())));
            }
        }
        if (out.isEmpty()) {
            return Tlv.constructed(0xBF2B, Tlv.primitive(0x81, new byte[] {1})).encode();
        }
        return Tlv.constructed(0xBF2B, Tlv.constructed(0xA0, out)).encode();
    }

    /** NotificationMetadata (BF2F): sequence number, operation, address, ICCID. */
    static Tlv metadata(Pending p) {
        return Tlv.constructed(0xBF2F, Tlv.primitive(0x80, BigInteger.valueOf(p.seq()).toByteArray()), Tlv.primitive(0x81, p.event().bits()),
                Tlv.primitive(0x0C, p.address().getBytes(StandardCharsets.UTF_8)), Tlv.primitive(0x5A, p.iccid().toBcd()));
    }

    /** The events a NotificationEvent bit string names; bits it does not know are ignored. */
    static Set<Event> events(byte[] bitString) {
        Set<Event> out = EnumSet.noneOf(Event.class);
        if (bitString.length > 1) {
            for (Event e : Event.values()) {
                if ((bitString[1] & (0x80 >> e.ordinal())) != 0) {
                    out.add(e);
                }
            }
        }
        return out;
    }
}
