package org.scgateway.se.pcsc.internal;

import java.security.NoSuchAlgorithmException;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;

import jnasmartcardio.Smartcardio;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scgateway.api.component.SecureComponent;
import org.scgateway.api.se.SecureElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the PC/SC readers and registers a {@link SecureElement} for each card that is present: inserted
 * cards appear, removed cards and unplugged readers disappear. The watch blocks in pcscd
 * ({@code CardTerminals.waitForChange}), so it costs no CPU while nothing happens. When pcscd is not
 * there, or goes away, the driver withdraws every card, says so once and looks again every 2 s.
 */
@Component(configurationPid = "org.scgateway.se.pcsc", immediate = true)
@Designate(ocd = PcscDriver.Config.class)
public class PcscDriver {

    @ObjectClassDefinition(name = "SC Gateway PC/SC driver",
            description = "Registers the card in each PC/SC reader (pcscd) as a Secure Element.")
    public @interface Config {
        @AttributeDefinition(name = "Readers", description = "A regular expression: only readers whose name matches are used.")
        String readers() default ".*";

        @AttributeDefinition(name = "Ignored readers", description = "A regular expression: readers whose name matches are "
                + "never used. Empty: none.")
        String ignoredReaders() default "";

        @AttributeDefinition(name = "Wait (ms)", description = "How long one wait for a reader change lasts before the "
                + "driver looks again; also how quickly it stops.")
        long waitMs() default 1000;
    }

    /** The name of the reader the card is in. */
    static final String PROP_READER = "scgw.pcsc.reader";
    /** The card's answer to reset, hexadecimal: public, and what tells one card type from another. */
    static final String PROP_ATR = "scgw.se.atr";

    /** How long the driver waits before it looks for pcscd again. */
    private static final long RETRY_MS = 2_000;

    private static final Logger LOG = LoggerFactory.getLogger(PcscDriver.class);

    private final Map<String, ServiceRegistration<SecureElement>> registrations = new HashMap<>();
    private final Map<String, PcscSecureElement> elements = new HashMap<>();
    private BundleContext context;
    private Pattern readers;
    private Pattern ignored;
    private long waitMs;
    private volatile boolean running;
    private Thread watcher;

    @Activate
    void activate(BundleContext context, Config config) {
        this.context = context;
        try {
            readers = Pattern.compile(config.readers());
            ignored = config.ignoredReaders().isBlank() ? null : Pattern.compile(config.ignoredReaders());
        } catch (PatternSyntaxException e) {
            LOG.error("the PC/SC driver's reader filter is not a regular expression ({}); no reader is watched", e.getDescription());
            return;
        }
        waitMs = Math.max(100, config.waitMs());
        running = true;
        watcher = new Thread(this::watch, "se-pcsc-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        running = false;
        if (watcher != null) {
            watcher.interrupt();
            watcher.join(waitMs + 5_000);
        }
        synchronized (this) {
            for (String reader : new HashSet<>(registrations.keySet())) {
                withdraw(reader);
            }
        }
    }

    private void watch() {
        // jnasmartcardio rather than the JDK's provider: each terminals() call is a new PC/SC context, so a
        // pcscd that restarts is met again; the JDK's provider keeps one context per JVM and never recovers.
        TerminalFactory factory;
        try {
            factory = TerminalFactory.getInstance("PC/SC", null, new Smartcardio());
        } catch (NoSuchAlgorithmException | LinkageError e) {
            LOG.error("no PC/SC library to use ({}); the PC/SC driver stays idle", e.getMessage());
            return;
        }
        boolean said = false;
        while (running) {
            CardTerminals terminals = null;
            try {
                terminals = factory.terminals();
                sync(terminals.list(CardTerminals.State.CARD_PRESENT));
                if (said) {
                    LOG.info("PC/SC service (pcscd) found again");
                }
                said = false;
                while (running) {
                    terminals.waitForChange(waitMs);
                    sync(terminals.list(CardTerminals.State.CARD_PRESENT));
                }
            } catch (CardException | Smartcardio.EstablishContextException | IllegalStateException e) {
                // EstablishContextException is unchecked: pcscd is not (yet) there.
                synchronized (this) {
                    for (String reader : new HashSet<>(registrations.keySet())) {
                        withdraw(reader);
                    }
                }
                if (!said && running) {
                    LOG.info("no PC/SC service (pcscd) to watch: {}; looking again every {} ms", e.getMessage(), RETRY_MS);
                    said = true;
                }
                close(terminals);
                sleep(RETRY_MS);
            }
        }
    }

    private static void close(CardTerminals terminals) {
        if (terminals instanceof Smartcardio.JnaCardTerminals) {
            try {
                ((Smartcardio.JnaCardTerminals) terminals).close();
            } catch (CardException e) {
                // its context died with the pcscd it came from
            }
        }
    }

    private synchronized void sync(List<CardTerminal> present) {
        Set<String> names = new HashSet<>();
        for (CardTerminal t : present) {
            String name = t.getName();
            if (!readers.matcher(name).matches() || (ignored != null && ignored.matcher(name).matches())) {
                continue;
            }
            names.add(name);
            if (!registrations.containsKey(name)) {
                offer(t);
            }
        }
        for (String reader : new HashSet<>(registrations.keySet())) {
            if (!names.contains(reader)) {
                withdraw(reader);
            }
        }
    }

    private void offer(CardTerminal terminal) {
        Card card;
        try {
            card = terminal.connect("*");
        } catch (CardException e) {
            LOG.warn("the card in {} does not answer: {}", terminal.getName(), e.getMessage());
            return;
        }
        String reader = terminal.getName();
        PcscSecureElement element = new PcscSecureElement(terminal, card, lost -> withdrawIfCurrent(reader, lost));
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(SecureComponent.PROP_ID, element.id());
        props.put(SecureComponent.PROP_KIND, element.kind().name());
        props.put(SecureComponent.PROP_BACKEND, element.backend());
        props.put(PROP_READER, terminal.getName());
        props.put(PROP_ATR, HexFormat.of().withUpperCase().formatHex(card.getATR().getBytes()));
        elements.put(terminal.getName(), element);
        registrations.put(terminal.getName(), context.registerService(SecureElement.class, element, props));
        LOG.info("card inserted in {}: {} (protocol {})", terminal.getName(), element.id(), card.getProtocol());
    }

    /**
     * A command found the card lost. Withdrawn now rather than at the next reader change: a card reset by
     * another PC/SC client stays in the reader, so no change would come, and the next look (within
     * {@code waitMs}) offers it afresh.
     */
    private synchronized void withdrawIfCurrent(String reader, PcscSecureElement element) {
        if (elements.get(reader) == element) {
            withdraw(reader);
        }
    }

    private void withdraw(String reader) {
        ServiceRegistration<SecureElement> r = registrations.remove(reader);
        PcscSecureElement element = elements.remove(reader);
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // the bundle is stopping
            }
        }
        if (element != null) {
            element.remove();
            LOG.info("card removed from {}", reader);
        }
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
