package org.scgateway.lwm2m.objects.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

/**
 * Issue 22, finding 15: the instance ids outlive run/gateway --clean (they are in the data folder, not in the framework
 * cache it deletes), and a damaged file of ids is said, by line, kept aside and mended, not rewritten silently.
 */
public class InstanceIdsTest {

    private static final String NAME = "instance-ids.properties";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<String> warnings = new ArrayList<>();
    private final List<String> infos = new ArrayList<>();

    @Test
    public void theIdsAreKeptInTheDataFolderAndOutliveTheFrameworkCache() throws Exception {
        Path data = tmp.newFolder("data").toPath();
        Path area = Files.createDirectories(data.resolve("cache/bundle12/data")); // Felix's, for this bundle
        InstanceIds before = new InstanceIds(InstanceIds.file(bundle(data, area), NAME));
        assertEquals(0, before.idOf("sim-89490000000000000019"));
        assertEquals(1, before.idOf("tee-soft"));
        assertEquals(2, before.idOf("pcsc-reader-0"));

        deleteTree(data.resolve("cache")); // run/gateway --clean: rm -rf "$data/cache"

        // The same gateway after --clean: a new framework, a new bundle id, a new store on the same data folder.
        InstanceIds after = new InstanceIds(InstanceIds.file(bundle(data, data.resolve("cache/bundle40/data")), NAME));
        assertEquals(2, after.idOf("pcsc-reader-0"));
        assertEquals(0, after.idOf("sim-89490000000000000019"));
        assertEquals(1, after.idOf("tee-soft"));
        assertEquals("a new component takes an id none has had", 3, after.idOf("sim-89490000000000000027"));
        assertTrue(Files.exists(data.resolve("lwm2m-objects").resolve(NAME)));
    }

    @Test
    public void aFileInTheBundleDataAreaIsTakenOverOnce() throws Exception {
        Path data = tmp.newFolder("data").toPath();
        Path area = data.resolve("cache/bundle12/data");
        Files.createDirectories(area);
        Files.writeString(area.resolve(NAME), "#Wed Dec 02 10:00:00 UTC 2026\ntee-soft=0\nsim-89490000000000000019=4\n");

        Path file = InstanceIds.file(bundle(data, area), NAME);
        assertEquals(data.resolve("lwm2m-objects").resolve(NAME), file);
        assertFalse("moved, not copied: it is never read again", Files.exists(area.resolve(NAME)));
        InstanceIds ids = new InstanceIds(file);
        assertEquals(4, ids.idOf("sim-89490000000000000019"));
        assertEquals(0, ids.idOf("tee-soft"));

        // An older gateway run on the same folder left its own file again: the data folder's stays.
        Files.writeString(area.resolve(NAME), "sim-89490000000000000019=0\n");
        assertEquals(file, InstanceIds.takeOver(area.resolve(NAME), file, logger()));
        assertEquals(4, new InstanceIds(file).idOf("sim-89490000000000000019"));
    }

    @Test
    public void withoutADataFolderTheIdsStayInTheBundleDataArea() throws Exception {
        Path area = tmp.newFolder("area").toPath();
        assertEquals(area.resolve(NAME), InstanceIds.file(bundle(null, area), NAME));
    }

    @Test
    public void aTakeOverThatCannotWriteKeepsUsingTheOldFile() throws Exception {
        Path area = tmp.newFolder("area").toPath();
        Files.writeString(area.resolve(NAME), "tee-soft=3\n");
        Path blocked = tmp.newFile("not-a-folder").toPath();
        assertEquals(area.resolve(NAME), InstanceIds.takeOver(area.resolve(NAME), blocked.resolve(NAME), logger()));
        assertEquals(1, warnings.size());
        assertEquals(3, new InstanceIds(area.resolve(NAME)).idOf("tee-soft"));
    }

    @Test
    public void aDamagedFileIsSaidByLineKeptAsideAndItsGoodLinesKept() throws Exception {
        Path file = tmp.getRoot().toPath().resolve(NAME);
        String damaged = String.join("\n",
                "#Wed Dec 02 10:00:00 UTC 2026",   // 1
                "sim-89490000000000000019=0",      // 2
                "tee-soft=x1",                     // 3 not a number
                "pcsc-reader-0=0",                 // 4 an id another has
                "sim-89490000000000000019=5",      // 5 a component twice
                "garbled \u0000\u0007 bytes",      // 6
                "modem-0=\\u00zz",                 // 7 not an escape Properties reads
                "sim-89490000000000000027=70000",  // 8 beyond LwM2M's ids
                "",
                "sim-89490000000000000035=2",      // 10
                "pcsc-reader-1=1\\",               // 11, going on in 12
                "  1",
                "sim-89490000000000000043=");      // 13 cut short
        byte[] original = damaged.getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, original);

        InstanceIds ids = new InstanceIds(file, logger());

        assertEquals(1, warnings.size());
        String warning = warnings.get(0);
        assertTrue(warning, warning.contains(file.toString()));
        assertTrue(warning, warning.contains("line(s) 3, 4, 5, 6, 7, 8, 13 refused"));
        assertTrue(warning, warning.contains("the 3 other ids are kept"));
        assertTrue(warning, warning.contains(file + ".damaged"));
        assertFalse("no values: " + warning, warning.contains("sim-") || warning.contains("70000") || warning.contains("x1"));

        assertArrayEquals("the damaged file as it was", original, Files.readAllBytes(file.resolveSibling(NAME + ".damaged")));
        assertEquals("the good lines, and only those, rewritten",
                Map.of("sim-89490000000000000019", "0", "sim-89490000000000000035", "2", "pcsc-reader-1", "11"), load(file));
        assertEquals(0, ids.idOf("sim-89490000000000000019"));
        assertEquals(11, ids.idOf("pcsc-reader-1"));
        assertEquals("the lowest free id", 1, ids.idOf("tee-soft"));

        warnings.clear();
        assertEquals(1, new InstanceIds(file, logger()).idOf("tee-soft"));
        assertEquals("mended: said once", List.of(), warnings);
    }

    @Test
    public void aDamagedCopyKeptEarlierIsNotWrittenOver() throws Exception {
        Path file = tmp.getRoot().toPath().resolve(NAME);
        Files.writeString(file, "tee-soft=one\n");
        new InstanceIds(file, logger());
        Files.writeString(file, "tee-soft=two\n");
        new InstanceIds(file, logger());
        assertEquals("tee-soft=one\n", Files.readString(file.resolveSibling(NAME + ".damaged")));
        assertEquals("tee-soft=two\n", Files.readString(file.resolveSibling(NAME + ".damaged-2")));
        assertTrue(warnings.get(1), warnings.get(1).contains(NAME + ".damaged-2"));
    }

    @Test
    public void aFileThatCannotBeReadIsLeftAsItIs() throws Exception {
        Path file = tmp.newFolder(NAME).toPath(); // read fails: a folder where the file goes
        InstanceIds ids = new InstanceIds(file, logger());
        assertEquals(0, ids.idOf("tee-soft"));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0), warnings.get(0).contains(file + " could not be read (Is a directory)"));
        assertTrue(warnings.get(0), warnings.get(0).contains("the file is left as it is"));
        assertTrue(Files.isDirectory(file));
        try (Stream<Path> beside = Files.list(tmp.getRoot().toPath())) {
            assertEquals("nothing written beside it", List.of(file), beside.toList());
        }
    }

    private static Map<String, String> load(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        Map<String, String> m = new java.util.HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    /** A framework with the data folder {@code data} (scgw.data; none if null) that gives this bundle the data area {@code area}. */
    private static BundleContext bundle(Path data, Path area) {
        return (BundleContext) Proxy.newProxyInstance(InstanceIdsTest.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getProperty": return "scgw.data".equals(args[0]) && data != null ? data.toString() : null;
                        case "getDataFile": return new File(area.toFile(), (String) args[0]);
                        default: throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    /** A logger that keeps what is said at WARN and INFO, formatted as SLF4J formats it. */
    private Logger logger() {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class}, (proxy, method, args) -> {
            if (method.getReturnType() == boolean.class) {
                return true;
            }
            if (args != null && args.length > 0 && args[0] instanceof String && (method.getName().equals("warn") || method.getName().equals("info"))) {
                Object[] params = args.length == 2 && args[1] instanceof Object[] ? (Object[]) args[1] : Arrays.copyOfRange(args, 1, args.length);
                String text = MessageFormatter.arrayFormat((String) args[0], params).getMessage();
                (method.getName().equals("warn") ? warnings : infos).add(text);
            }
            return null;
        });
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
