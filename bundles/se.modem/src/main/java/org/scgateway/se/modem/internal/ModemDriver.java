package org.scgateway.se.modem.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scgateway.api.component.ComponentKind;
import org.scgateway.api.config.Pids;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.se.SecureElementProbe;
import org.scgateway.api.se.SecureElementRegistration;
import org.scgateway.api.util.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers the SIM in each configured modem port as a {@link SecureElement}: a port that appears is probed ({@link SimProbe})
 * and its SIM offered; a port that vanishes, a SIM the modem says is gone or not ready, a modem that resets or stops
 * answering withdraws it, and the port is probed again at the next look, so it comes back by itself. One watcher thread
 * looks every scan interval (ports come and go with USB modems; Linux tells of them through udev, which a JVM does not
 * hear) and is woken at once when a command finds the SIM gone.
 * <p>
 * A {@link SecureElementProbe}: its first look ends the probing, so the LwM2M client starts once, with the modem's SIM.
 */
@Component(configurationPid = Pids.SE_MODEM, immediate = true, service = SecureElementProbe.class)
@Designate(ocd = ModemDriver.Config.class)
public class ModemDriver implements SecureElementProbe {

    @ObjectClassDefinition(name = "SC Gateway modem driver",
            description = "Offers the SIM (or eUICC) in a cellular modem as a Secure Element, through the modem's AT command port "
                    + "(3GPP TS 27.007: +CSIM, +CCHO, +CGLA, +CCHC).")
    public @interface Config {
        @AttributeDefinition(name = "Ports", description = "The modems' AT ports: device paths (/dev/ttyUSB2, "
                + "/dev/serial/by-id/usb-Quectel_EG25-G-if02-port0), or patterns with * and ? in the file name "
                + "(/dev/serial/by-id/usb-Quectel*-if02-port0). Empty: none; the driver sends nothing to any port. A port that "
                + "ModemManager also uses needs its ID_MM_PORT_IGNORE udev property (docs/modem.md).")
        String[] ports() default {};

        @AttributeDefinition(name = "Baud rate", description = "For a real serial line; USB modems ignore it.")
        int baudRate() default 115_200;

        @AttributeDefinition(name = "Command timeout (ms)", description = "How long one AT command may take. A modem that "
                + "does not answer in time has its SIM let go and is probed again.")
        long commandTimeoutMs() default 10_000;

        @AttributeDefinition(name = "Busy wait (ms)", description = "How long a command waits for the port while another "
                + "command holds it, or tries again while the modem says the SIM is busy (+CME ERROR: 14), before it fails as busy.")
        long busyWaitMs() default 5_000;

        @AttributeDefinition(name = "Scan interval (ms)", description = "How often the driver looks for the ports, probes "
                + "those without an offered SIM, and asks each offered SIM's modem whether it is still ready (AT+CPIN?).")
        long scanIntervalMs() default 2_000;

        @AttributeDefinition(name = "SIM lost indications", description = "A regular expression: an unsolicited result "
                + "code matching it says the SIM went or the modem restarted (its logical channels are gone), and the SIM is "
                + "withdrawn at once. The default knows TS 27.007's +CPIN and the start-up and SIM indications of common "
                + "modems; add your modem's.")
        String simLostIndications() default "RDY|\\+CPIN: (?!READY).*|\\+SIMCARD: NOT AVAILABLE|#QSS: 0|\\^SYSSTART.*";
    }

    /** The port the SIM is reached through, as configured (a link such as /dev/serial/by-id/... is kept as such). */
    static final String PROP_PORT = "scgw.modem.port";
    /** The modem's manufacturer and model, as it names them. */
    static final String PROP_MODEM = "scgw.modem.name";

    private static final Logger LOG = LoggerFactory.getLogger(ModemDriver.class);

    private BundleContext context;
    private List<String> ports = List.of();
    private int baudRate;
    private long commandTimeoutMs;
    private long busyWaitMs;
    private long scanIntervalMs;
    private Pattern simLost;
    /** Touched by the watcher only. */
    private final Map<String, Offered> offered = new HashMap<>();
    /** Why each port was not offered, so that it is said once, and again only when the reason changes. */
    private final Map<String, String> refused = new HashMap<>();
    private final Object wake = new Object();
    private volatile boolean running;
    private Thread watcher;
    private final CountDownLatch firstLook = new CountDownLatch(1);

    @Activate
    void activate(BundleContext context, Config config) {
        this.context = context;
        ports = List.of(config.ports()).stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
        baudRate = config.baudRate() > 0 ? config.baudRate() : 115_200;
        commandTimeoutMs = Math.max(100, config.commandTimeoutMs());
        busyWaitMs = Math.max(0, config.busyWaitMs());
        scanIntervalMs = Math.max(50, config.scanIntervalMs());
        try {
            simLost = Pattern.compile(config.simLostIndications());
        } catch (PatternSyntaxException e) {
            LOG.error("the modem driver's SIM lost indications are not a regular expression ({}); only +CPIN is heeded",
                    e.getDescription());
            simLost = Pattern.compile("\\+CPIN: (?!READY).*");
        }
        if (ports.isEmpty()) {
            LOG.info("the modem driver has no port to use (ports in {}); it sends nothing to any port", Pids.SE_MODEM);
            firstLook.countDown();
            return;
        }
        running = true;
        watcher = DaemonThreads.start("se-modem-watcher", this::watch);
    }

    @Override
    public boolean awaitProbed(long timeout, TimeUnit unit) throws InterruptedException {
        return firstLook.await(timeout, unit);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        running = false;
        firstLook.countDown();
        if (watcher != null) {
            synchronized (wake) {
                wake.notifyAll();
            }
            watcher.join(commandTimeoutMs * 8 + 5_000); // a probe in hand: a few commands, each bounded
        }
        offered.values().forEach(o -> o.withdraw("the modem driver stopped"));
        offered.clear();
    }

    private void watch() {
        while (running) {
            Set<String> present = resolve();
            for (String port : new ArrayList<>(offered.keySet())) {
                Offered o = offered.get(port);
                if (!present.contains(port)) {
                    o.element.lost("the port is gone");
                } else {
                    o.element.check();
                }
                if (o.element.isLost()) {
                    offered.remove(port).withdraw(o.element.whyLost());
                }
            }
            refused.keySet().retainAll(present);
            for (String port : present) {
                if (running && !offered.containsKey(port)) {
                    attach(port);
                }
            }
            firstLook.countDown();
            synchronized (wake) {
                if (running && offered.values().stream().noneMatch(o -> o.element.isLost())) {
                    try {
                        wake.wait(scanIntervalMs);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /** The configured ports that exist now, patterns expanded (in the file name: /dev/serial/by-id/usb-Quectel*). */
    private Set<String> resolve() {
        Set<String> found = new TreeSet<>();
        for (String port : ports) {
            Path path = Paths.get(port);
            String name = path.getFileName() == null ? "" : path.getFileName().toString();
            if (!name.contains("*") && !name.contains("?")) {
                if (Files.exists(path)) {
                    found.add(port);
                }
                continue;
            }
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + name);
            Path dir = path.getParent() == null ? Paths.get(".") : path.getParent();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    if (matcher.matches(entry.getFileName()) && Files.exists(entry)) {
                        found.add(entry.toString());
                    }
                }
            } catch (IOException e) {
                // the folder is not there (yet): /dev/serial/by-id appears with the first USB serial device
            }
        }
        return found;
    }

    /** Opens and probes {@code port}; offers its SIM when it answers ready, else says why, once. */
    private void attach(String port) {
        AtPort at;
        // Set once probed; read on whichever thread runs a command (URCs come with any command's answer).
        AtomicReference<ModemSecureElement> element = new AtomicReference<>();
        try {
            at = new AtPort(port, SerialLineTransport.open(port, baudRate), commandTimeoutMs, busyWaitMs, line -> {
                ModemSecureElement e = element.get();
                return e != null && e.unsolicited(line);
            });
        } catch (IOException e) {
            refuse(port, e.getMessage() + " (held by another program such as ModemManager?)");
            return;
        }
        SimProbe.Found found;
        try {
            found = SimProbe.probe(at);
        } catch (AtException e) {
            at.close();
            refuse(port, e.getMessage());
            return;
        }
        String id = "modem-" + slug(Paths.get(port).getFileName().toString()) + found.iccid().map(i -> "-" + i).orElse("");
        ModemSecureElement sim = new ModemSecureElement(id, ComponentKind.UICC, found.identification(), at, simLost, this::wake);
        element.set(sim);
        refused.remove(port);
        LOG.info("SIM offered through {} on {}: {}", found.modem(), port, sim.id());
        ServiceRegistration<?> registration = SecureElementRegistration.register(context, sim, Map.of(PROP_PORT, port, PROP_MODEM,
                found.modem()));
        offered.put(port, new Offered(port, registration, sim, at));
    }

    private void refuse(String port, String why) {
        if (!why.equals(refused.put(port, why))) {
            LOG.info("no SIM offered on {}: {}; looking again every {} ms", port, why, scanIntervalMs);
        }
    }

    private void wake() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private static String slug(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    /** A SIM offered: its service, its element and the port it holds open. */
    private record Offered(String port, ServiceRegistration<?> registration, ModemSecureElement element, AtPort at) {
        void withdraw(String why) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // the bundle is stopping
            }
            element.lost(why);
            at.close();
            LOG.info("SIM on {} withdrawn: {}", port, why);
        }
    }
}
