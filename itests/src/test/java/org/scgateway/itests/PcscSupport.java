package org.scgateway.itests;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Hashtable;

import javax.inject.Inject;

import org.junit.Assume;
import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.scgateway.api.config.Pids;
import org.scgateway.api.component.Identification;
import org.scgateway.api.se.SecureElement;
import org.scgateway.globalplatform.scp03.Scp03Keys;

/**
 * What the PC/SC suites share: the Felix distribution, the simulated card plugged into vpcd's reader and pulled
 * again, the built-in profile's keys. The build runs these suites only where pcscd's socket exists (profile
 * {@code pcscd} in itests/pom.xml).
 */
@ExamReactorStrategy(PerClass.class)
public abstract class PcscSupport {


    /** pcsc-lite's socket: where it exists, pcscd runs. */
    static final Path PCSCD = Paths.get("/run/pcscd/pcscd.comm");
    static final long TIMEOUT = 30_000;

    @Inject
    protected BundleContext context;

    @Inject
    protected ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() throws IOException {
        return FelixDistribution.options("pcsc").toArray(new Option[0]);
    }

    @Before
    public void needsPcscd() {
        requirePcscd();
    }

    /**
     * Returns when pcscd answers on its socket; else skips the test, or fails it when the build requires PC/SC
     * ({@code SCGW_REQUIRE_PCSCD}, as .ci/run sets).
     */
    static void requirePcscd() {
        // The build runs these suites only where pcscd's socket exists (profile pcscd in itests/pom.xml). A file is
        // not a daemon: a pcscd that was killed leaves its socket behind, and then every test here would wait
        // for a card that cannot come. So ask the socket.
        String why;
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(PCSCD));
            return;
        } catch (IOException e) {
            why = Files.exists(PCSCD)
                    ? PCSCD + " is left from a pcscd that no longer runs (" + e.getMessage() + ")"
                    : "pcscd does not run (no " + PCSCD + ")";
        }
        why += "; start it (pcscd -f &) before mvn";
        if (System.getenv("SCGW_REQUIRE_PCSCD") != null) {
            fail("PC/SC tests required (SCGW_REQUIRE_PCSCD) but " + why);
        }
        Assume.assumeTrue("PC/SC tests skipped: " + why, false);
    }

    protected ServiceTracker<SecureElement, SecureElement> pcscCards() throws Exception {
        return cards("se.pcsc");
    }

    private ServiceTracker<SecureElement, SecureElement> cards(String backend) throws Exception {
        ServiceTracker<SecureElement, SecureElement> t = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + SecureElement.class.getName() + ")(scgw.component.backend=" + backend + "))"), null);
        t.open();
        return t;
    }

    protected String simulatedCardAtr() throws Exception {
        ServiceTracker<SecureElement, SecureElement> sim = cards("se.sim");
        try {
            SecureElement se = sim.waitForService(TIMEOUT);
            assertNotNull("the simulated card", se);
            return java.util.HexFormat.of().withUpperCase().formatHex(se.identification().get(Identification.ATR).orElseThrow());
        } finally {
            sim.close();
        }
    }

    /** Takes the card out and waits until the driver has seen it go, so that the next test starts clean. */
    protected void pull(ServiceTracker<SecureElement, SecureElement> t) throws Exception {
        bridge("");
        awaitGone(t);
        t.close();
    }

    /** Waits (up to {@link #TIMEOUT}) until the tracker has no service left. */
    protected static void awaitGone(ServiceTracker<SecureElement, SecureElement> t) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while (t.getService() != null && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
    }

    /**
     * Puts the simulated card into vpcd's reader (empty: takes it out). These suites test the PC/SC driver on that
     * card, which is the gateway's own: the driver is told to take it all the same (it leaves it alone otherwise).
     */
    protected void bridge(String vpcd) throws Exception {
        takeBridgedCards(true);
        configAdmin.getConfiguration(Pids.SE_SIM, null).update(new Hashtable<>(java.util.Map.of("vpcd", vpcd)));
    }

    /** Sets the driver's takeBridgedCards, keeping its other settings; no update (no driver restart) if it has it. */
    protected void takeBridgedCards(boolean take) throws Exception {
        org.osgi.service.cm.Configuration driver = configAdmin.getConfiguration(Pids.SE_PCSC, null);
        java.util.Dictionary<String, Object> props = driver.getProperties() == null ? new Hashtable<>() : driver.getProperties();
        if (!Boolean.valueOf(take).equals(props.get(DRIVER_TAKES_BRIDGED))) {
            props.put(DRIVER_TAKES_BRIDGED, take);
            driver.update(props);
        }
        awaitDriverWith(take);
    }

    /**
     * Waits until the driver runs on the setting: Configuration Admin and SCR apply an update on threads of their
     * own, and a card bridged before the restarted driver is active met the old one (seen once in four runs).
     */
    private void awaitDriverWith(boolean take) throws Exception {
        ServiceTracker<org.osgi.service.component.runtime.ServiceComponentRuntime, org.osgi.service.component.runtime.ServiceComponentRuntime> scr =
                new ServiceTracker<>(context, org.osgi.service.component.runtime.ServiceComponentRuntime.class, null);
        scr.open();
        try {
            org.osgi.service.component.runtime.ServiceComponentRuntime runtime = scr.waitForService(TIMEOUT);
            assertNotNull("no SCR runtime service", runtime);
            long deadline = System.currentTimeMillis() + TIMEOUT;
            while (true) {
                for (org.osgi.service.component.runtime.dto.ComponentDescriptionDTO d : runtime.getComponentDescriptionDTOs()) {
                    if (!"org.scgateway.se.pcsc.internal.PcscDriver".equals(d.name)) {
                        continue;
                    }
                    for (org.osgi.service.component.runtime.dto.ComponentConfigurationDTO c : runtime.getComponentConfigurationDTOs(d)) {
                        if (c.state == org.osgi.service.component.runtime.dto.ComponentConfigurationDTO.ACTIVE
                                && Boolean.valueOf(take).equals(c.properties.getOrDefault(DRIVER_TAKES_BRIDGED, false))) {
                            return;
                        }
                    }
                }
                if (System.currentTimeMillis() > deadline) {
                    fail("the PC/SC driver is not active with " + DRIVER_TAKES_BRIDGED + " = " + take + " after " + TIMEOUT + " ms");
                }
                Thread.sleep(20);
            }
        } finally {
            scr.close();
        }
    }

    /** The PC/SC driver's setting (org.scgateway.se.pcsc) that makes it take the gateway's own bridged card. */
    protected static final String DRIVER_TAKES_BRIDGED = "takeBridgedCards";

    protected static Scp03Keys testKeys() {
        return SimulatedCardKeys.builtInProfile();
    }
}
