package org.scgateway.itests;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The processes a whole-gateway test starts (run/'s distribution, a simulated card in a JVM of its own, socat), their
 * output in one list to wait on, and their stop in reverse order whatever the outcome: what GatewayHeapIT and
 * ModemGatewayIT share.
 */
final class GatewayProcesses implements AutoCloseable {

    /** The line the distribution prints once every bundle is active. */
    static final String READY = "SC Gateway: all bundles active";

    private final List<Process> processes = new ArrayList<>();
    final List<String> output = new CopyOnWriteArrayList<>();

    /** Starts {@code pb}, its output (and errors) read into {@link #output}. */
    Process start(String name, ProcessBuilder pb) throws IOException {
        Process p = pb.redirectErrorStream(true).start();
        processes.add(p);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("(" + name + "'s output closed: " + e.getMessage() + ")");
            }
        }, name + "-output");
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    /** A JVM of its own running a class on this test's class path (se.sim's test support: VpcdCard, ModemCard). */
    Process startJava(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBin(), "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return start(name, new ProcessBuilder(command));
    }

    void awaitLine(String prefix, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (output.stream().noneMatch(l -> l.startsWith(prefix))) {
            if (System.currentTimeMillis() > deadline) {
                fail("no line '" + prefix + "' within " + timeoutMillis + " ms; the processes printed:\n" + String.join("\n", output));
            }
            Thread.sleep(50);
        }
    }

    /** Stops every process, the last started first (the gateway before the card it uses). */
    @Override
    public void close() throws InterruptedException {
        List<Process> all = new ArrayList<>(processes);
        Collections.reverse(all);
        for (Process p : all) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        processes.clear();
    }

    /**
     * run/'s distribution in {@code home} without the simulated card's bundle and configuration (the test's card is
     * elsewhere): bundles and libraries linked, configuration copied, for the test to change.
     */
    static Path homeWithoutSimulatedCard(Path home) throws IOException {
        home(home, false);
        Files.delete(home.resolve("etc/org.scgateway.se.sim.cfg"));
        return home;
    }

    /** run/'s distribution in {@code home}, with or without the simulated card's bundle, its configuration copied. */
    static Path home(Path home, boolean withSimulatedCard) throws IOException {
        Path dist = FelixDistribution.bundleFolder().getParent();
        Files.createDirectories(home);
        Files.createSymbolicLink(home.resolve("lib"), dist.resolve("lib"));
        Path bundles = Files.createDirectories(home.resolve("bundle"));
        try (Stream<Path> jars = Files.list(dist.resolve("bundle"))) {
            for (Path jar : (Iterable<Path>) jars::iterator) {
                if (withSimulatedCard || !jar.getFileName().toString().startsWith("org.scgateway.se.sim-")) {
                    Files.createSymbolicLink(bundles.resolve(jar.getFileName()), jar);
                }
            }
        }
        copyFolder(dist.resolve("conf"), home.resolve("conf"));
        copyFolder(dist.resolve("etc"), home.resolve("etc"));
        return home;
    }

    /** The built-in card profile with {@code bootstrapFile} in place of its own, as a file for VpcdCard or ModemCard. */
    static Path cardProfileWithBootstrapFile(Path path, byte[] bootstrapFile) throws IOException {
        String profile;
        try (InputStream in = GatewayProcesses.class.getResourceAsStream("/profiles/default.json")) {
            profile = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String builtInFile = "0002003E0000000024080021C80015636F61703A2F2F3132372E302E302E313A35363833C10100C10203C10A7B000100001008000DC1007BC201012CC10600C10755";
        assertTrue("the built-in profile changed; adjust this helper", profile.contains(builtInFile));
        Files.writeString(path, profile.replace(builtInFile, java.util.HexFormat.of().withUpperCase().formatHex(bootstrapFile)));
        return path;
    }

    /**
     * The java command run/gateway runs (its -D properties, no shell): the distribution in {@code home}, state in
     * {@code data}, registering with {@code server} (empty: the configuration's own) as {@code endpoint}, from the
     * card's bootstrap file first if {@code fromCard}.
     */
    static List<String> gatewayCommand(Path home, Path data, int httpPort, String server, boolean fromCard, String endpoint) {
        return List.of(javaBin(), "-Xmx256m", "-Dscgw.home=" + home, "-Dscgw.data=" + data, "-Dscgw.http.port=" + httpPort,
                "-Dscgw.lwm2m.server=" + server, "-Dscgw.bootstrap.smartcard=" + fromCard, "-Dscgw.card.profile=",
                "-Dscgw.lwm2m.endpoint=" + endpoint, "-Dscgw.noShell=true", "-jar", home.resolve("lib/org.scgateway.run.jar").toString());
    }

    static String javaBin() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
