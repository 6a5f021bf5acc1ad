package org.scgateway.itests;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Hashtable;
import java.util.Map;

import org.scgateway.peers.leshan.core.endpoint.Protocol;
import org.scgateway.peers.leshan.core.node.LwM2mObject;
import org.scgateway.peers.leshan.core.node.LwM2mObjectInstance;
import org.scgateway.peers.leshan.core.node.LwM2mSingleResource;
import org.scgateway.peers.leshan.core.request.DownlinkRequest;
import org.scgateway.peers.leshan.core.request.ExecuteRequest;
import org.scgateway.peers.leshan.core.request.ReadRequest;
import org.scgateway.peers.leshan.core.request.WriteRequest;
import org.scgateway.peers.leshan.core.request.exception.RequestCanceledException;
import org.scgateway.peers.leshan.core.response.LwM2mResponse;
import org.scgateway.peers.leshan.core.response.ReadResponse;
import org.scgateway.peers.leshan.server.LeshanServer;
import org.scgateway.peers.leshan.server.LeshanServerBuilder;
import org.scgateway.peers.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.scgateway.peers.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider;
import org.scgateway.peers.leshan.server.registration.Registration;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.scgateway.api.config.Pids;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialUpdate;
import org.scgateway.api.credential.Secret;
import org.scgateway.globalplatform.scp03.Scp03Keys;

/** The Secure Component Admin object (42769) of one client, as a Leshan server works it: read, write, run. */
final class AdminObject {

    static final int OBJECT = 42769;
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final LeshanServer server;
    private final String endpoint;
    private final long timeout;

    AdminObject(LeshanServer server, String endpoint, long timeoutMs) {
        this.server = server;
        this.endpoint = endpoint;
        this.timeout = timeoutMs;
    }

    /**
     * A Leshan server on a free port that knows the gateway's models, reporting to {@code events}, and the
     * gateway's client pointed at it as {@code endpoint}. The configured server, not the card's bootstrap file;
     * the client's secrets in the host's file, not in the card (a card that holds them takes them along when it
     * goes, and the client then registers afresh instead of sending the Update the suites look for); and the
     * built-in profile's SCP03 keys in the host store as the default keys, for scripts over SCP03.
     */
    static AdminObject serverAndClient(BundleContext context, ConfigurationAdmin config, ServerEvents events, String endpoint,
            long timeoutMs) throws Exception {
        int port = FelixDistribution.freePort();
        LeshanServer server = new LeshanServerBuilder().setObjectModelProvider(TestModels.withGatewayObjects())
                .setEndpointsProviders(new CaliforniumServerEndpointsProvider.Builder(new CoapServerProtocolProvider())
                        .addEndpoint(new InetSocketAddress("127.0.0.1", port), Protocol.COAP).build())
                .build();
        server.getRegistrationService().addListener(events);
        server.start();
        config.getConfiguration(Pids.BOOTSTRAP_SMARTCARD, null).update(new Hashtable<>(Map.of("enabled", false)));
        config.getConfiguration(Pids.CREDENTIAL_SE, null).update(new Hashtable<>(Map.of("enabled", false)));
        Scp03Keys k = SimulatedCardKeys.builtInProfile();
        Services.await(context, CredentialStore.class, CredentialStore.HOST_STORE, timeoutMs)
                .apply(CredentialUpdate.builder().put("scp03/default/enc", Secret.of(k.enc())).put("scp03/default/mac", Secret.of(k.mac()))
                        .put("scp03/default/dek", Secret.of(k.dek())).put("scp03/default/version", Secret.of(new byte[] {(byte) k.version()}))
                        .build());
        config.getConfiguration(Pids.LWM2M_CLIENT, null).update(new Hashtable<>(Map.of(
                "endpoint", endpoint, "serverUri", "coap://127.0.0.1:" + port, "retryWaitMs", 500)));
        return new AdminObject(server, endpoint, timeoutMs);
    }

    LeshanServer server() {
        return server;
    }

    /** Waits until the client is registered with the given instance announced. */
    Registration awaitInstance(int instance) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout;
        while (System.currentTimeMillis() < deadline) {
            Registration r = server.getRegistrationService().getByEndpoint(endpoint);
            if (r != null && Arrays.stream(r.getObjectLinks()).anyMatch(l -> l.getUriReference().equals("/" + OBJECT + "/" + instance))) {
                return r;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(endpoint + " did not register with /" + OBJECT + "/" + instance);
    }

    /** The instance of the component with the given id (resource 0), read from the whole object. */
    int instanceOf(String componentId) throws Exception {
        ReadResponse read = send(new ReadRequest(OBJECT));
        assertTrue("the admin object reads: " + read, read.isSuccess());
        for (LwM2mObjectInstance i : ((LwM2mObject) read.getContent()).getInstances().values()) {
            // An instance read while its component goes may come without resources.
            if (i.getResource(0) != null && componentId.equals(i.getResource(0).getValue())) {
                return i.getId();
            }
        }
        throw new AssertionError("no admin instance for component " + componentId + " in " + read.getContent());
    }

    /** The instance of the component with the given id, waiting for it to appear. */
    int awaitInstanceOf(String componentId) throws Exception {
        long deadline = System.currentTimeMillis() + timeout;
        while (true) {
            try {
                return instanceOf(componentId);
            } catch (AssertionError e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** Waits until no instance of the admin object is the component with the given id. */
    void awaitNoInstanceOf(String componentId) throws Exception {
        long deadline = System.currentTimeMillis() + timeout;
        while (true) {
            try {
                int instance = instanceOf(componentId);
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("component " + componentId + " is still admin instance " + instance);
                }
                Thread.sleep(100);
            } catch (AssertionError e) {
                if (e.getMessage().startsWith("no admin instance")) {
                    return;
                }
                throw e;
            }
        }
    }

    Object value(int instance, int resource) throws Exception {
        ReadResponse r = send(new ReadRequest(OBJECT, instance, resource));
        assertTrue("/" + OBJECT + "/" + instance + "/" + resource + " reads: " + r, r.isSuccess());
        return ((LwM2mSingleResource) r.getContent()).getValue();
    }

    void write(int instance, int resource, Object value) throws Exception {
        WriteRequest w = value instanceof byte[] ? new WriteRequest(OBJECT, instance, resource, (byte[]) value)
                : new WriteRequest(OBJECT, instance, resource, (Long) value);
        LwM2mResponse r = send(w);
        assertTrue("write of /" + OBJECT + "/" + instance + "/" + resource + ": " + r, r.isSuccess());
    }

    /** Writes the request, executes Run. Returns at once, as the object does. */
    void start(int instance, String scriptHex) throws Exception {
        write(instance, 6, HEX.parseHex(scriptHex));
        LwM2mResponse run = send(new ExecuteRequest(OBJECT + "/" + instance + "/7"));
        assertTrue("run: " + run, run.isSuccess());
    }

    /** Waits until the instance's Result is no longer 1 (running), and returns it. */
    long awaitResult(int instance) throws Exception {
        long deadline = System.currentTimeMillis() + timeout;
        long result;
        while ((result = (Long) value(instance, 9)) == 1L && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        return result;
    }

    /** Write, Run, wait, read: the Admin Response in hex. */
    String runScript(int instance, String scriptHex) throws Exception {
        start(instance, scriptHex);
        awaitResult(instance);
        return response(instance);
    }

    String response(int instance) throws Exception {
        return HEX.formatHex((byte[]) value(instance, 8));
    }

    /** Sends to the current registration, again if the client re-registered in between. */
    <T extends LwM2mResponse> T send(DownlinkRequest<T> request) throws Exception {
        long deadline = System.currentTimeMillis() + timeout;
        while (true) {
            Registration r = server.getRegistrationService().getByEndpoint(endpoint);
            try {
                if (r != null) {
                    T response = server.send(r, request, 10_000);
                    assertNotNull("no answer to " + request, response);
                    return response;
                }
            } catch (RequestCanceledException e) {
                // the client re-registered while the request was on its way
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(endpoint + " is not registered to take " + request);
            }
            Thread.sleep(50);
        }
    }

    /** An AA template (BER length) of the given C-APDUs. */
    static String script(List<String> commands) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String c : commands) {
            byte[] apdu = HexFormat.of().parseHex(c);
            body.write(0x22);
            body.writeBytes(ber(apdu.length));
            body.writeBytes(apdu);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xAA);
        out.writeBytes(ber(body.size()));
        out.writeBytes(body.toByteArray());
        return HexFormat.of().withUpperCase().formatHex(out.toByteArray());
    }

    private static byte[] ber(int n) {
        if (n < 0x80) {
            return new byte[] {(byte) n};
        }
        if (n < 0x100) {
            return new byte[] {(byte) 0x81, (byte) n};
        }
        return n < 0x10000 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n} : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    }
}
