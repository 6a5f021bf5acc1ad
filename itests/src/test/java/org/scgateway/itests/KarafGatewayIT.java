package org.scgateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.MavenArtifactUrlReference;
import org.ops4j.pax.exam.options.extra.VMOption;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * The real Apache Karaf distribution with the "scgateway", "scgateway-se-pcsc", "scgateway-tee-optee" and "scgateway-console" features installed from the
 * project's feature repository, offline: Karaf's Maven resolver sees the local repository and nothing else.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarafGatewayIT {

    private static final String EXPECTED_LOCATIONS = "scgw.itest.expectedLocations";

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    private static final String WEB_PORT = freePortText();
    private static final String WEB_PASSWORD = java.util.UUID.randomUUID().toString();

    private static String freePortText() {
        try {
            return Integer.toString(FelixDistribution.freePort());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Configuration
    public Option[] config() throws IOException {
        String karafVersion = System.getProperty("karaf.version");
        String localRepository = System.getProperty("org.ops4j.pax.url.mvn.localRepository");
        MavenArtifactUrlReference karaf = maven("org.apache.karaf", "apache-karaf").type("tar.gz").versionAsInProject();
        MavenArtifactUrlReference repo = maven("org.scgateway", "org.scgateway.features").classifier("features").type("xml")
                .versionAsInProject();
        List<Option> o = new ArrayList<>(List.of(
                karafDistributionConfiguration().frameworkUrl(karaf).name("Apache Karaf").unpackDirectory(new File("target/exam"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                // Kept under target/exam, so that data/log/karaf.log tells what went wrong.
                keepRuntimeFolder(),
                logLevel(LogLevel.WARN),
                // Offline: the local repository only, no remote repository and no snapshot updates.
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", localRepository),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories", ""),
                editConfigurationFilePut("etc/org.apache.karaf.features.cfg", "updateSnapshots", "none"),
                // Nothing listens beyond loopback, and on ports that do not collide with another run.
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryHost", "127.0.0.1"),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerHost", "127.0.0.1"),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", port()),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", port()),
                // What the README asks of a Karaf for the PC/SC driver: the JDK's javax.smartcardio exported.
                editConfigurationFilePut("etc/custom.properties", "org.osgi.framework.system.packages.extra", "javax.smartcardio"),
                // The Web Console (scgateway-console brings http and webconsole) on loopback and a port of this run,
                // with a user of this run: a fresh Karaf has its karaf user commented out.
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", WEB_PORT),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.listening.addresses", "127.0.0.1"),
                editConfigurationFilePut("etc/users.properties", "karaf", WEB_PASSWORD + ",admin,manager,viewer,systembundles"),
                systemProperty("scgw.itest.karaf.web").value(WEB_PORT + " " + WEB_PASSWORD),
                features(repo, "scgateway", "scgateway-se-pcsc", "scgateway-tee-optee", "scgateway-console"),
                systemProperty(EXPECTED_LOCATIONS).value(String.join(",", projectBundleLocations()))));
        o.addAll(jdk17Options(karafVersion));
        return o.toArray(new Option[0]);
    }

    @Test
    public void everyBundleOfTheFeaturesIsActive() throws Exception {
        List<String> expected = List.of(System.getProperty(EXPECTED_LOCATIONS).split(","));
        List<Bundle> active = GatewayChecks.assertActive(context,
                b -> b.getLocation().startsWith("mvn:org.scgateway/") || b.getLocation().startsWith("mvn:org.eclipse.leshan/")
                        || b.getLocation().startsWith("mvn:org.eclipse.californium/"), 60_000);
        List<String> ours = active.stream().map(Bundle::getLocation).filter(l -> l.startsWith("mvn:org.scgateway/")).sorted()
                .collect(Collectors.toList());
        assertEquals("project bundles installed by the features", expected.stream().sorted().collect(Collectors.toList()), ours);
        assertEquals("Leshan client bundles", 4, active.stream().filter(b -> b.getLocation().startsWith("mvn:org.eclipse.leshan/")).count());
    }

    /** The Secure Components page inside Karaf's own Web Console (4.8, javax, on Pax Web). */
    @Test
    public void theSecureComponentsPageAnswersInKarafsWebConsole() throws Exception {
        String[] web = System.getProperty("scgw.itest.karaf.web").split(" ");
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        java.net.http.HttpRequest get = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + web[0]
                + "/system/console/scgateway")).header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        ("karaf:" + web[1]).getBytes(java.nio.charset.StandardCharsets.UTF_8))).timeout(java.time.Duration.ofSeconds(20)).build();
        long deadline = System.currentTimeMillis() + 60_000;
        java.net.http.HttpResponse<String> page = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                page = http.send(get, java.net.http.HttpResponse.BodyHandlers.ofString());
                if (page.statusCode() == 200 && page.body().contains("data-component=")) {
                    break;
                }
            } catch (java.io.IOException e) {
                // the console is still starting
            }
            Thread.sleep(500);
        }
        assertEquals("the page answers inside Karaf's console: " + (page == null ? "no answer" : page.body()), 200,
                page == null ? -1 : page.statusCode());
        assertTrue("and lists the Secure Components: " + page.body(), page.body().contains("data-component=")
                && page.body().contains("Secure Components"));
    }

    /**
     * Issue 22, finding 3 on Karaf: its Web Console (Pax Web, JAAS login) gets the same guard from scgateway-console: a
     * bundle stop sent with another site's Origin is refused, answers forbid framing, wrong passwords in a row are
     * refused for a while.
     */
    @Test
    public void karafsWebConsoleRefusesCrossSiteRequestsFramingAndPasswordGuessing() throws Exception {
        String[] web = System.getProperty("scgw.itest.karaf.web").split(" ");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        Bundle card = java.util.Arrays.stream(context.getBundles()).filter(b -> "org.scgateway.se.sim".equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        java.util.function.BiFunction<String, String, java.net.http.HttpRequest.Builder> console = (path, credentials) ->
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + web[0] + "/system/console" + path))
                        .timeout(java.time.Duration.ofSeconds(20)).header("Authorization", "Basic " + java.util.Base64.getEncoder()
                                .encodeToString(credentials.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        String karaf = "karaf:" + web[1];
        long deadline = System.currentTimeMillis() + 60_000;
        java.net.http.HttpResponse<String> page = null;
        while (System.currentTimeMillis() < deadline && (page == null || page.statusCode() != 200)) {
            try {
                page = http.send(console.apply("/bundles", karaf).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                Thread.sleep(500); // the console is still starting
            }
        }
        assertEquals(200, page.statusCode());
        assertEquals("SAMEORIGIN", page.headers().firstValue("X-Frame-Options").orElse(""));

        java.net.http.HttpResponse<String> stop = http.send(console.apply("/bundles/" + card.getBundleId(), karaf)
                .header("Origin", "http://evil.example").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("action=stop")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals("a bundle stop from another site", 403, stop.statusCode());
        assertEquals("the card's bundle still runs", Bundle.ACTIVE, card.getState());

        for (int i = 1; i <= 5; i++) {
            assertEquals("wrong password " + i, 401, http.send(console.apply("/bundles", "karaf:wrong-" + i).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode());
        }
        assertEquals("then refused, the right password too", 429, http.send(console.apply("/bundles", karaf).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode());
        Thread.sleep(1_100);
        assertEquals(200, http.send(console.apply("/bundles", karaf).GET().build(), java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode());
    }

    @Test
    public void everyComponentOfOursIsSatisfied() throws Exception {
        List<Bundle> ours = Stream.of(context.getBundles()).filter(GatewayChecks::isProjectBundle).collect(Collectors.toList());
        GatewayChecks.assertComponentsSatisfied(scr, ours, 60_000);
    }

    /** The mvn: locations of the project's bundles named in the generated feature repository. */
    private static List<String> projectBundleLocations() throws IOException {
        Path features = Paths.get(System.getProperty("scgw.features.xml", "../features/target/feature/feature.xml"));
        Matcher m = Pattern.compile("<bundle[^>]*>(mvn:org\\.scgateway/[^<]+)</bundle>").matcher(Files.readString(features));
        List<String> locations = new ArrayList<>();
        while (m.find()) {
            locations.add(m.group(1).trim());
        }
        return locations;
    }

    private static String port() throws IOException {
        return Integer.toString(FelixDistribution.freePort());
    }

    /** What Karaf's own start script passes on JDK 9 and later; Pax Exam 4.14 does not add it. */
    private static List<Option> jdk17Options(String karafVersion) {
        List<Option> o = new ArrayList<>();
        for (String arg : new String[] {
            "--add-reads=java.xml=java.logging",
            "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
            "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar",
            "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar",
            "--add-opens", "java.base/java.security=ALL-UNNAMED",
            "--add-opens", "java.base/java.net=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
            "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
            "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
            "-classpath", "lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*"}) {
            o.add(new VMOption(arg));
        }
        return o;
    }
}
