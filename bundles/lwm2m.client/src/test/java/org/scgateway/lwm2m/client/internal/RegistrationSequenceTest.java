package org.scgateway.lwm2m.client.internal;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.scgateway.lwm2m.client.internal.RegistrationSequence.Policy;
import org.scgateway.lwm2m.client.internal.RegistrationSequence.State;

/** The registration sequence of LwM2M 1.1 Core 6.2.1 / E.2, driven by hand: each test names the rule it checks. */
public class RegistrationSequenceTest {

    /** What the sequence asked for, in order: "register 1 after 0s", "failed 2", "bootstrap 2". */
    private final List<String> asked = new ArrayList<>();
    private boolean canBootstrap = true;

    private final RegistrationSequence.Actions actions = new RegistrationSequence.Actions() {
        @Override
        public void register(int ssid, Duration delay) {
            asked.add("register " + ssid + " after " + delay.toSeconds() + "s");
        }

        @Override
        public void failed(int ssid, String why) {
            asked.add("failed " + ssid);
        }

        @Override
        public boolean bootstrap(int ssid) {
            asked.add("bootstrap " + ssid);
            return canBootstrap;
        }
    };

    private static final Policy DEFAULTS = Policy.TS_DEFAULTS;

    private static Policy ordered(long order, long initialDelay) {
        return DEFAULTS.ordered(order, Duration.ofSeconds(initialDelay));
    }

    private static Policy retries(int count, long timer, Duration sequenceDelay, int sequences) {
        return DEFAULTS.retries(count, Duration.ofSeconds(timer), sequenceDelay, sequences);
    }

    private RegistrationSequence sequence(Object... ssidThenPolicy) {
        Map<Integer, Policy> policies = new LinkedHashMap<>();
        for (int i = 0; i < ssidThenPolicy.length; i += 2) {
            policies.put((Integer) ssidThenPolicy[i], (Policy) ssidThenPolicy[i + 1]);
        }
        return new RegistrationSequence(policies, actions);
    }

    private List<String> drain() {
        List<String> now = new ArrayList<>(asked);
        asked.clear();
        return now;
    }

    @Test
    public void serversWithoutAPriorityOrderRegisterAtOnceAndIndependently() {
        RegistrationSequence s = sequence(1, DEFAULTS, 2, DEFAULTS);
        s.start();
        assertEquals(List.of("register 1 after 0s", "register 2 after 0s"), drain());
        s.rejected(1, "4.03");
        s.registered(2);
        assertEquals(State.REGISTERED, s.state(2));
        assertEquals(List.of("failed 1", "bootstrap 1"), drain());
    }

    @Test
    public void orderedServersRegisterInIncreasingPriorityOrderEachAfterItsInitialDelay() {
        // ssid 7 has the lower order value, so it goes first though listed second
        RegistrationSequence s = sequence(3, ordered(20, 15), 7, ordered(10, 5), 9, DEFAULTS);
        s.start();
        assertEquals(List.of("register 9 after 0s", "register 7 after 5s"), drain());
        assertEquals(State.WAITING, s.state(3));
        s.registered(7);
        assertEquals(List.of("register 3 after 15s"), drain());
        s.registered(3);
        assertEquals(List.of(), drain());
    }

    @Test
    public void aFailedAttemptIsRetriedWithinItsSequenceWithExponentialBackOff() {
        RegistrationSequence s = sequence(1, retries(4, 10, RegistrationSequence.NEVER, 1).failure(false, false));
        s.start();
        drain();
        s.attemptFailed(1, "timeout");
        s.attemptFailed(1, "timeout");
        s.attemptFailed(1, "timeout");
        // attempts 2, 3 and 4: Retry Timer x 2^(n-1) for the n-th retry
        assertEquals(List.of("register 1 after 10s", "register 1 after 20s", "register 1 after 40s"), drain());
        s.attemptFailed(1, "timeout");
        // the 4th attempt ends the only sequence; no bootstrap, and a Sequence Delay of "never": nothing more
        assertEquals(List.of("failed 1"), drain());
        assertEquals(State.FAILED, s.state(1));
    }

    @Test
    public void aFailedSequenceIsFollowedByAnotherAfterTheSequenceDelayUpToTheSequenceRetryCount() {
        RegistrationSequence s = sequence(1, retries(2, 1, Duration.ofSeconds(300), 2));
        s.start();
        drain();
        s.attemptFailed(1, "timeout");
        s.attemptFailed(1, "timeout");
        assertEquals(List.of("register 1 after 1s", "register 1 after 300s"), drain());
        s.attemptFailed(1, "timeout");
        s.attemptFailed(1, "timeout");
        assertEquals(List.of("register 1 after 1s", "failed 1", "bootstrap 1"), drain());
    }

    @Test
    public void theTsDefaultsAreFiveAttemptsSixtySecondsApartDoublingThenOneSequence() {
        RegistrationSequence s = sequence(1, DEFAULTS);
        s.start();
        drain();
        for (int i = 0; i < 5; i++) {
            s.attemptFailed(1, "timeout");
        }
        assertEquals(List.of("register 1 after 60s", "register 1 after 120s", "register 1 after 240s", "register 1 after 480s",
                "failed 1", "bootstrap 1"), drain());
    }

    @Test
    public void aRejectionFailsAtOnceWithoutRetries() {
        RegistrationSequence s = sequence(1, retries(5, 60, Duration.ofHours(1), 1).failure(false, false));
        s.start();
        drain();
        s.rejected(1, "4.03 Forbidden");
        // no bootstrap asked for; the server is tried again a Sequence Delay later, as a gateway must
        assertEquals(List.of("failed 1", "register 1 after 3600s"), drain());
        assertEquals(State.FAILED, s.state(1));
        s.registered(1);
        assertEquals(State.REGISTERED, s.state(1));
    }

    @Test
    public void registrationFailureBlockHoldsTheServersAfterItInTheOrder() {
        RegistrationSequence s = sequence(1, retries(5, 60, Duration.ofSeconds(600), 1).ordered(1, Duration.ZERO).failure(true, false), 2, ordered(2, 0), 3,
                ordered(3, 0), 4, DEFAULTS);
        s.start();
        assertEquals(List.of("register 4 after 0s", "register 1 after 0s"), drain());
        s.rejected(1, "4.00");
        assertEquals(List.of("failed 1", "register 1 after 600s"), drain());
        assertEquals(State.BLOCKED, s.state(2));
        assertEquals(State.BLOCKED, s.state(3));
        // an unordered server is not held back
        s.registered(4);
        assertEquals(State.REGISTERED, s.state(4));
        // once the blocking server registers, the order goes on
        s.registered(1);
        assertEquals(List.of("register 2 after 0s"), drain());
        s.registered(2);
        assertEquals(List.of("register 3 after 0s"), drain());
    }

    @Test
    public void withoutRegistrationFailureBlockTheOrderGoesOnPastAFailedServer() {
        RegistrationSequence s = sequence(1, retries(5, 60, Duration.ofSeconds(600), 1).ordered(1, Duration.ZERO).failure(false, false), 2,
                ordered(2, 30));
        s.start();
        drain();
        s.rejected(1, "4.00");
        assertEquals(List.of("failed 1", "register 1 after 600s", "register 2 after 30s"), drain());
    }

    @Test
    public void bootstrapOnRegistrationFailureAsksForABootstrapAndWithoutABootstrapServerRetriesInstead() {
        RegistrationSequence s = sequence(1, retries(5, 60, Duration.ofSeconds(900), 1));
        canBootstrap = false;
        s.start();
        drain();
        s.rejected(1, "4.03");
        assertEquals(List.of("failed 1", "bootstrap 1", "register 1 after 900s"), drain());
    }

    @Test
    public void aLostRegistrationRegistersAgainAtOnceWithoutTheInitialDelay() {
        RegistrationSequence s = sequence(1, ordered(1, 45));
        s.start();
        assertEquals(List.of("register 1 after 45s"), drain());
        s.registered(1);
        s.lost(1);
        assertEquals(List.of("register 1 after 0s"), drain());
        assertEquals(State.REGISTERING, s.state(1));
    }

    @Test
    public void anAnswerAfterTheServerRegisteredIsIgnored() {
        RegistrationSequence s = sequence(1, DEFAULTS);
        s.start();
        s.registered(1);
        drain();
        s.attemptFailed(1, "late timeout");
        s.rejected(1, "late 4.00");
        assertEquals(List.of(), drain());
        assertEquals(State.REGISTERED, s.state(1));
    }

    @Test
    public void aRetryCountOfZeroStillMakesOneAttempt() {
        RegistrationSequence s = sequence(1, retries(0, 60, Duration.ofDays(1), 0));
        s.start();
        assertEquals(List.of("register 1 after 0s"), drain());
        s.attemptFailed(1, "timeout");
        assertEquals(List.of("failed 1", "bootstrap 1"), drain());
    }

    @Test
    public void theBackOffDoesNotOverflow() {
        assertEquals(RegistrationSequence.NEVER, RegistrationSequence.retryDelay(DEFAULTS, 80));
        assertEquals(Duration.ofSeconds(60), RegistrationSequence.retryDelay(DEFAULTS, 1));
        assertEquals(Duration.ofSeconds(120), RegistrationSequence.retryDelay(DEFAULTS, 2));
    }
}
