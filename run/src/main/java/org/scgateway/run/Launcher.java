package org.scgateway.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * Starts the SC Gateway Felix distribution: reads {@code conf/framework.properties}, gives the Web Console
 * a password before it can start, deploys {@code bundle/}, reports when every bundle is active, and stops
 * the framework cleanly on Ctrl-C.
 * <p>
 * Felix's own launcher would do most of this, but it cannot keep the Web Console from starting with its
 * admin/admin default, and it does not say when the gateway is up, which is what people and the bench
 * wait for.
 */
public final class Launcher {

    /** Printed, followed by details, once every bundle is active; the bench and the itests wait for it. */
    public static final String READY_LINE = "SC Gateway: all bundles active";

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run();
        } catch (java.nio.file.FileSystemException e) {
            // One line naming the file, not a stack trace, and an exit: a framework half made would keep the JVM up.
            System.err.println("SC Gateway: cannot start: " + e.getFile() + " cannot be written (" + java.util.Objects.toString(e.getReason(), e.getClass().getSimpleName()) + ")");
            System.exit(1);
        } catch (DataFolderLock.HeldException e) {
            System.err.println("SC Gateway: cannot start: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run() throws Exception {
        Path home = Paths.get(System.getProperty("scgw.home", ".")).toAbsolutePath().normalize();
        Path data = Paths.get(System.getProperty("scgw.data", home.resolve("data").toString())).toAbsolutePath().normalize();
        System.setProperty("scgw.home", home.toString());
        System.setProperty("scgw.data", data.toString());
        Files.createDirectories(data);
        DataFolderLock lock = DataFolderLock.take(data);
        PrintStream out = System.out;

        Map<String, String> config = frameworkProperties(home.resolve("conf/framework.properties"));
        ConsolePassword password = ConsolePassword.provision(System.getenv("SCGW_CONSOLE_PASSWORD"), data.resolve("console.password"));
        config.put("felix.webconsole.username", "admin");
        config.put("felix.webconsole.password", password.hash());
        config.put("org.osgi.framework.startlevel.beginning", Integer.toString(BundleDeployer.CONFIGURATION_LEVEL));
        if (Boolean.getBoolean("scgw.noShell") || System.console() == null) {
            // Without a terminal, Gogo would read EOF from stdin and stop the framework.
            config.put("gosh.args", "--nointeractive");
        }

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).iterator().next();
        Framework framework = factory.newFramework(config);
        // The hook keeps the lock reachable (a collected channel would close, and drop it) until the framework stopped.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop(framework);
            lock.release();
        }, "scgw-shutdown"));
        while (true) {
            framework.init();
            BundleDeployer.Result result = new BundleDeployer(framework.getBundleContext(), out).deploy(home.resolve("bundle"));
            int failed = result.startAll();
            framework.start();
            Set<String> missing = EtcConfigurations.await(framework.getBundleContext(), home.resolve("etc"), 10_000);
            if (!missing.isEmpty()) {
                out.println("SC Gateway: configuration not loaded after 10 s, starting without it: " + String.join(", ", missing));
            }
            raiseStartLevel(framework, BundleDeployer.LAST_LEVEL);
            if (failed == 0 && result.awaitActive(60_000)) {
                long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
                String host = config.get("org.apache.felix.http.host");
                String port = config.get("org.osgi.service.http.port");
                Optional<String> notServed = WebConsoleCheck.whyNotServed(host, port);
                out.printf("%s: %d bundles, %d ms after JVM start. %s%n", READY_LINE, result.bundleCount(), uptime, notServed.isEmpty()
                        ? String.format("Web Console http://%s:%s/system/console, user admin, %s", host, port, password.whereToFind())
                        : "The Web Console is NOT running: " + notServed.get());
            } else {
                out.println("SC Gateway: started, but not every bundle is active; see the messages above.");
            }
            if (Boolean.getBoolean("scgw.exitWhenActive")) {
                stop(framework);
            }
            FrameworkEvent event = framework.waitForStop(0);
            if (event.getType() == FrameworkEvent.STOPPED_UPDATE) {
                // The system bundle was updated (an LwM2M Reboot, or "update 0" in the shell): start again.
                out.println("SC Gateway: the framework restarts");
                continue;
            }
            System.exit(event.getType() == FrameworkEvent.ERROR ? 1 : 0);
        }
    }

    /** Starts the bundles up to {@code level}, and waits until the framework has. */
    private static void raiseStartLevel(Framework framework, int level) throws InterruptedException {
        CountDownLatch reached = new CountDownLatch(1);
        framework.adapt(FrameworkStartLevel.class).setStartLevel(level, event -> reached.countDown());
        reached.await(60, TimeUnit.SECONDS);
    }

    /** Printed once the framework has stopped every bundle. */
    public static final String STOPPED_LINE = "SC Gateway: stopped";

    private static void stop(Framework framework) {
        if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) == 0) {
            return;
        }
        try {
            framework.stop();
            if (framework.waitForStop(30_000).getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                System.err.println("SC Gateway: bundles still stopping after 30 s; exiting anyway");
            } else {
                System.out.println(STOPPED_LINE);
            }
        } catch (BundleException | InterruptedException e) {
            System.err.println("SC Gateway: could not stop cleanly: " + e.getMessage());
        }
    }

    /** Reads the framework properties and resolves {@code ${name}} from system properties. */
    static Map<String, String> frameworkProperties(Path file) throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        }
        Map<String, String> config = new HashMap<>();
        for (String name : props.stringPropertyNames()) {
            config.put(name, substitute(props.getProperty(name), System.getProperties()));
        }
        return config;
    }

    /**
     * Replaces each {@code ${name}} or {@code ${name:-default}} with the property of that name, or the
     * default; a missing property without a default is an error naming it.
     */
    static String substitute(String value, Properties source) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int start = value.indexOf("${", i);
            if (start < 0) {
                sb.append(value, i, value.length());
                break;
            }
            int end = value.indexOf('}', start);
            if (end < 0) {
                throw new IllegalArgumentException("unclosed ${ in '" + value + "'");
            }
            sb.append(value, i, start);
            String expr = value.substring(start + 2, end);
            int dflt = expr.indexOf(":-");
            String name = dflt < 0 ? expr : expr.substring(0, dflt);
            String replacement = source.getProperty(name, dflt < 0 ? null : expr.substring(dflt + 2));
            if (replacement == null) {
                throw new IllegalArgumentException("property ${" + name + "} is not set");
            }
            sb.append(replacement);
            i = end + 1;
        }
        return sb.toString();
    }
}
