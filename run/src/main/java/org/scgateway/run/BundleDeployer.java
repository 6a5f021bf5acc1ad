package org.scgateway.run;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * Makes the installed bundles match the jars of a folder: installs new jars, updates those that changed
 * since they were installed, uninstalls bundles whose jar is gone. The framework keeps its cache between
 * runs, so configuration survives a restart while a rebuilt bundle still replaces the old one.
 */
final class BundleDeployer {

    /**
     * Start levels: logging first, then configuration, then everything else, then the LwM2M client, so that
     * every bundle logs through pax-logging and finds its configuration, and the client finds the Secure
     * Elements and what other bundles offer for them. Start levels, not start order, because on a restart the
     * framework itself starts the bundles it remembers, before the launcher gets a say. The launcher stops at
     * {@link #CONFIGURATION_LEVEL} until FileInstall has given Config Admin every file of etc/.
     */
    private static final Map<String, Integer> START_LEVELS = Map.of(
            "org.ops4j.pax.logging.pax-logging-api", 1, "org.ops4j.pax.logging.pax-logging-log4j2", 2,
            "org.apache.felix.configadmin", 3, "org.apache.felix.fileinstall", 3, "org.scgateway.lwm2m.client", 5);
    /** Logging and configuration: the framework's beginning start level. */
    static final int CONFIGURATION_LEVEL = 3;
    /** The level of every bundle not named above. */
    static final int SERVICES_LEVEL = 4;
    /** The last level: the LwM2M client. */
    static final int LAST_LEVEL = 5;

    /** The digests of the jars last deployed, by location, in the system bundle's data area (so --clean drops them). */
    static final String DIGESTS = "deployed-jars.properties";

    private final BundleContext context;
    private final PrintStream out;
    private final Properties deployed = new Properties();
    private final Properties now = new Properties();

    BundleDeployer(BundleContext context, PrintStream out) {
        this.context = context;
        this.out = out;
    }

    Result deploy(Path folder) throws IOException {
        File digests = context.getDataFile(DIGESTS);
        if (digests != null && digests.isFile()) {
            try (InputStream in = Files.newInputStream(digests.toPath())) {
                deployed.load(in);
            }
        }
        Map<String, Bundle> installed = new HashMap<>();
        for (Bundle b : context.getBundles()) {
            if (b.getBundleId() != 0 && b.getLocation().startsWith("file:")) {
                installed.put(b.getLocation(), b);
            }
        }
        List<Bundle> bundles = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(folder, "*.jar")) {
            for (Path jar : jars) {
                String location = jar.toUri().toString();
                Bundle existing = installed.remove(location);
                try {
                    bundles.add(existing == null ? install(location, jar) : updateIfChanged(existing, jar));
                } catch (BundleException e) {
                    out.println("SC Gateway: cannot install " + jar.getFileName() + ": " + e.getMessage());
                }
            }
        }
        for (Bundle gone : installed.values()) {
            try {
                gone.uninstall();
            } catch (BundleException e) {
                out.println("SC Gateway: cannot uninstall " + gone.getSymbolicName() + ": " + e.getMessage());
            }
        }
        for (Bundle b : bundles) {
            b.adapt(BundleStartLevel.class).setStartLevel(START_LEVELS.getOrDefault(b.getSymbolicName(), SERVICES_LEVEL));
        }
        if (digests != null) {
            Path tmp = digests.toPath().resolveSibling(DIGESTS + ".tmp");
            try (OutputStream o = Files.newOutputStream(tmp)) {
                now.store(o, "the jars deployed into this cache, by content");
            }
            Files.move(tmp, digests.toPath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return new Result(bundles, out);
    }

    private Bundle install(String location, Path jar) throws IOException, BundleException {
        String digest = digest(jar);
        try (InputStream in = Files.newInputStream(jar)) {
            Bundle b = context.installBundle(location, in);
            now.setProperty(location, digest);
            return b;
        }
    }

    /**
     * By content, not by time: the build is reproducible (project.build.outputTimestamp), so every jar has the same
     * date, and a jar rebuilt with other code was never updated in a cache that already held it: an upgraded
     * distribution ran its old bundles.
     */
    private Bundle updateIfChanged(Bundle bundle, Path jar) throws IOException, BundleException {
        String digest = digest(jar);
        if (!digest.equals(deployed.getProperty(bundle.getLocation()))) {
            try (InputStream in = Files.newInputStream(jar)) {
                bundle.update(in);
            }
        }
        now.setProperty(bundle.getLocation(), digest);
        return bundle;
    }

    private static String digest(Path jar) throws IOException {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            return java.util.HexFormat.of().formatHex(sha.digest(Files.readAllBytes(jar)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException("no SHA-256 in this JVM", e);
        }
    }

    /** The deployed bundles, to be started once the framework is. */
    static final class Result {
        private final List<Bundle> bundles;
        private final PrintStream out;

        Result(List<Bundle> bundles, PrintStream out) {
            this.bundles = bundles;
            this.out = out;
        }

        int bundleCount() {
            return bundles.size();
        }

        /**
         * Marks every bundle that is not a fragment to be started; called before the framework starts, so
         * that the framework's start-level sweep starts them level by level. Returns how many refused.
         */
        int startAll() {
            int failed = 0;
            for (Bundle b : bundles) {
                if (isFragment(b)) {
                    continue;
                }
                try {
                    b.start();
                } catch (BundleException | IllegalStateException e) {
                    failed++;
                    out.println("SC Gateway: bundle " + b.getSymbolicName() + " did not start: " + e.getMessage());
                }
            }
            return failed;
        }

        /** Waits until every non-fragment bundle is ACTIVE; false, naming the laggards, on time-out. */
        boolean awaitActive(long timeoutMillis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (true) {
                List<Bundle> waiting = bundles.stream().filter(b -> !isFragment(b) && b.getState() != Bundle.ACTIVE)
                        .collect(Collectors.toList());
                if (waiting.isEmpty()) {
                    return true;
                }
                if (System.currentTimeMillis() > deadline) {
                    out.println("SC Gateway: not active after " + timeoutMillis + " ms: "
                            + waiting.stream().map(Bundle::getSymbolicName).collect(Collectors.joining(", ")));
                    return false;
                }
                Thread.sleep(10);
            }
        }

        private static boolean isFragment(Bundle b) {
            return b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
        }
    }
}
