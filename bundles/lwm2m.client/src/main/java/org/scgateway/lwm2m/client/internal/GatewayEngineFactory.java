package org.scgateway.lwm2m.client.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

import org.eclipse.leshan.client.EndpointsManager;
import org.eclipse.leshan.client.bootstrap.BootstrapHandler;
import org.eclipse.leshan.client.engine.ClientEndpointNameProvider;
import org.eclipse.leshan.client.engine.RegistrationEngine;
import org.eclipse.leshan.client.engine.RegistrationEngineFactory;
import org.eclipse.leshan.client.observer.LwM2mClientObserver;
import org.eclipse.leshan.client.request.UplinkRequestSender;
import org.eclipse.leshan.client.resource.LwM2mObjectTree;
import org.eclipse.leshan.client.servers.ServersInfoExtractor;
import org.eclipse.leshan.client.util.LinkFormatHelper;
import org.eclipse.leshan.core.request.ContentFormat;

/**
 * Makes the client's {@link GatewayRegistrationEngine} where Leshan would make its own; with
 * {@code resumeBeforeRegistration}, its Registers and Updates go through a {@link ResumingRequestSender}, which has
 * the DTLS session resumed before each (issue 22, finding 10).
 */
final class GatewayEngineFactory implements RegistrationEngineFactory {

    private final GatewayRegistrationEngine.Timing timing;
    private final boolean resumeBeforeRegistration;

    GatewayEngineFactory(GatewayRegistrationEngine.Timing timing, boolean resumeBeforeRegistration) {
        this.timing = timing;
        this.resumeBeforeRegistration = resumeBeforeRegistration;
    }

    @Override
    @SuppressWarnings("java:S107") // Leshan's own signature
    public RegistrationEngine createRegistratioEngine(ClientEndpointNameProvider endpoint, LwM2mObjectTree tree,
            EndpointsManager endpoints, UplinkRequestSender sender, BootstrapHandler bootstrapHandler, LwM2mClientObserver observer,
            Map<String, String> attributes, Map<String, String> bootstrapAttributes, Set<ContentFormat> formats,
            ScheduledExecutorService scheduler, LinkFormatHelper linkFormat, ServersInfoExtractor serversInfo) {
        UplinkRequestSender s = resumeBeforeRegistration ? new ResumingRequestSender(sender, endpoints) : sender;
        return new GatewayRegistrationEngine(endpoint, serversInfo, tree, endpoints, s, bootstrapHandler, observer, attributes, bootstrapAttributes,
                formats, scheduler, linkFormat, timing, new RegistrationPolicies(tree, timing.retryWaitMs(), timing.maxRetryWaitMs()));
    }
}
