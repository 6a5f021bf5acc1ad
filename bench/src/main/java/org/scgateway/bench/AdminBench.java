package org.scgateway.bench;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import org.scgateway.peers.leshan.core.model.ObjectLoader;
import org.scgateway.peers.leshan.core.model.ObjectModel;
import org.scgateway.peers.leshan.core.node.LwM2mObject;
import org.scgateway.peers.leshan.core.node.LwM2mObjectInstance;
import org.scgateway.peers.leshan.core.node.LwM2mSingleResource;
import org.scgateway.peers.leshan.core.observation.CompositeObservation;
import org.scgateway.peers.leshan.core.observation.Observation;
import org.scgateway.peers.leshan.core.observation.SingleObservation;
import org.scgateway.peers.leshan.core.request.DownlinkRequest;
import org.scgateway.peers.leshan.core.request.ExecuteRequest;
import org.scgateway.peers.leshan.core.request.ObserveRequest;
import org.scgateway.peers.leshan.core.request.ReadRequest;
import org.scgateway.peers.leshan.core.request.WriteRequest;
import org.scgateway.peers.leshan.core.response.LwM2mResponse;
import org.scgateway.peers.leshan.core.response.ObserveCompositeResponse;
import org.scgateway.peers.leshan.core.response.ObserveResponse;
import org.scgateway.peers.leshan.core.response.ReadResponse;
import org.scgateway.peers.leshan.server.observation.ObservationListener;
import org.scgateway.peers.leshan.server.registration.Registration;
import org.osgi.framework.Bundle;
import org.scgateway.api.config.Pids;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.SecureElement;

/**
 * The Secure Component Admin object (42769) of run/'s gateway, embedded in this JVM beside a Leshan server:
 * <ul>
 * <li>a 10-APDU script as the server sees it (Write the request, Execute Run, the notification of Result,
 * Read the response), next to the same 10 APDUs sent straight to the card's service in the gateway, and one
 * plain Read for the cost of a CoAP exchange;</li>
 * <li>hot swap: se.sim's bundle stopped (or started) to the server's Registration Update without (with) the
 * card's instance.</li>
 * </ul>
 * The card's bootstrap source and credential store are off, as in SecureComponentAdminIT: the client keeps
 * its registration when the card goes, so a swap is an Update. Usage: AdminBench RUN_DIR SAMPLES SWAPS
 * RESULT_FILE
 */
public final class AdminBench {

    private static final String ENDPOINT = "bench-admin";
    /** SELECT EF ICCID, then 9 READ BINARYs of it: 10 C-APDUs the simulated card answers without SCP03. */
    private static final List<String> APDUS = List.of("00A4000C022FE2", "00B000000A", "00B000000A", "00B000000A", "00B000000A",
            "00B000000A", "00B000000A", "00B000000A", "00B000000A", "00B000000A");

    private AdminBench() {
    }

    public static void main(String[] args) throws Exception {
        // As WhiteboardBench: the framework's logging may close stdout, so results go to a file.
        try (PrintStream out = new PrintStream(Files.newOutputStream(Paths.get(args[3])), true)) {
            try {
                measure(Paths.get(args[0]).toAbsolutePath(), Integer.parseInt(args[1]), Integer.parseInt(args[2]), out);
            } catch (Exception | Error e) {
                out.println("ERROR " + e);
                e.printStackTrace(out);
                // The gateway runs in this JVM: what its threads were doing says why an answer did not come.
                Thread.getAllStackTraces().forEach((t, stack) -> {
                    out.println("thread " + t.getName() + " " + t.getState());
                    for (StackTraceElement frame : stack) {
                        out.println("    at " + frame);
                    }
                });
                out.flush();
                System.exit(1);
            }
        }
        System.exit(0);
    }

    private static void measure(Path run, int samples, int swaps, PrintStream out) throws Exception {
        Path work = Files.createTempDirectory("scgw-admin-bench-");
        try {
            measure(run, work, samples, swaps, out);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; the gateway's log: " + work.resolve("log"), e);
        }
    }

    private static void measure(Path run, Path work, int samples, int swaps, PrintStream out) throws Exception {
        Path etc = Files.createDirectories(work.resolve("etc"));
        Stats viaServer = new Stats();
        Stats direct = new Stats();
        Stats oneRead = new Stats();
        Stats[] steps = {new Stats(), new Stats(), new Stats(), new Stats()};
        Stats gone = new Stats();
        Stats back = new Stats();
        byte[] script = script();
        try (BenchServer server = new BenchServer(adminModel(run))) {
            Files.writeString(etc.resolve(Pids.LWM2M_CLIENT + ".cfg"), "serverUri=" + server.uri() + "\nendpoint=" + ENDPOINT + "\n");
            Files.writeString(etc.resolve(Pids.BOOTSTRAP_SMARTCARD + ".cfg"), "enabled=false\n");
            Files.writeString(etc.resolve(Pids.CREDENTIAL_SE + ".cfg"), "enabled=false\n");
            // The software TEE has an admin instance too; the figures are the card's, and so are the swaps.
            Files.writeString(etc.resolve(Pids.TEE_SOFT + ".cfg"), "enabled=false\n");
            Files.copy(run.resolve("src/main/dist/etc/org.ops4j.pax.logging.cfg"), etc.resolve("org.ops4j.pax.logging.cfg"));
            try (EmbeddedGateway gateway = new EmbeddedGateway(run, work, etc)) {
                server.await("registered", s -> s.endpoint.equals(ENDPOINT), 0, 120_000);
                server.await("registered or updated", s -> s.endpoint.equals(ENDPOINT) && s.links.stream().anyMatch(l -> l.startsWith("/42769/")),
                        0, 60_000);
                int instance = cardInstance(server);
                String path = "/42769/" + instance;

                BlockingQueue<long[]> results = new LinkedBlockingQueue<>();
                server.leshan().getObservationService().addListener(resultsInto(results));
                check(send(server, new ObserveRequest(42769, instance, 9)));
                String expected = null;
                for (int i = 0; i < samples + 10; i++) {
                    results.clear();
                    long t0 = System.nanoTime();
                    check(send(server, new WriteRequest(42769, instance, 6, script)));
                    long written = System.nanoTime();
                    check(send(server, new ExecuteRequest(path + "/7")));
                    long executed = System.nanoTime();
                    long[] result;
                    do {
                        result = results.poll(10, TimeUnit.SECONDS);
                        if (result == null) {
                            throw new IllegalStateException("no notification of " + path + "/9 in 10 s (sample " + i + ")");
                        }
                    } while (result[0] == 1L);
                    long notified = result[1];
                    ReadResponse read = send(server, new ReadRequest(42769, instance, 8));
                    long t1 = System.nanoTime();
                    check(read);
                    String response = HexFormat.of().formatHex((byte[]) ((LwM2mSingleResource) read.getContent()).getValue());
                    if (result[0] != 2L || (expected != null && !expected.equals(response))) {
                        throw new IllegalStateException("sample " + i + ": result " + result[0] + ", response " + response);
                    }
                    expected = response;
                    if (i >= 10) { // the first ones warm the JIT
                        viaServer.add((t1 - t0) / 1e3);
                        steps[0].add((written - t0) / 1e3);
                        steps[1].add((executed - written) / 1e3);
                        steps[2].add((notified - executed) / 1e3);
                        steps[3].add((t1 - notified) / 1e3);
                    }
                }

                // For scale: one CoAP exchange the client answers from memory. The script takes four (Write,
                // Execute, the notification, Read).
                for (int i = 0; i < samples + 10; i++) {
                    long t0 = System.nanoTime();
                    check(send(server, new ReadRequest(3, 0, 0)));
                    long t1 = System.nanoTime();
                    if (i >= 10) {
                        oneRead.add((t1 - t0) / 1e3);
                    }
                }

                SecureElement card = gateway.await(SecureElement.class, "(scgw.component.backend=se.sim)", 10_000);
                for (int i = 0; i < samples + 10; i++) {
                    long t0 = System.nanoTime();
                    try (ApduChannel ch = card.openLogicalChannel()) {
                        for (String apdu : APDUS) {
                            int sw = ch.transmit(CommandApdu.parse(HexFormat.of().parseHex(apdu))).sw();
                            if (sw != 0x9000) {
                                throw new IllegalStateException(apdu + " answered " + Integer.toHexString(sw));
                            }
                        }
                    }
                    long t1 = System.nanoTime();
                    if (i >= 10) {
                        direct.add((t1 - t0) / 1e3);
                    }
                }

                Bundle sim = gateway.bundle("org.scgateway.se.sim");
                for (int i = 0; i < swaps + 5; i++) {
                    long t0 = System.nanoTime();
                    sim.stop();
                    long t1 = server.await("updated (card gone, swap " + i + ")",
                            s -> s.endpoint.equals(ENDPOINT) && !s.links.contains(path), t0, 10_000);
                    long t2 = System.nanoTime();
                    sim.start();
                    long t3 = server.await("updated (card back, swap " + i + ")",
                            s -> s.endpoint.equals(ENDPOINT) && s.links.contains(path), t2, 10_000);
                    if (i >= 5) {
                        gone.add((t1 - t0) / 1e3);
                        back.add((t3 - t2) / 1e3);
                    }
                }
            }
        }
        String cmd = "bench/run --runs " + samples / 20 + " admin";
        out.println("ROW " + Stats.row("10-APDU script as the server sees it: write, run, notified, read", viaServer, "us", cmd));
        out.println("ROW " + Stats.row("  the same 10 APDUs straight to the card service, in the gateway", direct, "us", cmd));
        String[] names = {"Write of the request", "Execute of Run", "Execute answered to Result notified (below 0: the notification came first)", "Read of the response"};
        for (int i = 0; i < steps.length; i++) {
            out.println("ROW " + Stats.row("    of which " + names[i], steps[i], "us", cmd));
        }
        out.println("ROW " + Stats.row("  one Read of /3/0/0 as the server sees it (a CoAP exchange)", oneRead, "us", cmd));
        out.println("ROW " + String.format("  ratio through LwM2M / straight (medians)|%.1f %.1f %.1f|x|%s",
                viaServer.median() / direct.median(), viaServer.min() / direct.max(), viaServer.max() / direct.min(), cmd));
        out.println("ROW " + Stats.row("hot swap: se.sim stopped to the server's Update without it, median", gone, "us", cmd));
        out.println("ROW " + String.format("  same, p99 of %d swaps|%.0f %.0f %.0f|us|%s", gone.count(), gone.quantile(0.99), gone.min(),
                gone.max(), cmd));
        out.println("ROW " + Stats.row("hot swap: se.sim started to the server's Update with it, median", back, "us", cmd));
        out.println("ROW " + String.format("  same, p99 of %d swaps|%.0f %.0f %.0f|us|%s", back.count(), back.quantile(0.99), back.min(),
                back.max(), cmd));
    }

    /**
     * The simulated card's admin instance: the one whose Component Id (resource 0) is the card's. Not assumed to
     * be 0: the ids are handed out as components arrive, and others (a TEE) may come first.
     */
    private static int cardInstance(BenchServer server) throws InterruptedException {
        ReadResponse read = send(server, new ReadRequest(42769));
        check(read);
        for (LwM2mObjectInstance i : ((LwM2mObject) read.getContent()).getInstances().values()) {
            if (i.getResource(0) != null && String.valueOf(i.getResource(0).getValue()).startsWith("sim-")) {
                return i.getId();
            }
        }
        throw new IllegalStateException("no admin instance of the simulated card in " + read.getContent());
    }

    /** The AA template of {@link #APDUS}. */
    private static byte[] script() {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (String apdu : APDUS) {
            byte[] b = HexFormat.of().parseHex(apdu);
            body.write(0x22);
            body.write(b.length);
            body.writeBytes(b);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(0xAA);
        out.write(body.size()); // 72 bytes: a one-byte length
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** The DDF the gateway ships, from run/'s lwm2m.objects bundle. */
    private static List<ObjectModel> adminModel(Path run) throws Exception {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(run.resolve("target/gateway/bundle"), "org.scgateway.lwm2m.objects-*.jar")) {
            for (Path jar : jars) {
                try (JarFile j = new JarFile(jar.toFile()); InputStream in = j.getInputStream(j.getEntry("models/42769.xml"))) {
                    return ObjectLoader.loadDdfFile(in, "42769.xml");
                }
            }
        }
        throw new IllegalStateException("no lwm2m.objects bundle in " + run + ": build run/ first");
    }

    private static <T extends LwM2mResponse> T send(BenchServer server, DownlinkRequest<T> request) throws InterruptedException {
        Registration r = server.leshan().getRegistrationService().getByEndpoint(ENDPOINT);
        // 30 s: a CI run once saw no answer in 10 s to a Write just after registration (stop 31); the
        // samples that count come later, so a slow first answer costs nothing but a failure explains itself.
        T response = server.leshan().send(r, request, 30_000);
        if (response == null) {
            Registration now = server.leshan().getRegistrationService().getByEndpoint(ENDPOINT);
            throw new IllegalStateException("no answer in 30 s to " + request + " sent to registration " + r.getId() + " ("
                    + (now == null ? "no registration now" : "registration now " + now.getId()) + ")");
        }
        return response;
    }

    private static void check(LwM2mResponse r) {
        if (!r.isSuccess()) {
            throw new IllegalStateException("refused: " + r);
        }
    }

    private static ObservationListener resultsInto(BlockingQueue<long[]> results) {
        return new ObservationListener() {
            @Override
            public void newObservation(Observation observation, Registration registration) {
            }

            @Override
            public void cancelled(Observation observation) {
            }

            @Override
            public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
                if (response.getContent() instanceof LwM2mSingleResource) {
                    results.add(new long[] {(Long) ((LwM2mSingleResource) response.getContent()).getValue(), System.nanoTime()});
                }
            }

            @Override
            public void onResponse(CompositeObservation observation, Registration registration, ObserveCompositeResponse response) {
            }

            @Override
            public void onError(Observation observation, Registration registration, Exception error) {
            }
        };
    }
}
