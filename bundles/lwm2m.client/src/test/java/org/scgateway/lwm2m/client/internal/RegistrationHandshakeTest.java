package org.scgateway.lwm2m.client.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.eclipse.leshan.client.EndpointsManager;
import org.eclipse.leshan.client.bootstrap.BootstrapHandler;
import org.eclipse.leshan.client.engine.DefaultClientEndpointNameProvider;
import org.eclipse.leshan.client.engine.RegistrationEngine;
import org.eclipse.leshan.client.servers.DefaultServersInfoExtractor;
import org.eclipse.leshan.client.object.Device;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.request.UplinkRequestSender;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.LwM2mObjectTree;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.client.util.LinkFormatHelper;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
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
import org.junit.After;
import org.junit.Test;

/**
 * The registration engine the client builds ({@link ClientAssembly#registrationEngine}), driven with a stand-in for
 * the endpoints and the server: with {@code handshakeBeforeRegistration} (the default) the DTLS session is resumed
 * before a Register or Update ({@link ResumingRequestSender}), so that none goes out on a session a restarted server
 * lost (issue 22, finding 10), unless the session was resumed moments before and answers; without it, as Leshan does,
 * only after one timed out.
 */
public class RegistrationHandshakeTest {

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    /** How many Updates the stand-in server answers 4.04, as a restarted one does. */
    private int notFoundUpdates;

    @After
    public void stop() {
        scheduler.shutdownNow();
    }

    @Test
    public void byDefaultTheRegisterResumesTheSessionAndUpdatesOnTheNewSessionDoNot() throws Exception {
        // Updates every 20 ms here: within ResumingRequestSender.FRESH of the Register's resumption.
        List<String> seen = run(ClientSettingsTest.config("serverUri", "coaps://127.0.0.1:5684", "securityMode", "PSK",
                "pskIdentity", "id"));
        assertEquals(List.of("resume", "register", "update", "update"), first(seen, 4));
    }

    @Test
    public void aRegisterAfterAnUpdateTheServerAnsweredNotFoundGoesOnTheSameNewSession() throws Exception {
        // A 4.04 comes over the session: the server has it, and only lost the registration.
        notFoundUpdates = 1;
        List<String> seen = run(ClientSettingsTest.config("serverUri", "coaps://127.0.0.1:5684", "securityMode", "PSK",
                "pskIdentity", "id"));
        assertEquals(List.of("resume", "register", "update 4.04", "register", "update"), first(seen, 5));
    }

    @Test
    public void turnedOffTheUpdatesGoOnTheSessionThereIs() throws Exception {
        List<String> seen = run(ClientSettingsTest.config("serverUri", "coaps://127.0.0.1:5684", "securityMode", "PSK",
                "pskIdentity", "id", "handshakeBeforeRegistration", false));
        assertEquals(List.of("register", "update", "update"), first(seen, 3));
    }

    @Test
    public void theDefaultIsOn() {
        assertTrue(ClientSettingsTest.config().handshakeBeforeRegistration());
    }

    private static List<String> first(List<String> seen, int n) {
        return seen.subList(0, Math.min(n, seen.size()));
    }

    /** Starts an engine for the configuration and returns what it did until two Updates succeeded. */
    private List<String> run(ClientConfiguration c) throws Exception {
        ClientSettings s = ClientSettings.from(c);
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        ObjectsInitializer init = new ObjectsInitializer(new StaticModel(ObjectLoader.loadDefault()));
        init.setInstancesForObject(LwM2mId.SECURITY, Security.psk(s.serverUri, 123, "id".getBytes(java.nio.charset.StandardCharsets.UTF_8), new byte[16]));
        init.setInstancesForObject(LwM2mId.SERVER, new Server(123, 60));
        init.setInstancesForObject(LwM2mId.DEVICE, new Device("m", "n", "s"));
        List<LwM2mObjectEnabler> enablers = init.create(LwM2mId.SECURITY, LwM2mId.SERVER, LwM2mId.DEVICE);
        LinkFormatHelper links = new LinkFormatHelper(LwM2mVersion.V1_1);
        LwM2mObjectTree tree = new LwM2mObjectTree(e -> e.init(null, links), enablers);
        LwM2mServer server = new LwM2mServer(new IpPeer(new InetSocketAddress("127.0.0.1", 5684)), 123L, URI.create(s.serverUri));

        EndpointsManager endpoints = new RecordingEndpoints(server, seen, 20); // an Update every 20 ms
        UplinkRequestSender sender = new UplinkRequestSender() {
            @SuppressWarnings("unchecked")
            @Override
            public <T extends LwM2mResponse> T send(LwM2mServer srv, UplinkRequest<T> request, long timeoutInMs) {
                if (request instanceof RegisterRequest) {
                    seen.add("register");
                    return (T) RegisterResponse.success("/rd/1");
                }
                if (request instanceof UpdateRequest) {
                    if (notFoundUpdates > 0) {
                        notFoundUpdates--;
                        seen.add("update 4.04");
                        return (T) UpdateResponse.notFound();
                    }
                    seen.add("update");
                    return (T) UpdateResponse.success();
                }
                throw new IllegalStateException("not expected here: " + request);
            }

            @Override
            public <T extends LwM2mResponse> void send(LwM2mServer srv, UplinkRequest<T> request, long timeoutInMs,
                    ResponseCallback<T> responseCallback, ErrorCallback errorCallback) {
                responseCallback.onResponse(send(srv, request, timeoutInMs));
            }
        };
        RegistrationEngine engine = ClientAssembly.registrationEngine(s).createRegistratioEngine(new DefaultClientEndpointNameProvider(s.endpoint), tree,
                endpoints, sender, new BootstrapHandler(tree.getObjectEnablers(), null, links), new LwM2mClientObserverAdapter(),
                Collections.emptyMap(),
                Collections.emptyMap(), Set.of(ContentFormat.TLV, ContentFormat.SENML_CBOR), scheduler, links,
                new DefaultServersInfoExtractor());
        engine.start();
        List<String> got = new ArrayList<>();
        try {
            long deadline = System.currentTimeMillis() + 10_000;
            while (got.stream().filter("update"::equals).count() < 2 && System.currentTimeMillis() < deadline) {
                String e = seen.poll(100, TimeUnit.MILLISECONDS);
                if (e != null) {
                    got.add(e);
                }
            }
        } finally {
            engine.destroy(false);
        }
        return got;
    }
}
