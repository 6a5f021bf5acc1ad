package org.scgateway.lwm2m.client.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The order and the retries of the client's registrations, as each Server (1) instance's resources 13–20 steer
 * them (LwM2M 1.1 Core, 6.2.1 and E.2): servers with a Registration Priority Order register one after the other,
 * in increasing order, each its Initial Registration Delay after the one before (its first registration after a
 * start or a bootstrap only; a server registering again does at once); a server without one registers at once, whatever the others do. An attempt that fails is
 * retried within a communication sequence (Communication Retry Count attempts, the n-th retry after Communication
 * Retry Timer × 2^(n−1)); a sequence that fails is followed by another after the Communication Sequence Delay
 * Timer, up to Communication Sequence Retry Count sequences; then, or at once when the server rejects the Register,
 * registration to it has failed: with Bootstrap on Registration Failure the client bootstraps, with Registration
 * Failure Block the servers after it in the order wait for it, else they go on.
 *
 * <p>What the TS leaves open, decided here: a server whose registration failed and that does not bootstrap is
 * tried again a Communication Sequence Delay later (a gateway must not give up on a server for good because it
 * was down for an hour), unless that delay is the "never" value (2^32−1 s or more); a Retry Count or Sequence
 * Retry Count of 0 is taken as 1, since no attempt at all would leave the server unregistered with no error.
 *
 * <p>Knows nothing of CoAP or Leshan: it is told the outcome of each attempt and says, through {@link Actions},
 * what to do next and after how long. Not thread-safe but for {@link #state} and {@link #follows}: the engine calls it under
 * its monitor.
 */
final class RegistrationSequence {

    /** Unsigned 32-bit maximum: the Communication Sequence Delay Timer's "do not perform another sequence". */
    static final Duration NEVER = Duration.ofSeconds(0xFFFF_FFFFL);

    /**
     * One server's resources 13–20, with the client's defaults where its Server instance has none.
     *
     * @param priorityOrder empty: unordered
     */
    record Policy(OptionalLong priorityOrder, Duration initialDelay, boolean failureBlock, boolean bootstrapOnFailure, int retryCount,
            Duration retryTimer, Duration sequenceDelay, int sequenceRetryCount) {

        /** The TS 1.1 defaults (Core 6.2.1.1): unordered, no delay, no block, bootstrap, 5 attempts 60 s apart, one sequence a day. */
        static final Policy TS_DEFAULTS = new Policy(OptionalLong.empty(), Duration.ZERO, false, true, 5, Duration.ofSeconds(60),
                Duration.ofDays(1), 1);

        Policy ordered(long order, Duration delay) {
            return new Policy(OptionalLong.of(order), delay, failureBlock, bootstrapOnFailure, retryCount, retryTimer, sequenceDelay,
                    sequenceRetryCount);
        }

        Policy failure(boolean block, boolean bootstrap) {
            return new Policy(priorityOrder, initialDelay, block, bootstrap, retryCount, retryTimer, sequenceDelay, sequenceRetryCount);
        }

        Policy retries(int count, Duration timer, Duration delay, int sequences) {
            return new Policy(priorityOrder, initialDelay, failureBlock, bootstrapOnFailure, count, timer, delay, sequences);
        }
    }

    /** Where a server is in its registration. */
    enum State {
        /** Behind another server in the Registration Priority Order. */
        WAITING,
        /** A Register is due (after a delay) or on its way. */
        REGISTERING,
        REGISTERED,
        /** Registration failed as its policy counts failure; retried later unless it bootstraps or never retries. */
        FAILED,
        /** Behind a server whose registration failed with Registration Failure Block. */
        BLOCKED
    }

    /** What the engine does on the sequence's word. */
    interface Actions {
        /** Send a Register to the server, {@code delay} from now. */
        void register(int shortServerId, Duration delay);

        /** Registration to the server has failed, as its policy counts failure; {@code why} names no secret. */
        void failed(int shortServerId, String why);

        /**
         * Bootstrap now (Bootstrap on Registration Failure of the server that failed); false when the client cannot
         * (it has no bootstrap server), and the server is then retried as if it did not ask for a bootstrap.
         */
        boolean bootstrap(int shortServerId);
    }

    private static final class Account {
        final int ssid;
        final Policy policy;
        volatile State state = State.WAITING; // read by the engine's lock-free questions
        /** Attempts made in the current communication sequence. */
        int attempts;
        /** Communication sequences that failed since the last success. */
        int sequences;

        Account(int ssid, Policy policy) {
            this.ssid = ssid;
            this.policy = policy;
        }

        boolean ordered() {
            return policy.priorityOrder().isPresent();
        }
    }

    private final Map<Integer, Account> accounts = new LinkedHashMap<>();
    /** The ordered servers, in Registration Priority Order (ties by short server id, to be deterministic). */
    private final List<Account> order = new ArrayList<>();
    private final Actions actions;

    /** @param policies the LwM2M servers' policies, by short server id */
    RegistrationSequence(Map<Integer, Policy> policies, Actions actions) {
        this.actions = actions;
        policies.forEach((ssid, policy) -> accounts.put(ssid, new Account(ssid, policy)));
        accounts.values().stream().filter(Account::ordered)
                .sorted(Comparator.comparingLong((Account a) -> a.policy.priorityOrder().getAsLong()).thenComparingInt(a -> a.ssid))
                .forEach(order::add);
    }

    /** Starts registration: every unordered server at once, the first ordered one after its Initial Registration Delay. */
    void start() {
        for (Account a : accounts.values()) {
            a.state = State.WAITING;
            a.attempts = 0;
            a.sequences = 0;
            if (!a.ordered()) {
                attempt(a, Duration.ZERO);
            }
        }
        if (!order.isEmpty()) {
            Account first = order.get(0);
            attempt(first, first.policy.initialDelay());
        }
    }

    /** The server accepted the Register. */
    void registered(int shortServerId) {
        Account a = account(shortServerId);
        a.state = State.REGISTERED;
        a.attempts = 0;
        a.sequences = 0;
        next(a);
    }

    /**
     * A Register to the server had no answer, or an error that another attempt may cure (a timeout, a failed
     * handshake, a 5.xx).
     */
    void attemptFailed(int shortServerId, String why) {
        Account a = account(shortServerId);
        if (!pending(a)) {
            return; // an answer that comes after a stop or a restart
        }
        a.attempts++;
        if (a.attempts < atLeastOne(a.policy.retryCount())) {
            attempt(a, retryDelay(a.policy, a.attempts));
            return;
        }
        a.sequences++;
        a.attempts = 0;
        if (a.sequences < atLeastOne(a.policy.sequenceRetryCount()) && a.policy.sequenceDelay().compareTo(NEVER) < 0) {
            attempt(a, a.policy.sequenceDelay());
            return;
        }
        fail(a, why + " (" + a.sequences + " communication sequence" + (a.sequences == 1 ? "" : "s") + " of "
                + atLeastOne(a.policy.retryCount()) + " attempts)");
    }

    /** The server answered the Register with a refusal (4.xx): no retry makes it accept. */
    void rejected(int shortServerId, String why) {
        Account a = account(shortServerId);
        if (pending(a)) {
            fail(a, "rejected: " + why);
        }
    }

    /** A registered server was lost (an Update failed for good): register to it again, at once. */
    void lost(int shortServerId) {
        Account a = account(shortServerId);
        if (a.state == State.REGISTERED) {
            a.attempts = 0;
            a.sequences = 0;
            attempt(a, Duration.ZERO);
        }
    }

    State state(int shortServerId) {
        return account(shortServerId).state;
    }

    /** Whether this sequence has the server; like {@link #state}, safe from any thread (the accounts are fixed). */
    boolean follows(int shortServerId) {
        return accounts.containsKey(shortServerId);
    }

    /** The n-th retry of a sequence waits Communication Retry Timer × 2^(n−1) (resource 18). */
    static Duration retryDelay(Policy policy, int retry) {
        Duration d = policy.retryTimer();
        for (int i = 1; i < retry && d.compareTo(NEVER) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(NEVER) < 0 ? d : NEVER;
    }

    /** A Register is due or on its way: first tries, and the retry of a server that failed. */
    private static boolean pending(Account a) {
        return a.state == State.REGISTERING || a.state == State.FAILED;
    }

    private void fail(Account a, String why) {
        a.state = State.FAILED;
        a.attempts = 0;
        a.sequences = 0;
        actions.failed(a.ssid, why);
        boolean bootstraps = a.policy.bootstrapOnFailure() && actions.bootstrap(a.ssid);
        if (!bootstraps && a.policy.sequenceDelay().compareTo(NEVER) < 0) {
            actions.register(a.ssid, a.policy.sequenceDelay()); // stays FAILED till it answers
        }
        if (a.ordered() && a.policy.failureBlock()) {
            for (int i = order.indexOf(a) + 1; i < order.size(); i++) {
                if (order.get(i).state == State.WAITING) {
                    order.get(i).state = State.BLOCKED;
                }
            }
        } else {
            next(a);
        }
    }

    /** After {@code a} registered or failed without blocking: the next ordered server still waiting, if any. */
    private void next(Account a) {
        if (!a.ordered()) {
            return;
        }
        for (int i = order.indexOf(a) + 1; i < order.size(); i++) {
            Account n = order.get(i);
            if (n.state == State.WAITING || n.state == State.BLOCKED) {
                // Its first attempt since the start (or the bootstrap): the Initial Registration Delay applies.
                attempt(n, n.policy.initialDelay());
                return;
            }
        }
    }

    private void attempt(Account a, Duration delay) {
        a.state = State.REGISTERING;
        actions.register(a.ssid, delay);
    }

    private Account account(int ssid) {
        Account a = accounts.get(ssid);
        if (a == null) {
            throw new IllegalArgumentException("no LwM2M server with short server id " + ssid);
        }
        return a;
    }

    private static int atLeastOne(int count) {
        return Math.max(1, count);
    }
}
