package org.scgateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.scgateway.peers.californium.core.coap.MediaTypeRegistry;
import org.scgateway.peers.californium.core.coap.Request;
import org.scgateway.peers.californium.core.coap.Response;
import org.scgateway.peers.californium.core.network.CoapEndpoint;
import org.scgateway.peers.leshan.core.endpoint.Protocol;
import org.scgateway.peers.leshan.core.peer.IpPeer;
import org.scgateway.peers.leshan.core.peer.LwM2mPeer;
import org.scgateway.peers.leshan.core.request.BootstrapRequest;
import org.scgateway.peers.leshan.server.LeshanServer;
import org.scgateway.peers.leshan.server.LeshanServerBuilder;
import org.scgateway.peers.leshan.server.bootstrap.BootstrapSessionAdapter;
import org.scgateway.peers.leshan.server.bootstrap.InMemoryBootstrapConfigStore;
import org.scgateway.peers.leshan.server.bootstrap.LeshanBootstrapServer;
import org.scgateway.peers.leshan.server.bootstrap.LeshanBootstrapServerBuilder;
import org.scgateway.peers.leshan.server.californium.bootstrap.endpoint.CaliforniumBootstrapServerEndpoint;
import org.scgateway.peers.leshan.server.californium.bootstrap.endpoint.CaliforniumBootstrapServerEndpointsProvider;
import org.scgateway.peers.leshan.server.californium.bootstrap.endpoint.coap.CoapBootstrapServerProtocolProvider;
import org.scgateway.peers.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.scgateway.peers.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Issue 22, finding 4b's proof: Bootstrap-Writes of a Security instance carrying a PSK, each of which the gateway
 * refuses (a TLV whose last length lies, a Bootstrap-Server flag of two bytes, a Security Mode of three bytes, SenML
 * whose Security Mode is a string), sent as raw CoAP by a real Leshan bootstrap server in the middle of its own
 * session. The whole gateway runs as a process on run/'s logging configuration: each write is answered 4.xx, the
 * session then goes on and the gateway registers with the server it was given, and neither its log nor its output
 * holds the PSK in hex (either case) or Base64, nor its identity.
 */
public class BootstrapSecretsIT {

    private static final String ENDPOINT = "bootstrap-secrets-it";
    private static final long TIMEOUT = 60_000;

    private final GatewayProcesses processes = new GatewayProcesses();
    private final ServerEvents events = new ServerEvents();
    private LeshanServer server;
    private LeshanBootstrapServer bootstrap;
    private Path work;
    private final byte[] psk = new byte[16];
    private final String identity = "identity-" + Long.toHexString(new SecureRandom().nextLong());
    private final List<String> answers = new CopyOnWriteArrayList<>();
    private volatile Thread writer;

    @Before
    public void serversAndGateway() throws Exception {
        new SecureRandom().nextBytes(psk);
        work = Files.createTempDirectory(Files.createDirectories(Paths.get("target").toAbsolutePath()), "bootstrap-secrets-");
        int coapPort = FelixDistribution.freePort();
        int bsPort = FelixDistribution.freePort();
        server = new LeshanServerBuilder().setObjectModelProvider(TestModels.withGatewayObjects())
                .setEndpointsProviders(new CaliforniumServerEndpointsProvider.Builder(new CoapServerProtocolProvider())
                        .addEndpoint(new InetSocketAddress("127.0.0.1", coapPort), Protocol.COAP).build())
                .build();
        server.getRegistrationService().addListener(events);
        server.start();

        InMemoryBootstrapConfigStore configs = new InMemoryBootstrapConfigStore();
        configs.add(ENDPOINT, BootstrapConfigs.noSec(bsPort, coapPort));
        bootstrap = new LeshanBootstrapServerBuilder().setConfigStore(configs)
                .setEndpointsProviders(new CaliforniumBootstrapServerEndpointsProvider.Builder(new CoapBootstrapServerProtocolProvider())
                        .addEndpoint(new InetSocketAddress("127.0.0.1", bsPort), Protocol.COAP).build())
                .build();
        bootstrap.addListener(new BootstrapSessionAdapter() {
            private final AtomicBoolean sent = new AtomicBoolean();

            @Override
            public void sessionInitiated(BootstrapRequest request, LwM2mPeer client) {
                // The client is bootstrapping from its Bootstrap-Request on, and takes writes from this server until the
                // session's Finish. Sent all at once, before the session's own requests, from a thread of the test's:
                // this callback's thread is the one the answers from this client would be handled on.
                if (!sent.getAndSet(true)) {
                    writer = new Thread(() -> writeRefusedSecurityInstances(((IpPeer) client).getSocketAddress()), "raw-bootstrap-writes");
                    writer.start();
                }
            }
        });
        bootstrap.start();

        Path home = GatewayProcesses.home(work.resolve("home"), true);
        Files.writeString(home.resolve("etc/org.scgateway.lwm2m.client.cfg"),
                "endpoint = " + ENDPOINT + "\nbootstrapServerUri = coap://127.0.0.1:" + bsPort + "\nlifetime = 300\n");
        Path data = Files.createDirectories(work.resolve("data"));
        processes.start("gateway", new ProcessBuilder(GatewayProcesses.gatewayCommand(home, data, FelixDistribution.freePort(), "", false,
                ENDPOINT)));
        processes.awaitLine(GatewayProcesses.READY, 120_000);
    }

    @After
    public void stopEverything() throws Exception {
        processes.close();
        if (bootstrap != null) {
            bootstrap.destroy();
        }
        if (server != null) {
            server.destroy();
        }
        GatewayProcesses.deleteTree(work);
    }

    @Test
    public void refusedBootstrapWritesOfAPskLeaveItInNoLogAndTheGatewayGoesOn() throws Exception {
        events.await(0, "registered", ENDPOINT, TIMEOUT);
        assertTrue("the bootstrap server saw the client's Bootstrap-Request", writer != null);
        writer.join(TIMEOUT);
        assertEquals("every write answered: " + answers, 4, answers.size());
        for (String a : answers) {
            assertEquals("refused as a bad request while bootstrapping: " + answers, "4.00", a);
        }
        String log = Files.readString(work.resolve("data/log/gateway.log"), StandardCharsets.ISO_8859_1);
        String output = String.join("\n", processes.output);
        assertTrue("the refusals were seen by the client (its log names the bootstrap): " + tail(log),
                log.contains("ootstrap"));
        for (String where : new String[] {log, output}) {
            String name = where == log ? "gateway.log" : "the gateway's output";
            assertFalse("the PSK in hex in " + name, where.toLowerCase().contains(HexFormat.of().formatHex(psk)));
            assertFalse("the PSK in hex with spaces in " + name, where.toLowerCase().contains(HexFormat.ofDelimiter(" ").formatHex(psk)));
            assertFalse("the PSK in Base64 in " + name, where.contains(Base64.getEncoder().withoutPadding().encodeToString(psk)));
            assertFalse("the PSK identity in " + name, where.contains(identity));
        }
    }

    /** The Security instance /0/7 with the PSK, in four forms the client must refuse; each answer kept. */
    private void writeRefusedSecurityInstances(InetSocketAddress client) {
        CoapEndpoint coap = ((CaliforniumBootstrapServerEndpoint) bootstrap.getEndpoint(Protocol.COAP)).getCoapEndpoint();
        byte[] good = concat(tlv(0, "coaps://127.0.0.1:5684".getBytes(StandardCharsets.UTF_8)), tlv(1, new byte[] {0}), tlv(2, new byte[] {0}),
                tlv(3, identity.getBytes(StandardCharsets.UTF_8)), tlv(5, psk));
        List<byte[]> tlvs = new ArrayList<>();
        tlvs.add(concat(good, HexFormat.of().parseHex("C80AC8"), new byte[] {1, 2, 3})); // resource 10, 200 bytes said, 3 there
        tlvs.add(concat(tlv(1, new byte[] {0, 0}), good)); // a boolean of two bytes
        tlvs.add(concat(tlv(0, "coaps://127.0.0.1:5684".getBytes(StandardCharsets.UTF_8)), tlv(1, new byte[] {0}),
                tlv(2, new byte[] {0, 0, 0}), tlv(3, identity.getBytes(StandardCharsets.UTF_8)), tlv(5, psk))); // a 3-byte integer
        List<Request> sent = new ArrayList<>();
        for (byte[] payload : tlvs) {
            sent.add(put(coap, client, MediaTypeRegistry.APPLICATION_VND_OMA_LWM2M_TLV, payload));
        }
        String senml = "[{\"bn\":\"/0/7/\",\"n\":\"0\",\"vs\":\"coaps://127.0.0.1:5684\"},{\"n\":\"1\",\"vb\":false},"
                + "{\"n\":\"2\",\"vs\":\"psk\"},{\"n\":\"3\",\"vd\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(identity.getBytes(StandardCharsets.UTF_8))
                + "\"},{\"n\":\"5\",\"vd\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(psk) + "\"}]";
        sent.add(put(coap, client, MediaTypeRegistry.APPLICATION_SENML_JSON, senml.getBytes(StandardCharsets.UTF_8)));
        for (Request r : sent) {
            try {
                Response answer = r.waitForResponse(10_000);
                answers.add(answer == null ? "no answer" : answer.getCode().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answers.add("interrupted");
            }
        }
    }

    private static Request put(CoapEndpoint coap, InetSocketAddress client, int format, byte[] payload) {
        Request put = Request.newPut();
        put.setURI("coap://" + client.getHostString() + ":" + client.getPort() + "/0/7");
        put.getOptions().setContentFormat(format);
        put.setPayload(payload);
        coap.sendRequest(put);
        return put;
    }

    /** A resource TLV with an 8-bit id and an 8-bit length (values under 256 bytes). */
    private static byte[] tlv(int id, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xC8);
        out.write(id);
        out.write(value.length);
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static String tail(String log) {
        return log.length() < 3000 ? log : log.substring(log.length() - 3000);
    }
}
