package org.scgateway.se.sim.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scgateway.api.config.Pids;
import org.scgateway.api.io.AtomicFiles;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.se.SecureElementRegistration;
import org.scgateway.api.util.DaemonThreads;
import org.scgateway.api.io.DataFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts the simulated card: reads its profile (or the state it left last time), and registers it as a
 * {@link SecureElement} for as long as the component is active. The service is registered here rather
 * than by DS because its identity properties come from the card. Every change of a file's content is
 * written to the state file at once, atomically, so it survives a restart and a kill.
 */
@Component(configurationPid = Pids.SE_SIM, immediate = true)
@Designate(ocd = SimulatedCardComponent.Config.class)
public class SimulatedCardComponent {

    @ObjectClassDefinition(name = "SC Gateway simulated card",
            description = "The embedded default Secure Element: a UICC played in process. Its content comes from a JSON card "
                    + "profile; changes are kept in a state file.")
    public @interface Config {
        @AttributeDefinition(name = "Card profile", description = "A JSON card profile. Empty: the built-in default, whose "
                + "bootstrap file names run/'s local LwM2M server.")
        String profile() default "";

        @AttributeDefinition(name = "vpcd bridge", description = "host:port of vsmartcard's vpcd (127.0.0.1:35963) to put "
                + "the card into a PC/SC reader as well, for pcscd and every PC/SC program. Empty: no bridge.")
        String vpcd() default "";

        @AttributeDefinition(name = "Modem pseudo-terminal", description = "A pseudo-terminal (one end of a pair such as "
                + "socat pty,raw,echo=0,link=... makes) on which the card also answers as the SIM of a modem, to the AT commands "
                + "of 3GPP TS 27.007 (+CSIM, +CCHO, +CGLA, +CCHC), for the modem driver and any AT program on the other end. "
                + "Empty: none. One outside interface at a time: not with a vpcd bridge.")
        String modemPty() default "";

        @AttributeDefinition(name = "Offered in process", description = "Registers the card as a Secure Element of this "
                + "gateway. Off: it is reached only from outside (vpcd, the modem pseudo-terminal), through the gateway's PC/SC "
                + "or modem driver, as a real card is.")
        boolean inProcess() default true;

        @AttributeDefinition(name = "State folder", description = "Where the card keeps its state (<name>.json). Empty: "
                + "se-sim/ in the gateway's data folder (scgw.data, karaf.data), or this bundle's data area.")
        String stateFolder() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedCardComponent.class);

    private ServiceRegistration<?> registration;
    private SimulatedSecureElement element;
    private final ExecutorService persister = DaemonThreads.singleThread("se-sim-state");
    private VpcdBridge bridge;
    private PtyModem modem;

    @Activate
    void activate(BundleContext context, Config config) {
        CardProfile profile;
        Path state;
        try {
            CardProfile fresh = profile(config);
            state = stateFolder(config, context).resolve(fresh.name + ".json");
            profile = kept(fresh, state);
        } catch (NotInserted e) {
            LOG.error("the simulated card is not inserted: {}", e.getMessage());
            return;
        }
        CardProfile p = profile;
        SimulatedCard[] holder = new SimulatedCard[1];
        // The snapshot is taken on the caller's thread, which holds the card; only the write goes to the persister.
        SimulatedCard card = p.newCard(() -> keepState(p, holder[0], state));
        if (p.euicc != null) {
            p.euicc.keepWith(() -> keepState(p, holder[0], state));
        }
        holder[0] = card;
        element = new SimulatedSecureElement(card, p);
        Map<String, Object> props = new HashMap<>();
        String host = null;
        int port = VpcdBridge.FIRST_PORT;
        if (!config.vpcd().isBlank()) {
            String[] hp = config.vpcd().strip().split(":");
            try {
                port = hp.length > 1 ? Integer.parseInt(hp[1]) : VpcdBridge.FIRST_PORT;
                host = hp[0];
                // Said before the card is in the reader, so that the gateway's PC/SC driver does not take it twice.
                VpcdBridge.readerName(host, port).ifPresent(reader -> props.put(SecureElement.PROP_BRIDGED_READER, reader));
            } catch (NumberFormatException e) {
                LOG.error("vpcd '{}' is not host:port; no bridge", config.vpcd());
            }
        }
        String modemPty = config.modemPty().strip();
        if (!modemPty.isEmpty() && host != null) {
            LOG.error("the simulated card takes one outside interface at a time: vpcd {} is used, the modem pseudo-terminal {} is not",
                    config.vpcd(), modemPty);
            modemPty = "";
        }
        if (config.inProcess()) {
            registration = SecureElementRegistration.register(context, element, props);
        }
        LOG.info("simulated card {} inserted ({} channels{}), state in {}", element.id(), p.channels,
                config.inProcess() ? "" : ", reached from outside only", state);
        if (host != null) {
            bridge = new VpcdBridge(card, p.atr, host, port);
            bridge.start();
        }
        if (!modemPty.isEmpty()) {
            modem = new PtyModem(new SimulatedModem(card), Paths.get(modemPty));
            modem.start();
        }
    }

    /**
     * Writes the whole state of the card: the snapshot is taken on the caller's thread, which holds the card;
     * only the write goes to the persister. False when it could not be written.
     */
    private boolean keepState(CardProfile p, SimulatedCard card, Path state) {
        byte[] json;
        try {
            json = p.toJsonWithContents(card.sequenceCounter());
        } catch (IOException e) {
            LOG.error("the simulated card's state could not be written to {}: {}", state, e.toString());
            return false;
        }
        return persist(() -> write(json, state));
    }

    /**
     * Writes the card's state on a thread of its own and waits for it, whatever happens to the caller: the
     * caller is whoever sent the APDU, and an interrupt on its thread (a client stopping its executor) would
     * close the file channel mid-write and lose the change, a sequence counter among them.
     */
    private boolean persist(java.util.concurrent.Callable<Boolean> write) {
        Future<Boolean> done;
        try {
            done = persister.submit(write);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("a change to the simulated card after it was removed is not kept");
            return false;
        }
        boolean interrupted = false;
        boolean kept = false;
        while (true) {
            try {
                kept = done.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                LOG.error("the simulated card's state could not be written: {}", String.valueOf(e.getCause()));
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return kept;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (bridge != null) {
            bridge.stop();
            bridge = null;
        }
        if (modem != null) {
            modem.stop();
            modem = null;
        }
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        if (element != null) {
            element.remove();
        }
        persister.shutdown();
        persister.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Why the card is not inserted: the message names the file and what is wrong in it, and shows no key of it. */
    static final class NotInserted extends Exception {
        private static final long serialVersionUID = 1L;

        NotInserted(String message) {
            super(message);
        }
    }

    /** The card profile the configuration names, or the built-in one. */
    static CardProfile profile(Config config) throws NotInserted {
        if (config.profile().isBlank()) {
            try (InputStream in = SimulatedCardComponent.class.getResourceAsStream("/profiles/default.json")) {
                if (in == null) {
                    throw new NotInserted("the built-in card profile is missing from the bundle");
                }
                return CardProfile.parse(in.readAllBytes());
            } catch (IOException e) {
                throw new NotInserted("the built-in card profile could not be read (" + why(e) + ")");
            } catch (CardProfile.InvalidProfileException e) {
                throw new NotInserted("the built-in card profile cannot be used: " + e.getMessage());
            }
        }
        Path file = Paths.get(config.profile().strip());
        try {
            return CardProfile.parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new NotInserted("its card profile " + file + " could not be read (" + why(e) + ")");
        } catch (CardProfile.InvalidProfileException e) {
            throw new NotInserted("its card profile " + file + " cannot be used: " + e.getMessage());
        }
    }

    /**
     * The card as it was left in {@code state}, or as {@code profile} has it when it left no state. A damaged state file
     * is refused and left as it is, for the operator: it holds the card's keys, counters and files, which the card
     * started afresh from its profile would not have, and its first change would write over them for good.
     */
    static CardProfile kept(CardProfile profile, Path state) throws NotInserted {
        String left = "; the file is left as it is: mend it, or move it away to start the card afresh from its profile";
        byte[] json;
        try {
            json = readIfPresent(state);
        } catch (IOException e) {
            throw new NotInserted("its state file " + state + " could not be read (" + why(e) + ")" + left);
        }
        if (json == null) {
            return profile;
        }
        try {
            return CardProfile.parse(json);
        } catch (CardProfile.InvalidProfileException e) {
            throw new NotInserted("its state file " + state + " is damaged (" + e.getMessage() + ")" + left);
        }
    }

    /** What went wrong reading a file, without the path (said already) and without content (an IOException has none). */
    private static String why(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.FileSystemException) {
            String reason = ((java.nio.file.FileSystemException) e).getReason();
            return reason != null ? reason : e.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    static Path stateFolder(Config config, BundleContext context) {
        if (!config.stateFolder().isBlank()) {
            return Paths.get(config.stateFolder().strip());
        }
        return DataFolder.resolve(context, "se-sim");
    }

    private static byte[] readIfPresent(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Writes the card's state: a temporary file forced to disk, then moved over the old one. */
    static boolean keep(CardProfile profile, int sequenceCounter, Path state) {
        try {
            return write(profile.toJsonWithContents(sequenceCounter), state);
        } catch (IOException e) {
            LOG.error("the simulated card's state could not be written to {}: {}", state, e.toString());
            return false;
        }
    }

    /** Replaces the state file whole (it holds the card's keys): {@link AtomicFiles}. */
    static boolean write(byte[] json, Path state) {
        try {
            AtomicFiles.write(state, json);
            return true;
        } catch (IOException e) {
            LOG.error("the simulated card's state could not be written to {}: {}", state, e.toString());
            return false;
        }
    }
}
