package org.scgateway.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class LauncherTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    public void substitutesPropertiesAndDefaults() {
        Properties p = props("scgw.data", "/var/scgw", "port", "8080");
        assertEquals("/var/scgw/cache", Launcher.substitute("${scgw.data}/cache", p));
        assertEquals("127.0.0.1:8080", Launcher.substitute("${host:-127.0.0.1}:${port:-9}", p));
        assertEquals("no variables", Launcher.substitute("no variables", p));
        assertEquals("", Launcher.substitute("${empty:-}", p));
    }

    @Test
    public void aMissingPropertyIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Launcher.substitute("${scgw.nowhere}/x", props()));
        assertTrue(e.getMessage(), e.getMessage().contains("scgw.nowhere"));
        assertThrows(IllegalArgumentException.class, () -> Launcher.substitute("${unclosed", props()));
    }

    @Test
    public void theShippedFrameworkPropertiesResolve() throws Exception {
        Path conf = Path.of("src/main/dist/conf/framework.properties");
        System.setProperty("scgw.home", "/opt/scgw");
        System.setProperty("scgw.data", "/var/scgw");
        try {
            Map<String, String> config = Launcher.frameworkProperties(conf);
            assertEquals("/var/scgw/cache", config.get("org.osgi.framework.storage"));
            assertEquals("/opt/scgw/etc", config.get("felix.fileinstall.dir"));
            assertEquals("loopback unless told otherwise", "127.0.0.1", config.get("org.apache.felix.http.host"));
            assertEquals("8080", config.get("org.osgi.service.http.port"));
        } finally {
            System.clearProperty("scgw.home");
            System.clearProperty("scgw.data");
        }
    }

    @Test
    public void readsAFileWithSubstitution() throws Exception {
        Path f = tmp.newFile("fw.properties").toPath();
        Files.writeString(f, "a=${java.version}\nb=plain\n");
        Map<String, String> config = Launcher.frameworkProperties(f);
        assertEquals(System.getProperty("java.version"), config.get("a"));
        assertEquals("plain", config.get("b"));
    }
}
