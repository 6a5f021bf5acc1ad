package org.scgateway.console.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scgateway.api.lwm2m.ClientStatus;

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

    /** lwm2m:status — registration state, server, last update and objects of the LwM2M client. */
    @Descriptor("shows the LwM2M client: registration state, server, security and where its key is kept, objects, hosted instances")
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
        row(sb, "security", s.securityMode().map(m -> m + s.pskIdentity().map(i -> ", identity " + i).orElse("")
                + s.keyLocation().map(k -> ", key in " + k).orElse("")).orElse("-"));
        row(sb, "registration", s.registrationId().orElse("-"));
        row(sb, "registered", ago(s.lastRegistration()));
        row(sb, "last update", ago(s.lastUpdate()));
        s.serversFrom().ifPresent(f -> row(sb, "servers from", f));
        s.sourceProblem().ifPresent(p -> row(sb, "source problem", p));
        row(sb, "objects", s.objectIds().stream().map(String::valueOf).collect(Collectors.joining(" ")));
        s.hostedInstances().forEach((component, links) -> row(sb, "in " + component,
                links.stream().map(String::valueOf).collect(Collectors.joining(" "))));
        s.lastError().ifPresent(e -> row(sb, "last error", e));
        return sb.toString();
    }

    /** lwm2m:update — sends a Registration Update now. */
    @Descriptor("sends a Registration Update to the server now")
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

    private static void row(StringBuilder sb, String name, String value) {
        sb.append(String.format("%-13s %s%n", name, value));
    }

    private static String ago(Optional<Instant> when) {
        return when.map(t -> t + " (" + Duration.between(t, Instant.now()).toSeconds() + " s ago)").orElse("-");
    }
}
