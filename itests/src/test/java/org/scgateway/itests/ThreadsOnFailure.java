package org.scgateway.itests;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.rules.TestWatcher;
import org.junit.runner.Description;

/**
 * A JUnit rule that writes every thread of the container's JVM, with the locks each holds and waits for, to
 * {@code target/<suite>-threads-<test>.txt} when a test fails: a registration that never comes may be a deadlock,
 * and the next run may not show it again.
 */
final class ThreadsOnFailure extends TestWatcher {

    private final String suite;

    ThreadsOnFailure(String suite) {
        this.suite = suite;
    }

    @Override
    protected void failed(Throwable e, Description description) {
        StringBuilder out = new StringBuilder("threads when ").append(description.getMethodName()).append(" failed: ")
                .append(e).append("\n\n");
        ThreadInfo[] threads = ManagementFactory.getThreadMXBean().dumpAllThreads(true, true);
        long[] deadlocked = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        out.append(deadlocked == null ? "no deadlock found\n\n" : deadlocked.length + " threads deadlocked\n\n");
        for (ThreadInfo t : threads) {
            out.append('"').append(t.getThreadName()).append("\" ").append(t.getThreadState());
            if (t.getLockName() != null) {
                out.append(" on ").append(t.getLockName());
            }
            if (t.getLockOwnerName() != null) {
                out.append(" owned by \"").append(t.getLockOwnerName()).append('"');
            }
            out.append('\n');
            for (StackTraceElement s : t.getStackTrace()) {
                out.append("\tat ").append(s).append('\n');
            }
            for (java.lang.management.MonitorInfo m : t.getLockedMonitors()) {
                out.append("\tholds ").append(m).append(" (frame ").append(m.getLockedStackDepth()).append(")\n");
            }
            out.append('\n');
        }
        Path file = Paths.get("target/" + suite + "-threads-" + description.getMethodName() + ".txt").toAbsolutePath();
        try {
            Files.writeString(file, out, StandardCharsets.UTF_8);
        } catch (IOException io) {
            System.err.println("could not write " + file + ": " + io);
        }
    }
}
