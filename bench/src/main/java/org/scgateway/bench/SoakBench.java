package org.scgateway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.scgateway.peers.leshan.core.link.Link;
import org.scgateway.peers.leshan.core.model.ObjectLoader;
import org.scgateway.peers.leshan.core.model.ObjectModel;
import org.scgateway.peers.leshan.core.node.LwM2mMultipleResource;
import org.scgateway.peers.leshan.core.node.LwM2mObject;
import org.scgateway.peers.leshan.core.node.LwM2mObjectInstance;
import org.scgateway.peers.leshan.core.node.LwM2mSingleResource;
import org.scgateway.peers.leshan.core.request.DownlinkRequest;
import org.scgateway.peers.leshan.core.request.ExecuteRequest;
import org.scgateway.peers.leshan.core.request.ReadRequest;
import org.scgateway.peers.leshan.core.request.WriteRequest;
import org.scgateway.peers.leshan.core.response.LwM2mResponse;
import org.scgateway.peers.leshan.core.response.ReadResponse;
import org.scgateway.peers.leshan.server.registration.Registration;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 22's soak: run/'s gateway in a process of its own (the distribution copied, started as run/gateway starts
 * it, on its embedded defaults with an IPA configured), registered to a Leshan server in this JVM that knows the
 * registry's models. Driven from outside as an operator would — bundles stopped and started through the Web
 * Console's REST, scripts and profile switches through LwM2M — and measured from outside: /proc for threads, RSS and
 * file descriptors, {@code jcmd} for the heap after a full GC, the console for the number of services, the log
 * folder and stdout for bytes logged, the server's registration for the client's object tree, and each card for
 * its first free logical channel (a MANAGE CHANNEL open in the script: the card's answer, not our bookkeeping).
 * <p>
 * {@code cycles N}: N cycles, each stopping and starting se.sim, the TEE and the eUICC service, pulling the
 * vpcd card (a simulated card in a process of its own, in vpcd's reader; only where pcscd runs) and putting it
 * back, waiting for the server to see the whole object tree again, then running a script on each card and
 * switching the profile through 504. {@code idle MINUTES LIFETIME}: registered and left alone with a short
 * lifetime, the server seeing an Update every few seconds. Both print ROW lines for bench/run: growth per cycle
 * (or per Update), the least-squares slope over 11 samples after a warm-up.
 * <p>
 * Usage: SoakBench TOP_DIR cycles N RESULT_FILE | SoakBench TOP_DIR idle MINUTES LIFETIME RESULT_FILE
 */
public final class SoakBench {

    private static final String ENDPOINT = "soak";
    private static final String READY = "SC Gateway: all bundles active";
    private static final List<String> SWAPPED = List.of("org.scgateway.se.sim", "org.scgateway.tee", "org.scgateway.euicc");
    /** MANAGE CHANNEL open, in an expanded-format script: the card answers with the first channel it has free. */
    private static final byte[] OPEN_CHANNEL_SCRIPT = HexFormat.of().parseHex("AA0722050070000001");
    /** SELECT EF ICCID and READ BINARY of its 10 bytes. */
    private static final byte[] READ_ICCID_SCRIPT = HexFormat.of().parseHex("AA10220700A4000C022FE2220500B000000A");
    private static final int WARM_UP = 10;
    private static final long TIMEOUT_MS = 60_000;

    private final Path top;
    private final Path work;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final List<Process> processes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private boolean closed;
    private BenchServer server;
    private Process gateway;
    private Process vpcdCard;
    private final StdoutCounter stdout = new StdoutCounter();
    private String console;
    private String authorization;
    private Set<String> tree;

    private SoakBench(Path top, String mode, PrintStream out) {
        this.top = top;
        this.work = top.resolve("bench/target/" + mode);
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Path top = Paths.get(args[0]).toAbsolutePath();
        // As the other benches: the results go to a file.
        try (PrintStream out = new PrintStream(Files.newOutputStream(Paths.get(args[args.length - 1])), true)) {
            SoakBench soak = new SoakBench(top, args[1], out);
            // Stopped from outside (Ctrl-C, kill): the gateway and the card go too, not left running without it.
            Thread hook = new Thread(soak::close, "soak-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            int status = 0;
            try {
                if (args[1].equals("cycles")) {
                    soak.cycles(Integer.parseInt(args[2]));
                } else {
                    soak.idle(Integer.parseInt(args[2]), Integer.parseInt(args[3]));
                }
            } catch (Exception | Error e) {
                out.println("ERROR " + e);
                e.printStackTrace(out);
                status = 1;
            } finally {
                soak.close();
            }
            out.flush();
            System.exit(status);
        }
    }

    private void cycles(int cycles) throws Exception {
        start(300);
        boolean withVpcd = Files.exists(Paths.get("/run/pcscd/pcscd.comm"));
        if (withVpcd) {
            insertVpcdCard();
        } else {
            out.println("NOTE no pcscd (/run/pcscd/pcscd.comm): no card pulled through vpcd");
        }
        tree = settledTree();
        List<Map<String, Double>> samples = new ArrayList<>();
        String[] profiles = profiles();
        int every = Math.max(1, cycles / 10);
        for (int i = -WARM_UP; i < cycles; i++) {
            if (i >= 0 && i % every == 0) {
                samples.add(sample());
            }
            cycle(i, profiles, withVpcd);
        }
        samples.add(sample());
        String cmd = "bench/run --cycles " + cycles + " soak";
        report(samples, cycles, "soak", "cycle", cmd);
        out.println(String.format("ROW  scripts that found every channel of their card in use (run again), of %d|%d %d %d|script|%s",
                scripts, channelsBusy, channelsBusy, channelsBusy, cmd));
        warnings(cmd);
    }

    /** One cycle; {@code i} below 0 is a warm-up cycle. */
    private void cycle(int i, String[] profiles, boolean withVpcd) throws Exception {
        for (String bundle : SWAPPED) {
            bundleAction(bundle, "stop", 4); // RESOLVED
            bundleAction(bundle, "start", 32); // ACTIVE
        }
        if (withVpcd) {
            pullVpcdCard();
            insertVpcdCard();
        }
        awaitTree("cycle " + i);
        for (Map.Entry<Integer, String> card : cardInstances().entrySet()) {
            if (card.getValue().startsWith("sim-")) {
                openChannelScript(card.getKey());
            } else {
                readIccidScript(card.getKey()); // a raw MANAGE CHANNEL does not pass PC/SC (javax.smartcardio refuses it)
            }
        }
        switchProfile(profiles[(i + WARM_UP + 1) % 2]);
    }

    private void idle(int minutes, int lifetime) throws Exception {
        start(lifetime);
        tree = settledTree();
        List<Map<String, Double>> samples = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
        long every = TimeUnit.MINUTES.toNanos(minutes) / 10;
        int updates0 = server.count("updated");
        for (long next = System.nanoTime(); ; next += every) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            Map<String, Double> s = sample();
            s.put("updates", (double) (server.count("updated") - updates0));
            samples.add(s);
            if (samples.size() == 11 || System.nanoTime() > end) {
                break;
            }
        }
        awaitTree("idle");
        int updates = (int) Math.round(samples.get(samples.size() - 1).get("updates"));
        if (updates == 0) {
            throw new IllegalStateException("the server saw no Registration Update in " + minutes + " min at lifetime " + lifetime + " s");
        }
        String cmd = "bench/run --idle-minutes " + minutes + " idle";
        report(samples, updates, "idle " + minutes + " min at lifetime " + lifetime + " s, " + updates + " Updates", "Update", cmd);
        warnings(cmd);
    }

    // ---- the gateway, the server and the vpcd card

    private void start(int lifetime) throws Exception {
        deleteTree(work);
        Path home = work.resolve("home");
        copyTree(top.resolve("run/target/gateway"), home);
        Path data = Files.createDirectories(work.resolve("data"));
        Path models = top.resolve("bundles/lwm2m.objects/src/main/resources/models");
        List<ObjectModel> extra = new ArrayList<>();
        extra.addAll(ddf(models.resolve("42769.xml")));
        extra.addAll(ddf(models.resolve("3443.xml")));
        extra.addAll(ddf(top.resolve("itests/src/test/resources/registry/504.xml"))); // 504 as the OMA registry has it
        server = new BenchServer(extra);
        // An IPA with an eIM, so that 3443 is in the tree (the key is one no eIM holds: nothing is ever signed).
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        Files.writeString(home.resolve("etc/org.scgateway.euicc.ipa.cfg"), "eimId = soak-eim\neimPublicKey = "
                + Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded()) + "\n");
        if (work.getFileName().toString().equals("idle")) {
            // Idle means idle: no card readers, which a soak running beside it may be filling and emptying.
            Files.writeString(home.resolve("etc/org.scgateway.se.pcsc.cfg"), "ignoredReaders = .*\n");
        }
        Path client = home.resolve("etc/org.scgateway.lwm2m.client.cfg");
        Files.writeString(client, Files.readString(client).replaceAll("(?m)^lifetime = .*$", "lifetime = " + lifetime));
        int port = RegistrationBench.freePort();
        console = "http://127.0.0.1:" + port + "/system/console";
        // The options run/gateway gives java, with the bench's server instead of the local one; no -Xmx, as there.
        gateway = started(new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dscgw.home=" + home, "-Dscgw.data=" + data, "-Dscgw.http.port=" + port, "-Dscgw.http.host=127.0.0.1",
                "-Dscgw.lwm2m.server=" + server.uri(), "-Dscgw.bootstrap.smartcard=false", "-Dscgw.card.profile=",
                "-Dscgw.lwm2m.endpoint=" + ENDPOINT, "-Dscgw.noShell=true", "-jar", home.resolve("lib/org.scgateway.run.jar").toString())
                .directory(work.toFile()));
        stdout.drain(gateway.getInputStream());
        await("the gateway's ready line", () -> stdout.saw(READY), 120_000);
        String password = Files.readString(data.resolve("console.password")).strip();
        authorization = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
        server.await("registered", s -> s.endpoint.equals(ENDPOINT), 0, 120_000);
    }

    private void insertVpcdCard() throws Exception {
        vpcdCard = started(new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                cardClassPath(), "org.scgateway.se.sim.internal.VpcdCard", "127.0.0.1:35963"));
        StdoutCounter card = new StdoutCounter();
        card.drain(vpcdCard.getInputStream());
        try {
            await("the vpcd card in its reader", () -> card.saw("VpcdCard: the card is in vpcd's reader"), 30_000);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; the card's process printed: " + card.lines(), e);
        }
    }

    private String cardClassPath;

    /**
     * The bench's class path, its jars copied once: a card is started at each cycle for an hour or more, and a build
     * meanwhile (mvn install) would change the jars in the local repository under it.
     */
    private String cardClassPath() throws IOException {
        if (cardClassPath == null) {
            Path jars = Files.createDirectories(work.resolve("card-classpath"));
            List<String> entries = new ArrayList<>();
            int n = 0;
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                Path p = Paths.get(entry);
                if (Files.isRegularFile(p)) {
                    Path copy = jars.resolve((n++) + "-" + p.getFileName());
                    Files.copy(p, copy, StandardCopyOption.REPLACE_EXISTING);
                    entries.add(copy.toString());
                } else {
                    entries.add(entry);
                }
            }
            cardClassPath = String.join(java.io.File.pathSeparator, entries);
        }
        return cardClassPath;
    }

    /** The card leaves vpcd's reader as a pulled card does: its process ends, and the connection to vpcd with it. */
    private void pullVpcdCard() throws InterruptedException {
        vpcdCard.destroy();
        if (!vpcdCard.waitFor(10, TimeUnit.SECONDS)) {
            vpcdCard.destroyForcibly().waitFor();
        }
        processes.remove(vpcdCard);
    }

    private Process started(ProcessBuilder pb) throws IOException {
        Process p = pb.redirectErrorStream(true).start();
        processes.add(p);
        return p;
    }

    private synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (server != null) {
            server.close();
        }
    }

    // ---- what a cycle does

    /** A bundle stopped or started through the Web Console, as an operator's browser does it; its state checked. */
    private void bundleAction(String bundle, String action, int expectedState) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(console + "/bundles/" + bundle))
                .header("Authorization", authorization).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=" + action)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || json.readTree(r.body()).path("stateRaw").asInt() != expectedState) {
            throw new IllegalStateException(action + " " + bundle + " through the console: " + r.statusCode() + " " + r.body());
        }
    }

    /** The links of the client's registration once they have not changed for 3 s. */
    private Set<String> settledTree() throws Exception {
        Set<String> last = links();
        long stableSince = System.currentTimeMillis();
        long deadline = stableSince + TIMEOUT_MS;
        while (System.currentTimeMillis() - stableSince < 3_000) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the client's object tree did not settle: " + last);
            }
            Thread.sleep(100);
            Set<String> now = links();
            if (!now.equals(last)) {
                last = now;
                stableSince = System.currentTimeMillis();
            }
        }
        for (String needed : List.of("/504/", "/3443/0", "/42769/")) {
            if (last.stream().noneMatch(l -> l.startsWith(needed))) {
                throw new IllegalStateException("no " + needed + " in the client's object tree: " + last);
            }
        }
        return last;
    }

    private void awaitTree(String when) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!links().equals(tree)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(when + ": the client's object tree is " + links() + ", was " + tree);
            }
            Thread.sleep(20);
        }
    }

    private Set<String> links() {
        Registration r = server.leshan().getRegistrationService().getByEndpoint(ENDPOINT);
        Set<String> links = new TreeSet<>();
        if (r != null) {
            for (Link l : r.getObjectLinks()) {
                links.add(l.getUriReference());
            }
        }
        return links;
    }

    private Map<Integer, String> lastCards = Map.of();

    /** The admin instances of cards (not of the TEE), with their Component Ids. */
    private Map<Integer, String> cardInstances() throws Exception {
        ReadResponse read = send(new ReadRequest(42769));
        Map<Integer, String> cards = new java.util.TreeMap<>();
        for (LwM2mObjectInstance i : ((LwM2mObject) read.getContent()).getInstances().values()) {
            String id = i.getResource(0) == null ? "" : String.valueOf(i.getResource(0).getValue());
            if (!id.startsWith("tee")) {
                cards.put(i.getId(), id);
            }
        }
        if (!cards.equals(lastCards)) {
            out.println("NOTE the cards' admin instances: " + cards);
            lastCards = cards;
        }
        if (cards.isEmpty()) {
            throw new IllegalStateException("no card's admin instance in " + read.getContent());
        }
        return cards;
    }

    /** The first free logical channel of each card, as its answer to MANAGE CHANNEL open in a script says. */
    private final Map<Integer, Integer> firstFreeChannel = new LinkedHashMap<>();

    /** The script's own channel is not closed by the script: the runner closes it (finding 12), or the probe grows. */
    private void openChannelScript(int instance) throws Exception {
        byte[] response = runScript(instance, OPEN_CHANNEL_SCRIPT);
        // AB 08 80 01 01 23 03 <channel> 90 00: one R-APDU, the channel number and 9000
        if (response.length != 10 || response[5] != 0x23 || response[8] != (byte) 0x90 || response[9] != 0) {
            throw new IllegalStateException("MANAGE CHANNEL open on /42769/" + instance + ": response " + HexFormat.of().formatHex(response));
        }
        firstFreeChannel.put(instance, response[7] & 0xFF);
    }

    private void readIccidScript(int instance) throws Exception {
        byte[] response = runScript(instance, READ_ICCID_SCRIPT);
        if (response.length < 2 || response[response.length - 2] != (byte) 0x90 || response[response.length - 1] != 0) {
            throw new IllegalStateException("reading EF ICCID on /42769/" + instance + ": response " + HexFormat.of().formatHex(response));
        }
    }

    /** Scripts that found every logical channel of their card in use for the driver's whole wait, and ran again. */
    private int channelsBusy;
    private int scripts;

    /**
     * Writes the script, runs it, and gives the response once the result is success (2). A card just inserted is
     * looked at by several components at once (credential store, eUICC, admin object), each on a channel of its few:
     * a script that found none free (7, "no channel") runs again a second later, and is counted.
     */
    private byte[] runScript(int instance, byte[] script) throws Exception {
        scripts++;
        for (int attempt = 1; ; attempt++) {
            send(new WriteRequest(42769, instance, 6, script));
            send(new ExecuteRequest("/42769/" + instance + "/7"));
            long result = awaitWhile(42769, instance, 9, 1L);
            String description = String.valueOf(value(send(new ReadRequest(42769, instance, 10))));
            if (result == 7L && description.contains("no channel") && attempt < 4) {
                channelsBusy++;
                out.println("NOTE /42769/" + instance + ", script " + scripts + ": " + description + "; again in 1 s");
                Thread.sleep(1_000);
                continue;
            }
            return scriptResponse(instance, result);
        }
    }

    private byte[] scriptResponse(int instance, long result) throws Exception {
        byte[] response = (byte[]) value(send(new ReadRequest(42769, instance, 8)));
        if (result != 2L) {
            throw new IllegalStateException("the script on /42769/" + instance + ": result " + result + ", response "
                    + HexFormat.of().formatHex(response));
        }
        return response;
    }

    /** The ICCIDs of the first two profiles of the eUICC's 504 instance, as at start. */
    private String[] profiles() throws Exception {
        LwM2mMultipleResource iccids = (LwM2mMultipleResource) send(new ReadRequest(504, rspInstance(), 11)).getContent();
        return new String[] {(String) iccids.getInstance(0).getValue(), (String) iccids.getInstance(1).getValue()};
    }

    private int rspInstance() {
        return tree.stream().filter(l -> l.startsWith("/504/")).map(l -> Integer.parseInt(l.substring(5))).findFirst().orElseThrow();
    }

    private void switchProfile(String iccid) throws Exception {
        int rsp = rspInstance();
        send(new WriteRequest(504, rsp, 14, iccid));
        send(new ExecuteRequest("/504/" + rsp + "/4", "1"));
        awaitWhile(504, rsp, 5, null); // RSP Update State: back to idle (0)
        long result = (Long) value(send(new ReadRequest(504, rsp, 6)));
        Object enabled = ((LwM2mMultipleResource) send(new ReadRequest(504, rsp, 11)).getContent()).getInstance(0).getValue();
        if (result != 1L || !iccid.equals(enabled)) {
            throw new IllegalStateException("switching to " + iccid + " through /504/" + rsp + ": result " + result + ", enabled " + enabled);
        }
    }

    /** Reads the resource until it is no longer {@code busy} (or, with null, until it is 0); its last value. */
    private long awaitWhile(int object, int instance, int resource, Long busy) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (true) {
            long v = (Long) value(send(new ReadRequest(object, instance, resource)));
            if (busy == null ? v == 0L : v != busy) {
                return v;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("/" + object + "/" + instance + "/" + resource + " stays " + v);
            }
            Thread.sleep(10);
        }
    }

    // ---- what is measured

    private Map<String, Double> sample() throws Exception {
        Map<String, Double> s = new LinkedHashMap<>();
        long pid = gateway.pid();
        Map<String, String> status = procStatus(pid);
        s.put("live threads", Double.parseDouble(status.get("Threads")));
        try (Stream<Path> fds = Files.list(Paths.get("/proc/" + pid + "/fd"))) {
            s.put("open file descriptors", (double) fds.count());
        }
        HttpResponse<String> services = http.send(HttpRequest.newBuilder(URI.create(console + "/services.json"))
                .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
        s.put("registered services", json.readTree(services.body()).path("serviceCount").asDouble());
        jcmd(pid, "GC.run");
        String heap = jcmd(pid, "GC.heap_info");
        s.put("heap after a full GC (KB)", kb(heap, "heap\\s+total \\d+K, used (\\d+)K"));
        s.put("metaspace (KB)", kb(heap, "Metaspace\\s+used (\\d+)K"));
        // RSS after the GC: what the heap gave back, it gives back now
        s.put("RSS (KB)", Double.parseDouble(procStatus(pid).get("VmRSS").replace(" kB", "").strip()));
        long logBytes = 0;
        try (Stream<Path> logs = Files.list(work.resolve("data/log"))) {
            for (Path p : (Iterable<Path>) logs.filter(SoakBench::isGatewayLog)::iterator) {
                logBytes += Files.size(p);
            }
        }
        s.put("log bytes (gateway.log and its rolled files)", (double) logBytes);
        s.put("stdout bytes", (double) stdout.bytes());
        s.put("object links registered", (double) links().size());
        for (Map.Entry<Integer, Integer> c : firstFreeChannel.entrySet()) {
            s.put("first free channel, card of /42769/" + c.getKey(), (double) c.getValue());
        }
        return s;
    }

    private void report(List<Map<String, Double>> samples, int per, String label, String unit, String cmd) {
        Map<String, Double> first = samples.get(0);
        Map<String, Double> last = samples.get(samples.size() - 1);
        out.println("NOTE " + samples.size() + " samples over " + per + " " + unit + "s: " + samples);
        for (String metric : last.keySet()) {
            if (metric.equals("updates") || !first.containsKey(metric)) {
                continue;
            }
            double growth = slope(samples, metric, per);
            String figure = String.format("%s: %s, %.0f → %.0f, growth per %s", label, metric, first.get(metric), last.get(metric), unit);
            out.println(String.format("ROW %s|%.3f %.3f %.3f|/%s|%s", figure, growth, growth, growth, unit, cmd));
        }
    }

    /** Lines of the log at WARN or above, by their text without times and numbers; and the lifetime warning, held to one an hour. */
    private void warnings(String cmd) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> logs = Files.list(work.resolve("data/log"))) {
            for (Path p : (Iterable<Path>) logs.filter(SoakBench::isGatewayLog)::iterator) {
                lines.addAll(Files.readAllLines(p));
            }
        }
        long restarts = lines.stream().filter(l -> l.contains("Leshan client[endpoint:" + ENDPOINT + "] started")).count();
        long lifetime = lines.stream().filter(l -> l.contains("Too small lifetime")).count();
        int updates = server.count("updated"); // the server's count: the client logs its Updates at DEBUG
        out.println(String.format("ROW  Leshan's \"Too small lifetime\" warning, for %d client starts and %d Updates|%d %d %d|line|%s",
                restarts, updates, lifetime, lifetime, lifetime, cmd));
        Map<String, Integer> kinds = new java.util.TreeMap<>();
        for (String l : lines) {
            if (l.contains(" WARN ") || l.contains(" ERROR ")) {
                kinds.merge(l.replaceFirst("^\\S+ ", "").replaceAll("[0-9a-f]{8,}|\\d+", "N"), 1, Integer::sum);
            }
        }
        kinds.forEach((k, n) -> out.println("NOTE " + n + " x " + k));
    }

    /** The least-squares slope of the metric over the samples, spread evenly over {@code per} cycles or Updates. */
    private static double slope(List<Map<String, Double>> samples, String metric, int per) {
        int n = samples.size();
        double step = (double) per / (n - 1);
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += i * step;
            my += samples.get(i).get(metric);
        }
        mx /= n;
        my /= n;
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            num += (i * step - mx) * (samples.get(i).get(metric) - my);
            den += (i * step - mx) * (i * step - mx);
        }
        return den == 0 ? 0 : num / den;
    }

    /** gateway.log and the files it rolled over into (gateway-1.log ... gateway-5.log, etc/org.ops4j.pax.logging.cfg). */
    private static boolean isGatewayLog(Path p) {
        return p.getFileName().toString().matches("gateway(-\\d+)?\\.log");
    }

    private static Map<String, String> procStatus(long pid) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Paths.get("/proc/" + pid + "/status"))) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                m.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return m;
    }

    private static String jcmd(long pid, String command) throws Exception {
        Process p = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid), command)
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + ": " + text);
        }
        return text;
    }

    private static double kb(String text, String regex) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in " + text);
        }
        return Double.parseDouble(m.group(1));
    }

    // ---- small things

    private <T extends LwM2mResponse> T send(DownlinkRequest<T> request) throws InterruptedException {
        Registration r = server.leshan().getRegistrationService().getByEndpoint(ENDPOINT);
        T response = server.leshan().send(r, request, 10_000);
        if (response == null || !response.isSuccess()) {
            throw new IllegalStateException(request + ": " + response);
        }
        return response;
    }

    private static Object value(ReadResponse r) {
        return ((LwM2mSingleResource) r.getContent()).getValue();
    }

    private static void await(String what, BooleanSupplier done, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no " + what + " in " + timeoutMs + " ms");
            }
            Thread.sleep(50);
        }
    }

    private static List<ObjectModel> ddf(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return ObjectLoader.loadDdfFile(in, file.getFileName().toString());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        }
    }

    /** A process's output, drained so that it never blocks, counted, and searched for a line. */
    private static final class StdoutCounter {
        private final java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final java.util.Deque<String> last = new java.util.concurrent.ConcurrentLinkedDeque<>();

        void drain(InputStream in) {
            Thread t = new Thread(() -> {
                try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        bytes.addAndGet(line.length() + 1);
                        last.add(line);
                        if (last.size() > 20) {
                            last.poll();
                        }
                        if (line.startsWith("SC Gateway:") || line.startsWith("VpcdCard:")) {
                            seen.add(line);
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "soak-output");
            t.setDaemon(true);
            t.start();
        }

        boolean saw(String prefix) {
            return seen.stream().anyMatch(l -> l.startsWith(prefix));
        }

        long bytes() {
            return bytes.get();
        }

        /** The last lines, for an error. */
        List<String> lines() {
            return new ArrayList<>(last);
        }
    }
}
