package org.scgateway.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.After;
import org.junit.Before;
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
import org.scgateway.api.component.Identification;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialUpdate;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.se.SecureElement;
import org.scgateway.globalplatform.scp03.Scp03Keys;

/**
 * The Secure Component Admin object (42769) seen from a real Leshan server that knows its model from the
 * DDF file the gateway ships: the simulated card's instance, its identification, remote command scripts
 * written, run and answered through LwM2M, and the instance going and coming with its backend.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SecureComponentAdminIT {

    private static final int OBJECT = 42769;
    private static final long TIMEOUT = 30_000;
    private static final String ENDPOINT = "itest-admin";
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final byte[] PKCS15 = HEX.parseHex("A000000063504B43532D3135");
    /** SELECT by path 7FFF/6432 (EF LwM2M_Bootstrap), READ BINARY of its 4-byte header. */
    private static final String READ_HEADER = "AA12" + "2209" + "00A4080C047FFF6432" + "2205" + "00B0000004";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    private final ServerEvents events = new ServerEvents();
    private LeshanServer server;

    @Configuration
    public Option[] config() throws IOException {
        List<Option> options = FelixDistribution.options("admin");
        options.add(mavenBundle("org.eclipse.leshan", "leshan-server-core").versionAsInProject());
        options.add(mavenBundle("org.eclipse.leshan", "leshan-server-cf").versionAsInProject());
        return options.toArray(new Option[0]);
    }

    @Before
    public void start() throws Exception {
        int port = FelixDistribution.freePort();
        server = new LeshanServerBuilder().setObjectModelProvider(TestModels.withGatewayObjects())
                .setEndpointsProviders(new CaliforniumServerEndpointsProvider.Builder(new CoapServerProtocolProvider())
                        .addEndpoint(new InetSocketAddress("127.0.0.1", port), Protocol.COAP).build())
                .build();
        server.getRegistrationService().addListener(events);
        server.start();
        // The configured server, not the card's bootstrap file; and the client's secrets in the file, not in the
        // card: a card that holds them takes them along when it goes, and the client then registers afresh
        // instead of sending the Update this suite looks for.
        configAdmin.getConfiguration("org.scgateway.bootstrap.smartcard", null).update(new Hashtable<>(Map.of("enabled", false)));
        configAdmin.getConfiguration("org.scgateway.credential.se", null).update(new Hashtable<>(Map.of("enabled", false)));
        Scp03Keys k = SimulatedCardKeys.builtInProfile();
        hostStore().apply(CredentialUpdate.builder().put("scp03/default/enc", Secret.of(k.enc())).put("scp03/default/mac", Secret.of(k.mac()))
                .put("scp03/default/dek", Secret.of(k.dek())).put("scp03/default/version", Secret.of(new byte[] {(byte) k.version()})).build());
        configAdmin.getConfiguration("org.scgateway.lwm2m.client", null).update(new Hashtable<>(Map.of(
                "endpoint", ENDPOINT, "serverUri", "coap://127.0.0.1:" + port, "retryWaitMs", 500)));
    }

    @After
    public void stop() throws Exception {
        configAdmin.getConfiguration("org.scgateway.lwm2m.objects.admin", null).delete();
        if (server != null) {
            server.destroy();
        }
    }

    @Test
    public void theCardHasAnInstanceTheServerCanIdentify() throws Exception {
        Registration r = withAdminInstance();
        assertEquals(simulatedCard().id(), ((LwM2mSingleResource) read(r, 0, 0).getContent()).getValue());
        ReadResponse atr = send(new ReadRequest(OBJECT, 0, 2));
        assertTrue("identification reads: " + atr, atr.isSuccess());
        byte[] expected = simulatedCard().identification().get(Identification.ATR).orElseThrow();
        assertArrayEquals("instance 0 of Identification is the ATR",
                expected, (byte[]) ((org.eclipse.leshan.core.node.LwM2mMultipleResource) atr.getContent()).getInstance(0).getValue());
        assertEquals("se.sim", ((LwM2mSingleResource) read(r, 0, 3).getContent()).getValue());
    }

    @Test
    public void aScriptInsideScp03ReadsTheBootstrapFilesHeaderThroughLwM2m() throws Exception {
        withAdminInstance();
        assertTrue(send(new WriteRequest(OBJECT, 0, 11, PKCS15)).isSuccess());
        assertTrue(send(new WriteRequest(OBJECT, 0, 12, 51L)).isSuccess());
        String response = runScript(READ_HEADER);
        assertEquals("AB0F" + "800102" + "23029000" + "2306" + "0002003E9000", response);
        assertEquals(2L, result());
    }

    @Test
    public void withoutScp03TheCardRefusesAndTheScriptStopsAtTheFirstCommand() throws Exception {
        withAdminInstance();
        assertTrue(send(new WriteRequest(OBJECT, 0, 11, PKCS15)).isSuccess());
        assertTrue(send(new WriteRequest(OBJECT, 0, 12, 0L)).isSuccess());
        String response = runScript(READ_HEADER);
        assertTrue(response, response.startsWith("AB07" + "800101" + "2302"));
        assertEquals("stopped at an error status", 3L, result());
    }

    @Test
    public void malformedScriptsRunNothingAndSayWhy() throws Exception {
        withAdminInstance();
        assertEquals("unknown tag", "AB06" + "800100" + "900101", runScript("AA072405" + "80E2900000"));
        assertEquals(4L, result());
        assertEquals("wrong length", "AB06" + "800100" + "900102", runScript("AA082205" + "80E2900000"));
        assertEquals("truncated", "AF80" + "800100" + "900103" + "0000", runScript("AE80" + "2204" + "00B00004"));
        String why = ((LwM2mSingleResource) send(new ReadRequest(OBJECT, 0, 10)).getContent()).getValue().toString();
        assertTrue(why, why.startsWith("bad format: the AE template does not end with 00 00"));
    }

    @Test
    public void stoppingTheBackendRemovesTheInstanceAndStartingItBringsItBack() throws Exception {
        withAdminInstance();
        Bundle sim = Services.bundle(context, "org.scgateway.se.sim");
        int mark = events.mark();
        sim.stop();
        try {
            ServerEvents.Event gone = events.await(mark, "updated", ENDPOINT, e -> !e.hasLink("/" + OBJECT + "/0"), TIMEOUT);
            assertFalse(gone.hasLink("/" + OBJECT + "/0"));
        } finally {
            mark = events.mark();
            sim.start();
        }
        ServerEvents.Event back = events.await(mark, "updated", ENDPOINT, e -> e.hasLink("/" + OBJECT + "/0"), TIMEOUT);
        assertTrue("the card has its instance id again", back.hasLink("/" + OBJECT + "/0"));
    }

    @Test
    public void aTargetFilterInTheConfigurationChoosesTheBackend() throws Exception {
        withAdminInstance();
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration("org.scgateway.lwm2m.objects.admin", null);
        int mark = events.mark();
        c.update(new Hashtable<>(Map.of("components.target", "(scgw.component.backend=se.pcsc)")));
        events.await(mark, "updated", ENDPOINT, e -> !e.hasLink("/" + OBJECT + "/0"), TIMEOUT);
        mark = events.mark();
        c.update(new Hashtable<>(Map.of("components.target", "(scgw.component.backend=se.sim)")));
        events.await(mark, "updated", ENDPOINT, e -> e.hasLink("/" + OBJECT + "/0"), TIMEOUT);
    }

    // --- helpers

    /** Waits until the client is registered with the admin object's instance 0 announced. */
    private Registration withAdminInstance() throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while (System.currentTimeMillis() < deadline) {
            Registration r = server.getRegistrationService().getByEndpoint(ENDPOINT);
            if (r != null && java.util.Arrays.stream(r.getObjectLinks()).anyMatch(l -> l.getUriReference().equals("/" + OBJECT + "/0"))) {
                return r;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the client did not register with /" + OBJECT + "/0; the server saw " + events.events);
    }

    private ReadResponse read(Registration r, int instance, int resource) throws Exception {
        return send(new ReadRequest(OBJECT, instance, resource));
    }

    private String runScript(String hex) throws Exception {
        assertTrue(send(new WriteRequest(OBJECT, 0, 6, HEX.parseHex(hex))).isSuccess());
        LwM2mResponse run = send(new ExecuteRequest(OBJECT + "/0/7"));
        assertTrue("run: " + run, run.isSuccess());
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while (result() == 1L && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        return HEX.formatHex((byte[]) ((LwM2mSingleResource) send(new ReadRequest(OBJECT, 0, 8)).getContent()).getValue());
    }

    private long result() throws Exception {
        return (Long) ((LwM2mSingleResource) send(new ReadRequest(OBJECT, 0, 9)).getContent()).getValue();
    }

    private <T extends LwM2mResponse> T send(org.eclipse.leshan.core.request.DownlinkRequest<T> request) throws Exception {
        T response = server.send(withAdminInstance(), request, 10_000);
        assertNotNull("no answer to " + request, response);
        return response;
    }

    private SecureElement simulatedCard() throws Exception {
        return Services.await(context, SecureElement.class, "(scgw.component.backend=se.sim)", TIMEOUT);
    }

    private CredentialStore hostStore() throws Exception {
        return Services.await(context, CredentialStore.class, "(!(scgw.credential.component.id=*))", TIMEOUT);
    }
}
