package org.scgateway.lwm2m.objects.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.scgateway.api.io.AtomicFiles;

/**
 * The instance id each component has had, kept in a file so that a component keeps its id across restarts,
 * re-insertions and hot swaps: a server's observations and its notes on /42769/1 stay meaningful. A new
 * component gets the lowest id no component has had.
 */
public final class InstanceIds {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceIds.class);

    private final Path file;
    private final Properties ids = new Properties();

    public InstanceIds(Path file) {
        this.file = file;
        if (file != null && Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                ids.load(in);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("the instance ids in {} could not be read ({}); components are numbered afresh", file, e.getMessage());
                ids.clear();
            }
        }
    }

    public synchronized int idOf(String componentId) {
        String known = ids.getProperty(componentId);
        if (known != null) {
            try {
                return Integer.parseInt(known);
            } catch (NumberFormatException e) {
                LOG.warn("instance id '{}' of {} in {} is not a number; it gets a new one", known, componentId, file);
            }
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
        if (file == null) {
            return;
        }
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            ids.store(out, "Secure Component Admin instance ids, by component id");
            AtomicFiles.write(file, out.toByteArray());
        } catch (IOException e) {
            LOG.warn("the instance ids could not be saved in {} ({}); they hold until the gateway stops", file, e.getMessage());
        }
    }
}
