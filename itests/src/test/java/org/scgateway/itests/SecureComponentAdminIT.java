package org.scgateway.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Map;

import javax.inject.Inject;

import org.scgateway.peers.leshan.core.request.ReadRequest;
import org.scgateway.peers.leshan.core.response.ReadResponse;
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
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.scgateway.api.config.Pids;
import org.scgateway.api.component.Identification;
import org.scgateway.api.se.SecureElement;

/**
 * The Secure Component Admin object (42769) seen from a real Leshan server that knows its model from the
 * DDF file the gateway ships: the simulated card's instance, its identification, remote command scripts
 * written, run and answered through LwM2M, and the instance going and coming with its backend.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SecureComponentAdminIT {

    private static final int OBJECT = AdminObject.OBJECT;
    private static final long TIMEOUT = 30_000;
    private static final String ENDPOINT = "itest-admin";

    private static final byte[] PKCS15 = java.util.HexFormat.of().parseHex("A000000063504B43532D3135");
    /** SELECT by path 7FFF/6432 (EF LwM2M_Bootstrap), READ BINARY of its 4-byte header. */
    private static final String READ_HEADER = "AA12" + "2209" + "00A4080C047FFF6432" + "2205" + "00B0000004";

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

    @Configuration
    public Option[] config() throws IOException {
        return FelixDistribution.withLeshanServer("admin");
    }

    @Before
    public void start() throws Exception {
        admin = gateway.admin();
        events = gateway.events();
        server = admin.server();
    }

    @After
    public void stop() throws Exception {
        configAdmin.getConfiguration(Pids.ADMIN_OBJECT, null).delete();
    }

    @Test
    public void theCardHasAnInstanceTheServerCanIdentify() throws Exception {
        int card = admin.awaitInstanceOf(simulatedCard().id());
        assertEquals(simulatedCard().id(), admin.value(card, 0));
        assertEquals("UICC", admin.value(card, 1));
        ReadResponse atr = admin.send(new ReadRequest(OBJECT, card, 2));
        assertTrue("identification reads: " + atr, atr.isSuccess());
        byte[] expected = simulatedCard().identification().get(Identification.ATR).orElseThrow();
        assertArrayEquals("instance 0 of Identification is the ATR",
                expected, (byte[]) ((org.scgateway.peers.leshan.core.node.LwM2mMultipleResource) atr.getContent()).getInstance(0).getValue());
        assertEquals("se.sim", admin.value(card, 3));
    }

    @Test
    public void aScriptInsideScp03ReadsTheBootstrapFilesHeaderThroughLwM2m() throws Exception {
        int card = admin.awaitInstanceOf(simulatedCard().id());
        admin.write(card, 11, PKCS15);
        admin.write(card, 12, 51L);
        assertEquals("AB0F" + "800102" + "23029000" + "2306" + "0002003E9000", admin.runScript(card, READ_HEADER));
        assertEquals(2L, admin.value(card, 9));
    }

    @Test
    public void withoutScp03TheCardRefusesAndTheScriptStopsAtTheFirstCommand() throws Exception {
        int card = admin.awaitInstanceOf(simulatedCard().id());
        admin.write(card, 11, PKCS15);
        admin.write(card, 12, 0L);
        String response = admin.runScript(card, READ_HEADER);
        assertTrue(response, response.startsWith("AB07" + "800101" + "2302"));
        assertEquals("stopped at an error status", 3L, admin.value(card, 9));
    }

    @Test
    public void anErrorInTheMiddleStopsTheScriptThere() throws Exception {
        int card = admin.awaitInstanceOf(simulatedCard().id());
        admin.write(card, 11, PKCS15);
        admin.write(card, 12, 51L);
        // EF LwM2M_Bootstrap, then a file that is not there (6A82), then a READ BINARY that must not run.
        String script = "AA1D" + "2209" + "00A4080C047FFF6432" + "2209" + "00A4080C047FFF0BAD" + "2205" + "00B0000004";
        assertEquals("two R-APDUs, the second the error", "AB0B" + "800102" + "23029000" + "23026A82", admin.runScript(card, script));
        assertEquals("stopped at an error status", 3L, admin.value(card, 9));
        String why = (String) admin.value(card, 10);
        assertTrue(why, why.contains("C-APDU 2 of 3") && why.contains("6A82") && why.contains("the 1 after it did not run"));
    }

    /**
     * Issue 22, finding 13: a script of more than 8,192 bytes is written block-wise and runs; one
     * over the client's limit is refused (4.13, by the CoAP layer, before the object sees it), and the Run after it
     * runs nothing, not the script written before.
     */
    @Test
    public void aLargeScriptRunsAndARunAfterARefusedWriteRunsNothing() throws Exception {
        int card = admin.awaitInstanceOf(simulatedCard().id());
        admin.write(card, 11, new byte[0]);
        admin.write(card, 12, 0L);
        // A script holds at most 255 C-APDUs (its response counts them in a byte): 37 SELECTs of 255-byte names make
        // 9.7 KB. No application has such a name, so the first one stops the script: that it ran is what counts here.
        String select = "00A40400FF" + "A0".repeat(255);
        String large = AdminObject.script(java.util.Collections.nCopies(37, select));
        assertTrue("over 8,192 bytes: " + large.length() / 2, large.length() / 2 > 8192);
        admin.runScript(card, large);
        String why = String.valueOf(admin.value(card, 10));
        assertEquals("the script reached the card: " + why, 3L, admin.value(card, 9));
        assertTrue(why, why.contains("C-APDU 1 of 37") && why.contains("the 36 after it did not run"));

        String tooLarge = AdminObject.script(java.util.Collections.nCopies(255, select)); // 66 KB: over the client's 64 KiB
        org.scgateway.peers.leshan.core.response.WriteResponse refused = admin.send(new org.scgateway.peers.leshan.core.request.WriteRequest(
                AdminObject.OBJECT, card, 6, java.util.HexFormat.of().parseHex(tooLarge)));
        assertEquals(org.scgateway.peers.leshan.core.ResponseCode.REQUEST_ENTITY_TOO_LARGE, refused.getCode());
        assertTrue(admin.send(new org.scgateway.peers.leshan.core.request.ExecuteRequest(AdminObject.OBJECT + "/" + card + "/7")).isSuccess());
        long deadline = System.currentTimeMillis() + 10_000;
        while (!String.valueOf(admin.value(card, 10)).startsWith("no Admin Request") && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals("the Run ran nothing: " + admin.value(card, 10), 4L, admin.value(card, 9));
    }

    @Test
    public void malformedScriptsRunNothingAndSayWhy() throws Exception {
        int card = admin.awaitInstanceOf(simulatedCard().id());
        assertEquals("unknown tag", "AB06" + "800100" + "900101", admin.runScript(card, "AA072405" + "80E2900000"));
        assertEquals(4L, admin.value(card, 9));
        assertEquals("wrong length", "AB06" + "800100" + "900102", admin.runScript(card, "AA082205" + "80E2900000"));
        assertEquals("truncated", "AF80" + "800100" + "900103" + "0000", admin.runScript(card, "AE80" + "2204" + "00B00004"));
        String why = (String) admin.value(card, 10);
        assertTrue(why, why.startsWith("bad format: the AE template does not end with 00 00"));
    }

    @Test
    public void stoppingTheBackendRemovesTheInstanceAndStartingItBringsItBack() throws Exception {
        int card = admin.awaitInstanceOf(simulatedCard().id());
        Bundle sim = Services.bundle(context, Pids.SE_SIM);
        int mark = events.mark();
        sim.stop();
        try {
            ServerEvents.Event gone = events.await(mark, "updated", ENDPOINT, e -> !e.hasLink("/" + OBJECT + "/" + card), TIMEOUT);
            assertFalse(gone.hasLink("/" + OBJECT + "/" + card));
        } finally {
            mark = events.mark();
            sim.start();
        }
        ServerEvents.Event back = events.await(mark, "updated", ENDPOINT, e -> e.hasLink("/" + OBJECT + "/" + card), TIMEOUT);
        assertTrue("the card has its instance id again", back.hasLink("/" + OBJECT + "/" + card));
    }

    @Test
    public void aTargetFilterInTheConfigurationChoosesTheBackend() throws Exception {
        int card = admin.awaitInstanceOf(simulatedCard().id());
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration(Pids.ADMIN_OBJECT, null);
        int mark = events.mark();
        c.update(new Hashtable<>(Map.of(Pids.ADMIN_COMPONENTS_TARGET, "(scgw.component.backend=se.pcsc)")));
        events.await(mark, "updated", ENDPOINT, e -> !e.hasLink("/" + OBJECT + "/" + card), TIMEOUT);
        mark = events.mark();
        c.update(new Hashtable<>(Map.of(Pids.ADMIN_COMPONENTS_TARGET, "(scgw.component.backend=se.sim)")));
        events.await(mark, "updated", ENDPOINT, e -> e.hasLink("/" + OBJECT + "/" + card), TIMEOUT);
    }

    // --- helpers

    private SecureElement simulatedCard() throws Exception {
        return Services.await(context, SecureElement.class, "(scgw.component.backend=se.sim)", TIMEOUT);
    }
}
