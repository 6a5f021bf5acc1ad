package org.scgateway.lwm2m.client.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.scgateway.api.lwm2m.ClientStatus;
import org.scgateway.api.lwm2m.LwM2mClientService;

/**
 * Gogo commands {@code lwm2m:status} and {@code lwm2m:update}, registered with the plain
 * {@code osgi.command.*} properties so that Karaf's shell finds them too.
 */
@Component(service = ClientCommands.class, property = {
    "osgi.command.scope=lwm2m",
    "osgi.command.function=status",
    "osgi.command.function=update"})
public class ClientCommands {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LwM2mClientService client;

    /** lwm2m:status — registration state, server, last update and objects of the LwM2M client. */
    public String status() {
        LwM2mClientService c = client;
        if (c == null) {
            return "no LwM2M client is running";
        }
        ClientStatus s = c.status();
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
    public String update() {
        LwM2mClientService c = client;
        if (c == null) {
            return "no LwM2M client is running";
        }
        if (c.status().state() != ClientStatus.State.REGISTERED) {
            return "not registered (" + c.status().state() + "): nothing to update";
        }
        c.triggerUpdate();
        return "registration update sent";
    }

    private static void row(StringBuilder sb, String name, String value) {
        sb.append(String.format("%-13s %s%n", name, value));
    }

    private static String ago(Optional<Instant> when) {
        return when.map(t -> t + " (" + Duration.between(t, Instant.now()).toSeconds() + " s ago)").orElse("-");
    }
}
