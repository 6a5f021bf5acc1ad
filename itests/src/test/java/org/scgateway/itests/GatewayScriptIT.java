package org.scgateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * run/gateway as a newcomer meets it: a whole process on a fresh data folder, the Web Console behind the
 * password it generated, and a clean stop on Ctrl-C (SIGINT) and on SIGTERM.
 */
public class GatewayScriptIT {

    private static final String READY = "SC Gateway: all bundles active";
    private static final String STOPPED = "SC Gateway: stopped";

    private Path data;
    private Process gateway;
    private int lwm2mWebPort;
    private final List<String> output = new CopyOnWriteArrayList<>();

    @Before
    public void freshDataFolder() throws IOException {
        Path target = Paths.get("target").toAbsolutePath();
        Files.createDirectories(target);
        data = Files.createTempDirectory(target, "gateway-data-");
    }

    @After
    public void stopGateway() throws InterruptedException {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    public void generatesAPrivatePasswordServesTheConsoleBehindItAndStopsOnCtrlC() throws Exception {
        int port = FelixDistribution.freePort();
        start(port);

        Path passwordFile = data.resolve("console.password");
        assertTrue("no password file at " + passwordFile, Files.exists(passwordFile));
        assertEquals("password file permissions", "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
        String password = Files.readString(passwordFile).strip();
        assertTrue("generated password is too short: " + password.length(), password.length() >= 16);
        assertTrue("the start-up line says where the password is: " + readyLine(),
                readyLine().contains(passwordFile.toString()));
        assertFalse("the password was printed", String.join("\n", output).contains(password));

        String console = "http://127.0.0.1:" + port + "/system/console/bundles";
        assertEquals("with the generated password", 200, get(console, "admin:" + password));
        assertEquals("with admin/admin", 401, get(console, "admin:admin"));

        signal("INT");
        assertTrue("did not exit within 30 s of Ctrl-C", gateway.waitFor(30, TimeUnit.SECONDS));
        awaitLine(STOPPED, 5_000);
        assertEquals("port still open after stop", -1, get(console, "admin:" + password));
    }

    @Test
    public void takesThePasswordFromTheEnvironmentAndStopsOnSigterm() throws Exception {
        int port = FelixDistribution.freePort();
        String password = "it-" + Long.toHexString(System.nanoTime());
        start(port, "SCGW_CONSOLE_PASSWORD", password);

        assertFalse("no password file is written when the environment gives one", Files.exists(data.resolve("console.password")));
        String console = "http://127.0.0.1:" + port + "/system/console/bundles";
        assertEquals(200, get(console, "admin:" + password));
        assertEquals(401, get(console, "admin:admin"));

        signal("TERM"); // not Process.destroy(), which closes the output we still want to read
        assertTrue("did not exit within 30 s of SIGTERM", gateway.waitFor(30, TimeUnit.SECONDS));
        awaitLine(STOPPED, 5_000);
    }

    /**
     * Out of the box, on a fresh data folder: the card personalised for this installation sends the gateway to
     * the local server over DTLS-PSK (coaps 5684), the server sees a secured registration, the client starts
     * once, and nothing of ours warns or errs on the way; the key is in no output and in no file others read.
     */
    @Test
    public void registersWithItsLocalLwM2mServerOutOfTheBox() throws Exception {
        awaitDefaultPortsFree();
        start(FelixDistribution.freePort(), "SCGW_LWM2M_PORT", "5683", "SCGW_LWM2M_SECURE_PORT", "5684");
        long deadline = System.currentTimeMillis() + 60_000;
        String clients = "";
        while (System.currentTimeMillis() < deadline && !clients.contains("\"endpoint\"")) {
            clients = body("http://127.0.0.1:" + lwm2mWebPort + "/api/clients");
            Thread.sleep(200);
        }
        assertTrue("the local server lists no client: " + clients + "\n" + String.join("\n", output), clients.contains("\"endpoint\""));
        assertTrue("the Device object is registered: " + clients, clients.contains("/3/0"));
        // The server can list the client a moment before the gateway's log line about it reaches this side.
        long said = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < said && output.stream().noneMatch(l -> l.contains("registered with coaps://127.0.0.1:5684"))) {
            Thread.sleep(100);
        }
        String all = String.join("\n", output);
        assertTrue("the gateway says it registered over DTLS:\n" + all, output.stream().anyMatch(l -> l.contains("registered with coaps://127.0.0.1:5684")));
        assertTrue("the server sees a secured registration: " + clients, clients.contains("\"secure\":true"));
        assertTrue("with the server account from the simulated card's bootstrap file, read over SCP03:\n" + all,
                output.stream().anyMatch(l -> l.contains("servers from smartcard sim-")));
        assertTrue("PSK, its identity, and the key in the card, as the gateway says:\n" + all, output.stream().anyMatch(l ->
                l.contains("registered with coaps://") && l.contains("PSK identity scgw-") && l.contains("key in secure component sim-")));
        assertEquals("the client starts once:\n" + all, 1, output.stream().filter(l -> l.contains("LwM2M client ") && l.contains(" started towards ")).count());
        assertFalse("the client does not restart:\n" + all, all.contains("LwM2M client restarting"));
        List<String> log = Files.readAllLines(data.resolve("log/gateway.log"));
        // The check reads the log's own format: one of our INFO lines, made a WARN, is seen (it once was not).
        String info = log.stream().filter(l -> l.contains(" INFO  [") && l.contains("] org.scgateway.")).findFirst().orElseThrow();
        assertTrue("the check sees a WARN of ours: " + info, oursAtWarnOrError(info.replaceFirst(" INFO  \\[", " WARN  [")));
        List<String> ours = log.stream().filter(GatewayScriptIT::oursAtWarnOrError).collect(java.util.stream.Collectors.toList());
        assertEquals("no WARN or ERROR of ours on a first start", List.of(), ours);

        java.util.Properties account = new java.util.Properties();
        try (java.io.InputStream in = Files.newInputStream(data.resolve("local-server/account.properties"))) {
            account.load(in);
        }
        String key = account.getProperty("key");
        assertTrue("a key of 32 bytes was made for this installation: " + key.length(), key.length() == 64);
        assertFalse("the key is in no output", all.toLowerCase(java.util.Locale.ROOT).contains(key.toLowerCase(java.util.Locale.ROOT)));
        assertFalse("the key is in no log", Files.readString(data.resolve("log/gateway.log")).toLowerCase(java.util.Locale.ROOT)
                .contains(key.toLowerCase(java.util.Locale.ROOT)));
        String securityPage = body("http://127.0.0.1:" + lwm2mWebPort + "/api/security/clients");
        assertTrue("the local server's Security page answers: " + securityPage, securityPage.startsWith("["));
        assertFalse("nor on the local server's Security page", securityPage.toLowerCase(java.util.Locale.ROOT)
                .contains(key.toLowerCase(java.util.Locale.ROOT)));
        for (String f : new String[] {"local-server/account.properties", "data/security.data", "card-profile.json", "log/gateway.log",
                "log/lwm2m-server.log"}) {
            assertEquals(f + " is the owner's alone", "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(f))));
        }

        signal("TERM");
        assertTrue(gateway.waitFor(30, TimeUnit.SECONDS));
        long gone = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < gone && !body("http://127.0.0.1:" + lwm2mWebPort + "/api/clients").isEmpty()) {
            Thread.sleep(200);
        }
        assertEquals("the local server stops with the gateway", "", body("http://127.0.0.1:" + lwm2mWebPort + "/api/clients"));
    }

    /** The plain-CoAP account stays a choice: the built-in card, whose bootstrap file names coap://127.0.0.1:5683. */
    @Test
    public void registersOverPlainCoapWithTheBuiltInCardWhenAsked() throws Exception {
        awaitDefaultPortsFree();
        start(FelixDistribution.freePort(), "SCGW_LWM2M_PORT", "5683", "SCGW_LWM2M_SECURE_PORT", "5684", "SCGW_PLAIN_COAP", "true");
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && output.stream().noneMatch(l -> l.contains("registered with coap://127.0.0.1:5683"))) {
            Thread.sleep(100);
        }
        String all = String.join("\n", output);
        assertTrue("the gateway registers without DTLS:\n" + all, output.stream().anyMatch(l -> l.contains("registered with coap://127.0.0.1:5683")
                && l.contains("NO_SEC")));
        assertTrue("the server sees it unsecured", body("http://127.0.0.1:" + lwm2mWebPort + "/api/clients").contains("\"secure\":false"));
        signal("TERM");
        assertTrue(gateway.waitFor(30, TimeUnit.SECONDS));
        awaitDefaultPortsFree();
    }

    /**
     * The acceptance of the TEE driver: run/gateway's software TEE is an instance of the admin object, and the
     * local server, which is also a TAM, gets a QueryResponse listing the installed TAs, installs one, is refused
     * an older version of it, and removes it, all through LwM2M.
     */
    @Test
    public void theLocalServerIsATamForTheSoftwareTee() throws Exception {
        awaitDefaultPortsFree();
        start(FelixDistribution.freePort(), "SCGW_LWM2M_PORT", "5683", "SCGW_LWM2M_SECURE_PORT", "5684");
        String base = "http://127.0.0.1:" + lwm2mWebPort;
        long deadline = System.currentTimeMillis() + 60_000;
        java.util.regex.Matcher endpoint = null;
        while (System.currentTimeMillis() < deadline) {
            endpoint = java.util.regex.Pattern.compile("\"endpoint\":\"([^\"]+)\"").matcher(body(base + "/api/clients"));
            if (endpoint.find() && body(base + "/api/tam/" + endpoint.group(1)).startsWith("QUERY_RESPONSE")) {
                break;
            }
            endpoint = null;
            Thread.sleep(300);
        }
        assertTrue("the local TAM got no QueryResponse:\n" + String.join("\n", output), endpoint != null);
        String tam = base + "/api/tam/" + endpoint.group(1);

        String installed = tam(tam + "/hello?seq=2", "POST", "a trusted application");
        assertTrue(installed, installed.startsWith("SUCCESS (result 2"));
        String listed = tam(tam + "?tee=tee.soft", "GET", null);
        assertTrue(listed, listed.startsWith("QUERY_RESPONSE (result 2: QueryResponse with 1 trusted component(s))"));
        // OP-TEE is configured off in run/: no such TEE to send to.
        assertEquals(endpoint.group(1) + " shows no TEE of backend tee.optee in its Secure Component Admin object\n",
                tam(tam + "?tee=tee.optee", "GET", null));
        assertTrue(listed, listed.contains("local-tam/hello  21 bytes  sha256 "));

        String older = tam(tam + "/hello?seq=1", "POST", "an older one");
        assertTrue(older, older.startsWith("ERROR (result 3: Error 11 MANIFEST_PROCESSING_FAILED: manifest 0: sequence number 1"));

        assertTrue(tam(tam + "/hello", "DELETE", null).startsWith("SUCCESS"));
        assertFalse(tam(tam, "GET", null).contains("local-tam/hello"));
        signal("TERM");
        assertTrue(gateway.waitFor(30, TimeUnit.SECONDS));
        awaitDefaultPortsFree();
    }

    /**
     * The acceptance of the eUICC profile service: the local server, through the REST API its web UI uses, selects a
     * disabled profile of the simulated eUICC in object 504 and executes RSP Update 1 (enable); the eUICC has it
     * enabled, and still has after the gateway is stopped and started again on the same data folder.
     */
    @Test
    public void theLocalServerSwitchesTheEnabledProfileThrough504AndTheChangeSurvivesARestart() throws Exception {
        awaitDefaultPortsFree();
        start(FelixDistribution.freePort(), "SCGW_LWM2M_PORT", "5683", "SCGW_LWM2M_SECURE_PORT", "5684");
        String client = awaitClientWith("/504/0");
        String iccids = awaitContent(client + "/504/0/11", "\"0\":\"");
        java.util.regex.Matcher first = java.util.regex.Pattern.compile("\"0\":\"(\\d+)\"").matcher(iccids);
        assertTrue(iccids, first.find());
        String target = "89310000000000000031".equals(first.group(1)) ? "89445000000000000027" : "89310000000000000031";

        String selected = send("PUT", client + "/504/0/14", "application/json",
                "{\"id\":14,\"kind\":\"singleResource\",\"value\":\"" + target + "\",\"type\":\"string\"}");
        assertTrue(selected, selected.contains("CHANGED"));
        String executed = send("POST", client + "/504/0/4", "text/plain", "1");
        assertTrue(executed, executed.contains("CHANGED"));
        awaitContent(client + "/504/0/6", "\"value\":1}");
        assertTrue(body(client + "/504/0/11").contains("\"0\":\"" + target + "\""));

        signal("TERM");
        assertTrue(gateway.waitFor(30, TimeUnit.SECONDS));
        awaitDefaultPortsFree();
        output.clear();
        start(FelixDistribution.freePort(), "SCGW_LWM2M_PORT", "5683", "SCGW_LWM2M_SECURE_PORT", "5684");
        String again = awaitClientWith("/504/0");
        String after = awaitContent(again + "/504/0/11", "\"0\":\"");
        assertTrue("after the restart, the profile enabled through 504 is still the enabled one: " + after,
                after.contains("\"0\":\"" + target + "\""));
        signal("TERM");
        assertTrue(gateway.waitFor(30, TimeUnit.SECONDS));
        awaitDefaultPortsFree();
    }

    /**
     * The operator's page in a real browser: headless Chromium (itests/webui/console-page.mjs) logs in to the Web
     * Console of run/gateway, finds every Secure Component the gateway shows its LwM2M server listed on the
     * Secure Components page, no more and no fewer, enables a disabled profile of the eUICC with its button, and
     * saves a screenshot (target/console-page.png). The local server then sees that profile first in 504.
     */
    @Test
    public void theConsolePageListsTheComponentsAndEnablesAProfileInABrowser() throws Exception {
        Path webui = browserScripts();
        awaitDefaultPortsFree();
        int http = FelixDistribution.freePort();
        String password = java.util.UUID.randomUUID().toString();
        start(http, "SCGW_LWM2M_PORT", "5683", "SCGW_LWM2M_SECURE_PORT", "5684", "SCGW_CONSOLE_PASSWORD", password);
        String client = awaitClientWith("/504/0");
        // The components as the gateway shows them to its server: resource 0 of each admin instance.
        java.util.Set<String> components = new java.util.TreeSet<>();
        long deadline = System.currentTimeMillis() + 30_000;
        while (components.size() < 2 && System.currentTimeMillis() < deadline) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{\"id\":0,\"value\":\"([^\"]+)\"")
                    .matcher(body(client + "/42769"));
            components.clear();
            while (m.find()) {
                components.add(m.group(1));
            }
            Thread.sleep(300);
        }
        assertTrue("the server sees the card and the software TEE: " + components + "\n" + body(client + "/42769"), components.size() >= 2);

        Path screenshot = Paths.get("target", "console-page.png").toAbsolutePath();
        Process browser = new ProcessBuilder("node", webui.resolve("console-page.mjs").toString(),
                "http://127.0.0.1:" + http + "/system/console/scgateway", "admin", password, String.join(",", components), screenshot.toString())
                .redirectErrorStream(true).start();
        String said = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("the browser check did not end in 3 minutes", browser.waitFor(3, TimeUnit.MINUTES));
        assertEquals("the browser check (screenshot " + screenshot + "):\n" + said, 0, browser.exitValue());
        java.util.regex.Matcher enabled = java.util.regex.Pattern.compile("enabled (\\d+)").matcher(said);
        assertTrue(said, enabled.find());
        awaitContent(client + "/504/0/11", "\"0\":\"" + enabled.group(1) + "\"");
        signal("TERM");
        assertTrue(gateway.waitFor(30, TimeUnit.SECONDS));
        awaitDefaultPortsFree();
    }

    /** The REST base of the client registered with the local server with that object instance. */
    private String awaitClientWith(String link) throws InterruptedException {
        String web = "http://127.0.0.1:" + lwm2mWebPort;
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"endpoint\":\"([^\"]+)\".*\"" + link + "\"")
                    .matcher(body(web + "/api/clients"));
            if (m.find()) {
                return web + "/api/clients/" + m.group(1);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no client registered with " + link + ":\n" + String.join("\n", output));
    }

    /** GETs the URL until the answer contains {@code wanted}, and returns it. */
    private String awaitContent(String url, String wanted) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        String got = "";
        while (System.currentTimeMillis() < deadline) {
            got = body(url);
            if (got.contains(wanted)) {
                return got;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(url + " never answered with " + wanted + "; last: " + got);
    }

    private static String send(String method, String url, String type, String content) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod(method);
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", type);
        c.setConnectTimeout(5_000);
        c.setReadTimeout(15_000);
        try {
            c.getOutputStream().write(content.getBytes(StandardCharsets.UTF_8));
            try (java.io.InputStream in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream()) {
                return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } finally {
            c.disconnect();
        }
    }

    /**
     * The local server goes a moment after its gateway; the next test that needs ports 5683 and 5684 (the ones
     * the simulated cards' bootstrap files name) waits for it.
     */
    private static void awaitDefaultPortsFree() throws InterruptedException {
        for (int port : new int[] {5683, 5684}) {
            long deadline = System.currentTimeMillis() + 15_000;
            while (true) {
                try (java.net.DatagramSocket probe = new java.net.DatagramSocket(new java.net.InetSocketAddress("127.0.0.1", port))) {
                    break;
                } catch (java.net.SocketException e) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new AssertionError("UDP port " + port + " is taken (another LwM2M server or gateway?); this test needs it, "
                                + "as run/gateway does", e);
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    private static String tam(String url, String method, String body) throws Exception {
        java.net.http.HttpRequest.Builder r = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url));
        r.method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(body));
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(r.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    /**
     * The acceptance of the Secure Component Admin object as a user would do it: in the local server's web UI, a
     * real browser (Chromium, driven by itests/webui/admin-object.mjs) finds object 42769 with its model, writes
     * a script, runs it and reads the card's answer. Needs Chromium and the script's node_modules (`npm ci` in
     * itests/webui); skipped without them, unless SCGW_REQUIRE_BROWSER asks for it, as .ci/run does.
     */
    @Test
    public void theLocalServersWebUiRunsAScriptOnTheCard() throws Exception {
        Path webui = browserScripts();
        awaitDefaultPortsFree();
        start(FelixDistribution.freePort(), "SCGW_LWM2M_PORT", "5683", "SCGW_LWM2M_SECURE_PORT", "5684");
        String web = "http://127.0.0.1:" + lwm2mWebPort;
        long deadline = System.currentTimeMillis() + 60_000;
        java.util.regex.Matcher endpoint = null;
        while (System.currentTimeMillis() < deadline) {
            String clients = body(web + "/api/clients");
            endpoint = java.util.regex.Pattern.compile("\"endpoint\":\"([^\"]+)\".*/42769/0").matcher(clients);
            if (endpoint.find()) {
                break;
            }
            endpoint = null;
            Thread.sleep(200);
        }
        assertTrue("the gateway registered with /42769/0:\n" + String.join("\n", output), endpoint != null);
        // The card's instance: the software TEE has one too, and ids go by arrival in a fresh data folder.
        String card = null;
        while (card == null && System.currentTimeMillis() < deadline) {
            for (int i = 0; i < 4 && card == null; i++) {
                if (body(web + "/api/clients/" + endpoint.group(1) + "/42769/" + i + "/3").contains("se.sim")) {
                    card = Integer.toString(i);
                }
            }
            Thread.sleep(200);
        }
        assertTrue("no admin instance of the simulated card", card != null);

        // The bootstrap file's header as the card was personalised for this installation (its size varies with
        // the PSK identity): what the script reads back.
        java.util.regex.Matcher file = java.util.regex.Pattern.compile("\"fid\"\\s*:\\s*\"6432\"[^}]*\"content\"\\s*:\\s*\"([0-9A-Fa-f]{8})")
                .matcher(Files.readString(data.resolve("card-profile.json")));
        assertTrue("the personalised card's bootstrap file", file.find());
        String header = file.group(1).toUpperCase(java.util.Locale.ROOT);
        Path screenshot = Paths.get("target", "webui-admin-object.png").toAbsolutePath();
        Process browser = new ProcessBuilder("node", webui.resolve("admin-object.mjs").toString(), web, endpoint.group(1), card,
                screenshot.toString(), header)
                .redirectErrorStream(true).start();
        String said = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("the browser check did not end in 3 minutes", browser.waitFor(3, TimeUnit.MINUTES));
        assertEquals("the browser check (screenshot " + screenshot + "):\n" + said, 0, browser.exitValue());
        assertTrue(said, said.contains("the card answered AB0F800102230290002306" + header + "9000"));
        signal("TERM");
        assertTrue(gateway.waitFor(30, TimeUnit.SECONDS));
        awaitDefaultPortsFree();
    }

    /**
     * itests/webui, where the browser scripts are, when Chromium and their npm package are there; otherwise the
     * test is skipped saying what is missing, or fails where SCGW_REQUIRE_BROWSER asks for the browser tests.
     */
    private static Path browserScripts() {
        Path webui = Paths.get("webui").toAbsolutePath();
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        String missing = !Files.isExecutable(Paths.get(chromium)) ? "no Chromium at " + chromium
                : !Files.isDirectory(webui.resolve("node_modules/playwright-core")) ? "no " + webui.resolve("node_modules") + " (npm ci there)"
                : null;
        if (missing != null) {
            if (System.getenv("SCGW_REQUIRE_BROWSER") != null) {
                fail("the browser test is required (SCGW_REQUIRE_BROWSER) but there is " + missing);
            }
            org.junit.Assume.assumeTrue("browser test skipped: " + missing, false);
        }
        return webui;
    }

    /** The body of a GET, or "" when nothing answers. */
    private static String body(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(2_000);
            c.setReadTimeout(5_000);
            try (java.io.InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Issue 22, finding 8: a data folder the gateway cannot write. Both ways in (the script, and the launcher as
     * GatewayHeapIT starts it) stop at once with one line naming the folder and a non-zero exit, starting nothing.
     * /proc/1 is a folder no one, root included, can create files in.
     */
    @Test
    public void aDataFolderThatCannotBeWrittenStopsAtOnceNamingIt() throws Exception {
        Path script = Paths.get(System.getProperty("scgw.run.dir", "../run"), "gateway").toAbsolutePath().normalize();
        ProcessBuilder viaScript = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        viaScript.environment().put("SCGW_DATA", "/proc/1/scgw-data");
        assertStopsNaming(viaScript, "SC Gateway: cannot start: the folder /proc/1/scgw-data cannot be written");

        Path dist = FelixDistribution.bundleFolder().getParent();
        ProcessBuilder viaLauncher = new ProcessBuilder(GatewayProcesses.javaBin(), "-Dscgw.home=" + dist, "-Dscgw.data=/proc/1",
                "-Dscgw.noShell=true", "-jar", dist.resolve("lib/org.scgateway.run.jar").toString()).redirectErrorStream(true);
        assertStopsNaming(viaLauncher, "SC Gateway: cannot start: /proc/1/");
    }

    /**
     * Issue 22, finding 9: with the console's port held by another program, Jetty's bind failure went to stdout only and
     * the ready line still sent the operator, with the admin user, to that port.
     */
    @Test
    public void aConsolePortHeldByAnotherProgramIsSaidNotAnnounced() throws Exception {
        try (java.net.ServerSocket squatter = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            start(squatter.getLocalPort());
            String ready = readyLine();
            assertTrue(ready, ready.contains("The Web Console is NOT running: port " + squatter.getLocalPort()));
            assertFalse(ready, ready.contains("user admin") || ready.contains("console.password"));
        }
    }

    /**
     * Issue 22, finding 2: a second gateway on a data folder in use, through the script (with --clean, which would
     * delete the cache) and through the launcher directly, refuses at once naming the first one's process, and
     * touches nothing: the cache, the local server's log and the first gateway stay as they were.
     */
    @Test
    public void aSecondGatewayOnTheSameDataFolderRefusesNamingTheFirst() throws Exception {
        String password = "it-" + Long.toHexString(System.nanoTime());
        int port = FelixDistribution.freePort();
        start(port, "SCGW_CONSOLE_PASSWORD", password);
        List<Path> cache;
        try (java.util.stream.Stream<Path> files = Files.walk(data.resolve("cache"))) {
            cache = files.sorted().collect(java.util.stream.Collectors.toList());
        }
        long serverLog = Files.size(data.resolve("log/lwm2m-server.log"));
        String held = "SC Gateway: cannot start: the data folder " + data + " is in use by another SC Gateway, process " + gateway.pid();

        Path script = Paths.get(System.getProperty("scgw.run.dir", "../run"), "gateway").toAbsolutePath().normalize();
        ProcessBuilder viaScript = new ProcessBuilder("bash", script.toString(), "--clean").redirectErrorStream(true);
        viaScript.environment().put("SCGW_DATA", data.toString());
        viaScript.environment().put("SCGW_HTTP_PORT", Integer.toString(FelixDistribution.freePort()));
        viaScript.environment().put("SCGW_LWM2M_PORT", Integer.toString(FelixDistribution.freePort()));
        viaScript.environment().put("SCGW_LWM2M_SECURE_PORT", Integer.toString(FelixDistribution.freePort()));
        viaScript.environment().put("SCGW_LWM2M_WEB_PORT", Integer.toString(FelixDistribution.freePort()));
        assertStopsNaming(viaScript, held);

        Path dist = FelixDistribution.bundleFolder().getParent();
        ProcessBuilder viaLauncher = new ProcessBuilder(GatewayProcesses.javaBin(), "-Dscgw.home=" + dist, "-Dscgw.data=" + data,
                "-Dscgw.http.port=" + FelixDistribution.freePort(), "-Dscgw.noShell=true", "-jar",
                dist.resolve("lib/org.scgateway.run.jar").toString()).redirectErrorStream(true);
        assertStopsNaming(viaLauncher, held);

        for (Path p : cache) {
            assertTrue("the first gateway's cache lost " + p, Files.exists(p));
        }
        assertTrue("the local server's log was not truncated", Files.size(data.resolve("log/lwm2m-server.log")) >= serverLog);
        assertEquals("the first gateway still serves", 200, get("http://127.0.0.1:" + port + "/system/console/bundles", "admin:" + password));
        assertTrue(gateway.isAlive());
    }

    private static void assertStopsNaming(ProcessBuilder pb, String line) throws Exception {
        Process p = pb.start();
        try {
            p.getOutputStream().close();
            assertTrue("it stopped by itself", p.waitFor(60, TimeUnit.SECONDS));
            List<String> said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertTrue("exit " + p.exitValue(), p.exitValue() != 0);
            assertEquals("one line: " + said, 1, said.size());
            assertTrue(said.get(0), said.get(0).startsWith(line));
        } finally {
            p.destroyForcibly();
        }
    }

    private void start(int port, String... env) throws Exception {
        Path script = Paths.get(System.getProperty("scgw.run.dir", "../run"), "gateway").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        pb.environment().remove("SCGW_CONSOLE_PASSWORD");
        pb.environment().put("SCGW_DATA", data.toString());
        pb.environment().put("SCGW_HTTP_PORT", Integer.toString(port));
        // The local LwM2M server run/gateway starts, on ports of its own so that runs do not collide.
        lwm2mWebPort = FelixDistribution.freePort();
        pb.environment().remove("SCGW_LWM2M_SERVER");
        pb.environment().put("SCGW_LWM2M_PORT", Integer.toString(FelixDistribution.freePort()));
        pb.environment().put("SCGW_LWM2M_SECURE_PORT", Integer.toString(FelixDistribution.freePort()));
        pb.environment().put("SCGW_LWM2M_WEB_PORT", Integer.toString(lwm2mWebPort));
        for (int i = 0; i < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        gateway = pb.start();
        gateway.getOutputStream().close();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("(output closed: " + e.getMessage() + ")");
            }
        }, "gateway-output");
        reader.setDaemon(true);
        reader.start();
        awaitLine(READY, 120_000);
    }

    /** A line of gateway.log ({@code %d{ISO8601} %-5level [%t] %c - %msg}) at WARN or ERROR from one of our classes. */
    static boolean oursAtWarnOrError(String line) {
        return line.matches("\\S+ (WARN|ERROR) +\\[[^\\]]*\\] org\\.scgateway\\..*");
    }

    private String readyLine() {
        return output.stream().filter(l -> l.startsWith(READY)).findFirst().orElse("");
    }

    private void awaitLine(String prefix, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (output.stream().noneMatch(l -> l.startsWith(prefix))) {
            if (System.currentTimeMillis() > deadline) {
                fail("no line '" + prefix + "' within " + timeoutMillis + " ms; the gateway printed:\n" + String.join("\n", output));
            }
            Thread.sleep(50);
        }
    }

    /** Signals the JVM the script exec'd into (the script's own pid). */
    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(gateway.pid())).inheritIO().start();
        assertEquals("kill -" + name, 0, kill.waitFor());
    }

    private static int get(String url, String credentials) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        c.setInstanceFollowRedirects(false);
        c.setConnectTimeout(5_000);
        c.setReadTimeout(10_000);
        try {
            return c.getResponseCode();
        } catch (IOException e) {
            return -1;
        } finally {
            c.disconnect();
        }
    }
}
