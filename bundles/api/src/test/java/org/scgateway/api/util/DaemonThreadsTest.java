package org.scgateway.api.util;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

public class DaemonThreadsTest {

    @Test
    public void threadsAreDaemonsWithTheirNames() throws Exception {
        ThreadFactory pool = DaemonThreads.numbered("pool");
        Thread a = pool.newThread(() -> { });
        Thread b = pool.newThread(() -> { });
        assertEquals("pool-1", a.getName());
        assertEquals("pool-2", b.getName());
        assertTrue(a.isDaemon() && b.isDaemon());
        ExecutorService one = DaemonThreads.singleThread("worker");
        Thread ran = one.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
        assertEquals("worker", ran.getName());
        assertTrue(ran.isDaemon());
        one.shutdown();
        Thread started = DaemonThreads.start("once", () -> { });
        started.join(5_000);
        assertTrue(started.isDaemon());
        assertEquals("once", started.getName());
    }
}
