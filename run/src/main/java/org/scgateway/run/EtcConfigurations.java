package org.scgateway.run;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Waits until FileInstall has handed every file of {@code etc/} to Config Admin. FileInstall reads the folder on
 * a thread of its own; a component that started before its file arrived would start with its defaults and be
 * restarted a moment later with its configuration (the credential store without its seed, the client with no
 * server), which a first start showed as warnings about keys that were on their way. Config Admin is reached by
 * reflection: its API is a bundle's, not on the launcher's class path.
 */
final class EtcConfigurations {

    /** The property FileInstall gives each configuration it made from a file: the file's URL. */
    private static final String FILENAME = "felix.fileinstall.filename";

    private EtcConfigurations() {
    }

    /** The names of the files still missing after {@code timeoutMillis}; empty when all arrived. */
    static Set<String> await(BundleContext context, Path etc, long timeoutMillis) throws IOException, InterruptedException {
        Set<String> wanted = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(etc, "*.cfg")) {
            files.forEach(f -> wanted.add(f.getFileName().toString()));
        }
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            Set<String> missing = new TreeSet<>(wanted);
            missing.removeAll(loaded(context));
            if (missing.isEmpty() || System.currentTimeMillis() > deadline) {
                return missing;
            }
            Thread.sleep(10);
        }
    }

    /** The file names of the configurations FileInstall has made so far. */
    private static Set<String> loaded(BundleContext context) {
        Set<String> names = new HashSet<>();
        ServiceReference<?> ref = context.getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
        if (ref == null) {
            return names;
        }
        Object admin = context.getService(ref);
        try {
            if (admin == null) {
                return names;
            }
            Method list = admin.getClass().getMethod("listConfigurations", String.class);
            Object[] configurations = (Object[]) list.invoke(admin, "(" + FILENAME + "=*)");
            for (Object c : configurations == null ? new Object[0] : configurations) {
                Method properties = c.getClass().getMethod("getProperties");
                properties.setAccessible(true);
                Dictionary<?, ?> p = (Dictionary<?, ?>) properties.invoke(c);
                Object file = p == null ? null : p.get(FILENAME);
                if (file != null) {
                    String s = file.toString();
                    names.add(s.substring(s.lastIndexOf('/') + 1));
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Config Admin going or not ready: asked again on the next round
        } finally {
            context.ungetService(ref);
        }
        return names;
    }
}
