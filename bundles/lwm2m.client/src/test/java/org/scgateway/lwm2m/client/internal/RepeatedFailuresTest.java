package org.scgateway.lwm2m.client.internal;

import static org.junit.Assert.assertEquals;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;
import org.scgateway.lwm2m.client.internal.RepeatedFailures.Verdict;

public class RepeatedFailuresTest {

    @Test
    public void theFirstInFullThenOneLineAMinuteCountingWhatWasNotLogged() {
        AtomicLong now = new AtomicLong(1_000_000);
        RepeatedFailures failures = new RepeatedFailures(now::get);
        assertEquals(Verdict.FULL, failures.occurred("write /42769/0/11 IllegalStateException"));
        for (int i = 0; i < 3000; i++) {
            assertEquals(Verdict.NOTHING, failures.occurred("write /42769/0/11 IllegalStateException"));
        }
        assertEquals("another kind is logged in full", Verdict.FULL, failures.occurred("read /3/0/0 NullPointerException"));
        now.addAndGet(RepeatedFailures.QUIET_MILLIS);
        assertEquals(Verdict.LINE, failures.occurred("write /42769/0/11 IllegalStateException"));
        assertEquals(3000, failures.suppressed("write /42769/0/11 IllegalStateException"));
        assertEquals(0, failures.suppressed("write /42769/0/11 IllegalStateException"));
    }
}
