package org.scgateway.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Cold start of run/gateway to "registered" as the server sees it, next to a plain Leshan client in a bare
 * JVM doing the same registration. Both are whole processes timed from their spawn to the server's
 * registration event, against one Leshan server in this JVM. The gateway starts on a fresh data folder
 * every run (every bundle installed). Usage: RegistrationBench RUN_DIR RUNS
 */
public final class RegistrationBench {

    private RegistrationBench() {
    }

    public static void main(String[] args) throws Exception {
        Path run = Paths.get(args[0]).toAbsolutePath();
        int runs = Integer.parseInt(args[1]);
        Stats gateway = new Stats();
        Stats plain = new Stats();
        try (BenchServer server = new BenchServer()) {
            for (int i = 0; i < runs; i++) {
                gateway.add(gateway(run, server));
                plain.add(plain(server, "plain-" + i));
            }
        }
        String cmd = "bench/run --runs " + runs + " registration";
        System.out.println("ROW " + Stats.row("run/gateway spawn to registered (server's view), fresh data", gateway, "ms", cmd));
        System.out.println("ROW " + Stats.row("plain Leshan client in a bare JVM, spawn to registered", plain, "ms", cmd));
        System.out.println("ROW " + String.format("  ratio gateway / plain client (medians)|%.2f %.2f %.2f|x|%s",
                gateway.median() / plain.median(), gateway.min() / plain.max(), gateway.max() / plain.min(), cmd));
    }

    private static double gateway(Path run, BenchServer server) throws Exception {
        Path data = Files.createTempDirectory("scgw-bench-");
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", run.resolve("gateway").toString(), "--server", server.uri())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("SCGW_DATA", data.toString());
            pb.environment().put("SCGW_HTTP_PORT", Integer.toString(freePort()));
            pb.environment().put("SCGW_CONSOLE_PASSWORD", "bench-only-password");
            long t0 = System.nanoTime();
            Process p = pb.start();
            try {
                long t1 = server.await("registered", s -> !s.endpoint.startsWith("plain-"), t0, 120_000);
                return (t1 - t0) / 1e6;
            } finally {
                new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static double plain(BenchServer server, String endpoint) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("java", "-cp", System.getProperty("java.class.path"),
                PlainLeshanClient.class.getName(), server.uri(), endpoint)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            long t1 = server.await("registered", s -> s.endpoint.equals(endpoint), t0, 60_000);
            return (t1 - t0) / 1e6;
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
