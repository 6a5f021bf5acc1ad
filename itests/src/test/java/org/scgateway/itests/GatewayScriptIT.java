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
        int port = FelixGatewayIT.freePort();
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
        int port = FelixGatewayIT.freePort();
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

    private void start(int port, String... env) throws Exception {
        Path script = Paths.get(System.getProperty("scgw.run.dir", "../run"), "gateway").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        pb.environment().remove("SCGW_CONSOLE_PASSWORD");
        pb.environment().put("SCGW_DATA", data.toString());
        pb.environment().put("SCGW_HTTP_PORT", Integer.toString(port));
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
