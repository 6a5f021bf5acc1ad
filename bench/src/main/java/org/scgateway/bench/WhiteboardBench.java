package org.scgateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.scgateway.api.config.Pids;
import org.scgateway.api.lwm2m.LwM2mObjectProvider;
import org.scgateway.api.lwm2m.LwM2mOperationException;
import org.scgateway.api.lwm2m.ObjectDefinition;
import org.scgateway.api.lwm2m.Operations;
import org.scgateway.api.lwm2m.ResourceDefinition;
import org.scgateway.api.lwm2m.ResourceType;
import org.scgateway.api.lwm2m.ResourceValue;

/**
 * The delay from an LwM2mObjectProvider service appearing in the gateway to the server receiving the
 * Registration Update that shows it. run/'s bundles run in an {@link EmbeddedGateway}, so that this code can
 * register providers; the Leshan server runs beside it. Usage: WhiteboardBench RUN_DIR SAMPLES RESULT_FILE
 */
public final class WhiteboardBench {

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
            Files.writeString(etc.resolve(Pids.LWM2M_CLIENT + ".cfg"), "serverUri=" + server.uri() + "\nendpoint=bench-whiteboard\n");
            // run/'s logging: the gateway's log lands in the work folder's log/gateway.log.
            Files.copy(run.resolve("src/main/dist/etc/org.ops4j.pax.logging.cfg"), etc.resolve("org.ops4j.pax.logging.cfg"));
            try (EmbeddedGateway gateway = new EmbeddedGateway(run, work, etc)) {
                server.await("registered", s -> s.endpoint.equals("bench-whiteboard"), 0, 120_000);
                BundleContext ctx = gateway.context();
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
            }
        }
        String cmd = "bench/run --runs " + samples / 20 + " whiteboard";
        out.println("ROW " + Stats.row("object service registered to Update at the server, median", appear, "us", cmd));
        out.println("ROW " + String.format("  same, p99|%.0f %.0f %.0f|us|%s", appear.quantile(0.99), appear.min(), appear.max(), cmd));
        out.println("ROW " + Stats.row("object service unregistered to Update at the server, median", disappear, "us", cmd));
        out.println("ROW " + String.format("  same, p99|%.0f %.0f %.0f|us|%s", disappear.quantile(0.99), disappear.min(), disappear.max(), cmd));
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
