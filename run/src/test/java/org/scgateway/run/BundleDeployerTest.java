package org.scgateway.run;

import static org.junit.Assert.assertEquals;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.apache.felix.framework.FrameworkFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/**
 * Found while trying issue 22's finding 2: the build is reproducible, so every jar carries the same date, and a cache
 * that held a bundle never took a rebuilt jar of it (the deployer compared dates): an upgraded distribution ran its old
 * bundles on an existing data folder.
 */
public class BundleDeployerTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aJarWithOtherContentButTheSameDateIsUpdatedInAKeptCache() throws Exception {
        Path bundles = tmp.newFolder("bundle").toPath();
        Path cache = tmp.newFolder("cache").toPath();
        Path jar = bundles.resolve("example.jar");
        FileTime reproducible = FileTime.fromMillis(1_795_392_000_000L); // as project.build.outputTimestamp gives every jar
        writeBundle(jar, "first");
        Files.setLastModifiedTime(jar, reproducible);
        assertEquals("first", deployedContent(cache, bundles));

        writeBundle(jar, "second");
        Files.setLastModifiedTime(jar, reproducible);
        assertEquals("the rebuilt jar is the one deployed", "second", deployedContent(cache, bundles));
        assertEquals("and stays so", "second", deployedContent(cache, bundles));
    }

    /** Starts a framework on {@code cache}, deploys {@code bundles} as the launcher does, and reads the bundle's mark. */
    private static String deployedContent(Path cache, Path bundles) throws Exception {
        Framework f = new FrameworkFactory().newFramework(Map.of(Constants.FRAMEWORK_STORAGE, cache.toString()));
        f.init();
        try {
            new BundleDeployer(f.getBundleContext(), new PrintStream(OutputStream.nullOutputStream())).deploy(bundles);
            for (Bundle b : f.getBundleContext().getBundles()) {
                if ("example".equals(b.getSymbolicName())) {
                    return b.getHeaders().get("X-Content");
                }
            }
            return null;
        } finally {
            f.stop();
            f.waitForStop(10_000);
        }
    }

    private static void writeBundle(Path jar, String content) throws Exception {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        a.putValue(Constants.BUNDLE_SYMBOLICNAME, "example");
        a.putValue(Constants.BUNDLE_VERSION, "1.0.0");
        a.putValue("X-Content", content);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.flush();
        }
    }
}
