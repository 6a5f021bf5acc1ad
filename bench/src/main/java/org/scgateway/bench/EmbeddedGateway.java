package org.scgateway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;

/**
 * run/'s bundles in a Felix framework embedded in this JVM, so that a bench can use the gateway's services
 * and stop its bundles. The API bundle is left out: its packages are exported from the class path instead,
 * at the versions its own manifest gives, so that the bench and the bundles share the API's classes.
 */
final class EmbeddedGateway implements AutoCloseable {

    private final Framework framework;

    /** Starts run/target/gateway's bundles with {@code etc} as the configuration folder and {@code work} as data. */
    EmbeddedGateway(Path run, Path work, Path etc) throws Exception {
        Path bundleDir = run.resolve("target/gateway/bundle");
        Map<String, String> config = new HashMap<>();
        config.put("org.osgi.framework.storage", work.resolve("cache").toString());
        config.put("org.osgi.framework.storage.clean", "onFirstInit");
        config.put("org.osgi.framework.system.packages.extra", apiExports(bundleDir));
        config.put("felix.fileinstall.dir", etc.toString());
        config.put("felix.fileinstall.noInitialDelay", "true");
        config.put("felix.fileinstall.poll", "200");
        config.put("org.apache.felix.http.host", "127.0.0.1");
        config.put("org.osgi.service.http.port", Integer.toString(RegistrationBench.freePort()));
        config.put("felix.webconsole.password", "{sha-256}" + java.util.UUID.randomUUID());
        config.put("scgw.data", work.toString());
        config.put("org.ops4j.pax.logging.DefaultServiceLog.level", "ERROR");
        framework = new FrameworkFactory().newFramework(config);
        framework.init();
        List<Bundle> bundles = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(bundleDir, "*.jar")) {
            for (Path jar : jars) {
                String name = jar.getFileName().toString();
                if (name.startsWith("org.scgateway.api-")) {
                    continue; // exported from the class path instead
                }
                if (name.startsWith("org.apache.felix.gogo.shell-")) {
                    continue; // no shell wanted here; it also races with the Gogo runtime when started in any order
                }
                try (InputStream in = Files.newInputStream(jar)) {
                    bundles.add(framework.getBundleContext().installBundle(jar.toUri().toString(), in));
                }
            }
        }
        framework.start();
        bundles.sort((a, b) -> Boolean.compare(!a.getSymbolicName().startsWith("org.ops4j.pax.logging"),
                !b.getSymbolicName().startsWith("org.ops4j.pax.logging")));
        for (Bundle b : bundles) {
            if (b.getHeaders().get("Fragment-Host") == null) {
                b.start();
            }
        }
    }

    /** The API bundle's Export-Package, with its versions: what the other bundles import. */
    private static String apiExports(Path bundleDir) throws IOException {
        try (DirectoryStream<Path> api = Files.newDirectoryStream(bundleDir, "org.scgateway.api-*.jar")) {
            for (Path jar : api) {
                try (JarFile j = new JarFile(jar.toFile())) {
                    String exports = j.getManifest().getMainAttributes().getValue("Export-Package");
                    // The class path has no bundle to say "uses:": keep package and version only.
                    return exports.replaceAll(";uses:=\"[^\"]*\"", "");
                }
            }
        }
        throw new IOException("no org.scgateway.api jar in " + bundleDir + ": build run/ first");
    }

    org.osgi.framework.BundleContext context() {
        return framework.getBundleContext();
    }

    Bundle bundle(String symbolicName) {
        for (Bundle b : framework.getBundleContext().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new IllegalStateException("no bundle " + symbolicName);
    }

    /** The service of the given type (and filter), waiting for it up to the timeout. */
    <S> S await(Class<S> type, String filter, long timeoutMs) throws Exception {
        org.osgi.util.tracker.ServiceTracker<S, S> t = new org.osgi.util.tracker.ServiceTracker<>(context(),
                context().createFilter("(&(objectClass=" + type.getName() + ")" + (filter == null ? "" : filter) + ")"), null);
        t.open();
        S s = t.waitForService(timeoutMs);
        if (s == null) {
            throw new IllegalStateException("no " + type.getSimpleName() + " " + filter + " in " + timeoutMs + " ms");
        }
        return s;
    }

    @Override
    public void close() throws BundleException, InterruptedException {
        framework.stop();
        framework.waitForStop(30_000);
    }
}
