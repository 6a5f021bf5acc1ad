package org.scgateway.lwm2m.client.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How often the same failure is logged, so that a server repeating a request that fails cannot flood the log (issue 22,
 * finding 5): the first of a kind in full, with its stack trace; after that one line a minute at most, saying how many
 * were not logged.
 */
final class RepeatedFailures {

    /** What to log for one occurrence. */
    enum Verdict {
        FULL, LINE, NOTHING
    }

    static final long QUIET_MILLIS = 60_000;
    private static final int KINDS = 256;

    private final LongSupplier clock;
    private final Map<String, long[]> kinds = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > KINDS;
        }
    };

    RepeatedFailures() {
        this(System::currentTimeMillis);
    }

    RepeatedFailures(LongSupplier clockMillis) {
        this.clock = clockMillis;
    }

    /** The verdict for one more occurrence of {@code kind}; {@link #suppressed} then says how many went unlogged before it. */
    synchronized Verdict occurred(String kind) {
        long now = clock.getAsLong();
        long[] k = kinds.get(kind); // {last logged, suppressed since}
        if (k == null) {
            kinds.put(kind, new long[] {now, 0});
            return Verdict.FULL;
        }
        if (now - k[0] < QUIET_MILLIS) {
            k[1]++;
            return Verdict.NOTHING;
        }
        k[0] = now;
        return Verdict.LINE;
    }

    /** Occurrences of {@code kind} not logged since the last line, and forgets them. */
    synchronized long suppressed(String kind) {
        long[] k = kinds.get(kind);
        long n = k == null ? 0 : k[1];
        if (k != null) {
            k[1] = 0;
        }
        return n;
    }
}
