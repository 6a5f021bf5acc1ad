package org.scgateway.lwm2m.objects.internal.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.scgateway.api.io.AtomicFiles;
import org.scgateway.lwm2m.objects.internal.admin.AdminOutcome.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests running now, by component, on disk: written before a request's first command goes to its component and
 * cleared when its outcome is known, so that one cut by a crash or a power loss is reported after the restart
 * (issue 22, finding 14) instead of "no script has run" over a card that holds part of it.
 */
final class ScriptJournal {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptJournal.class);
    /** For an object with no data area (not activated): nothing recorded, nothing reported. */
    static final ScriptJournal NOWHERE = new ScriptJournal(null);
    private final Path file;

    ScriptJournal(Path file) {
        this.file = file;
    }

    /** Records that {@code what} starts on the component; a request that cannot be recorded must not run. */
    synchronized void begin(String componentId, String what) throws IOException {
        if (file == null) {
            return;
        }
        Properties p = load();
        p.setProperty(componentId, Instant.now() + " " + what);
        store(p);
    }

    /** Clears the component's record: its request's outcome is known. */
    synchronized void end(String componentId) {
        if (file == null) {
            return;
        }
        Properties p = load();
        if (p.remove(componentId) != null) {
            try {
                store(p);
            } catch (IOException e) {
                LOG.warn("the end of the request on {} could not be recorded in {} ({}): after a restart it will be reported as "
                        + "interrupted", componentId, file, e.toString());
            }
        }
    }

    /** The outcome of each request that was running when the gateway last stopped, by component. */
    synchronized Map<String, AdminOutcome> interrupted() {
        Map<String, AdminOutcome> out = new LinkedHashMap<>();
        Properties p = load();
        for (String componentId : p.stringPropertyNames()) {
            String record = p.getProperty(componentId);
            int space = record.indexOf(' ');
            String since = space < 0 ? record : record.substring(0, space);
            String what = space < 0 ? "a request" : record.substring(space + 1);
            out.put(componentId, new AdminOutcome(Result.COMPONENT_LOST, new byte[0], "interrupted: the gateway stopped while " + what
                    + " ran (started " + since + "); the component may hold part of it: read its state before running it again"));
        }
        return out;
    }

    private Properties load() {
        Properties p = new Properties();
        if (file != null && Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                // A record cut short says no more than that something ran: that is reported below, as a request.
                LOG.warn("{} cannot be read ({}): the requests it recorded are reported as interrupted, by none", file, e.toString());
            }
        }
        return p;
    }

    private void store(Properties p) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.store(out, "Secure Component Admin: the requests running now, by component");
        AtomicFiles.write(file, out.toByteArray());
    }
}
