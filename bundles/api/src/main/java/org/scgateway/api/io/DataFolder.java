package org.scgateway.api.io;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.osgi.framework.BundleContext;

/**
 * Where a bundle keeps state that must outlive the framework cache: the gateway's data folder ({@code scgw.data} on
 * the Felix distribution, {@code karaf.data} on Karaf), which {@code run/gateway --clean} keeps while it deletes the
 * cache and every bundle's data area with it. Without either property, the bundle's data area.
 */
public final class DataFolder {

    private DataFolder() {
    }

    /** {@code name} (a file or a folder) in the gateway's data folder, or else in the bundle's data area. */
    public static Path resolve(BundleContext context, String name) {
        String dir = folder(context);
        return (dir != null ? Paths.get(dir, name) : context.getDataFile(name).toPath()).toAbsolutePath();
    }

    /** Whether the framework names a data folder of the gateway's (else {@link #resolve} gives the bundle's data area). */
    public static boolean named(BundleContext context) {
        return folder(context) != null;
    }

    private static String folder(BundleContext context) {
        for (String property : new String[] {"scgw.data", "karaf.data"}) {
            String dir = context.getProperty(property);
            if (dir != null && !dir.isBlank()) {
                return dir;
            }
        }
        return null;
    }
}
