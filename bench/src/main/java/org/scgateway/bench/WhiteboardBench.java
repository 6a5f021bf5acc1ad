package org.scgateway.bench;

import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;
import org.scgateway.api.lwm2m.LwM2mObjectProvider;
import org.scgateway.api.lwm2m.LwM2mOperationException;
import org.scgateway.api.lwm2m.ObjectDefinition;
import org.scgateway.api.lwm2m.Operations;
import org.scgateway.api.lwm2m.ResourceDefinition;
import org.scgateway.api.lwm2m.ResourceType;
import org.scgateway.api.lwm2m.ResourceValue;

/**
 * The delay from an LwM2mObjectProvider service appearing in the gateway to the server receiving the
 * Registration Update that shows it. run/'s bundles run in a Felix framework embedded in this JVM (the
 * API bundle replaced by the same classes exported from the class path, so that this code can register
 * providers); the Leshan server runs beside it. Usage: WhiteboardBench RUN_DIR SAMPLES RESULT_FILE
 */
public final class WhiteboardBench {

    private static final String API_PACKAGES = "org.scgateway.api.component;version=1.0.0,org.scgateway.api.se;version=1.0.0,"
            + "org.scgateway.api.tee;version=1.0.0,org.scgateway.api.euicc;version=1.0.0,org.scgateway.api.credential;version=1.0.0,"
            + "org.scgateway.api.lwm2m;version=1.0.0";

    private WhiteboardBench() {
    }

    public static void main(String[] args) throws Exception {
        // The embedded framework's logging may close this JVM's stdout and stderr (pax-logging's default
        // log4j2 console appender does, when it is replaced): results and errors go to a file of their own.
        try (java.io.PrintStream out = new java.io.PrintStream(java.nio.file.Files.newOutputStream(Paths.get(args[2])), true)) {
            try {
                measure(args, out);
            } catch (Exception | Error e) {
                out.println("ERROR " + e);
                e.printStackTrace(out);
                out.flush();
                System.exit(1);
            }
        }
        System.exit(0);
    }

    private static void measure(String[] args, java.io.PrintStream out) throws Exception {
        Path run = Paths.get(args[0]).toAbsolutePath();
        int samples = Integer.parseInt(args[1]);
        Path work = Files.createTempDirectory("scgw-whiteboard-bench-");
        Path etc = Files.createDirectories(work.resolve("etc"));
        Stats appear = new Stats();
        Stats disappear = new Stats();
        try (BenchServer server = new BenchServer()) {
            Files.writeString(etc.resolve("org.scgateway.lwm2m.client.cfg"), "serverUri=" + server.uri() + "\nendpoint=bench-whiteboard\n");
            // run/'s logging: the gateway's log lands in the work folder's log/gateway.log.
            Files.copy(run.resolve("src/main/dist/etc/org.ops4j.pax.logging.cfg"), etc.resolve("org.ops4j.pax.logging.cfg"));
            Framework framework = start(run, work, etc);
            try {
                server.await("registered", s -> s.endpoint.equals("bench-whiteboard"), 0, 120_000);
                BundleContext ctx = framework.getBundleContext();
                for (int i = 0; i < samples + 5; i++) {
                    long t0 = System.nanoTime();
                    ServiceRegistration<LwM2mObjectProvider> reg = ctx.registerService(LwM2mObjectProvider.class, new BenchObject(), null);
                    long t1 = server.await("updated (object added, sample " + i + ")",
                            s -> s.endpoint.equals("bench-whiteboard") && s.links.contains("/42800/0"), t0, 10_000);
                    long t2 = System.nanoTime();
                    reg.unregister();
                    long t3 = server.await("updated (object removed, sample " + i + ")",
                            s -> s.endpoint.equals("bench-whiteboard") && !s.links.contains("/42800/0"), t2, 10_000);
                    if (i >= 5) { // the first few warm the JIT
                        appear.add((t1 - t0) / 1e3);
                        disappear.add((t3 - t2) / 1e3);
                    }
                }
            } finally {
                framework.stop();
                framework.waitForStop(30_000);
            }
        }
        String cmd = "bench/run --runs " + samples + " whiteboard";
        out.println("ROW " + Stats.row("object service registered to Update at the server, median", appear, "us", cmd));
        out.println("ROW " + String.format("  same, p99|%.0f %.0f %.0f|us|%s", appear.quantile(0.99), appear.min(), appear.max(), cmd));
        out.println("ROW " + Stats.row("object service unregistered to Update at the server, median", disappear, "us", cmd));
        out.println("ROW " + String.format("  same, p99|%.0f %.0f %.0f|us|%s", disappear.quantile(0.99), disappear.min(), disappear.max(), cmd));
    }

    private static Framework start(Path run, Path work, Path etc) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("org.osgi.framework.storage", work.resolve("cache").toString());
        config.put("org.osgi.framework.storage.clean", "onFirstInit");
        config.put("org.osgi.framework.system.packages.extra", API_PACKAGES);
        config.put("felix.fileinstall.dir", etc.toString());
        config.put("felix.fileinstall.noInitialDelay", "true");
        config.put("felix.fileinstall.poll", "200");
        config.put("org.apache.felix.http.host", "127.0.0.1");
        config.put("org.osgi.service.http.port", Integer.toString(RegistrationBench.freePort()));
        config.put("felix.webconsole.password", "{sha-256}" + java.util.UUID.randomUUID());
        config.put("scgw.data", work.toString());
        config.put("org.ops4j.pax.logging.DefaultServiceLog.level", "ERROR");
        Framework framework = new FrameworkFactory().newFramework(config);
        framework.init();
        List<Bundle> bundles = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(run.resolve("target/gateway/bundle"), "*.jar")) {
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
        return framework;
    }

    /** The smallest useful object: one instance, one readable resource. */
    static final class BenchObject implements LwM2mObjectProvider {
        private static final ObjectDefinition DEFINITION = ObjectDefinition.builder(42800, "Bench").resource(
                ResourceDefinition.builder(0, "Value", Operations.READ, ResourceType.INTEGER).mandatory(true).build()).build();

        @Override
        public ObjectDefinition definition() {
            return DEFINITION;
        }

        @Override
        public SortedSet<Integer> instanceIds() {
            return new TreeSet<>(List.of(0));
        }

        @Override
        public ResourceValue read(int instanceId, int resourceId) {
            return ResourceValue.integer(42);
        }

        @Override
        public void write(int instanceId, int resourceId, ResourceValue value) throws LwM2mOperationException {
            throw new LwM2mOperationException(LwM2mOperationException.Code.METHOD_NOT_ALLOWED, "read only");
        }

        @Override
        public void execute(int instanceId, int resourceId, String arguments) throws LwM2mOperationException {
            throw new LwM2mOperationException(LwM2mOperationException.Code.METHOD_NOT_ALLOWED, "nothing to execute");
        }
    }
}
