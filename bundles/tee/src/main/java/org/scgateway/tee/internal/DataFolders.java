package org.scgateway.tee.internal;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.osgi.framework.BundleContext;

/** Where a TEE keeps its store when its configuration does not say. */
public final class DataFolders {

    private DataFolders() {
    }

    /** {@code name} in the gateway's data folder (scgw.data, karaf.data), or in this bundle's data area. */
    public static Path of(BundleContext context, String name) {
        for (String property : new String[] {"scgw.data", "karaf.data"}) {
            String dir = context.getProperty(property);
            if (dir != null && !dir.isBlank()) {
                return Paths.get(dir, name);
            }
        }
        return context.getDataFile(name).toPath();
    }
}
