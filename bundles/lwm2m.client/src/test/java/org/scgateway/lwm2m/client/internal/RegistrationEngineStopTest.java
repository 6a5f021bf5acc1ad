package org.scgateway.lwm2m.client.internal;

import static org.junit.Assert.assertEquals;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

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
import org.eclipse.leshan.core.request.DeregisterRequest;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;
import org.eclipse.leshan.core.request.UplinkRequest;
import org.eclipse.leshan.core.response.DeregisterResponse;
import org.eclipse.leshan.core.response.ErrorCallback;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.RegisterResponse;
import org.eclipse.leshan.core.response.ResponseCallback;
import org.eclipse.leshan.core.response.UpdateResponse;
import org.junit.After;
import org.junit.Test;

/**
 * The engine stopping: an Update in flight when the client deregisters is answered 4.04 (the server just dropped
 * the registration), and that answer must not make a stopping client register again. Seen on Leshan M18, whose
 * timing put the answer inside the deregistration: the server was left holding a registration of a client that
 * had stopped.
 */
public class RegistrationEngineStopTest {

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

    @After
    public void stop() {
        scheduler.shutdownNow();
    }

    @Test
    public void anUpdateAnswered404DuringTheDeregistrationRegistersNothing() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicReference<ResponseCallback<UpdateResponse>> updateInFlight = new AtomicReference<>();
        CountDownLatch updating = new CountDownLatch(1);
        UplinkRequestSender sender = new UplinkRequestSender() {
            @SuppressWarnings("unchecked")
            @Override
            public <T extends LwM2mResponse> T send(LwM2mServer srv, UplinkRequest<T> request, long timeoutInMs) {
                if (request instanceof DeregisterRequest) {
                    seen.add("deregister");
                    ResponseCallback<UpdateResponse> late = updateInFlight.getAndSet(null);
                    if (late != null) {
                        late.onResponse(UpdateResponse.notFound()); // the server dropped the registration first
                    }
                    try {
                        Thread.sleep(300); // the Deregister's own answer comes later
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return (T) DeregisterResponse.success();
                }
                throw new IllegalStateException("not expected here: " + request);
            }

            @SuppressWarnings("unchecked")
            @Override
            public <T extends LwM2mResponse> void send(LwM2mServer srv, UplinkRequest<T> request, long timeoutInMs,
                    ResponseCallback<T> responseCallback, ErrorCallback errorCallback) {
                if (request instanceof RegisterRequest) {
                    seen.add("register");
                    responseCallback.onResponse((T) RegisterResponse.success("/rd/" + seen.size()));
                } else if (request instanceof UpdateRequest) {
                    seen.add("update");
                    updateInFlight.set((ResponseCallback<UpdateResponse>) responseCallback); // no answer yet
                    updating.countDown();
                } else {
                    throw new IllegalStateException("not expected here: " + request);
                }
            }
        };
        ClientSettings s = ClientSettings.from(ClientSettingsTest.config("serverUri", "coap://127.0.0.1:5683",
                "handshakeBeforeRegistration", false));
        ObjectsInitializer init = new ObjectsInitializer(new StaticModel(ObjectLoader.loadDefault()));
        init.setInstancesForObject(LwM2mId.SECURITY, Security.noSec(s.serverUri, 123));
        init.setInstancesForObject(LwM2mId.SERVER, new Server(123, 60));
        init.setInstancesForObject(LwM2mId.DEVICE, new Device("m", "n", "s"));
        LinkFormatHelper links = new LinkFormatHelper(LwM2mVersion.V1_1);
        LwM2mObjectTree tree = new LwM2mObjectTree(e -> e.init(null, links),
                init.create(LwM2mId.SECURITY, LwM2mId.SERVER, LwM2mId.DEVICE));
        LwM2mServer server = new LwM2mServer(new IpPeer(new InetSocketAddress("127.0.0.1", 5683)), 123L, URI.create(s.serverUri));
        RegistrationEngine engine = ClientAssembly.registrationEngine(s).createRegistratioEngine(new DefaultClientEndpointNameProvider("e"),
                tree, new RecordingEndpoints(server, new CopyOnWriteArrayList<>(), 20), sender,
                new BootstrapHandler(tree.getObjectEnablers(), null, links), new LwM2mClientObserverAdapter(), Collections.emptyMap(),
                Collections.emptyMap(), Set.of(ContentFormat.TLV), scheduler, links, new DefaultServersInfoExtractor());
        engine.start();
        try {
            assertEquals("an Update went out", true, updating.await(10, TimeUnit.SECONDS));
            engine.stop(true);
        } finally {
            engine.destroy(false);
        }
        assertEquals(List.of("register", "update", "deregister"), seen);
    }
}
