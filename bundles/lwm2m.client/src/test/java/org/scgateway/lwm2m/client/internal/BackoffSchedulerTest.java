package org.scgateway.lwm2m.client.internal;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

public class BackoffSchedulerTest {

    /** How much of a scheduled delay may have elapsed between schedule() and getDelay(). */
    private static final long SLACK = 300;

    private final List<BackoffScheduler> schedulers = new ArrayList<>();

    private BackoffScheduler scheduler(long first, long max) {
        BackoffScheduler s = new BackoffScheduler("backoff-test", first, max);
        schedulers.add(s);
        return s;
    }

    @After
    public void shutdown() {
        schedulers.forEach(BackoffScheduler::shutdownNow);
    }

    private static void assertDelay(long expected, ScheduledFuture<?> f) {
        long d = f.getDelay(MILLISECONDS);
        assertTrue("delay " + d + " ms should be at most " + expected, d <= expected);
        assertTrue("delay " + d + " ms should be close to " + expected, d > expected - SLACK);
    }

    @Test
    public void markerIsOddAndAtLeastTheFirstWait() {
        for (long first : new long[] {1, 2, 20, 21, 1000, 5000, 4999}) {
            BackoffScheduler s = scheduler(first, 100_000);
            int m = s.marker();
            assertEquals("marker for " + first + " is odd", 1, m % 2);
            assertTrue("marker " + m + " >= " + first, m >= first);
            assertTrue("marker " + m + " is just above " + first, m <= first + 1);
        }
    }

    @Test
    public void nonPositiveFirstWaitBecomesOneMillisecond() {
        BackoffScheduler s = scheduler(0, 0);
        assertEquals(1, s.marker());
        assertEquals(1, s.nextWait());
    }

    @Test
    public void maxBelowFirstIsRaisedToFirst() {
        BackoffScheduler s = scheduler(1000, 10);
        assertEquals(1000, s.nextWait());
        s.schedule(() -> { }, s.marker(), MILLISECONDS);
        assertEquals(1000, s.nextWait());
    }

    @Test
    public void markerDelayDoublesUpToTheMaximum() {
        BackoffScheduler s = scheduler(1000, 5000);
        long[] expected = {1000, 2000, 4000, 5000, 5000, 5000};
        for (long e : expected) {
            assertEquals(e, s.nextWait());
            ScheduledFuture<?> f = s.schedule(() -> { }, s.marker(), MILLISECONDS);
            assertDelay(e, f);
        }
    }

    @Test
    public void nextWaitDoesNotCountAFailure() {
        BackoffScheduler s = scheduler(1000, 60_000);
        assertEquals(1000, s.nextWait());
        assertEquals(1000, s.nextWait());
        s.schedule(() -> { }, s.marker(), MILLISECONDS);
        assertEquals(2000, s.nextWait());
        assertEquals(2000, s.nextWait());
    }

    @Test
    public void manyFailuresStayCappedWithoutOverflow() {
        BackoffScheduler s = scheduler(1000, 7_000);
        for (int i = 0; i < 80; i++) {
            s.schedule(() -> { }, s.marker(), MILLISECONDS).cancel(false);
        }
        assertEquals(7_000, s.nextWait());
        assertDelay(7_000, s.schedule(() -> { }, s.marker(), MILLISECONDS));
    }

    @Test
    public void callableWithMarkerIsStretchedToo() {
        BackoffScheduler s = scheduler(1000, 60_000);
        assertDelay(1000, s.schedule(() -> "a", s.marker(), MILLISECONDS));
        assertDelay(2000, s.schedule(() -> "b", s.marker(), MILLISECONDS));
        assertEquals(4000, s.nextWait());
    }

    @Test
    public void markerGivenInAnotherUnitIsRecognised() {
        BackoffScheduler s = scheduler(1000, 60_000);
        s.schedule(() -> { }, s.marker(), MILLISECONDS);
        // 1001 ms expressed in microseconds: the same wait.
        assertDelay(2000, s.schedule(() -> { }, s.marker() * 1000L, TimeUnit.MICROSECONDS));
        assertEquals(4000, s.nextWait());
    }

    @Test
    public void succeededResetsToTheFirstWait() {
        BackoffScheduler s = scheduler(1000, 60_000);
        for (int i = 0; i < 4; i++) {
            s.schedule(() -> { }, s.marker(), MILLISECONDS);
        }
        assertEquals(16_000, s.nextWait());
        s.succeeded();
        assertEquals(1000, s.nextWait());
        assertDelay(1000, s.schedule(() -> { }, s.marker(), MILLISECONDS));
        assertEquals(2000, s.nextWait());
    }

    @Test
    public void otherDelaysAreUnchangedAndDoNotCount() {
        BackoffScheduler s = scheduler(1000, 60_000);
        s.schedule(() -> { }, s.marker(), MILLISECONDS);
        s.schedule(() -> { }, s.marker(), MILLISECONDS);
        assertEquals(4000, s.nextWait());

        assertDelay(1234, s.schedule(() -> { }, 1234, MILLISECONDS));
        // The first wait itself (even, one below the marker) is not the marker.
        assertDelay(1000, s.schedule(() -> { }, 1000, MILLISECONDS));
        assertDelay(1002, s.schedule(() -> { }, 1002, MILLISECONDS));
        assertDelay(3000, s.schedule(() -> "x", 3, TimeUnit.SECONDS));
        assertEquals(4000, s.nextWait());
    }

    @Test
    public void fixedRateAndFixedDelayAreNotStretched() {
        BackoffScheduler s = scheduler(1000, 60_000);
        assertDelay(1001, s.scheduleAtFixedRate(() -> { }, 1001, 10_000, MILLISECONDS));
        assertDelay(1001, s.scheduleWithFixedDelay(() -> { }, 1001, 10_000, MILLISECONDS));
        assertEquals(1000, s.nextWait());
    }

    @Test
    public void tasksRun() throws InterruptedException {
        BackoffScheduler s = scheduler(20, 100);
        CountDownLatch ran = new CountDownLatch(3);
        s.schedule(ran::countDown, s.marker(), MILLISECONDS);
        s.schedule(() -> {
            ran.countDown();
            return null;
        }, s.marker(), MILLISECONDS);
        s.execute(ran::countDown);
        assertTrue("tasks should have run", ran.await(5, TimeUnit.SECONDS));
    }

    @Test
    public void stretchedTaskRunsNoEarlierThanItsWait() throws InterruptedException {
        BackoffScheduler s = scheduler(20, 1000);
        s.schedule(() -> { }, s.marker(), MILLISECONDS); // 20
        s.schedule(() -> { }, s.marker(), MILLISECONDS); // 40
        s.schedule(() -> { }, s.marker(), MILLISECONDS); // 80
        assertEquals(160, s.nextWait());
        CountDownLatch ran = new CountDownLatch(1);
        long start = System.nanoTime();
        s.schedule(ran::countDown, s.marker(), MILLISECONDS);
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue("ran after " + elapsed + " ms, expected about 160", elapsed >= 150);
    }

    @Test
    public void shutdownNowStopsIt() throws InterruptedException {
        BackoffScheduler s = scheduler(20, 100);
        CountDownLatch ran = new CountDownLatch(1);
        s.schedule(ran::countDown, 60_000, MILLISECONDS);
        List<Runnable> pending = s.shutdownNow();
        assertEquals(1, pending.size());
        assertTrue(s.isShutdown());
        assertTrue(s.awaitTermination(5, TimeUnit.SECONDS));
        assertTrue(s.isTerminated());
        assertThrows(RejectedExecutionException.class, () -> s.schedule(() -> { }, s.marker(), MILLISECONDS));
        assertThrows(RejectedExecutionException.class, () -> s.execute(() -> { }));
        assertEquals(1, ran.getCount());
    }

    @Test
    public void shutdownLetsNoNewTasksIn() {
        BackoffScheduler s = scheduler(20, 100);
        s.shutdown();
        assertTrue(s.isShutdown());
        assertThrows(RejectedExecutionException.class, () -> s.schedule(() -> { }, 1, MILLISECONDS));
    }
}
