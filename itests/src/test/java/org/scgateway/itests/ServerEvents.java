package org.scgateway.itests;

import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.scgateway.peers.leshan.core.link.Link;
import org.scgateway.peers.leshan.core.observation.Observation;
import org.scgateway.peers.leshan.server.registration.Registration;
import org.scgateway.peers.leshan.server.registration.RegistrationListener;
import org.scgateway.peers.leshan.server.registration.RegistrationUpdate;

/** What a Leshan server saw of its clients, in order, and waits on it. */
final class ServerEvents implements RegistrationListener {

    /** One event: its kind and the registration after it. */
    static final class Event {
        final String kind;
        final Registration registration;

        Event(String kind, Registration registration) {
            this.kind = kind;
            this.registration = registration;
        }

        String endpoint() {
            return registration.getEndpoint();
        }

        boolean hasLink(String uri) {
            return Arrays.stream(registration.getObjectLinks()).map(Link::getUriReference).anyMatch(uri::equals);
        }

        @Override
        public String toString() {
            return kind + " " + endpoint() + " " + Arrays.toString(registration.getObjectLinks());
        }
    }

    final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void registered(Registration registration, Registration previous, Collection<Observation> observations) {
        events.add(new Event("registered", registration));
    }

    @Override
    public void updated(RegistrationUpdate update, Registration updated, Registration previous) {
        events.add(new Event("updated", updated));
    }

    @Override
    public void unregistered(Registration registration, Collection<Observation> observations, boolean expired, Registration newReg) {
        events.add(new Event(expired ? "expired" : "unregistered", registration));
    }

    /** Waits for an event after position {@code from} that matches; fails listing what was seen. */
    Event await(int from, String kind, String endpoint, Predicate<Event> also, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            for (int i = from; i < events.size(); i++) {
                Event e = events.get(i);
                if (e.kind.equals(kind) && e.endpoint().equals(endpoint) && also.test(e)) {
                    return e;
                }
            }
            Thread.sleep(20);
        }
        fail("no '" + kind + "' of " + endpoint + " within " + timeoutMillis + " ms; the server saw " + events.subList(from, events.size()));
        return null;
    }

    Event await(int from, String kind, String endpoint, long timeoutMillis) throws InterruptedException {
        return await(from, kind, endpoint, e -> true, timeoutMillis);
    }

    int mark() {
        return events.size();
    }
}
