package org.scgateway.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.scgateway.api.config.Pids;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialUpdate;
import org.scgateway.api.credential.Secret;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.scgateway.api.euicc.EuiccService;
import org.scgateway.api.euicc.Profile;
import org.scgateway.api.se.SecureElement;
import org.scgateway.globalplatform.scp03.Scp03Keys;

/**
 * The Secure Components page in Felix's Web Console, read and used as a browser would (an HTTP client with
 * the console's login and a cookie jar, no browser: GatewayScriptIT drives Chromium), and the scgw:* shell
 * commands through Gogo's command processor: the same views and actions, the same refusals.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsolePluginIT {

    private static final long TIMEOUT = 30_000;

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() throws IOException {
        return FelixDistribution.withFreshCard("console");
    }

    @Test
    public void thePageListsTheComponentsAndProfilesAndEnablesOneOnlyFromItself() throws Exception {
        SecureElement card = Services.await(context, SecureElement.class, "(scgw.component.backend=se.sim)", TIMEOUT);
        EuiccService euicc = euicc(card);
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
        String page = awaitPage(browser, card.id());
        assertTrue("the card is listed: " + page, page.contains("data-component=\"" + card.id() + "\""));
        assertTrue("with its kind and backend", page.contains("<td>UICC</td><td>se.sim</td>"));
        for (Profile p : euicc.profiles()) {
            assertTrue("profile " + p.iccid() + " is listed", page.contains("data-iccid=\"" + p.iccid().digits() + "\""));
        }
        assertTrue("the software TEE is listed", page.contains("(tee.soft)"));

        String target = euicc.profiles().stream().filter(p -> !p.isEnabled() && !p.isFallback()).findFirst().orElseThrow().iccid().digits();
        String form = "action=enable&se=" + enc(card.id()) + "&iccid=" + target;
        assertEquals("without the page's token: refused", 403, post(browser, form).statusCode());
        String token = token(page);
        assertEquals("from another site, even with the token: refused", 403,
                post(browser, form + "&token=" + enc(token), "Origin", "http://evil.example").statusCode());
        assertFalse(enabled(euicc).equals(target));

        HttpResponse<String> done = post(browser, form + "&token=" + enc(token));
        assertEquals(302, done.statusCode());
        assertTrue(done.headers().firstValue("Location").orElse(""), done.headers().firstValue("Location").orElse("").contains("done=profile"));
        assertEquals(target, enabled(euicc));
        assertTrue(get(browser).body().contains("data-iccid=\"" + target + "\"><td>" + target + "</td><td class=\"state\">enabled"));

        HttpResponse<String> backend = post(browser, "action=backend&backend=se.sim&token=" + enc(token));
        assertEquals(302, backend.statusCode());
        assertEquals("(scgw.component.backend=se.sim)", configAdmin.getConfiguration(Pids.ADMIN_OBJECT, null)
                .getProperties().get(Pids.ADMIN_COMPONENTS_TARGET));
        post(browser, "action=backend&backend=&token=" + enc(token));
        assertEquals(null, configAdmin.getConfiguration(Pids.ADMIN_OBJECT, null).getProperties().get(Pids.ADMIN_COMPONENTS_TARGET));
    }

    /**
     * Issue 22, finding 3: the whole Web Console, not only our page. A bundle stop and a configuration write sent with
     * another site's Origin are refused and change nothing, while a configuration write from the console's own
     * origin goes through; every answer forbids framing by other sites; wrong passwords in a row get the address refused for a
     * while, the right password included, and then the right password is taken again.
     */
    @Test
    public void theWholeConsoleRefusesCrossSiteRequestsFramingAndPasswordGuessing() throws Exception {
        String password = context.getProperty(FelixDistribution.PASSWORD_PROPERTY);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Bundle card = java.util.Arrays.stream(context.getBundles()).filter(b -> "org.scgateway.se.sim".equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        String evil = "http://evil.example";
        String self = "http://127.0.0.1:" + context.getProperty("org.osgi.service.http.port");

        HttpResponse<String> stop = http.send(console("/bundles/" + card.getBundleId(), "admin:" + password).header("Origin", evil)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("action=stop")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("a bundle stop from another site", 403, stop.statusCode());
        assertEquals("the card's bundle still runs", Bundle.ACTIVE, card.getState());

        java.util.Dictionary<String, Object> before = configAdmin.getConfiguration(Pids.LWM2M_CLIENT, null).getProperties();
        HttpResponse<String> write = http.send(console("/configMgr/" + Pids.LWM2M_CLIENT, "admin:" + password).header("Origin", evil)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("apply=true&propertylist=endpoint&endpoint=stolen")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("a configuration write from another site", 403, write.statusCode());
        assertEquals("the client's configuration is as it was", String.valueOf(before),
                String.valueOf(configAdmin.getConfiguration(Pids.LWM2M_CLIENT, null).getProperties()));

        HttpResponse<String> own = http.send(console("/configMgr/org.scgateway.itest.probe", "admin:" + password).header("Origin", self)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("apply=true&propertylist=answer&answer=42")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue("the same write from the console's own page: " + own.statusCode(), own.statusCode() < 400);
        assertEquals("42", String.valueOf(configAdmin.getConfiguration("org.scgateway.itest.probe", null).getProperties().get("answer")));

        HttpResponse<String> page = http.send(console("/bundles", "admin:" + password).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertEquals("SAMEORIGIN", page.headers().firstValue("X-Frame-Options").orElse(""));
        assertEquals("frame-ancestors 'self'", page.headers().firstValue("Content-Security-Policy").orElse(""));
        HttpResponse<String> ours = http.send(console("/scgateway", "admin:" + password).GET().build(), HttpResponse.BodyHandlers.ofString());
        List<String> cookies = ours.headers().allValues("Set-Cookie");
        assertFalse("the Web Console sets its locale cookie", cookies.isEmpty());
        for (String cookie : cookies) {
            assertTrue("every cookie is SameSite=Strict: " + cookie, cookie.endsWith("; SameSite=Strict"));
            assertFalse("our page keeps its token in no session: " + cookie, cookie.startsWith("JSESSIONID"));
        }

        for (int i = 1; i <= 5; i++) {
            assertEquals("wrong password " + i, 401, http.send(console("/bundles", "admin:wrong-" + i).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        }
        HttpResponse<Void> refused = http.send(console("/bundles", "admin:wrong-6").GET().build(), HttpResponse.BodyHandlers.discarding());
        assertEquals("the sixth try is not even checked", 429, refused.statusCode());
        assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
        assertEquals("nor is the right password, while refused", 429, http.send(console("/bundles", "admin:" + password).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
        Thread.sleep(1_100);
        assertEquals("the right password after the refusal", 200, http.send(console("/bundles", "admin:" + password).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    private HttpRequest.Builder console(String path, String credentials) {
        String port = context.getProperty("org.osgi.service.http.port");
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/system/console" + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Issue 20: the operator makes the client's RPK key pair in the card from the shell and reads its public key there
     * and on the page, which is all that comes out; the store cannot read the private key.
     */
    @Test
    public void theShellMakesAKeyPairInTheCardAndTheShellAndPageShowOnlyItsPublicKey() throws Exception {
        SecureElement card = Services.await(context, SecureElement.class, "(scgw.component.backend=se.sim)", TIMEOUT);
        CredentialStore host = Services.await(context, CredentialStore.class, CredentialStore.HOST_STORE, TIMEOUT);
        Scp03Keys keys = SimulatedCardKeys.builtInProfile();
        host.apply(CredentialUpdate.builder().put("scp03/default/enc", Secret.of(keys.enc())).put("scp03/default/mac", Secret.of(keys.mac()))
                .put("scp03/default/dek", Secret.of(keys.dek())).put("scp03/default/version", Secret.of(new byte[] {(byte) keys.version()}))
                .build());
        // The card store looks at a card as it arrives: the card taken out and put back, with its keys now provisioned.
        org.osgi.framework.Bundle sim = Services.bundle(context, Pids.SE_SIM);
        sim.stop();
        sim.start();
        card = Services.await(context, SecureElement.class, "(scgw.component.backend=se.sim)", TIMEOUT);
        CredentialStore inCard = Services.await(context, CredentialStore.class,
                "(" + CredentialStore.PROP_SECURE_COMPONENT_ID + "=" + card.id() + ")", TIMEOUT);
        String name = "lwm2m/server/123/client-private-key";
        String made = "";
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while (!made.startsWith("made an EC P-256 key pair") && System.currentTimeMillis() < deadline) {
            made = gogo("scgw:keygen " + name).strip(); // until the client's store is the card's
            Thread.sleep(made.startsWith("made") ? 0 : 100);
        }
        assertTrue(made, made.startsWith("made an EC P-256 key pair as " + name + " in secure component " + card.id()));
        String hex = made.substring(made.lastIndexOf('\n') + 1).strip();
        java.security.PublicKey publicKey = java.security.KeyFactory.getInstance("EC")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(java.util.HexFormat.of().parseHex(hex)));
        assertEquals("the card's key", publicKey, inCard.signingKeys().orElseThrow().publicKey(name).orElseThrow());
        assertFalse("whose private key no one reads", inCard.read(name).isPresent());

        String listed = gogo("scgw:keys");
        assertTrue(listed, listed.contains(name) && listed.contains("EC P-256 key pair") && listed.contains(hex));
        assertTrue(gogo("help scgw:keygen"), gogo("help scgw:keygen").contains("makes an EC P-256 key pair inside"));
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
        String page = awaitPage(browser, card.id());
        assertTrue("the page lists it with its public key", page.contains("id=\"scgw-keys\"") && page.contains(hex));

        // X.509: the shell prints a request the card signed, a CA run with openssl issues the certificate, the shell keeps
        // it beside the key once it has checked it is that key's; the page links the same request.
        String csr = gogo("scgw:csr " + name + " \"CN=itest-console,O=SC Gateway\"").strip();
        assertTrue(csr, csr.startsWith("-----BEGIN CERTIFICATE REQUEST-----") && csr.endsWith("-----END CERTIFICATE REQUEST-----"));
        java.nio.file.Path certFile = java.nio.file.Files.createTempFile("scgw-cert", ".der");
        try (OpenSslCa ca = new OpenSslCa("itest-console-ca")) {
            java.security.cert.X509Certificate cert = ca.issue(csr + "\n", "basicConstraints=critical,CA:FALSE");
            assertEquals("the request is for the card's key", publicKey, cert.getPublicKey());
            assertEquals("CN=itest-console,O=SC Gateway", cert.getSubjectX500Principal().getName());
            java.nio.file.Files.write(certFile, ca.localServer().certificate.getEncoded());
            String refused = gogo("scgw:certificate " + name + " " + certFile);
            assertTrue(refused, refused.startsWith("no certificate kept: ") && refused.contains("public key differs"));
            assertFalse(inCard.read("lwm2m/server/123/client-certificate").isPresent());
            java.nio.file.Files.write(certFile, cert.getEncoded());
            String kept = gogo("scgw:certificate " + name + " " + certFile);
            assertTrue(kept, kept.startsWith("kept the certificate of " + name + " as lwm2m/server/123/client-certificate"));
            assertArrayEquals(cert.getEncoded(), inCard.read("lwm2m/server/123/client-certificate").orElseThrow().bytes());

            assertTrue("the page links the key's request", page.contains("class=\"scgw-csr\""));
            HttpResponse<String> linked = browser.send(request("/csr?name=" + enc(name)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(linked.body(), 200, linked.statusCode());
            java.security.cert.X509Certificate fromPage = ca.issue(linked.body());
            assertEquals(publicKey, fromPage.getPublicKey());
            assertTrue("for the client's endpoint: " + fromPage.getSubjectX500Principal(),
                    fromPage.getSubjectX500Principal().getName().startsWith("CN="));
        } finally {
            java.nio.file.Files.deleteIfExists(certFile);
        }
    }

    @Test
    public void theShellShowsAndDoesTheSame() throws Exception {
        SecureElement card = Services.await(context, SecureElement.class, "(scgw.component.backend=se.sim)", TIMEOUT);
        EuiccService euicc = euicc(card);
        String profiles = gogo("scgw:profiles");
        assertTrue(profiles, profiles.contains(card.id() + "  EID 89049044900000000000000000102355"));
        assertTrue(profiles, profiles.contains("89445000000000000019 disabled provisioning yes"));

        String was = enabled(euicc);
        String other = euicc.profiles().stream().filter(p -> !p.isEnabled() && !p.isFallback()).findFirst().orElseThrow().iccid().digits();
        assertEquals("profile " + other + " enabled", gogo("scgw:enable " + card.id() + " " + other).strip());
        assertEquals(other, enabled(euicc));
        String notDisabled = gogo("scgw:disable " + card.id() + " 89445000000000000019").strip();
        assertTrue(notDisabled, notDisabled.startsWith("not disabled (wrong profile state): "));
        gogo("scgw:enable " + card.id() + " " + was);
        assertEquals(was, enabled(euicc));

        String help = gogo("help scgw:enable");
        assertTrue("the command has help text: " + help, help.contains("enables a profile of an eUICC"));

        String components = gogo("scgw:components");
        assertTrue(components, components.contains(card.id()) && components.contains("/42769/"));
        // SELECT EF ICCID and READ BINARY through the card's admin instance, as a server's script would run.
        String script = gogo("scgw:script " + card.id() + " AA10220700A4000C022FE2220500B000000A");
        assertTrue(script, script.startsWith("result   2 (OK)"));
        assertTrue(script, script.contains("response AB15800102230290002"));
        String refused = gogo("scgw:script no-such-card AA00");
        assertTrue(refused, refused.startsWith("refused (NOT_FOUND): no Secure Component no-such-card"));
        Map<String, String> helps = Map.of("scgw:components", "lists the Secure Components", "scgw:script", "runs a remote command script",
                "lwm2m:status", "shows the LwM2M client", "lwm2m:update", "sends a Registration Update");
        for (Map.Entry<String, String> h : helps.entrySet()) {
            String text = gogo("help " + h.getKey());
            assertTrue("help for " + h.getKey() + ": " + text, text.contains(h.getValue()));
        }
        String status = gogo("lwm2m:status");
        assertTrue(status, status.contains("state"));

        String tees = gogo("scgw:tees");
        assertTrue(tees, tees.contains("(tee.soft)"));
        String backend = gogo("scgw:backend se.sim");
        assertTrue(backend, backend.startsWith("the admin object shows se.sim only; backends present: "));
        assertTrue(gogo("scgw:backend all"), gogo("scgw:backend").startsWith("the admin object shows every backend"));
    }

    /** Issue 22, finding 1: the operator reads and knowingly resets the IPA's memory against replay from the shell. */
    @Test
    public void theShellShowsAndResetsTheIpasMemoryAgainstReplay() throws Exception {
        assertTrue(gogo("scgw:eim"), gogo("scgw:eim").startsWith("no IPA: no eIM is configured"));
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        configAdmin.getConfiguration(org.scgateway.api.euicc.ProfileAssistant.PID, null).update(new java.util.Hashtable<>(java.util.Map.of(
                "eimId", "console-eim", "eimPublicKey", Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded()))));
        try {
            Services.await(context, org.scgateway.api.euicc.ProfileAssistant.class, "", TIMEOUT);
            assertEquals("no package taken yet", gogo("scgw:eim").strip());
            assertEquals("not reset: five is not a number", gogo("scgw:eimreset five").strip());
            String reset = gogo("scgw:eimreset 5"); // the test framework's console log may follow on the same output
            assertTrue(reset, reset.startsWith("reset: the next package must carry a counter above 5"));
            assertEquals("last counter taken: 5; a package must carry one above it", gogo("scgw:eim").strip());
        } finally {
            configAdmin.getConfiguration(org.scgateway.api.euicc.ProfileAssistant.PID, null).delete();
        }
    }

    private String gogo(String command) throws Exception {
        CommandProcessor processor = Services.await(context, CommandProcessor.class, "", TIMEOUT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        try (CommandSession session = processor.createSession(System.in, print, print)) {
            Object result = session.execute(command);
            return (result == null ? "" : String.valueOf(result)) + out.toString(StandardCharsets.UTF_8);
        }
    }

    private String awaitPage(HttpClient browser, String componentId) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT;
        String body = "";
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> r = get(browser);
            body = r.body();
            if (r.statusCode() == 200 && body.contains(componentId) && body.contains("scgw-profiles")) {
                return body;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the page never listed " + componentId + " and its profiles: " + body);
    }

    private HttpResponse<String> get(HttpClient browser) throws Exception {
        return browser.send(request().GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(HttpClient browser, String form, String... headers) throws Exception {
        HttpRequest.Builder b = request().header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return browser.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request() {
        return request("");
    }

    private HttpRequest.Builder request(String path) {
        String port = context.getProperty("org.osgi.service.http.port");
        String password = context.getProperty(FelixDistribution.PASSWORD_PROPERTY);
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/system/console/scgateway" + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private static String token(String page) {
        Matcher m = Pattern.compile("name=\"token\" value=\"([^\"]+)\"").matcher(page);
        assertTrue("the page carries a token in its forms", m.find());
        return m.group(1);
    }

    private static String enabled(EuiccService euicc) throws Exception {
        return euicc.profiles().stream().filter(Profile::isEnabled).findFirst().orElseThrow().iccid().digits();
    }

    private EuiccService euicc(SecureElement card) throws Exception {
        return Services.await(context, EuiccService.class, "(" + EuiccService.PROP_SECURE_ELEMENT_ID + "=" + card.id() + ")", TIMEOUT);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
