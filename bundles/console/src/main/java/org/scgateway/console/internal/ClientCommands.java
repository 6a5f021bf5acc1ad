package org.scgateway.console.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scgateway.api.lwm2m.ClientStatus;
import org.scgateway.api.lwm2m.ServerStatus;

/**
 * Gogo commands {@code lwm2m:status} and {@code lwm2m:update}, over the console's view model as the Web Console
 * page's client section, registered with the plain {@code osgi.command.*} properties so that Karaf's shell finds
 * them too. In the console with every other command (they were the client bundle's until issue 19).
 */
@Component(service = ClientCommands.class, property = {
    "osgi.command.scope=lwm2m",
    "osgi.command.function=status",
    "osgi.command.function=update"})
public class ClientCommands {

    @Reference
    private Overview overview;

    /** lwm2m:status — registration state, server, last update and objects of the LwM2M client, then each server's registration. */
    @Descriptor("shows the LwM2M client: registration state, server, security and where its key is kept, objects, hosted instances,"
            + " then each LwM2M server's registration")
    public String status() {
        Optional<ClientStatus> status = overview.client();
        if (status.isEmpty()) {
            return "no LwM2M client is running";
        }
        ClientStatus s = status.get();
        StringBuilder sb = new StringBuilder();
        row(sb, "endpoint", s.endpoint());
        row(sb, "state", s.state().toString());
        row(sb, "server", s.serverUri().orElse("-"));
        row(sb, "security", security(s.securityMode(), s.pskIdentity(), s.keyLocation()));
        row(sb, "registration", s.registrationId().orElse("-"));
        row(sb, "registered", ago(s.lastRegistration()));
        row(sb, "last update", ago(s.lastUpdate()));
        s.serversFrom().ifPresent(f -> row(sb, "servers from", f));
        s.sourceProblem().ifPresent(p -> row(sb, "source problem", p));
        row(sb, "objects", s.objectIds().stream().map(String::valueOf).collect(Collectors.joining(" ")));
        s.hostedInstances().forEach((component, links) -> row(sb, "in " + component,
                links.stream().map(String::valueOf).collect(Collectors.joining(" "))));
        s.lastError().ifPresent(e -> row(sb, "last error", e));
        // After the client-wide rows, which scripts read and which tell of the first server only.
        s.servers().forEach(server -> server(sb, server));
        return sb.toString();
    }

    /** lwm2m:update — sends a Registration Update now. */
    @Descriptor("sends a Registration Update to every server the client is registered with, now")
    public String update() {
        Optional<ClientStatus> status = overview.client();
        if (status.isEmpty()) {
            return "no LwM2M client is running";
        }
        if (status.get().state() != ClientStatus.State.REGISTERED) {
            return "not registered (" + status.get().state() + "): nothing to update";
        }
        return overview.triggerUpdate() ? "registration update sent" : "no LwM2M client is running";
    }

    /**
     * One server's registration: a row with its Short Server ID and URI, then its own rows, indented by one space to
     * set them apart from the client-wide rows of the same names while keeping their column.
     */
    private static void server(StringBuilder sb, ServerStatus s) {
        row(sb, "server " + s.shortServerId(), s.uri());
        row(sb, " state", s.state().toString());
        row(sb, " registration", s.registrationId().orElse("-"));
        row(sb, " registered", ago(s.lastRegistration()));
        row(sb, " last update", ago(s.lastUpdate()));
        s.nextAttempt().ifPresent(t -> row(sb, " next attempt", due(t)));
        s.lastError().ifPresent(e -> row(sb, " last error", e));
        row(sb, " security", security(s.securityMode(), s.pskIdentity(), s.keyLocation()));
    }

    private static void row(StringBuilder sb, String name, String value) {
        sb.append(String.format("%-13s %s%n", name, value));
    }

    private static String ago(Optional<Instant> when) {
        return when.map(t -> t + " (" + Duration.between(t, Instant.now()).toSeconds() + " s ago)").orElse("-");
    }

    /** A time to come, as ago() tells a past one; one already passed is due now, not "-3 s ago". */
    private static String due(Instant t) {
        long seconds = Duration.between(Instant.now(), t).toSeconds();
        return t + (seconds > 0 ? " (in " + seconds + " s)" : " (now)");
    }

    /** The security mode with its public PSK identity and where the key is kept; never the key itself. */
    private static String security(Optional<String> mode, Optional<String> identity, Optional<String> keyLocation) {
        return mode.map(m -> m + identity.map(i -> ", identity " + i).orElse("") + keyLocation.map(k -> ", key in " + k).orElse(""))
                .orElse("-");
    }
}
