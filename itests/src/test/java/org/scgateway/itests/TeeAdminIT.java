package org.scgateway.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.eclipse.leshan.server.LeshanServer;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.scgateway.api.tee.TrustedComponent;
import org.scgateway.api.tee.TrustedExecutionEnvironment;
import org.scgateway.teep.CoseSign1;
import org.scgateway.teep.SuitEnvelope;
import org.scgateway.teep.TeepMessage;

/**
 * The software TEE managed by a TAM through a real Leshan server: TEEP messages, signed by a TAM whose
 * trust anchor the test provisions, written to the TEE's Secure Component Admin instance, run, and
 * answered with signed TEEP messages that the test verifies with the agent's key. Install, list, update and
 * uninstall end to end; a bad signature, another TAM's key, a replay, malformed CBOR and an unknown message
 * type each answered with their Error and no change.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TeeAdminIT {

    private static final long TIMEOUT = 30_000;
    private static final String ENDPOINT = "itest-tee";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    private final ServerEvents events = new ServerEvents();
    private final SecureRandom random = new SecureRandom();
    private LeshanServer server;
    private AdminObject admin;
    private TrustedExecutionEnvironment tee;
    private int instance;
    private String tamName;
    private KeyPair tam;
    private PublicKey agentKey;

    @Configuration
    public Option[] config() throws IOException {
        return FelixDistribution.withLeshanServer("tee");
    }

    @Before
    public void start() throws Exception {
        admin = AdminObject.serverAndClient(context, configAdmin, events, ENDPOINT, TIMEOUT);
        server = admin.server();
        tee = Services.await(context, TrustedExecutionEnvironment.class, "(scgw.component.backend=tee.soft)", TIMEOUT);
        tamName = "itest-tam-" + HexFormat.of().formatHex(bytes(4));
        tam = p256();
        tee.createSecurityDomain(tamName, tam.getPublic().getEncoded());
        agentKey = java.security.KeyFactory.getInstance("EC").generatePublic(new java.security.spec.X509EncodedKeySpec(
                HexFormat.of().parseHex(tee.deviceState().properties().get("teep.agent.key.p256"))));
        instance = admin.awaitInstanceOf(tee.id());
    }

    @After
    public void stop() throws Exception {
        if (tee != null && tamName != null) {
            for (TrustedComponent tc : tee.trustedComponents()) {
                if (tc.securityDomain().equals(tamName)) {
                    exchange(sign(TeepMessage.update(bytes(16), List.of(), List.of(tc.componentId()))));
                }
            }
            tee.deleteSecurityDomain(tamName);
        }
        if (server != null) {
            server.destroy();
        }
    }

    @Test
    public void theTeeIsAnAdminInstanceThatSpeaksTeep() throws Exception {
        assertEquals("TEE", admin.value(instance, 1));
        assertEquals("tee.soft", admin.value(instance, 3));
        assertEquals("READY", admin.value(instance, 4));
        assertTrue(tee.securityDomains().stream().anyMatch(d -> d.name().equals(tamName)));
    }

    @Test
    public void aTaIsInstalledListedUpdatedAndUninstalledThroughTheServer() throws Exception {
        assertEquals(List.of(), listed());

        Exchange installed = exchange(update("ta-one", 1, "first version"));
        assertEquals(installed.description, 2, installed.result);
        assertEquals(TeepMessage.Type.SUCCESS, installed.answer.type());
        assertEquals(List.of(idText("ta-one")), listed());
        assertEquals(List.of(1L), sequences());

        assertEquals(2, exchange(update("ta-one", 2, "second version")).result);
        assertEquals(List.of(2L), sequences());

        Exchange older = exchange(update("ta-one", 1, "first version again"));
        assertError(older, 3, 11, "sequence number 1 is not above the installed 2");
        assertEquals(List.of(2L), sequences());

        assertEquals(2, exchange(sign(TeepMessage.update(bytes(16), List.of(), List.of(id("ta-one"))))).result);
        assertEquals(List.of(), listed());
    }

    @Test
    public void badMessagesAreAnsweredWithTheirErrorAndChangeNothing() throws Exception {
        assertEquals(2, exchange(update("ta-kept", 1, "kept")).result);

        byte[] tampered = update("ta-new", 1, "x");
        tampered[tampered.length - 5] ^= 0x40;
        assertError(exchange(tampered), 6, 6, "verifies with no trust anchor");

        KeyPair stranger = p256();
        byte[] strangers = CoseSign1.sign(TeepMessage.update(bytes(16), List.of(SuitEnvelope.build(id("ta-new"), 1,
                "x".getBytes(StandardCharsets.US_ASCII), stranger.getPrivate())), List.of()).encode(), stranger.getPrivate());
        assertError(exchange(strangers), 6, 6, "verifies with no trust anchor");

        byte[] removal = sign(TeepMessage.update(bytes(16), List.of(), List.of(id("ta-kept"))));
        assertEquals(2, exchange(removal).result);
        assertEquals(2, exchange(update("ta-kept", 2, "kept again")).result);
        assertError(exchange(removal), 3, 1, "a replay");

        assertError(exchange(HexFormat.of().parseHex("D28443A10128A0")), 3, 1, "not well-formed CBOR");
        assertError(exchange(CoseSign1.sign(HexFormat.of().parseHex("8209A0"), tam.getPrivate())), 3, 1, "unknown TEEP message type 9");
        assertError(exchange(TeepMessage.queryRequest(bytes(16), 2).encode()), 3, 1, "unsigned");

        assertEquals(List.of(idText("ta-kept")), listed());
        assertEquals(List.of(2L), sequences());
    }

    private byte[] update(String ta, long sequence, String content) {
        return sign(TeepMessage.update(bytes(16), List.of(SuitEnvelope.build(id(ta), sequence,
                content.getBytes(StandardCharsets.UTF_8), tam.getPrivate())), List.of()));
    }

    private List<String> listed() throws Exception {
        Exchange e = exchange(sign(TeepMessage.queryRequest(bytes(16), TeepMessage.TRUSTED_COMPONENTS)));
        assertEquals(e.description, 2, e.result);
        assertEquals(TeepMessage.Type.QUERY_RESPONSE, e.answer.type());
        return e.answer.tcList().stream().map(tc -> tc.componentIdText()).filter(t -> t.startsWith(prefix()))
                .collect(Collectors.toList());
    }

    private List<Long> sequences() throws Exception {
        return tee.trustedComponents().stream().filter(tc -> tc.securityDomain().equals(tamName))
                .map(TrustedComponent::sequenceNumber).collect(Collectors.toList());
    }

    /** What one TEEP message came to: the instance's Result and Result Description, and the agent's answer. */
    private static final class Exchange {
        long result;
        String description;
        TeepMessage answer;
    }

    private Exchange exchange(byte[] message) throws Exception {
        admin.start(instance, HexFormat.of().formatHex(message));
        Exchange e = new Exchange();
        e.result = admin.awaitResult(instance);
        e.description = (String) admin.value(instance, 10);
        byte[] answer = (byte[]) admin.value(instance, 8);
        e.answer = TeepMessage.decode(CoseSign1.verify(answer, Map.of("agent", agentKey)).payload());
        return e;
    }

    private static void assertError(Exchange e, long result, long code, String why) {
        assertEquals(e.description, result, e.result);
        assertEquals(TeepMessage.Type.ERROR, e.answer.type());
        assertEquals(e.description, code, e.answer.errCode().getAsLong());
        assertTrue(e.description, e.answer.errMsg().orElseThrow().contains(why));
    }

    private byte[] sign(TeepMessage m) {
        return CoseSign1.sign(m.encode(), tam.getPrivate());
    }

    private List<byte[]> id(String ta) {
        return List.of(tamName.getBytes(StandardCharsets.US_ASCII), ta.getBytes(StandardCharsets.US_ASCII));
    }

    private String prefix() {
        return HexFormat.of().formatHex(tamName.getBytes(StandardCharsets.US_ASCII));
    }

    private String idText(String ta) {
        return id(ta).stream().map(HexFormat.of()::formatHex).collect(Collectors.joining("/"));
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }
}
