package org.scgateway.lwm2m.objects.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.scgateway.api.io.AtomicFiles;
import org.scgateway.api.io.DataFolder;

/**
 * The instance id each component has had, kept in a file so that a component keeps its id across restarts,
 * re-insertions and hot swaps: a server's observations and its notes on /42769/1 stay meaningful. A new
 * component gets the lowest id no component has had.
 * <p>
 * A damaged file (a line that is not a component and a number from 0 to 65534, an id or a component twice) is not
 * rewritten silently: the lines refused are logged by number, the others kept, and the file as it was is copied aside
 * first ({@code <name>.damaged}). A file that cannot be read is left as it is and never written over.
 */
public final class InstanceIds {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceIds.class);
    /** Where the objects keep their ids in the gateway's data folder: outside the framework cache, which --clean deletes. */
    static final String FOLDER = "lwm2m-objects";
    /** 65535 is LwM2M's "no instance" (MAX_ID in LwM2M 1.1 TS Core 7.4). */
    private static final int MAX_ID = 65534;

    private final Path file;
    private final Logger log;
    private final Properties ids = new Properties();
    /** False while the file holds what could be neither read nor kept aside: it is then not written over. */
    private boolean writable = true;

    public InstanceIds(Path file) {
        this(file, LOG);
    }

    InstanceIds(Path file, Logger log) {
        this.file = file;
        this.log = log;
        if (file != null && Files.exists(file)) {
            load();
        }
    }

    /**
     * The file {@code name} of this bundle's state is kept in (the instance ids, the admin object's journal): in the
     * gateway's data folder ({@link DataFolder}), so that run/gateway's --clean, which deletes the framework cache and with
     * it every bundle's data area, keeps the ids docs/secure-component-admin.md promises stable; else in the bundle's data
     * area. A file an earlier version kept in the bundle's data area is taken over.
     */
    public static Path file(BundleContext bundle, String name) {
        Path legacy = bundle.getDataFile(name) == null ? null : bundle.getDataFile(name).toPath();
        return DataFolder.named(bundle) ? takeOver(legacy, DataFolder.resolve(bundle, FOLDER).resolve(name), LOG) : legacy;
    }

    /** Moves {@code legacy} to {@code file} if only the first is there; returns the file to use (the old one if it could not move). */
    static Path takeOver(Path legacy, Path file, Logger log) {
        if (legacy == null || legacy.equals(file) || Files.exists(file) || !Files.exists(legacy)) {
            return file;
        }
        try {
            AtomicFiles.write(file, Files.readAllBytes(legacy));
        } catch (IOException e) {
            log.warn("{} could not be moved to {} ({}); it is used where it is", legacy, file, e.getMessage());
            return legacy;
        }
        try {
            Files.delete(legacy);
        } catch (IOException e) {
            // The copy is the one used from now on; the old one is never read again, as the new one exists.
        }
        log.info("{} moved to {}, outside the framework cache: run/gateway --clean keeps it", legacy, file);
        return file;
    }

    private void load() {
        byte[] original;
        try {
            original = Files.readAllBytes(file);
        } catch (IOException e) {
            writable = false;
            log.warn("the instance ids in {} could not be read ({}); components are numbered afresh until the gateway stops, "
                    + "and the file is left as it is", file, why(e));
            return;
        }
        List<Integer> refused = parse(new String(original, StandardCharsets.ISO_8859_1)); // as Properties.store writes
        if (refused.isEmpty()) {
            return;
        }
        String lines = refused.stream().map(String::valueOf).collect(Collectors.joining(", "));
        String why = "each line is a component and its instance id, a number from 0 to " + MAX_ID + " no other line has";
        try {
            Path aside = keepAside(original);
            log.warn("the instance ids in {} are damaged: line(s) {} refused ({}); the {} other ids are kept, and the file as "
                    + "it was is in {}", file, lines, why, ids.size(), aside);
            save();
        } catch (IOException e) {
            writable = false;
            log.warn("the instance ids in {} are damaged: line(s) {} refused ({}); the {} other ids are used, and the file, which "
                    + "could not be copied aside ({}), is left as it is", file, lines, why, ids.size(), e.getMessage());
        }
    }

    /** What went wrong reading the file, without its name (said already). */
    private static String why(IOException e) {
        if (e instanceof java.nio.file.FileSystemException && ((java.nio.file.FileSystemException) e).getReason() != null) {
            return ((java.nio.file.FileSystemException) e).getReason();
        }
        return e instanceof java.nio.file.FileSystemException || e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Keeps the ids of the lines that make sense; returns the numbers of the others (from 1, as an editor shows them). */
    private List<Integer> parse(String text) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        List<Integer> refused = new ArrayList<>();
        Set<Integer> taken = new HashSet<>();
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i].replaceFirst("^[ \t\f]+", ""); // the white space Properties skips, no other
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            StringBuilder entry = new StringBuilder(lines[i]);
            while (continues(lines[i]) && i + 1 < lines.length) {
                entry.append('\n').append(lines[++i]);
            }
            if (!take(entry.toString(), taken)) {
                refused.add(number);
            }
        }
        return refused;
    }

    /** A line ending in an odd number of backslashes goes on in the next, as in Properties. */
    private static boolean continues(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    private boolean take(String entry, Set<Integer> taken) {
        Properties one = new Properties();
        try {
            one.load(new StringReader(entry));
        } catch (IOException | IllegalArgumentException e) { // a malformed \\uxxxx
            return false;
        }
        if (one.size() != 1) {
            return false;
        }
        String component = one.stringPropertyNames().iterator().next();
        int id;
        try {
            id = Integer.parseInt(one.getProperty(component).strip());
        } catch (NumberFormatException e) {
            return false;
        }
        // The first line with a component or an id has it: a later one is the damage.
        if (component.isEmpty() || id < 0 || id > MAX_ID || ids.containsKey(component) || !taken.add(id)) {
            return false;
        }
        ids.setProperty(component, Integer.toString(id));
        return true;
    }

    /** Copies the damaged file beside it, under the first name not taken by another damaged copy (kept: the operator's). */
    private Path keepAside(byte[] original) throws IOException {
        for (int n = 1; ; n++) {
            Path aside = file.resolveSibling(file.getFileName() + (n == 1 ? ".damaged" : ".damaged-" + n));
            if (!Files.exists(aside)) {
                AtomicFiles.write(aside, original);
                return aside;
            }
            if (Arrays.equals(Files.readAllBytes(aside), original)) {
                return aside; // kept at an earlier start, whose rewrite did not happen
            }
        }
    }

    public synchronized int idOf(String componentId) {
        String known = ids.getProperty(componentId);
        if (known != null) {
            return Integer.parseInt(known); // every value was checked as it was read or given
        }
        int id = 0;
        while (ids.containsValue(Integer.toString(id))) {
            id++;
        }
        ids.setProperty(componentId, Integer.toString(id));
        save();
        return id;
    }

    private void save() {
        if (file == null || !writable) {
            return;
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ids.store(out, "LwM2M instance ids, by the name of what each instance stands for");
            AtomicFiles.write(file, out.toByteArray());
        } catch (IOException e) {
            log.warn("the instance ids could not be saved in {} ({}); they hold until the gateway stops", file, e.getMessage());
        }
    }
}
