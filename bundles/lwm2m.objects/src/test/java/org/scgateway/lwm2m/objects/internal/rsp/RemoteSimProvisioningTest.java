package org.scgateway.lwm2m.objects.internal.rsp;

import static org.junit.Assert.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.After;
import org.junit.Test;
import org.scgateway.api.euicc.Eid;
import org.scgateway.api.euicc.EuiccEvent;
import org.scgateway.api.euicc.EuiccService;
import org.scgateway.api.euicc.Iccid;
import org.scgateway.api.euicc.Profile;
import org.scgateway.api.lwm2m.LwM2mObjectContext;
import org.scgateway.api.lwm2m.ObjectLink;
import org.scgateway.api.se.Aid;

/** Object 504 as eUICCs come and go, without LwM2M: an instance each, found by its Secure Element, told of its own changes only. */
public class RemoteSimProvisioningTest {

    private static final Iccid A = Iccid.of("89445000000000000027");
    private static final Iccid B = Iccid.of("89310000000000000031");
    private final RemoteSimProvisioning rsp = new RemoteSimProvisioning();

    @After
    public void stop() {
        rsp.deactivate();
    }

    @Test
    public void eachEuiccHasAnInstanceFoundByItsSecureElement() throws Exception {
        Euicc card = new Euicc("sim-card", A);
        Euicc soldered = new Euicc("ese-board", B);
        rsp.addEuicc(card, Map.of("scgw.euicc.se.kind", "EUICC"));
        rsp.addEuicc(soldered, Map.of("scgw.euicc.se.kind", "EMBEDDED_SE"));
        assertEquals(Set.of(0, 1), rsp.instanceIds());
        assertEquals(Optional.of(1), rsp.instanceOf("ese-board"));
        assertEquals(Optional.empty(), rsp.instanceOf("no-such-element"));
        assertEquals("a removable eUICC", (long) RspObjectModel.REMOVABLE_EUICC, rsp.read(0, RspObjectModel.CURRENT_SIM_TYPE).value());
        assertEquals("a soldered one", (long) RspObjectModel.EMBEDDED_EUICC, rsp.read(1, RspObjectModel.CURRENT_SIM_TYPE).value());

        rsp.removeEuicc(card);
        assertEquals(Set.of(1), rsp.instanceIds());
        assertEquals(Optional.empty(), rsp.instanceOf("sim-card"));
    }

    /** Reports come in order from one thread: once instance 1's is in, one for instance 0 sent before it would be too. */
    @Test
    public void aChangeReachesTheInstanceOfItsEuiccOnly() throws Exception {
        Euicc one = new Euicc("sim-one", A);
        Euicc two = new Euicc("sim-two", A);
        List<String> told = new CopyOnWriteArrayList<>();
        rsp.attached(new LwM2mObjectContext() {
            @Override
            public void resourcesChanged(int instanceId, int... resourceIds) {
                told.add(instanceId + ":" + Arrays.toString(resourceIds));
            }

            @Override
            public void instancesChanged() {
            }

            @Override
            public Map<String, List<ObjectLink>> hostedInstances() {
                return Map.of();
            }
        });
        rsp.addEuicc(one, Map.of());
        rsp.addEuicc(two, Map.of());
        await(told, 2); // each instance's first read of its eUICC
        told.clear();
        rsp.profilesChanged(new EuiccEvent("sim-two", two.eid(), EuiccEvent.Kind.ENABLED, B, profiles(B)));
        await(told, 1);
        assertEquals(List.of("1:" + Arrays.toString(new int[] {RspObjectModel.ICCIDS, RspObjectModel.SELECTED_ICCID,
                RspObjectModel.SERVICE_PROVIDER, RspObjectModel.PROFILE_NAME})), told);
    }

    private static void await(List<String> told, int reports) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (told.size() < reports && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(told.toString(), reports, told.size());
    }

    private static List<Profile> profiles(Iccid enabled) {
        Iccid other = enabled.equals(A) ? B : A;
        return List.of(Profile.builder(enabled, Aid.fromHex("A0000005591010FFFFFFFF8900001000")).state(Profile.State.ENABLED).build(),
                Profile.builder(other, Aid.fromHex("A0000005591010FFFFFFFF8900001100")).build());
    }

    private static final class Euicc implements EuiccService {
        private final String se;
        private final Iccid enabled;

        Euicc(String se, Iccid enabled) {
            this.se = se;
            this.enabled = enabled;
        }

        @Override
        public String secureElementId() {
            return se;
        }

        @Override
        public Eid eid() {
            return Eid.of("89049044900000000000000000102355");
        }

        @Override
        public List<Profile> profiles() {
            return RemoteSimProvisioningTest.profiles(enabled);
        }

        @Override
        public void enable(Iccid iccid) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void disable(Iccid iccid) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(Iccid iccid) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setFallback(Iccid iccid) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setNickname(Iccid iccid, String nickname) {
            throw new UnsupportedOperationException();
        }
    }
}
