package org.scgateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.scgateway.api.euicc.Eid;
import org.scgateway.api.euicc.EuiccEvent;
import org.scgateway.api.euicc.EuiccException;
import org.scgateway.api.euicc.EuiccListener;
import org.scgateway.api.euicc.EuiccService;
import org.scgateway.api.euicc.Iccid;
import org.scgateway.api.euicc.Profile;
import org.scgateway.api.se.SecureElement;

/**
 * The eUICC profile service on the embedded simulated card, in the Felix distribution: the service appears
 * for the card's ISD-R, every operation reaches the card, SGP.02's rules refuse what they forbid with the
 * result and a message naming the profile, and every change is told to listeners in order.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING) // one card for the class: the deletion, which cannot be undone, comes last
public class EuiccIT {

    static final long TIMEOUT = 30_000;
    static final Iccid PROVISIONING = Iccid.of("89445000000000000019");
    static final Iccid OPERATOR_A = Iccid.of("89445000000000000027");
    static final Iccid OPERATOR_B = Iccid.of("89310000000000000031");

    @Inject
    private BundleContext context;

    private final BlockingQueue<EuiccEvent> events = new LinkedBlockingQueue<>();
    private ServiceRegistration<EuiccListener> listener;

    @Configuration
    public Option[] config() throws IOException {
        return FelixDistribution.withFreshCard("euicc");
    }

    @Before
    public void listen() {
        listener = context.registerService(EuiccListener.class, events::add, null);
    }

    @After
    public void stopListening() {
        listener.unregister();
    }

    @Test
    public void t1_theSimulatedCardsEuiccListsItsProfiles() throws Exception {
        EuiccService euicc = simulatedEuicc();
        assertEquals(Eid.of("89049044900000000000000000102355"), euicc.eid());
        List<Profile> profiles = euicc.profiles();
        assertEquals(List.of(PROVISIONING, OPERATOR_A, OPERATOR_B), profiles.stream().map(Profile::iccid).collect(Collectors.toList()));
        Profile provisioning = profiles.get(0);
        assertTrue(provisioning.isFallback());
        assertEquals(Profile.ProfileClass.PROVISIONING, provisioning.profileClass());
        assertEquals(Set.of(Profile.PolicyRule.DELETION_NOT_ALLOWED), provisioning.policyRules());
        assertEquals("SC Gateway Provisioning", provisioning.serviceProvider().orElseThrow());
        assertEquals("A0000005591010FFFFFFFF8900001000", provisioning.isdpAid().toHex());
        assertEquals(1, profiles.stream().filter(Profile::isEnabled).count());
    }

    @Test
    public void t2_enableDisableFallbackAndNicknameReachTheCardAndAreToldToListeners() throws Exception {
        EuiccService euicc = simulatedEuicc();
        Iccid was = enabled(euicc.profiles());
        Iccid other = was.equals(OPERATOR_B) ? OPERATOR_A : OPERATOR_B;

        euicc.enable(other);
        assertEquals(other, enabled(euicc.profiles()));
        EuiccEvent e = next(EuiccEvent.Kind.ENABLED);
        assertEquals(other, e.iccid());
        assertEquals(other, enabled(e.profiles()));
        assertEquals(euicc.secureElementId(), e.secureElementId());

        euicc.disable(other); // SGP.02: the fall-back profile takes over
        assertEquals(PROVISIONING, enabled(euicc.profiles()));
        assertEquals(EuiccEvent.Kind.DISABLED, next(EuiccEvent.Kind.DISABLED).kind());

        euicc.setFallback(other);
        assertTrue(profile(euicc, other).isFallback());
        assertFalse(profile(euicc, PROVISIONING).isFallback());
        next(EuiccEvent.Kind.FALLBACK_SET);
        euicc.setFallback(PROVISIONING);
        next(EuiccEvent.Kind.FALLBACK_SET);

        euicc.setNickname(other, "meter 7");
        assertEquals("meter 7", profile(euicc, other).nickname().orElseThrow());
        assertEquals(EuiccEvent.Kind.NICKNAME_SET, next(EuiccEvent.Kind.NICKNAME_SET).kind());
        euicc.setNickname(other, "");
        assertFalse(profile(euicc, other).nickname().isPresent());
        next(EuiccEvent.Kind.NICKNAME_SET);

        euicc.enable(was);
        assertEquals(was, enabled(euicc.profiles()));
        next(EuiccEvent.Kind.ENABLED);
    }

    @Test
    public void t3_whatSgp02ForbidsIsRefusedWithTheResultAndTheProfileNamed() throws Exception {
        EuiccService euicc = simulatedEuicc();
        Iccid on = enabled(euicc.profiles());
        List<Profile> before = euicc.profiles();

        EuiccException e = assertThrows(EuiccException.class, () -> euicc.enable(on));
        assertEquals(EuiccException.Result.WRONG_PROFILE_STATE, e.result());
        assertTrue(e.getMessage(), e.getMessage().contains(on.digits()));

        e = assertThrows(EuiccException.class, () -> euicc.delete(on));
        assertEquals(EuiccException.Result.WRONG_PROFILE_STATE, e.result());

        e = assertThrows(EuiccException.class, () -> euicc.delete(PROVISIONING));
        assertEquals(EuiccException.Result.DISALLOWED_BY_POLICY, e.result());
        assertTrue(e.getMessage(), e.getMessage().contains(PROVISIONING.digits()) && e.getMessage().contains("POL1"));

        e = assertThrows(EuiccException.class, () -> euicc.enable(Iccid.of("89999999999999999999")));
        assertEquals(EuiccException.Result.ICCID_OR_AID_NOT_FOUND, e.result());

        euicc.enable(PROVISIONING);
        e = assertThrows(EuiccException.class, () -> euicc.disable(PROVISIONING));
        assertEquals(EuiccException.Result.DISALLOWED_BY_POLICY, e.result());
        assertTrue(e.getMessage(), e.getMessage().contains("fall-back"));
        euicc.enable(on);

        assertEquals("nothing refused changed anything", before, euicc.profiles());
    }

    @Test
    public void t4_aDeletedProfileIsGone() throws Exception {
        EuiccService euicc = simulatedEuicc();
        Iccid off = euicc.profiles().stream().filter(p -> !p.isEnabled() && !p.isFallback()).map(Profile::iccid).findFirst().orElseThrow();
        euicc.delete(off);
        assertTrue(euicc.profiles().stream().noneMatch(p -> p.iccid().equals(off)));
        // t3's changes may still be on their way to listeners, this test's among them: look past them.
        EuiccEvent deleted = nextOf(EuiccEvent.Kind.DELETED);
        assertEquals(off, deleted.iccid());
        assertEquals(2, deleted.profiles().size());
    }

    private EuiccEvent next(EuiccEvent.Kind kind) throws InterruptedException {
        EuiccEvent e = events.poll(TIMEOUT, TimeUnit.MILLISECONDS);
        assertNotNull("no " + kind + " event", e);
        assertEquals(kind, e.kind());
        return e;
    }

    /** The next event of that kind, passing over others. */
    private EuiccEvent nextOf(EuiccEvent.Kind kind) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while (System.currentTimeMillis() < deadline) {
            EuiccEvent e = events.poll(deadline - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
            if (e != null && e.kind() == kind) {
                return e;
            }
        }
        throw new AssertionError("no " + kind + " event");
    }

    private static Iccid enabled(List<Profile> profiles) {
        List<Iccid> on = profiles.stream().filter(Profile::isEnabled).map(Profile::iccid).collect(Collectors.toList());
        assertEquals("one profile enabled: " + profiles, 1, on.size());
        return on.get(0);
    }

    private static Profile profile(EuiccService euicc, Iccid iccid) throws EuiccException {
        return euicc.profiles().stream().filter(p -> p.iccid().equals(iccid)).findFirst().orElseThrow();
    }

    private EuiccService simulatedEuicc() throws Exception {
        SecureElement card = Services.await(context, SecureElement.class, "(scgw.component.backend=se.sim)", TIMEOUT);
        return Services.await(context, EuiccService.class, "(" + EuiccService.PROP_SECURE_ELEMENT_ID + "=" + card.id() + ")", TIMEOUT);
    }
}
