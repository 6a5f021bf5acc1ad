package org.scgateway.itests;

import java.util.function.Supplier;

import org.scgateway.peers.leshan.server.LeshanServer;
import org.junit.rules.ExternalResource;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The gateway in Felix (the suite's container) with a real Leshan server of its own: before each test a server on a
 * free port and the client pointed at it ({@link AdminObject#serverAndClient}); after it, whatever the outcome, the
 * server destroyed. The container's services are injected into the test after the rule is made, hence suppliers.
 */
final class GatewayWithServer extends ExternalResource {

    private final Supplier<BundleContext> context;
    private final Supplier<ConfigurationAdmin> configAdmin;
    private final String endpoint;
    private final long timeoutMs;
    private final ServerEvents events = new ServerEvents();
    private AdminObject admin;

    GatewayWithServer(Supplier<BundleContext> context, Supplier<ConfigurationAdmin> configAdmin, String endpoint, long timeoutMs) {
        this.context = context;
        this.configAdmin = configAdmin;
        this.endpoint = endpoint;
        this.timeoutMs = timeoutMs;
    }

    @Override
    protected void before() throws Exception {
        admin = AdminObject.serverAndClient(context.get(), configAdmin.get(), events, endpoint, timeoutMs);
    }

    @Override
    protected void after() {
        if (admin != null) {
            admin.server().destroy();
        }
    }

    /** The admin object of the client, as the server works it. */
    AdminObject admin() {
        return admin;
    }

    LeshanServer server() {
        return admin.server();
    }

    /** What the server saw: registrations, updates, deregistrations. */
    ServerEvents events() {
        return events;
    }
}
