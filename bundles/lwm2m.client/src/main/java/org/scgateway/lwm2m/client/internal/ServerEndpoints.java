package org.scgateway.lwm2m.client.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.leshan.transport.californium.client.endpoint.CaliforniumClientEndpoint;
import org.eclipse.leshan.transport.californium.client.endpoint.CaliforniumClientEndpointFactory;
import org.eclipse.leshan.transport.californium.client.endpoint.ClientCoapMessageTranslator;
import org.eclipse.leshan.transport.californium.client.endpoint.ClientProtocolProvider;
import org.eclipse.leshan.transport.californium.client.endpoint.ServerIdentityExtractor;
import org.eclipse.leshan.client.endpoint.ClientEndpointToolbox;
import org.eclipse.leshan.client.endpoint.LwM2mClientEndpoint;
import org.eclipse.leshan.client.endpoint.LwM2mClientEndpointsProvider;
import org.eclipse.leshan.client.notification.NotificationManager;
import org.eclipse.leshan.client.request.DownlinkRequestReceiver;
import org.eclipse.leshan.client.resource.LwM2mObjectTree;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.client.servers.ServerInfo;
import org.eclipse.leshan.core.SecurityMode;
import org.eclipse.leshan.transport.californium.identity.IdentityHandler;
import org.eclipse.leshan.transport.californium.identity.IdentityHandlerProvider;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.peer.LwM2mIdentity;
import org.eclipse.leshan.core.peer.OscoreIdentity;
import org.eclipse.leshan.core.peer.PskIdentity;
import org.eclipse.leshan.core.peer.RpkIdentity;
import org.eclipse.leshan.core.peer.X509Identity;
import org.eclipse.leshan.core.util.NamedThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's CoAP side with one endpoint per server: its own socket, and for coaps its own DTLS session, so that
 * each server is reached, and answered, over a connection of its own. Leshan's provider keeps a single endpoint
 * (eclipse-leshan/leshan#600); the object tree's CoAP resources are shared by every endpoint here, and a request is
 * the server's whose endpoint it came in on ({@link #serverOf}) — so the Access Control object binds the right one,
 * and an Observe's notifications leave by the endpoint it arrived on.
 */
final class ServerEndpoints implements LwM2mClientEndpointsProvider {

    private static final Logger LOG = LoggerFactory.getLogger(ServerEndpoints.class);

    static {
        // Californium 4.0.0-M6 makes its UDP threads in a group it does not reset to non-daemon, as it does its CoAP and
        // Scandium groups: made from a daemon thread (SCR's, Felix's), the group is a daemon one, and Java 17 destroys it
        // with its last thread, so once the client's first plain CoAP endpoint was closed no other could start
        // (IllegalThreadStateException). Java 19 and later destroy no thread group.
        org.eclipse.californium.elements.util.NamedThreadFactory.TRANSPORT_THREAD_GROUP.setDaemon(false);
    }

    /** One server's endpoint. */
    private record Reached(LwM2mServer server, CaliforniumClientEndpoint endpoint) {
    }

    private final Configuration config;
    private final List<CaliforniumClientEndpointFactory> factories = new ArrayList<>();
    private final InetAddress clientAddress;
    private final ClientCoapMessageTranslator translator = new ClientCoapMessageTranslator();
    private final Identities identities = new Identities();
    /** Times out the endpoints' asynchronous requests, as in Leshan's provider. */
    private final ScheduledExecutorService timeouts = Executors.newScheduledThreadPool(1, new NamedThreadFactory("lwm2m-request-timeout"));
    private final Map<Endpoint, Reached> byCoapEndpoint = new ConcurrentHashMap<>();
    private LwM2mObjectTree tree;
    private CoapServer coap;
    private boolean started;

    /** @param clientAddress the local address to bind, null for every interface */
    ServerEndpoints(Configuration config, InetAddress clientAddress, ClientProtocolProvider... protocols) {
        this.config = config;
        this.clientAddress = clientAddress != null ? clientAddress : new java.net.InetSocketAddress(0).getAddress();
        for (ClientProtocolProvider p : protocols) {
            factories.add(p.createDefaultEndpointFactory());
        }
    }

    @Override
    public void init(LwM2mObjectTree objectTree, DownlinkRequestReceiver receiver, NotificationManager notifications,
            ClientEndpointToolbox toolbox) {
        this.tree = objectTree;
        ServerIdentityExtractor serverOf = this::serverOf;
        coap = new CoapServer(config) {
            @Override
            protected Resource createRoot() {
                return translator.createRootResource(coap, identities, serverOf, receiver, toolbox, objectTree);
            }
        };
        coap.add(translator.createResources(coap, identities, serverOf, receiver, notifications, toolbox, objectTree)
                .toArray(Resource[]::new));
    }

    /**
     * The server a request came from: the one whose endpoint it arrived on — on plain CoAP only if it also came from
     * that server's address, since anybody can send to an unsecured socket; with OSCORE only under its context.
     */
    LwM2mServer serverOf(Exchange exchange, IpPeer peer) {
        Reached r = exchange.getEndpoint() == null ? null : byCoapEndpoint.get(exchange.getEndpoint());
        if (r == null || !r.endpoint().getCoapEndpoint().isStarted()) {
            return null;
        }
        IpPeer expected = (IpPeer) r.server().getTransportData();
        if (r.endpoint().getProtocol().equals(Protocol.COAP) && !expected.getSocketAddress().equals(peer.getSocketAddress())) {
            return null;
        }
        if (expected.getIdentity() instanceof OscoreIdentity && !expected.getIdentity().equals(peer.getIdentity())) {
            return null;
        }
        return r.server();
    }

    @Override
    public synchronized LwM2mServer createEndpoint(ServerInfo info, boolean clientInitiatedOnly, List<Certificate> trustStore,
            ClientEndpointToolbox toolbox) {
        String unsupported = unsupported(info);
        if (unsupported != null) {
            LOG.error("{}: {}", info.serverUri, unsupported);
            return null;
        }
        for (CaliforniumClientEndpointFactory factory : factories) {
            if (!factory.getProtocol().getUriScheme().equals(info.getFullUri().getScheme())) {
                continue;
            }
            CoapEndpoint coapEndpoint = factory.createCoapEndpoint(clientAddress, config, info, clientInitiatedOnly, trustStore, toolbox);
            if (coapEndpoint == null) {
                continue;
            }
            LwM2mServer server = serverFor(info);
            destroyEndpoint(server); // an account written anew replaces its endpoint
            IdentityHandler identity = factory.createIdentityHandler();
            identities.addIdentityHandler(coapEndpoint, identity);
            CaliforniumClientEndpoint endpoint = new CaliforniumClientEndpoint(factory.getProtocol(), factory.getEndpointDescription(),
                    coapEndpoint, translator, toolbox, identity, factory.createConnectionController(), tree.getModel(),
                    factory.createExceptionTranslator(), timeouts);
            coap.addEndpoint(coapEndpoint);
            byCoapEndpoint.put(coapEndpoint, new Reached(server, endpoint));
            if (started) {
                coap.start(); // starts the endpoints not yet started; no-op for the others
                try {
                    coapEndpoint.start();
                } catch (IOException e) {
                    throw new UncheckedIOException("the endpoint towards " + info.serverUri + " could not start", e);
                }
            }
            return server;
        }
        return null;
    }

    @Override
    public Collection<LwM2mServer> createEndpoints(Collection<? extends ServerInfo> infos, boolean clientInitiatedOnly,
            List<Certificate> trustStore, ClientEndpointToolbox toolbox) {
        List<LwM2mServer> servers = new ArrayList<>();
        for (ServerInfo info : infos) {
            LwM2mServer s = createEndpoint(info, clientInitiatedOnly, trustStore, toolbox);
            if (s != null) {
                servers.add(s);
            }
        }
        return servers;
    }

    /**
     * Why no endpoint can be made towards a server, or null: an OSCORE account, since Leshan 2.0.0-M18 has no OSCORE
     * transport (docs/architecture.md) and its plain CoAP endpoint would carry the messages unprotected.
     */
    static String unsupported(ServerInfo info) {
        return info.useOscore ? "it is to be reached with OSCORE, which the gateway's CoAP stack (Leshan 2.0.0-M18) has not got: "
                + "nothing is sent to it" : null;
    }

    /** Closes the endpoint towards one server, if there is one. */
    synchronized void destroyEndpoint(LwM2mServer server) {
        byCoapEndpoint.values().removeIf(r -> {
            if (!r.server().equals(server)) {
                return false;
            }
            Endpoint e = r.endpoint().getCoapEndpoint();
            coap.getEndpoints().remove(e);
            identities.remove(e);
            e.destroy();
            return true;
        });
    }

    @Override
    public synchronized void destroyEndpoints() {
        identities.clear();
        for (Reached r : byCoapEndpoint.values()) {
            coap.getEndpoints().remove(r.endpoint().getCoapEndpoint());
            r.endpoint().getCoapEndpoint().destroy();
        }
        byCoapEndpoint.clear();
    }

    @Override
    public LwM2mClientEndpoint getEndpoint(LwM2mServer server) {
        return byCoapEndpoint.values().stream().filter(r -> r.server().equals(server)).map(Reached::endpoint).findFirst().orElse(null);
    }

    @Override
    public List<LwM2mClientEndpoint> getEndpoints() {
        return List.copyOf(byCoapEndpoint.values().stream().map(Reached::endpoint).toList());
    }

    @Override
    public synchronized void start() {
        if (!started) {
            started = true;
            if (!coap.getEndpoints().isEmpty()) {
                coap.start();
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (started) {
            started = false;
            if (!coap.getEndpoints().isEmpty()) {
                coap.stop();
            }
        }
    }

    @Override
    public synchronized void destroy() {
        started = false;
        // The endpoints first: a Register queued on an endpoint's executor as the client stopped was still sent after
        // the timeouts were shut, and Leshan's scheduling of its timeout failed with a RejectedExecutionException and a
        // stack trace (once in 2,014 client starts of the soak).
        coap.destroy();
        timeouts.shutdownNow();
    }

    /** Leshan's is a plain map without removal; endpoints come and go here while requests arrive. */
    private static final class Identities extends IdentityHandlerProvider {
        private final Map<Endpoint, IdentityHandler> handlers = new ConcurrentHashMap<>();

        @Override
        public void addIdentityHandler(Endpoint endpoint, IdentityHandler handler) {
            handlers.put(endpoint, handler);
        }

        @Override
        public IdentityHandler getIdentityHandler(Endpoint endpoint) {
            return handlers.get(endpoint);
        }

        @Override
        public void clear() {
            handlers.clear();
        }

        void remove(Endpoint endpoint) {
            handlers.remove(endpoint);
        }
    }

    /** The server as requests from it are recognised: its address, and the identity its security mode gives it. */
    private static LwM2mServer serverFor(ServerInfo info) {
        LwM2mIdentity identity = null;
        if (info.isSecure()) {
            if (info.secureMode == SecurityMode.PSK) {
                identity = new PskIdentity(info.pskId);
            } else if (info.secureMode == SecurityMode.RPK) {
                identity = new RpkIdentity(info.serverPublicKey);
            } else if (info.secureMode == SecurityMode.X509) {
                // The certificate's subject cannot always be known beforehand (certificate usages): any, as Leshan does.
                identity = new X509Identity("*");
            } else {
                throw new IllegalArgumentException("security mode " + info.secureMode + " of " + info.serverUri + " is not supported");
            }
        } else if (info.useOscore) {
            identity = new OscoreIdentity(info.oscoreSetting.getRecipientId());
        }
        IpPeer peer = identity == null ? new IpPeer(info.getAddress())
                : info.isSecure() ? new IpPeer(info.getAddress(), info.sni, identity) : new IpPeer(info.getAddress(), identity);
        return info.bootstrap ? new LwM2mServer(peer, info.serverUri) : new LwM2mServer(peer, info.serverId, info.serverUri);
    }
}
