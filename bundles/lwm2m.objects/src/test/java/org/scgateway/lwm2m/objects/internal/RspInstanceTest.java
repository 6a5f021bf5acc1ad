package org.scgateway.lwm2m.objects.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;
import org.scgateway.api.euicc.Eid;
import org.scgateway.api.euicc.EuiccException;
import org.scgateway.api.euicc.EuiccService;
import org.scgateway.api.euicc.Iccid;
import org.scgateway.api.euicc.Profile;
import org.scgateway.api.se.Aid;

/** Object 504's instance following a card whose profiles another program changes (an LPA through PC/SC). */
public class RspInstanceTest {

    private static final Iccid A = Iccid.of("89445000000000000027");
    private static final Iccid B = Iccid.of("89310000000000000031");

    /** A card as the eUICC service reads it: its list as set here, and how often it was asked. */
    private static final class Card implements EuiccService {
        volatile List<Profile> profiles;
        final AtomicInteger asked = new AtomicInteger();

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
            throw new UnsupportedOperationException();
        }

        @Override
        public void disable(Iccid iccid) throws EuiccException {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(Iccid iccid) throws EuiccException {
            throw new UnsupportedOperationException();
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
}
