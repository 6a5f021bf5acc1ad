package org.scgateway.lwm2m.objects.internal.rsp;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;
import org.scgateway.api.euicc.Eid;
import org.scgateway.api.euicc.EuiccException;
import org.scgateway.api.euicc.EuiccService;
import org.scgateway.api.euicc.Iccid;
import org.scgateway.api.euicc.Profile;
import org.scgateway.api.lwm2m.LwM2mOperationException;
import org.scgateway.api.lwm2m.ResourceValue;
import org.scgateway.api.se.Aid;

/** Object 504's instance: RSP Update on the selected profile, and a card whose profiles another program changes (an LPA through PC/SC). */
public class RspInstanceTest {

    private static final Iccid A = Iccid.of("89445000000000000027");
    private static final Iccid B = Iccid.of("89310000000000000031");

    /** A card as the eUICC service reads it: its list as set here, how often it was asked, what it was told to do. */
    private static final class Card implements EuiccService {
        volatile List<Profile> profiles;
        final AtomicInteger asked = new AtomicInteger();
        final List<String> done = new ArrayList<>();
        String refuse = "";

        private void act(String what, Iccid iccid) throws EuiccException {
            done.add(what + " " + iccid);
            if (refuse.equals(what)) {
                throw new EuiccException(EuiccException.Result.DISALLOWED_BY_POLICY, "refused by the profile's policy rules");
            }
        }

        @Override
        public String secureElementId() {
            return "sim-test";
        }

        @Override
        public Eid eid() {
            return Eid.of("89049044900000000000000000102355");
        }

        @Override
        public List<Profile> profiles() {
            asked.incrementAndGet();
            return profiles;
        }

        @Override
        public void enable(Iccid iccid) throws EuiccException {
            act("enable", iccid);
        }

        @Override
        public void disable(Iccid iccid) throws EuiccException {
            act("disable", iccid);
        }

        @Override
        public void delete(Iccid iccid) throws EuiccException {
            act("delete", iccid);
        }

        @Override
        public void setFallback(Iccid iccid) throws EuiccException {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setNickname(Iccid iccid, String nickname) throws EuiccException {
            throw new UnsupportedOperationException();
        }
    }

    private static List<Profile> enabled(Iccid on, Iccid off) {
        return List.of(Profile.builder(off, Aid.fromHex("A0000005591010FFFFFFFF8900001000")).state(Profile.State.DISABLED).build(),
                Profile.builder(on, Aid.fromHex("A0000005591010FFFFFFFF8900001100")).state(Profile.State.ENABLED).build());
    }

    @Test
    public void aChangeMadeByAnotherProgramIsSeenAtTheNextReadAndNotified() throws Exception {
        Card card = new Card();
        card.profiles = enabled(A, B);
        List<Integer> notified = new ArrayList<>();
        RspInstance instance = new RspInstance(card, false, Runnable::run, ids -> {
            for (int id : ids) {
                notified.add(id);
            }
        });
        instance.load();
        assertEquals("the enabled profile first", A.digits(), instance.read(RspObjectModel.ICCIDS).instances().get(0));

        card.profiles = enabled(B, A); // an LPA switched the card's profile, the gateway not told
        Thread.sleep(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(RspInstance.FRESH_NANOS) + 50);
        notified.clear();
        assertEquals("the card's truth", B.digits(), instance.read(RspObjectModel.ICCIDS).instances().get(0));
        assertTrue("observers are told: " + notified, notified.contains(RspObjectModel.ICCIDS));

        int asked = card.asked.get();
        instance.read(RspObjectModel.ICCIDS);
        instance.read(RspObjectModel.SELECTED_ICCID);
        assertEquals("a read right after does not ask the card again", asked, card.asked.get());
        instance.read(RspObjectModel.RSP_TYPE);
        assertEquals("nor does a read of what no profile change alters", asked, card.asked.get());
    }

    @Test
    public void rspUpdateCarriesOutTheActionsInOrderOnTheSelectedProfile() throws Exception {
        Card card = new Card();
        card.profiles = enabled(A, B);
        Queue<Runnable> held = new ArrayDeque<>();
        List<Integer> notified = new ArrayList<>();
        RspInstance instance = new RspInstance(card, false, held::add, ids -> {
            for (int id : ids) {
                notified.add(id);
            }
        });
        instance.load();
        instance.write(RspObjectModel.SELECTED_ICCID, ResourceValue.string(B.digits()));
        instance.execute(RspObjectModel.RSP_UPDATE, "2,3");
        assertEquals("disabling", (long) RspObjectModel.DISABLING, instance.read(RspObjectModel.UPDATE_STATE).value());
        LwM2mOperationException busy = assertThrows(LwM2mOperationException.class, () -> instance.execute(RspObjectModel.RSP_UPDATE, "1"));
        assertEquals(LwM2mOperationException.Code.SERVICE_UNAVAILABLE, busy.code());
        held.remove().run();
        assertEquals(List.of("disable " + B, "delete " + B), card.done);
        assertEquals((long) RspObjectModel.IDLE, instance.read(RspObjectModel.UPDATE_STATE).value());
        assertEquals((long) RspObjectModel.SUCCESS, instance.read(RspObjectModel.UPDATE_RESULT).value());
        assertTrue("the server is told of the result", notified.contains(RspObjectModel.UPDATE_RESULT));
    }

    @Test
    public void aRefusedActionEndsTheUpdateAndNamesWhichFailed() throws Exception {
        Card card = new Card();
        card.profiles = enabled(A, B);
        card.refuse = "disable";
        RspInstance instance = new RspInstance(card, false, Runnable::run, ids -> { });
        instance.load();
        instance.execute(RspObjectModel.RSP_UPDATE, "2,3");
        assertEquals("until one is selected, the enabled profile is acted on", List.of("disable " + A), card.done);
        assertEquals((long) RspObjectModel.DISABLE_FAILED, instance.read(RspObjectModel.UPDATE_RESULT).value());
        assertEquals((long) RspObjectModel.IDLE, instance.read(RspObjectModel.UPDATE_STATE).value());
    }

    @Test
    public void onlyAProfileOnTheCardCanBeSelected() throws Exception {
        Card card = new Card();
        card.profiles = enabled(A, B);
        RspInstance instance = new RspInstance(card, false, Runnable::run, ids -> { });
        instance.load();
        LwM2mOperationException e = assertThrows(LwM2mOperationException.class,
                () -> instance.write(RspObjectModel.SELECTED_ICCID, ResourceValue.string("89000123456789012341")));
        assertEquals(LwM2mOperationException.Code.BAD_REQUEST, e.code());
        assertTrue(e.getMessage(), e.getMessage().contains("the eUICC has no profile 89000123456789012341"));
        assertEquals(A.digits(), instance.read(RspObjectModel.SELECTED_ICCID).value());
        e = assertThrows(LwM2mOperationException.class, () -> instance.execute(RspObjectModel.ICCIDS, "1"));
        assertEquals(LwM2mOperationException.Code.METHOD_NOT_ALLOWED, e.code());
    }

    /** The registry's current 504: 0 download and install, 1 enable, 2 disable, 3 delete, 4 reset memory. */
    @Test
    public void rspUpdateTakesEnableDisableAndDeleteInOrder() throws Exception {
        assertEquals(List.of(1), RspInstance.actions("1"));
        assertEquals(List.of(2, 3), RspInstance.actions("2,3"));
        assertEquals(List.of(1), RspInstance.actions("1='x'"));
        for (String refused : new String[] {"0", "4"}) {
            LwM2mOperationException e = assertThrows(LwM2mOperationException.class, () -> RspInstance.actions(refused));
            assertTrue(e.getMessage(), e.getMessage().startsWith("RSP Update: action " + refused + " is not supported here"));
        }
        LwM2mOperationException e = assertThrows(LwM2mOperationException.class, () -> RspInstance.actions(""));
        assertEquals("RSP Update needs an action: 1 enable, 2 disable, 3 delete", e.getMessage());
        e = assertThrows(LwM2mOperationException.class, () -> RspInstance.actions("enable"));
        assertTrue(e.getMessage(), e.getMessage().contains("'enable' is no action"));
    }
}
