package org.scgateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.scgateway.peers.leshan.core.ResponseCode;
import org.scgateway.peers.leshan.core.node.LwM2mMultipleResource;
import org.scgateway.peers.leshan.core.node.LwM2mSingleResource;
import org.scgateway.peers.leshan.core.node.ObjectLink;
import org.scgateway.peers.leshan.core.request.ContentFormat;
import org.scgateway.peers.leshan.core.request.ExecuteRequest;
import org.scgateway.peers.leshan.core.request.ObserveRequest;
import org.scgateway.peers.leshan.core.request.ReadRequest;
import org.scgateway.peers.leshan.core.request.WriteRequest;
import org.scgateway.peers.leshan.core.response.ExecuteResponse;
import org.scgateway.peers.leshan.core.response.ObserveResponse;
import org.scgateway.peers.leshan.core.response.ReadResponse;
import org.scgateway.peers.leshan.core.response.WriteResponse;
import org.scgateway.peers.leshan.server.LeshanServer;
import org.scgateway.peers.leshan.server.observation.ObservationListener;
import org.scgateway.peers.leshan.server.registration.Registration;
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
import org.scgateway.api.config.Pids;
import org.scgateway.api.euicc.EuiccService;
import org.scgateway.api.se.SecureElement;

/**
 * Object 504 (Remote SIM Provisioning) from a real Leshan server that knows it from the DDF file the gateway
 * ships: the simulated card's eUICC as an instance, the admin object's link to it, an RSP Update that
 * enables another profile (State, Result, and the ICCID list observed changing) and one the eUICC refuses.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RemoteSimProvisioningIT {

    private static final int RSP = 504;
    private static final long TIMEOUT = 30_000;
    private static final String ENDPOINT = "itest-rsp";

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
        return FelixDistribution.withLeshanServerAndFreshCard("rsp");
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
    public void theCardsEuiccIsAnInstanceTheAdminObjectLinksTo() throws Exception {
        int rsp = awaitRspInstance();
        assertEquals(1L, value(rsp, 13));
        assertEquals("89049044900000000000000000102355", value(rsp, 12));
        assertEquals(1L, value(rsp, 0));
        // The whole instance, decoded by a server that knows only the registry's 504: every resource the gateway
        // serves is one the registry has, of the registry's type.
        ReadResponse whole = admin.send(new ReadRequest(ContentFormat.TLV, RSP, rsp));
        assertTrue(whole.toString(), whole.isSuccess());
        assertEquals(java.util.Set.of(0, 1, 2, 5, 6, 7, 11, 12, 13, 14),
                ((org.scgateway.peers.leshan.core.node.LwM2mObjectInstance) whole.getContent()).getResources().keySet());
                List<String> iccids = iccids(rsp);
        assertEquals(3, iccids.size());
        assertEquals("the enabled profile is the first ICCID", enabledOnCard(), iccids.get(0));

        int card = admin.awaitInstanceOf(simulatedCard().id());
        ReadResponse services = admin.send(new ReadRequest(AdminObject.OBJECT, card, 13));
        assertTrue(services.toString(), ((LwM2mMultipleResource) services.getContent()).getInstances().values().stream()
                .anyMatch(i -> "eUICC-M2M".equals(i.getValue())));
        ReadResponse links = admin.send(new ReadRequest(AdminObject.OBJECT, card, 14));
        assertTrue(links.toString(), ((LwM2mMultipleResource) links.getContent()).getInstances().values().stream()
                .anyMatch(i -> new ObjectLink(RSP, rsp).equals(i.getValue())));
    }

    @Test
    public void anRspUpdateEnablesTheSelectedProfileAndTheServerSeesTheIccidsChange() throws Exception {
        int rsp = awaitRspInstance();
        String was = iccids(rsp).get(0);
        String other = iccids(rsp).stream().filter(i -> !i.equals(was) && !i.equals(EuiccIT.PROVISIONING.digits())).findFirst().orElseThrow();

        BlockingQueue<Object> notifications = new LinkedBlockingQueue<>();
        ObservationListener listener = Notifications.into(notifications, Notifications.firstInstanceOf(RSP));
        server.getObservationService().addListener(listener);
        try {
            ObserveResponse observe = admin.send(new ObserveRequest(ContentFormat.SENML_CBOR, RSP, rsp, 11));
            assertTrue(observe.toString(), observe.isSuccess());

            WriteResponse select = admin.send(new WriteRequest(RSP, rsp, 14, other));
            assertTrue(select.toString(), select.isSuccess());
            assertEquals(other, value(rsp, 14));
            ExecuteResponse exec = admin.send(new ExecuteRequest(RSP + "/" + rsp + "/4", "1"));
            assertTrue(exec.toString(), exec.isSuccess());
            assertEquals("RSP Update Result: done", 1L, awaitIdle(rsp));

            assertEquals(other, awaitNotified(notifications, other));
            assertEquals(other, iccids(rsp).get(0));
            assertEquals(other, enabledOnCard());
        } finally {
            server.getObservationService().removeListener(listener);
        }

        // Put back as it was, through the object as well.
        assertTrue(admin.send(new WriteRequest(RSP, rsp, 14, was)).isSuccess());
        assertTrue(admin.send(new ExecuteRequest(RSP + "/" + rsp + "/4", "1")).isSuccess());
        assertEquals(1L, awaitIdle(rsp));
        assertEquals(was, enabledOnCard());
    }

    @Test
    public void whatTheEuiccRefusesEndsInTheFailedResultAndChangesNothing() throws Exception {
        int rsp = awaitRspInstance();
        List<String> before = iccids(rsp);
        String enabled = before.get(0);

        assertTrue(admin.send(new WriteRequest(RSP, rsp, 14, enabled)).isSuccess());
        assertTrue(admin.send(new ExecuteRequest(RSP + "/" + rsp + "/4", "3")).isSuccess());
        assertEquals("an enabled profile is not deleted: 15 (delete failed)", 15L, awaitIdle(rsp));

        assertTrue(admin.send(new WriteRequest(RSP, rsp, 14, EuiccIT.PROVISIONING.digits())).isSuccess());
        assertTrue(admin.send(new ExecuteRequest(RSP + "/" + rsp + "/4", "3")).isSuccess());
        assertEquals("the fall-back profile with 'deletion not allowed' stays: 15", 15L, awaitIdle(rsp));
        assertEquals(before, iccids(rsp));

        ExecuteResponse download = admin.send(new ExecuteRequest(RSP + "/" + rsp + "/4", "0"));
        assertEquals(download.toString(), ResponseCode.BAD_REQUEST, download.getCode());
        WriteResponse unknown = admin.send(new WriteRequest(RSP, rsp, 14, "89999999999999999999"));
        assertEquals(unknown.toString(), ResponseCode.BAD_REQUEST, unknown.getCode());
    }

    private int awaitRspInstance() throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while (System.currentTimeMillis() < deadline) {
            Registration r = server.getRegistrationService().getByEndpoint(ENDPOINT);
            if (r != null) {
                for (org.scgateway.peers.leshan.core.link.Link l : r.getObjectLinks()) {
                    String uri = l.getUriReference();
                    if (uri.startsWith("/" + RSP + "/")) {
                        int id = Integer.parseInt(uri.substring(uri.lastIndexOf('/') + 1));
                        ReadResponse eid = admin.send(new ReadRequest(RSP, id, 12));
                        if (eid.isSuccess()) {
                            return id;
                        }
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(ENDPOINT + " registered no readable /504 instance");
    }

    private long awaitIdle(int rsp) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while ((Long) value(rsp, 5) != 0L && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals("RSP Update State back to idle", 0L, value(rsp, 5));
        return (Long) value(rsp, 6);
    }

    private Object value(int rsp, int resource) throws Exception {
        ReadResponse r = admin.send(new ReadRequest(RSP, rsp, resource));
        assertTrue("/504/" + rsp + "/" + resource + " reads: " + r, r.isSuccess());
        return ((LwM2mSingleResource) r.getContent()).getValue();
    }

    private List<String> iccids(int rsp) throws Exception {
        ReadResponse r = admin.send(new ReadRequest(RSP, rsp, 11));
        assertTrue(r.toString(), r.isSuccess());
        List<String> out = new ArrayList<>();
        LwM2mMultipleResource m = (LwM2mMultipleResource) r.getContent();
        for (int i = 0; i < m.getInstances().size(); i++) {
            out.add((String) m.getInstance(i).getValue());
        }
        return out;
    }

    private static Object awaitNotified(BlockingQueue<Object> notifications, String wanted) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT;
        Object last = null;
        while (System.currentTimeMillis() < deadline) {
            Object v = notifications.poll(deadline - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
            if (v == null || wanted.equals(v)) {
                return v;
            }
            last = v;
        }
        return last;
    }

    private String enabledOnCard() throws Exception {
        EuiccService euicc = Services.await(context, EuiccService.class, "(" + EuiccService.PROP_SECURE_ELEMENT_ID + "=" + simulatedCard().id() + ")", TIMEOUT);
        return euicc.profiles().stream().filter(p -> p.isEnabled()).findFirst().orElseThrow().iccid().digits();
    }

    private SecureElement simulatedCard() throws Exception {
        return Services.await(context, SecureElement.class, "(scgw.component.backend=se.sim)", TIMEOUT);
    }
}
