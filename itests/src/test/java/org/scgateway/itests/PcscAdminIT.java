package org.scgateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.scgateway.peers.leshan.server.LeshanServer;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.osgi.util.tracker.ServiceTracker;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.tee.TrustedExecutionEnvironment;

/**
 * The Secure Component Admin object with two components at once: the simulated card in-process, and the same
 * card bridged into pcscd through vpcd, reached by the PC/SC driver. The server sees one instance each and runs
 * scripts on both; pulling the bridged card mid-script gives "component lost" and no harm to the other.
 */
@RunWith(PaxExam.class)
public class PcscAdminIT extends PcscSupport {

    private static final String ENDPOINT = "itest-pcsc-admin";
    private static final byte[] PKCS15 = HexFormat.of().parseHex("A000000063504B43532D3135");
    /** SELECT by path 7FFF/6432 (EF LwM2M_Bootstrap), READ BINARY of its 4-byte header. */
    private static final String READ_HEADER = "AA12" + "2209" + "00A4080C047FFF6432" + "2205" + "00B0000004";

    /** Commands in the long script: through pcscd and vpcd each takes some 50 ms here (measured, 255 in 12 s). */
    private static final int LONG = 120;

    /** The gateway and a Leshan server of its own for each test; the server destroyed after it, whatever the outcome. */
    @Rule
    public final GatewayWithServer gateway = new GatewayWithServer(() -> context, () -> configAdmin, ENDPOINT, TIMEOUT);
    private ServerEvents events;
    private String teeLink;
    private LeshanServer server;
    private AdminObject admin;

    @Override
    @Configuration
    public Option[] config() throws IOException {
        return FelixDistribution.withLeshanServer("pcsc-admin");
    }

    @Before
    public void start() throws Exception {
        admin = gateway.admin();
        events = gateway.events();
        server = admin.server();
        TrustedExecutionEnvironment tee = Services.await(context, TrustedExecutionEnvironment.class, "(scgw.component.kind=TEE)", TIMEOUT);
        teeLink = "/" + AdminObject.OBJECT + "/" + admin.awaitInstanceOf(tee.id());
    }

    @After
    public void stop() throws Exception {
        bridge("");
    }

    @Test
    public void theSimulatedAndTheBridgedCardAreTwoInstancesThatRunScriptsAtOnce() throws Exception {
        ServiceTracker<SecureElement, SecureElement> t = pcscCards();
        try {
            int mark = events.mark();
            bridge("127.0.0.1:35963");
            SecureElement pcsc = t.waitForService(TIMEOUT);
            assertNotNull("no card appeared in a PC/SC reader", pcsc);
            events.await(mark, "updated", ENDPOINT, e -> adminInstances(e) == 2, TIMEOUT);
            int viaPcsc = admin.instanceOf(pcsc.id());
            int sim = admin.instanceOf(simulatedCard().id());
            assertNotEquals(sim, viaPcsc);
            assertEquals("se.pcsc", admin.value(viaPcsc, 3));
            assertEquals("se.sim", admin.value(sim, 3));

            for (int i : new int[] {viaPcsc, sim}) {
                admin.write(i, 11, PKCS15);
                admin.write(i, 12, 51L);
            }
            admin.start(viaPcsc, READ_HEADER);
            admin.start(sim, READ_HEADER);
            assertEquals("the bridged card answers through pcscd", 2L, admin.awaitResult(viaPcsc));
            assertEquals(2L, admin.awaitResult(sim));
            String header = "AB0F" + "800102" + "23029000" + "2306" + "0002003E9000";
            assertEquals(header, admin.response(viaPcsc));
            assertEquals(header, admin.response(sim));
        } finally {
            pull(t);
        }
    }

    /**
     * A long script ({@value #LONG} C-APDUs) runs whole once, which times it; then the card is pulled out of the reader
     * part-way through it. The instance stays until the script has ended and goes then (a Registration Update);
     * when the card is put back, its instance (the same id) shows what happened: "component lost" with the
     * R-APDUs that came before. The pull goes through configuration and vpcd, so where it lands varies: a script
     * it missed shows "ok" and one it beat shows none run; each attempt pulls at another point of the timed run,
     * and one of eight must land between two commands.
     */
    @Test
    public void aCardPulledMidScriptIsComponentLostAndTheGatewayGoesOn() throws Exception {
        List<String> commands = new ArrayList<>();
        commands.add("00A4000C022FE2"); // EF ICCID, readable without a secure channel
        while (commands.size() < LONG) {
            commands.add("00B000000A");
        }
        String script = AdminObject.script(commands);
        ServiceTracker<SecureElement, SecureElement> t = pcscCards();
        List<String> seen = new ArrayList<>();
        boolean midway = false;
        try {
            int mark = events.mark();
            bridge("127.0.0.1:35963");
            SecureElement first = t.waitForService(TIMEOUT);
            assertNotNull("no card appeared in a PC/SC reader", first);
            events.await(mark, "updated", ENDPOINT, e -> adminInstances(e) == 2, TIMEOUT);
            int instance = admin.instanceOf(first.id());
            admin.write(instance, 11, new byte[0]);
            admin.write(instance, 12, 0L);
            long began = System.nanoTime();
            String whole = admin.runScript(instance, script);
            long took = (System.nanoTime() - began) / 1_000_000;
            assertEquals(LONG + " commands ran: " + admin.value(instance, 10), 2L, admin.value(instance, 9));
            assertTrue(whole.substring(0, 20), whole.contains(String.format("8001%02X", LONG)));

            for (int attempt = 0; attempt < 8 && !midway; attempt++) {
                SecureElement pcsc = t.waitForService(TIMEOUT);
                assertNotNull("no card appeared in a PC/SC reader", pcsc);
                events.await(mark, "updated", ENDPOINT, e -> adminInstances(e) == 2, TIMEOUT);
                int viaPcsc = admin.instanceOf(pcsc.id());
                admin.write(viaPcsc, 11, new byte[0]);
                admin.write(viaPcsc, 12, 0L);
                admin.start(viaPcsc, script);
                Thread.sleep(took * (attempt % 4 + 1) / 6);
                mark = events.mark();
                bridge("");
                awaitGone(t);
                events.await(mark, "updated", ENDPOINT, e -> adminInstances(e) == 1, TIMEOUT);

                mark = events.mark();
                bridge("127.0.0.1:35963");
                SecureElement back = t.waitForService(TIMEOUT);
                assertNotNull("the card came back", back);
                events.await(mark, "updated", ENDPOINT, e -> adminInstances(e) == 2, TIMEOUT);
                assertEquals("the card has its instance again", viaPcsc, admin.instanceOf(back.id()));
                long result = (Long) admin.value(viaPcsc, 9);
                String response = admin.response(viaPcsc);
                int executed = Integer.parseInt(response.substring(response.indexOf("8001") + 4, response.indexOf("8001") + 6), 16);
                seen.add(result + " after " + executed);
                if (result == 7L) {
                    assertTrue("fewer than all ran: " + executed, executed < LONG);
                    String why = (String) admin.value(viaPcsc, 10);
                    assertTrue(why, why.contains("got no answer") || why.contains("no channel"));
                    if (executed > 0) {
                        midway = true;
                        assertTrue(why, why.startsWith("C-APDU " + (executed + 1) + " of " + LONG + " (INS B0) got no answer"));
                        assertEquals("the R-APDUs before the pull: each the ICCID and 9000", "230C989400000000000000919000",
                                response.substring(response.length() - 28));
                    }
                } else {
                    assertEquals("a script the pull missed ran to its end: " + admin.value(viaPcsc, 10), 2L, result);
                }
            }
            assertTrue("the card was pulled between two commands in one of the attempts (" + LONG + " took " + took + " ms): " + seen, midway);

            // The gateway goes on: both instances run a script.
            SecureElement pcsc = t.waitForService(TIMEOUT);
            for (int i : new int[] {admin.instanceOf(simulatedCard().id()), admin.instanceOf(pcsc.id())}) {
                admin.write(i, 11, PKCS15);
                admin.write(i, 12, 51L);
                assertEquals("AB0F" + "800102" + "23029000" + "2306" + "0002003E9000", admin.runScript(i, READ_HEADER));
            }
        } finally {
            pull(t);
        }
    }

    /** The admin instances of Secure Elements: the software TEE has one too, which these tests leave out. */
    private long adminInstances(ServerEvents.Event e) {
        return java.util.Arrays.stream(e.registration.getObjectLinks())
                .filter(l -> l.getUriReference().matches("/" + AdminObject.OBJECT + "/\\d+") && !l.getUriReference().equals(teeLink))
                .count();
    }

    private SecureElement simulatedCard() throws Exception {
        return Services.await(context, SecureElement.class, "(scgw.component.backend=se.sim)", TIMEOUT);
    }
}
