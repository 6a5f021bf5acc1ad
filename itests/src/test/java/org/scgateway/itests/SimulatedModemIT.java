package org.scgateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.scgateway.api.config.Pids;
import org.scgateway.api.se.Aid;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.SecureElement;

/**
 * The gateway's own simulated card as a modem's SIM, in Felix: se.sim's {@code modemPty} on one end of a socat pty pair,
 * the modem driver on the other, the card out of process ({@code inProcess = false}); the gateway then reaches it only
 * as it would a real modem's SIM. Taken out of the modem again, the driver withdraws it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SimulatedModemIT {

    private static final long TIMEOUT = 30_000;

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    private Process socat;
    private Path dir;

    @Configuration
    public Option[] config() throws IOException {
        return FelixDistribution.withFreshCard("simulated-modem");
    }

    @After
    public void stopSocat() throws Exception {
        configAdmin.getConfiguration(Pids.SE_MODEM, null).delete();
        configAdmin.getConfiguration(Pids.SE_SIM, null).update(new Hashtable<>(Map.of("inProcess", true)));
        if (socat != null) {
            socat.destroy();
            if (!socat.waitFor(10, TimeUnit.SECONDS)) {
                socat.destroyForcibly();
            }
        }
        if (dir != null) {
            GatewayProcesses.deleteTree(dir);
        }
    }

    @Test
    public void theSimulatedCardAnswersAsAModemsSimAndTheModemDriverTakesIt() throws Exception {
        Assume.assumeTrue("socat is installed (.ci/run installs it)", Files.isExecutable(Paths.get("/usr/bin/socat")));
        dir = Files.createTempDirectory("scgw-simulated-modem");
        Path modemEnd = dir.resolve("modem");
        Path gatewayEnd = dir.resolve("gateway");
        socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + modemEnd, "pty,raw,echo=0,link=" + gatewayEnd)
                .redirectErrorStream(true).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!(Files.exists(modemEnd) && Files.exists(gatewayEnd)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        configAdmin.getConfiguration(Pids.SE_SIM, null).update(new Hashtable<>(Map.of("modemPty", modemEnd.toString(), "inProcess", false)));
        configAdmin.getConfiguration(Pids.SE_MODEM, null).update(new Hashtable<>(Map.of("ports", gatewayEnd.toString(),
                "scanIntervalMs", 200L, "commandTimeoutMs", 3000L)));

        SecureElement sim = Services.await(context, SecureElement.class, "(scgw.component.backend=se.modem)", TIMEOUT);
        assertNotNull("the modem driver offered no SIM", sim);
        assertTrue(sim.id(), sim.id().startsWith("modem-gateway-"));
        assertEquals("the card is reached through the modem only", 0,
                context.getServiceReferences(SecureElement.class, "(scgw.component.backend=se.sim)").size());
        try (ApduChannel pkcs15 = sim.openLogicalChannel(Aid.fromHex("A000000063504B43532D3135"))) {
            assertEquals("the PKCS#15 application selected through +CCHO", 0x9000, pkcs15.selectResponse().orElseThrow().sw());
        }

        configAdmin.getConfiguration(Pids.SE_SIM, null).update(new Hashtable<>(Map.of("inProcess", true)));
        deadline = System.currentTimeMillis() + TIMEOUT;
        while (!context.getServiceReferences(SecureElement.class, "(scgw.component.backend=se.modem)").isEmpty()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals("the SIM taken out of the modem is withdrawn", 0,
                context.getServiceReferences(SecureElement.class, "(scgw.component.backend=se.modem)").size());
    }
}
