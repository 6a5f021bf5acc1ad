package org.scgateway.console.internal;

import java.lang.reflect.Field;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.scgateway.api.lwm2m.ClientStatus;
import org.scgateway.api.lwm2m.ServerStatus;

/**
 * A client registered to one server and retrying another, for the shell command and the page alike, and the
 * {@link Overview} that hands it to them (no OSGi: the console's views only read {@link Overview#client()}).
 */
final class TwoServers {

    static final Instant REGISTERED_AT = Instant.parse("2024-01-02T03:04:05Z");
    static final Instant UPDATED_AT = Instant.parse("2024-01-02T03:14:05Z");
    /** Far ahead, so that the shell tells it as a time to come whenever the test runs. */
    static final Instant NEXT_ATTEMPT = Instant.now().plusSeconds(3600);

    private TwoServers() {
    }

    static ClientStatus status() {
        return client(List.of(
                ServerStatus.builder(101, "coaps://dm.example:5684", ServerStatus.State.REGISTERED)
                        .registrationId("reg-101").lastRegistration(REGISTERED_AT).lastUpdate(UPDATED_AT)
                        .security("PSK", "gw-1", "secure component sim-1 (its bootstrap file)").build(),
                ServerStatus.builder(102, "coap://backup.example:5683", ServerStatus.State.RETRYING)
                        .lastError("no answer <timeout>").nextAttempt(NEXT_ATTEMPT).security("NO_SEC", null, null).build()));
    }

    /** The client-wide fields tell of the first server, as the client fills them. */
    static ClientStatus client(List<ServerStatus> servers) {
        return ClientStatus.builder("gw-1", ClientStatus.State.REGISTERED).serverUri("coaps://dm.example:5684")
                .registrationId("reg-101").lastRegistration(REGISTERED_AT).lastUpdate(UPDATED_AT)
                .security("PSK", "gw-1", "secure component sim-1 (its bootstrap file)").objectIds(List.of(0, 1, 3))
                .servers(servers).build();
    }

    static Overview overview(ClientStatus status) {
        return new Overview() {
            @Override
            Optional<ClientStatus> client() {
                return Optional.of(status);
            }

            @Override
            Optional<String> adminBackend() {
                return Optional.empty(); // no Configuration Admin here
            }
        };
    }

    /** Sets the {@code overview} field that Declarative Services would. */
    static <T> T with(T view, Overview overview) throws ReflectiveOperationException {
        Field f = view.getClass().getDeclaredField("overview");
        f.setAccessible(true);
        f.set(view, overview);
        return view;
    }
}
