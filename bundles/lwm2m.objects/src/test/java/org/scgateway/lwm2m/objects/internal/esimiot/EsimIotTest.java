package org.scgateway.lwm2m.objects.internal.esimiot;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;
import org.scgateway.api.euicc.Eid;
import org.scgateway.api.euicc.EsipaException;
import org.scgateway.api.euicc.ProfileAssistant;
import org.scgateway.api.lwm2m.LwM2mOperationException;
import org.scgateway.api.lwm2m.LwM2mOperationException.Code;
import org.scgateway.api.lwm2m.ResourceValue;

/** Object 3443 as the carrier of the IPA, without LwM2M: State, one message at a time, the answer kept until cleared. */
public class EsimIotTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private final EsimIot object = new EsimIot();

    @After
    public void stop() {
        object.deactivate();
    }

    @Test
    public void withoutAnIpaTheStateIsOneAndAMessageIsRefusedNamingWhatIsMissing() throws Exception {
        object.activate();
        assertEquals((long) EsimIotModel.NOT_ABLE, object.read(0, EsimIotModel.STATE).value());
        assertEquals("", object.read(0, EsimIotModel.EID).value());
        LwM2mOperationException e = assertThrows(LwM2mOperationException.class, () -> write("BF4E00"));
        assertEquals(Code.SERVICE_UNAVAILABLE, e.code());
        assertTrue(e.getMessage(), e.getMessage().contains(ProfileAssistant.PID));
    }

    @Test
    public void aMessageIsCarriedOutOneAtATimeAndItsAnswerKeptUntilCleared() throws Exception {
        Assistant ipa = new Assistant();
        object.setAssistant(ipa);
        object.activate();
        assertEquals(0L, object.read(0, EsimIotModel.STATE).value());
        assertEquals("89049044900000000000000000102355", object.read(0, EsimIotModel.EID).value());

        ipa.answer = Optional.of(HEX.parseHex("BF4E020500"));
        write("BF4E03BF5100");
        assertEquals("busy while the IPA works", (long) EsimIotModel.NOT_ABLE, object.read(0, EsimIotModel.STATE).value());
        LwM2mOperationException busy = assertThrows(LwM2mOperationException.class, () -> write("BF4E03BF5100"));
        assertEquals(Code.SERVICE_UNAVAILABLE, busy.code());
        ipa.release.countDown();
        awaitReady();
        assertEquals("BF4E020500", HEX.formatHex((byte[]) object.read(0, EsimIotModel.IPA_MESSAGE).value()));

        ipa.answer = Optional.empty(); // an acknowledgement: nothing to answer, the last answer stays
        write("BF50020500");
        awaitReady();
        assertEquals("BF4E020500", HEX.formatHex((byte[]) object.read(0, EsimIotModel.IPA_MESSAGE).value()));

        object.execute(0, EsimIotModel.CLEAR_IPA_MESSAGE, null);
        assertEquals(0, ((byte[]) object.read(0, EsimIotModel.IPA_MESSAGE).value()).length);
        assertEquals(2, ipa.carriedOut);
    }

    @Test
    public void aMessageTheIpaCannotReadIsABadRequestAndLeavesItReady() throws Exception {
        Assistant ipa = new Assistant();
        object.setAssistant(ipa);
        object.activate();
        LwM2mOperationException e = assertThrows(LwM2mOperationException.class, () -> write("0102"));
        assertEquals(Code.BAD_REQUEST, e.code());
        assertEquals("eIM message: not an ESipa message", e.getMessage());
        assertEquals(0L, object.read(0, EsimIotModel.STATE).value());
        assertEquals(0, ipa.carriedOut);
    }

    private void write(String hex) throws LwM2mOperationException {
        object.write(0, EsimIotModel.EIM_MESSAGE, ResourceValue.opaque(HEX.parseHex(hex)));
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((long) object.read(0, EsimIotModel.STATE).value() != EsimIotModel.READY && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals((long) EsimIotModel.READY, object.read(0, EsimIotModel.STATE).value());
    }

    /** An IPA that takes messages starting BF, answers what the test says, and holds the first until released. */
    private static final class Assistant implements ProfileAssistant {
        volatile Optional<byte[]> answer = Optional.empty();
        final CountDownLatch release = new CountDownLatch(1);
        volatile int carriedOut;

        @Override
        public Eid eid() {
            return Eid.of("89049044900000000000000000102355");
        }

        @Override
        public void check(byte[] message) throws EsipaException {
            if (message.length == 0 || (message[0] & 0xFF) != 0xBF) {
                throw new EsipaException(EsipaException.Reason.INVALID_MESSAGE, "not an ESipa message");
            }
        }

        @Override
        public Optional<byte[]> carryOut(byte[] message) throws EsipaException {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            carriedOut++;
            return answer;
        }

        @Override
        public Optional<java.math.BigInteger> lastCounter() {
            return Optional.empty();
        }

        @Override
        public void resetReplayProtection(java.math.BigInteger lastCounter) {
            throw new UnsupportedOperationException("not used by the object");
        }
    }
}
