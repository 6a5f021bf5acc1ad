package org.scgateway.itests;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.runner.Result;
import org.junit.runner.notification.RunListener;

/**
 * Stops every process the suite's JVM started and left running: a Karaf container whose start failed (Pax
 * Exam gives up on it without stopping it), a run/gateway a failed test did not reach. Run after the suite
 * and again as the JVM exits, whatever the outcome; named in the output, so that a test that leaks one is
 * seen. Registered with failsafe as a JUnit listener (itests/pom.xml).
 */
public class StopsWhatItStarted extends RunListener {

    public StopsWhatItStarted() {
        Runtime.getRuntime().addShutdownHook(new Thread(StopsWhatItStarted::stopAll, "stop-child-processes"));
    }

    @Override
    public void testRunFinished(Result result) {
        stopAll();
    }

    /**
     * pcscd, which PcscdRestartIT starts again in place of the system's daemon it stopped: the machine's
     * service, not the suite's, and what later suites and CI expect to find running.
     */
    private static boolean isSystemDaemon(ProcessHandle p) {
        return p.info().command().map(c -> c.endsWith("/pcscd")).orElse(false);
    }

    static void stopAll() {
        List<ProcessHandle> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> !isSystemDaemon(p)).collect(Collectors.toList());
        for (ProcessHandle p : left) {
            System.err.println("StopsWhatItStarted: stopping process " + p.pid() + " left running by the suite: "
                    + p.info().command().orElse("?"));
            p.destroy();
        }
        for (ProcessHandle p : left) {
            try {
                p.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }
}
