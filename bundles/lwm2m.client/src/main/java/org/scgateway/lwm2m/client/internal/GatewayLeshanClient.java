package org.scgateway.lwm2m.client.internal;

import java.security.cert.Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import org.eclipse.leshan.client.EndpointsManager;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.RegistrationUpdate;
import org.eclipse.leshan.client.RegistrationUpdateHandler;
import org.eclipse.leshan.client.bootstrap.BootstrapConsistencyChecker;
import org.eclipse.leshan.client.bootstrap.BootstrapHandler;
import org.eclipse.leshan.client.endpoint.ClientEndpointToolbox;
import org.eclipse.leshan.client.endpoint.LwM2mClientEndpointsProvider;
import org.eclipse.leshan.client.engine.ClientEndpointNameProvider;
import org.eclipse.leshan.client.engine.RegistrationEngine;
import org.eclipse.leshan.client.engine.RegistrationEngineFactory;
import org.eclipse.leshan.client.request.DownlinkRequestReceiver;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.client.servers.ServersInfoExtractor;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.LwM2mRootEnabler;
import org.eclipse.leshan.client.resource.LwM2mObjectTree;
import org.eclipse.leshan.client.send.DataSender;
import org.eclipse.leshan.client.util.LinkFormatHelper;
import org.eclipse.leshan.core.endpoint.EndPointUriHandler;
import org.eclipse.leshan.core.link.LinkSerializer;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttributeParser;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.codec.LwM2mDecoder;
import org.eclipse.leshan.core.node.codec.LwM2mEncoder;

/**
 * A Leshan client that can send a Registration Update carrying the current object links.
 * {@link LeshanClient#triggerRegistrationUpdate()} sends one without links, and Leshan keeps only the
 * latest pending trigger, so such an update could replace one that carried links; the engine itself
 * takes a {@link RegistrationUpdate}, and Leshan hands it to {@link #createRegistrationUpdateHandler}.
 * It also answers servers under the Access Control instances ({@link AccessControlledRequests}).
 */
final class GatewayLeshanClient extends LeshanClient {

    private RegistrationEngine engine; // set from the super constructor: no initialiser here
    private LinkFormatHelper linkFormat;
    private volatile AccessPolicy accessPolicy; // read by the request receiver, which the super constructor makes
    private AccessControlledRequests requests; // set from the super constructor: no initialiser here

    @SuppressWarnings("java:S107") // Leshan's own constructor
    GatewayLeshanClient(ClientEndpointNameProvider endpoint, List<? extends LwM2mObjectEnabler> objectEnablers,
            List<DataSender> dataSenders, List<Certificate> trustStore, RegistrationEngineFactory engineFactory,
            BootstrapConsistencyChecker checker, Map<String, String> additionalAttributes, Map<String, String> bsAdditionalAttributes,
            LwM2mEncoder encoder, LwM2mDecoder decoder, ScheduledExecutorService sharedExecutor, LinkSerializer linkSerializer,
            LinkFormatHelper linkFormatHelper, ServersInfoExtractor serversInfo, LwM2mAttributeParser attributeParser,
            EndPointUriHandler uriHandler, LwM2mClientEndpointsProvider endpointsProvider, AccessPolicy accessPolicy) {
        super(endpoint, objectEnablers, dataSenders, trustStore, engineFactory, checker, additionalAttributes,
                bsAdditionalAttributes, encoder, decoder, sharedExecutor, linkSerializer, linkFormatHelper, serversInfo,
                attributeParser, uriHandler, endpointsProvider);
        this.accessPolicy = accessPolicy;
    }

    @Override
    protected DownlinkRequestReceiver createRequestReceiver(BootstrapHandler bootstrapHandler, LwM2mRootEnabler rootEnabler,
            LwM2mObjectTree objectTree, RegistrationEngine registrationEngine) {
        requests = new AccessControlledRequests(super.createRequestReceiver(bootstrapHandler, rootEnabler, objectTree, registrationEngine),
                objectTree, () -> accessPolicy);
        return requests;
    }

    /** Endpoints added beside each other, one per server ({@link ServerEndpoints}), rather than one replacing the last. */
    @Override
    protected EndpointsManager createEndpointsManager(LwM2mClientEndpointsProvider provider, ClientEndpointToolbox toolbox,
            List<Certificate> trustStore) {
        return provider instanceof ServerEndpoints endpoints ? new ServerEndpointsManager(endpoints, toolbox, trustStore)
                : super.createEndpointsManager(provider, toolbox, trustStore);
    }

    /** The engine's view of each server, for the status; empty before the engine exists. */
    Map<Integer, GatewayRegistrationEngine.ServerView> serverViews() {
        return engine instanceof GatewayRegistrationEngine g ? g.servers() : Map.of();
    }

    @Override
    protected RegistrationUpdateHandler createRegistrationUpdateHandler(RegistrationEngine engine, BootstrapHandler bootstrapHandler,
            LwM2mObjectTree objectTree, LinkFormatHelper linkFormatHelper) {
        this.engine = engine;
        this.linkFormat = linkFormatHelper;
        return super.createRegistrationUpdateHandler(engine, bootstrapHandler, objectTree, linkFormatHelper);
    }

    /** Whether the server may read every path (a String such as {@code /3/0/13}) under the Access Control object. */
    boolean mayRead(LwM2mServer server, List<String> paths) {
        return paths.stream().map(LwM2mPath::new).allMatch(p -> requests.mayRead(server, p));
    }

    /** Whether the server's Server instance lets the client Send to it (Mute Send present and false). */
    boolean sendAllowed(LwM2mServer server) {
        return server.getId() != null && BoundedServer.of(getObjectTree(), server.getId().intValue()).map(BoundedServer::sendAllowed).orElse(false);
    }

    /** Sends a Registration Update with the object links of the tree as it is now. */
    void updateObjectLinks() {
        engine.triggerRegistrationUpdate(new RegistrationUpdate(
                linkFormat.getClientDescription(getObjectTree().getObjectEnablers().values(), null, null)));
    }

    /** A builder that builds {@link GatewayLeshanClient}s. */
    static final class Builder extends LeshanClientBuilder {

        private AccessPolicy accessPolicy;

        Builder(String endpoint) {
            super(endpoint);
        }

        Builder setAccessPolicy(AccessPolicy policy) {
            this.accessPolicy = policy;
            return this;
        }

        @Override
        protected LeshanClient createLeshanClient(ClientEndpointNameProvider endpoint, List<? extends LwM2mObjectEnabler> objectEnablers,
                List<DataSender> dataSenders, List<Certificate> trustStore, RegistrationEngineFactory engineFactory,
                BootstrapConsistencyChecker checker, Map<String, String> additionalAttributes,
                Map<String, String> bsAdditionalAttributes, LwM2mEncoder encoder, LwM2mDecoder decoder,
                ScheduledExecutorService sharedExecutor, LinkSerializer linkSerializer, LinkFormatHelper linkFormatHelper,
                ServersInfoExtractor serversInfo, LwM2mAttributeParser attributeParser, EndPointUriHandler uriHandler,
                LwM2mClientEndpointsProvider endpointsProvider) {
            return new GatewayLeshanClient(endpoint, objectEnablers, dataSenders, trustStore, engineFactory, checker,
                    additionalAttributes, bsAdditionalAttributes, encoder, decoder, sharedExecutor, linkSerializer,
                    linkFormatHelper, serversInfo, attributeParser, uriHandler, endpointsProvider, accessPolicy);
        }
    }
}
