package org.scgateway.lwm2m.client.internal;

import java.security.cert.Certificate;
import java.util.Collection;
import java.util.List;

import org.eclipse.leshan.client.endpoint.ClientEndpointToolbox;
import org.eclipse.leshan.client.endpoint.DefaultEndpointsManager;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.client.servers.ServerInfo;

/**
 * Leshan's endpoints manager, but creating an endpoint adds it beside the others instead of replacing them all
 * (Leshan's keeps one), and one server's endpoint can be closed alone: {@link ServerEndpoints}.
 */
final class ServerEndpointsManager extends DefaultEndpointsManager {

    private final ServerEndpoints endpoints;

    ServerEndpointsManager(ServerEndpoints endpoints, ClientEndpointToolbox toolbox, List<Certificate> trustStore) {
        super(endpoints, toolbox, trustStore);
        this.endpoints = endpoints;
    }

    @Override
    public synchronized LwM2mServer createEndpoint(ServerInfo info, boolean clientInitiatedOnly) {
        return endpoints.createEndpoint(info, clientInitiatedOnly, trustStore, toolbox);
    }

    /** Every server's endpoint, beside the others (Leshan's makes the first only). */
    @Override
    public synchronized Collection<LwM2mServer> createEndpoints(Collection<? extends ServerInfo> infos, boolean clientInitiatedOnly) {
        return endpoints.createEndpoints(infos, clientInitiatedOnly, trustStore, toolbox);
    }

    /** Closes the endpoint towards one server (a bootstrap server once its session is over, a server deleted). */
    synchronized void close(LwM2mServer server) {
        endpoints.destroyEndpoint(server);
    }
}
