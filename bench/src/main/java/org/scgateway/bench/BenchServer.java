package org.scgateway.bench;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.scgateway.peers.leshan.core.endpoint.Protocol;
import org.scgateway.peers.leshan.core.link.Link;
import org.scgateway.peers.leshan.core.observation.Observation;
import org.scgateway.peers.leshan.server.LeshanServer;
import org.scgateway.peers.leshan.server.LeshanServerBuilder;
import org.scgateway.peers.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.scgateway.peers.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider;
import org.scgateway.peers.leshan.server.registration.Registration;
import org.scgateway.peers.leshan.server.registration.RegistrationListener;
import org.scgateway.peers.leshan.server.registration.RegistrationUpdate;

/** A Leshan server on loopback that time-stamps what it sees (System.nanoTime()). */
final class BenchServer implements RegistrationListener, AutoCloseable {

    static final class Seen {
        final String kind;
        final String endpoint;
        final List<String> links;
        final long nanos;

        Seen(String kind, Registration r) {
            this.kind = kind;
            this.endpoint = r.getEndpoint();
            this.links = Arrays.stream(r.getObjectLinks()).map(Link::getUriReference).collect(java.util.stream.Collectors.toList());
            this.nanos = System.nanoTime();
        }
    }

    private final LeshanServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    BenchServer() {
        this(List.of());
    }

    /** A server that knows these models besides OMA's. */
    BenchServer(List<org.scgateway.peers.leshan.core.model.ObjectModel> extra) {
        CaliforniumServerEndpointsProvider endpoints = new CaliforniumServerEndpointsProvider.Builder(new CoapServerProtocolProvider())
                .addEndpoint(new InetSocketAddress("127.0.0.1", 0), Protocol.COAP).build();
        List<org.scgateway.peers.leshan.core.model.ObjectModel> models = new java.util.ArrayList<>(org.scgateway.peers.leshan.core.model.ObjectLoader.loadDefault());
        models.addAll(extra);
        server = new LeshanServerBuilder().setEndpointsProviders(endpoints)
                .setObjectModelProvider(new org.scgateway.peers.leshan.server.model.VersionedModelProvider(models)).build();
        server.getRegistrationService().addListener(this);
        server.start();
    }

    String uri() {
        return "coap://127.0.0.1:" + server.getEndpoint(Protocol.COAP).getURI().getPort();
    }

    /** Waits for an event after {@code afterNanos} that matches, and returns when the server saw it. */
    long await(String kind, Predicate<Seen> match, long afterNanos, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            for (Seen s : seen) {
                if (s.nanos >= afterNanos && kind.startsWith(s.kind) && match.test(s)) {
                    return s.nanos;
                }
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("the server saw no " + kind + " in " + timeoutMillis + " ms");
    }

    @Override
    public void registered(Registration registration, Registration previous, Collection<Observation> observations) {
        seen.add(new Seen("registered", registration));
    }

    @Override
    public void updated(RegistrationUpdate update, Registration updated, Registration previous) {
        seen.add(new Seen("updated", updated));
    }

    @Override
    public void unregistered(Registration registration, Collection<Observation> observations, boolean expired, Registration newReg) {
        seen.add(new Seen("unregistered", registration));
    }

    /** How many events of this kind the server has seen. */
    int count(String kind) {
        return (int) seen.stream().filter(s -> s.kind.equals(kind)).count();
    }

    LeshanServer leshan() {
        return server;
    }

    @Override
    public void close() {
        server.destroy();
    }
}
