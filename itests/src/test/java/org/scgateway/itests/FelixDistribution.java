package org.scgateway.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.ops4j.pax.exam.Option;

/** The bundles of run/'s Felix distribution as Pax Exam options, with what a test container needs around them. */
final class FelixDistribution {

    static final String PASSWORD_PROPERTY = "scgw.itest.console.password";

    private FelixDistribution() {
    }

    /**
     * The distribution as {@link #options(String)} gives it, with Leshan's servers beside it (peers/: Leshan 2.0.0-M15
     * under package names of their own, so that they do not meet the client's Leshan): the test side's LwM2M and
     * bootstrap servers, in the same container.
     */
    static Option[] withLeshanServer(String name) throws IOException {
        List<Option> options = options(name);
        options.add(org.ops4j.pax.exam.CoreOptions.mavenBundle("org.scgateway", "org.scgateway.peers").versionAsInProject());
        return options.toArray(new Option[0]);
    }

    /**
     * {@link #options(String)} with the simulated card as its built-in profile makes it: the state an earlier
     * run of the suite left in target/ (a card from before the profile changed, profiles switched) is removed.
     */
    static Option[] withFreshCard(String name) throws IOException {
        removeCardState(name);
        return options(name).toArray(new Option[0]);
    }

    /** {@link #withLeshanServer(String)} and {@link #withFreshCard(String)} at once. */
    static Option[] withLeshanServerAndFreshCard(String name) throws IOException {
        removeCardState(name);
        return withLeshanServer(name);
    }

    private static void removeCardState(String name) throws IOException {
        Path state = Paths.get("target/" + name + "-data/se-sim").toAbsolutePath();
        if (Files.exists(state)) {
            try (Stream<Path> files = Files.walk(state)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toArray(Path[]::new)) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Every jar of run/target/gateway/bundle, a random console password, free ports, an empty etc/ folder. */

    static List<Option> options(String name) throws IOException {
        List<Option> options = new ArrayList<>();
        try (Stream<Path> jars = Files.list(bundleFolder())) {
            jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jar -> options.add(bundle(jar.toUri().toString())));
        }
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Path etc = Paths.get("target/" + name + "-etc").toAbsolutePath();
        Files.createDirectories(etc);
        // run/'s logging configuration: the suite's log lands in target/<name>-data/log/gateway.log.
        Path logging = Paths.get(System.getProperty("scgw.run.dir", "../run"), "src/main/dist/etc/org.ops4j.pax.logging.cfg");
        // The test peers (peers/) log under package names of their own: Californium's INFO lines, held to WARN as run/ does.
        String config = Files.readString(logging, StandardCharsets.UTF_8)
                + "\nlog4j2.logger.peers.name = org.scgateway.peers\nlog4j2.logger.peers.level = WARN\n";
        Path target = etc.resolve(logging.getFileName());
        if (!Files.exists(target) || !Files.readString(target, StandardCharsets.UTF_8).equals(config)) {
            // Whole or not at all: Felix File Install reads this folder, and a fresh-clone run once found the file empty.
            Path part = Files.createTempFile(etc.getParent(), name + "-logging", ".part"); // beside etc/, not in it
            Files.writeString(part, config, StandardCharsets.UTF_8);
            Files.move(part, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        options.add(frameworkProperty("felix.webconsole.username").value("admin"));
        options.add(frameworkProperty("felix.webconsole.password").value(webConsoleHash(password)));
        options.add(frameworkProperty(PASSWORD_PROPERTY).value(password));
        options.add(frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"));
        options.add(frameworkProperty("org.osgi.service.http.port").value(Integer.toString(freePort())));
        options.add(frameworkProperty("gosh.args").value("--nointeractive"));
        options.add(frameworkProperty("felix.fileinstall.dir").value(etc.toString()));
        options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        options.add(frameworkProperty("felix.fileinstall.poll").value("500"));
        // Nothing here is edited to be saved back, and File Install's write-back raced with its own start: a fresh-clone
        // run found the logging file of six suites emptied in their first second (their logs then went to stdout only).
        options.add(frameworkProperty("felix.fileinstall.enableConfigSave").value("false"));
        options.add(frameworkProperty("scgw.data").value(Paths.get("target/" + name + "-data").toAbsolutePath().toString()));
        options.add(frameworkProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        options.add(junitBundles());
        options.add(cleanCaches());
        return options;
    }

    static Path bundleFolder() {
        return Paths.get(System.getProperty("scgw.run.dir", "../run"), "target/gateway/bundle").toAbsolutePath().normalize();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String webConsoleHash(String password) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return "{sha-256}" + Base64.getEncoder().encodeToString(d);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
