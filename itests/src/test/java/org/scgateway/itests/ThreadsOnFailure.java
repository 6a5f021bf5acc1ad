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
 * and the next run may not show it again. Beside it, {@code .brief.txt}: only the threads that are blocked or in the
 * gateway's code, which {@code .ci/run} prints when it fails (a CI machine's {@code target/} is not kept).
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
        StringBuilder brief = new StringBuilder(out);
        for (ThreadInfo t : threads) {
            String one = describe(t, Integer.MAX_VALUE);
            out.append(one);
            if (t.getThreadState() == Thread.State.BLOCKED || ours(t)) {
                brief.append(describe(t, 30));
            }
        }
        write(Paths.get("target/" + suite + "-threads-" + description.getMethodName() + ".txt"), out);
        write(Paths.get("target/" + suite + "-threads-" + description.getMethodName() + ".brief.txt"), brief);
    }

    /** In the gateway's code, or holding one of its monitors: an idle pool thread of a library is neither. */
    private static boolean ours(ThreadInfo t) {
        for (StackTraceElement s : t.getStackTrace()) {
            if (s.getClassName().startsWith("org.scgateway.") && !s.getClassName().startsWith("org.scgateway.itests.")
                    && !s.getClassName().startsWith("org.scgateway.peers.")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(ThreadInfo t, int frames) {
        StringBuilder out = new StringBuilder();
        out.append('"').append(t.getThreadName()).append("\" ").append(t.getThreadState());
        if (t.getLockName() != null) {
            out.append(" on ").append(t.getLockName());
        }
        if (t.getLockOwnerName() != null) {
            out.append(" owned by \"").append(t.getLockOwnerName()).append('"');
        }
        out.append('\n');
        StackTraceElement[] stack = t.getStackTrace();
        for (int i = 0; i < stack.length && i < frames; i++) {
            out.append("\tat ").append(stack[i]).append('\n');
        }
        for (java.lang.management.MonitorInfo m : t.getLockedMonitors()) {
            out.append("\tholds ").append(m).append(" (frame ").append(m.getLockedStackDepth()).append(")\n");
        }
        for (java.lang.management.LockInfo l : t.getLockedSynchronizers()) {
            out.append("\tholds ").append(l).append('\n');
        }
        return out.append('\n').toString();
    }

    private static void write(Path relative, CharSequence text) {
        Path file = relative.toAbsolutePath();
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException io) {
            System.err.println("could not write " + file + ": " + io);
        }
    }
}
