package org.scgateway.lwm2m.client.internal;

import static org.junit.Assert.assertEquals;

import java.util.Collection;
import java.util.List;

import org.eclipse.leshan.client.EndpointsManager;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.client.servers.ServerInfo;

/**
 * Endpoints of one server that open nothing: each forced reconnection is noted in {@code seen} ("resume" or "full
 * handshake"), in order with what the test's sender notes, and the Update period is {@code updateEveryMs}.
 */
final class RecordingEndpoints implements EndpointsManager {

    private final LwM2mServer server;
    private final Collection<String> seen;
    private final long updateEveryMs;

    RecordingEndpoints(LwM2mServer server, Collection<String> seen, long updateEveryMs) {
        this.server = server;
        this.seen = seen;
        this.updateEveryMs = updateEveryMs;
    }

    @Override
    public LwM2mServer createEndpoint(ServerInfo info, boolean clientInitiatedOnly) {
        return server;
    }

    @Override
    public Collection<LwM2mServer> createEndpoints(Collection<? extends ServerInfo> infos, boolean clientInitiatedOnly) {
        return List.of(server);
    }

    @Override
    public long getMaxCommunicationPeriodFor(LwM2mServer srv, long lifetimeInMs) {
        return updateEveryMs;
    }

    @Override
    public void forceReconnection(LwM2mServer srv, boolean resume) {
        assertEquals(server, srv);
        seen.add(resume ? "resume" : "full handshake");
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }

    @Override
    public void destroy() {
    }
}
