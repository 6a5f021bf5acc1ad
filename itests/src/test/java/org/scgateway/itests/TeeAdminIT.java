package org.scgateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.scgateway.itests.TamSide.assertError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.HexFormat;
import java.util.List;

import javax.inject.Inject;

import org.scgateway.peers.leshan.server.LeshanServer;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
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

    /** The gateway and a Leshan server of its own for each test; the server destroyed after it, whatever the outcome. */
    @Rule
    public final GatewayWithServer gateway = new GatewayWithServer(() -> context, () -> configAdmin, ENDPOINT, TIMEOUT);
    private ServerEvents events;
    private LeshanServer server;
    private AdminObject admin;
    private TrustedExecutionEnvironment tee;
    private TamSide tam;

    @Configuration
    public Option[] config() throws IOException {
        return FelixDistribution.withLeshanServer("tee");
    }

    @Before
    public void start() throws Exception {
        admin = gateway.admin();
        events = gateway.events();
        server = admin.server();
        tee = Services.await(context, TrustedExecutionEnvironment.class, "(scgw.component.backend=tee.soft)", TIMEOUT);
        tam = TamSide.of(tee, admin);
    }

    @After
    public void stop() throws Exception {
        if (tam != null) {
            tam.cleanUp();
        }
    }

    @Test
    public void theTeeIsAnAdminInstanceThatSpeaksTeep() throws Exception {
        assertEquals("TEE", admin.value(tam.instance(), 1));
        assertEquals("tee.soft", admin.value(tam.instance(), 3));
        assertEquals("READY", admin.value(tam.instance(), 4));
        assertTrue(tee.securityDomains().stream().anyMatch(d -> d.name().equals(tam.name)));
    }

    @Test
    public void aTaIsInstalledListedUpdatedAndUninstalledThroughTheServer() throws Exception {
        assertEquals(List.of(), tam.listed());

        TamSide.Exchange installed = tam.exchange(update("ta-one", 1, "first version"));
        assertEquals(installed.description, 2, installed.result);
        assertEquals(TeepMessage.Type.SUCCESS, installed.answer.type());
        assertEquals(List.of(tam.idText("ta-one")), tam.listed());
        assertEquals(List.of(1L), tam.sequences());

        assertEquals(2, tam.exchange(update("ta-one", 2, "second version")).result);
        assertEquals(List.of(2L), tam.sequences());

        TamSide.Exchange older = tam.exchange(update("ta-one", 1, "first version again"));
        assertError(older, 3, 11, "sequence number 1 is not above the installed 2");
        assertEquals(List.of(2L), tam.sequences());

        assertEquals(2, tam.exchange(tam.uninstall("ta-one")).result);
        assertEquals(List.of(), tam.listed());
    }

    @Test
    public void badMessagesAreAnsweredWithTheirErrorAndChangeNothing() throws Exception {
        assertEquals(2, tam.exchange(update("ta-kept", 1, "kept")).result);

        byte[] tampered = update("ta-new", 1, "x");
        tampered[tampered.length - 5] ^= 0x40;
        assertError(tam.exchange(tampered), 6, 6, "verifies with no trust anchor");

        KeyPair stranger = TamSide.p256();
        byte[] strangers = CoseSign1.sign(TeepMessage.update(tam.bytes(16), List.of(SuitEnvelope.build(tam.id("ta-new"), 1,
                "x".getBytes(StandardCharsets.US_ASCII), stranger.getPrivate())), List.of()).encode(), stranger.getPrivate());
        assertError(tam.exchange(strangers), 6, 6, "verifies with no trust anchor");

        byte[] removal = tam.uninstall("ta-kept");
        assertEquals(2, tam.exchange(removal).result);
        assertEquals(2, tam.exchange(update("ta-kept", 2, "kept again")).result);
        assertError(tam.exchange(removal), 3, 1, "a replay");

        assertError(tam.exchange(HexFormat.of().parseHex("D28443A10128A0")), 3, 1, "not well-formed CBOR");
        assertError(tam.exchange(CoseSign1.sign(HexFormat.of().parseHex("8209A0"), tam.key.getPrivate())), 3, 1, "unknown TEEP message type 9");
        assertError(tam.exchange(TeepMessage.queryRequest(tam.bytes(16), 2).encode()), 3, 1, "unsigned");

        assertEquals(List.of(tam.idText("ta-kept")), tam.listed());
        assertEquals(List.of(2L), tam.sequences());
    }

    private byte[] update(String ta, long sequence, String content) {
        return tam.update(ta, sequence, content.getBytes(StandardCharsets.UTF_8));
    }
}
