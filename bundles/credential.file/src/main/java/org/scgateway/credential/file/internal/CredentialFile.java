package org.scgateway.credential.file.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.scgateway.api.io.AtomicFiles;
import org.scgateway.api.credential.CredentialUpdate;

/**
 * The file behind {@link FileCredentialStore}: Java properties, one entry a line, values in Base64.
 * Saving writes a private temporary file beside it, forces it to disk and moves it over the old one, so a
 * crash leaves either the old store or the new one, never a mixture. A damaged file is reported and never
 * overwritten.
 */
final class CredentialFile {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path path;

    CredentialFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /** The entries of the file; none if it does not exist yet. A file others can read is made private. */
    SortedMap<String, byte[]> load() throws IOException {
        return load(true);
    }

    /** The entries of a file that belongs to someone else (a seed shipped with a distribution): left as it is. */
    SortedMap<String, byte[]> loadAsIs() throws IOException {
        return load(false);
    }

    private SortedMap<String, byte[]> load(boolean ownFile) throws IOException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return new TreeMap<>();
        }
        if (ownFile) {
            tightenPermissions();
        }
        Properties props = new Properties();
        try {
            props.load(new StringReader(text));
        } catch (IllegalArgumentException e) {
            throw new IOException("credential file " + path + " is damaged (" + e.getMessage() + "); it was left as it is", e);
        }
        SortedMap<String, byte[]> entries = new TreeMap<>();
        for (String name : props.stringPropertyNames()) {
            if (!CredentialUpdate.isValidName(name)) {
                throw new IOException("credential file " + path + " holds an entry with an invalid name '" + name
                        + "'; it was left as it is");
            }
            try {
                entries.put(name, Base64.getDecoder().decode(props.getProperty(name).strip()));
            } catch (IllegalArgumentException e) {
                throw new IOException("credential file " + path + ": the value of '" + name + "' is not Base64; the file was left as it is");
            }
        }
        return entries;
    }

    void save(Map<String, byte[]> entries) throws IOException {
        Properties props = new Properties();
        entries.forEach((k, v) -> props.setProperty(k, Base64.getEncoder().encodeToString(v)));
        StringWriter text = new StringWriter();
        props.store(text, "SC Gateway credentials: written by org.scgateway.credential.file, do not edit while it runs");
        byte[] bytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);

        AtomicFiles.write(path, bytes);
    }

    /** A file someone else can read is made private again, and said so. */
    private void tightenPermissions() throws IOException {
        try {
            if (!Files.getPosixFilePermissions(path).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(path, OWNER_ONLY);
                org.slf4j.LoggerFactory.getLogger(CredentialFile.class)
                        .warn("credential file {} was readable by others; its permissions are now rw-------", path);
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to tighten.
        }
    }
}
