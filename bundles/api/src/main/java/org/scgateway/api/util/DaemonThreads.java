package org.scgateway.api.util;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's own threads: daemons, so that none keeps the JVM alive after the framework stopped, and named, so
 * that a thread dump and a log line say whose they are. Each component still stops its threads on deactivation.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Threads all called {@code name}: for a single-thread executor. */
    public static ThreadFactory named(String name) {
        return r -> daemon(r, name);
    }

    /** Threads called {@code prefix-1}, {@code prefix-2}...: for a pool. */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> daemon(r, prefix + "-" + n.incrementAndGet());
    }

    /** One worker thread called {@code name}, running tasks in the order they came. */
    public static ExecutorService singleThread(String name) {
        return Executors.newSingleThreadExecutor(named(name));
    }

    /** Starts {@code task} on a thread of its own called {@code name}. */
    public static Thread start(String name, Runnable task) {
        Thread t = daemon(task, name);
        t.start();
        return t;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
