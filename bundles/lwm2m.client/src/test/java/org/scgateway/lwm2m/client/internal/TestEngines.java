package org.scgateway.lwm2m.client.internal;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;

import org.eclipse.leshan.client.bootstrap.BootstrapHandler;
import org.eclipse.leshan.client.engine.DefaultClientEndpointNameProvider;
import org.eclipse.leshan.client.engine.RegistrationEngine;
import org.eclipse.leshan.client.object.Device;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.request.UplinkRequestSender;
import org.eclipse.leshan.client.resource.LwM2mObjectTree;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.DefaultServersInfoExtractor;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.client.util.LinkFormatHelper;
import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;
import org.eclipse.leshan.core.request.UplinkRequest;
import org.eclipse.leshan.core.response.ErrorCallback;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.RegisterResponse;
import org.eclipse.leshan.core.response.ResponseCallback;
import org.eclipse.leshan.core.response.UpdateResponse;

/** The gateway's registration engine as the client assembles it, for one NoSec server (short server id 123) and a sender of the test's. */
final class TestEngines {

    static final LwM2mServer SERVER = new LwM2mServer(new IpPeer(new InetSocketAddress("127.0.0.1", 5683)), 123L,
            URI.create("coap://127.0.0.1:5683"));

    private TestEngines() {
    }

    /** A server that answers each Register at once, as /rd/1, and hands each Update to {@link #update} (unanswered there). */
    static class Registering implements UplinkRequestSender {

        /** What came: "register", and what {@link #update} adds. */
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public <T extends LwM2mResponse> T send(LwM2mServer srv, UplinkRequest<T> request, long timeoutInMs) {
            throw new IllegalStateException("not expected here: " + request);
        }

        @SuppressWarnings("unchecked")
        @Override
        public <T extends LwM2mResponse> void send(LwM2mServer srv, UplinkRequest<T> request, long timeoutInMs,
                ResponseCallback<T> responseCallback, ErrorCallback errorCallback) {
            if (request instanceof RegisterRequest) {
                seen.add("register");
                responseCallback.onResponse((T) RegisterResponse.success("/rd/1"));
            } else if (request instanceof UpdateRequest u) {
                update(u, (ResponseCallback<UpdateResponse>) responseCallback);
            } else {
                throw new IllegalStateException("not expected here: " + request);
            }
        }

        void update(UpdateRequest request, ResponseCallback<UpdateResponse> answer) {
        }
    }

    /** {@code updateEveryMs}: the period of the periodic Update. */
    static RegistrationEngine engine(UplinkRequestSender sender, long updateEveryMs, ScheduledExecutorService scheduler) throws Exception {
        ClientSettings s = ClientSettings.from(ClientSettingsTest.config("serverUri", SERVER.getUri().toString(),
                "handshakeBeforeRegistration", false));
        ObjectsInitializer init = new ObjectsInitializer(new StaticModel(ObjectLoader.loadDefault()));
        init.setInstancesForObject(LwM2mId.SECURITY, Security.noSec(s.serverUri, 123));
        init.setInstancesForObject(LwM2mId.SERVER, new Server(123, 60));
        init.setInstancesForObject(LwM2mId.DEVICE, new Device("m", "n", "s"));
        LinkFormatHelper links = new LinkFormatHelper(LwM2mVersion.V1_1);
        LwM2mObjectTree tree = new LwM2mObjectTree(e -> e.init(null, links),
                init.create(LwM2mId.SECURITY, LwM2mId.SERVER, LwM2mId.DEVICE));
        return ClientAssembly.registrationEngine(s).createRegistratioEngine(new DefaultClientEndpointNameProvider("e"), tree,
                new RecordingEndpoints(SERVER, new CopyOnWriteArrayList<>(), updateEveryMs), sender,
                new BootstrapHandler(tree.getObjectEnablers(), null, links), new LwM2mClientObserverAdapter(), Collections.emptyMap(),
                Collections.emptyMap(), Set.of(ContentFormat.TLV), scheduler, links, new DefaultServersInfoExtractor());
    }
}
