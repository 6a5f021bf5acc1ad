package org.scgateway.lwm2m.client.internal;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.scgateway.api.util.DaemonThreads;

/**
 * The client's scheduler, which turns Leshan's fixed retry wait into exponential back-off.
 * <p>
 * Leshan's registration engine waits a fixed time before every new attempt and offers no hook to change
 * it, but it schedules that wait on the executor it is given. This executor recognises the engine's retry
 * wait by its value ({@link #marker()}, a wait no other task uses) and replaces it with
 * {@code first * 2^failures}, capped. A success resets the count ({@link #succeeded()}).
 */
final class BackoffScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final ScheduledThreadPoolExecutor delegate;
    private final long firstMillis;
    private final long maxMillis;
    private final long marker;
    private final AtomicInteger failures = new AtomicInteger();

    /**
     * @param firstMillis the first wait after a failure
     * @param maxMillis   the longest wait
     */
    BackoffScheduler(String threadName, long firstMillis, long maxMillis) {
        this.firstMillis = Math.max(1, firstMillis);
        this.maxMillis = Math.max(this.firstMillis, maxMillis);
        // Odd and just above the first wait: nothing else Leshan schedules lands on it.
        this.marker = this.firstMillis | 1L;
        this.delegate = new ScheduledThreadPoolExecutor(1, DaemonThreads.numbered(threadName));
        this.delegate.setRemoveOnCancelPolicy(true);
    }

    /** The retry wait to give Leshan's engine, in milliseconds. */
    int marker() {
        return (int) Math.min(Integer.MAX_VALUE, marker);
    }

    /** The wait the next retry gets, without counting it. */
    long nextWait() {
        int f = failures.get();
        long wait = firstMillis << Math.min(f, 30);
        return wait <= 0 || wait > maxMillis ? maxMillis : wait;
    }

    /** Registration or bootstrap succeeded: the next failure starts the back-off again. */
    void succeeded() {
        failures.set(0);
    }

    private long stretch(long delay, TimeUnit unit) {
        if (unit.toMillis(delay) != marker) {
            return unit.toMillis(delay);
        }
        long wait = nextWait();
        failures.incrementAndGet();
        return wait;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return delegate.schedule(command, stretch(delay, unit), TimeUnit.MILLISECONDS);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return delegate.schedule(callable, stretch(delay, unit), TimeUnit.MILLISECONDS);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return delegate.scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return delegate.scheduleWithFixedDelay(command, initialDelay, delay, unit);
    }

    @Override
    public void execute(Runnable command) {
        delegate.execute(command);
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return delegate.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return delegate.awaitTermination(timeout, unit);
    }
}
