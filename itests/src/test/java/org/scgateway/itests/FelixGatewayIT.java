package org.scgateway.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.scgateway.api.se.Aid;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.SecureElement;
import org.scgateway.globalplatform.scp03.Scp03Session;
import org.scgateway.globalplatform.scp03.SecurityLevel;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * The Felix distribution of run/, bundle for bundle, in Pax Exam's native Felix container.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FelixGatewayIT {

    private static final String PASSWORD_PROPERTY = FelixDistribution.PASSWORD_PROPERTY;

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() throws IOException {
        return FelixDistribution.options("felix").toArray(new Option[0]);
    }

    @Test
    public void everyBundleOfTheDistributionIsInstalledAndActive() throws Exception {
        Set<String> distributed;
        try (Stream<Path> jars = Files.list(FelixDistribution.bundleFolder())) {
            distributed = jars.filter(p -> p.toString().endsWith(".jar")).map(p -> p.toUri().toString())
                    .collect(Collectors.toSet());
        }
        Set<String> installed = Stream.of(context.getBundles()).map(Bundle::getLocation).collect(Collectors.toSet());
        assertTrue("not installed: " + without(distributed, installed), installed.containsAll(distributed));

        GatewayChecks.assertActive(context, b -> true, 30_000);
        long ours = Stream.of(context.getBundles()).filter(GatewayChecks::isProjectBundle).count();
        assertEquals("project bundles in the distribution", distributed.stream().filter(l -> l.contains("/org.scgateway.")).count(), ours);
    }

    @Test
    public void everyComponentOfOursIsSatisfied() throws Exception {
        List<Bundle> ours = Stream.of(context.getBundles()).filter(GatewayChecks::isProjectBundle).collect(Collectors.toList());
        assertFalse("no project bundle installed", ours.isEmpty());
        GatewayChecks.assertComponentsSatisfied(scr, ours, 30_000);
    }

    /** The check above must be able to fail: a component with a reference nobody provides is caught. */
    @Test
    public void componentCheckReportsAnUnsatisfiedReference() throws Exception {
        Bundle broken = context.installBundle("itest:unsatisfied", new ByteArrayInputStream(unsatisfiedComponentBundle()));
        try {
            broken.start();
            AssertionError e = assertThrows(AssertionError.class,
                    () -> GatewayChecks.assertComponentsSatisfied(scr, List.of(broken), 2_000));
            assertTrue(e.getMessage(), e.getMessage().contains("itest.Unsatisfied") && e.getMessage().contains("missing"));
        } finally {
            broken.uninstall();
        }
    }

    /** The embedded default Secure Element, through the service registry, read as a device reads it. */
    @Test
    public void theSimulatedCardIsASecureElementServingTheBootstrapFileOverScp03() throws Exception {
        ServiceTracker<SecureElement, SecureElement> t = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + SecureElement.class.getName() + ")(scgw.component.backend=se.sim))"), null);
        t.open();
        try {
            SecureElement se = t.waitForService(30_000);
            assertTrue("no simulated card", se != null);
            ServiceReference<SecureElement> ref = t.getServiceReference();
            assertEquals("UICC", ref.getProperty("scgw.component.kind"));
            assertEquals(se.id(), ref.getProperty("scgw.component.id"));
            try (ApduChannel ch = se.openLogicalChannel(Aid.fromHex("A000000063504B43532D3135"))) {
                Scp03Session scp = Scp03Session.open(ch, SimulatedCardKeys.builtInProfile(), SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC);
                assertEquals(0x9000, scp.transmit(CommandApdu.of(0x00, 0xA4, 0x08, 0x0C, new byte[] {0x7F, (byte) 0xFF, 0x64, 0x32})).sw());
                ResponseApdu head = scp.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 4));
                assertEquals(0x9000, head.sw());
                assertArrayEquals("two objects, 62 bytes", new byte[] {0x00, 0x02, 0x00, 0x3E}, head.data());
            }
        } finally {
            t.close();
        }
    }

    @Test
    public void webConsoleTakesTheConfiguredPasswordAndRefusesAdminAdmin() throws Exception {
        String port = context.getProperty("org.osgi.service.http.port");
        URL bundles = new URL("http://127.0.0.1:" + port + "/system/console/bundles");
        String password = context.getProperty(PASSWORD_PROPERTY);
        long deadline = System.currentTimeMillis() + 30_000;
        int status;
        do {
            status = get(bundles, "admin", password);
            if (status == 200) {
                break;
            }
            Thread.sleep(200);
        } while (System.currentTimeMillis() < deadline);
        assertEquals("with the configured password", 200, status);
        assertEquals("with admin/admin", 401, get(bundles, "admin", "admin"));
        assertEquals("with no credentials", 401, get(bundles, null, null));
    }

    private static int get(URL url, String user, String password) throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        try {
            if (user != null) {
                String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
                c.setRequestProperty("Authorization", "Basic " + token);
            }
            c.setInstanceFollowRedirects(false);
            return c.getResponseCode();
        } catch (IOException e) {
            return -1;
        } finally {
            c.disconnect();
        }
    }

    /** A bundle of a manifest and a component description only: SCR evaluates the reference without loading a class. */
    private static byte[] unsatisfiedComponentBundle() throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "org.scgateway.itests.unsatisfied");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Service-Component", "OSGI-INF/unsatisfied.xml");
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"itest.Unsatisfied\">\n"
                + "  <implementation class=\"itest.Unsatisfied\"/>\n"
                + "  <reference name=\"missing\" interface=\"itest.NobodyProvidesThis\" cardinality=\"1..1\"/>\n"
                + "</scr:component>\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, mf)) {
            jar.putNextEntry(new JarEntry("OSGI-INF/unsatisfied.xml"));
            jar.write(xml.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return out.toByteArray();
    }

    private static Set<String> without(Set<String> a, Set<String> b) {
        return a.stream().filter(x -> !b.contains(x)).collect(Collectors.toSet());
    }
}
