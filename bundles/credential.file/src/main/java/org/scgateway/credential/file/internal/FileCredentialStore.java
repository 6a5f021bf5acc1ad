package org.scgateway.credential.file.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scgateway.api.config.Pids;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.CredentialUpdate;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.io.DataFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's secrets in a local file, for gateways with no Secure Component. Registered with a low
 * ranking, so that a store inside a Secure Component wins wherever both exist.
 * <p>
 * The whole store is one file, read at activation and replaced atomically on every change
 * ({@link CredentialFile}); the entries are kept in memory in between.
 */
@Component(service = CredentialStore.class, configurationPid = Pids.CREDENTIAL_FILE, property = Constants.SERVICE_RANKING + ":Integer=-1000")
@Designate(ocd = FileCredentialStore.Config.class)
public class FileCredentialStore implements CredentialStore {

    static final String FILE_NAME = "credentials.properties";

    @ObjectClassDefinition(name = "SC Gateway file credential store",
            description = "Keeps the gateway's secrets in a local file (mode 600). Used only when no Secure "
                    + "Component holds them: a Secure Component's store outranks this one.")
    public @interface Config {
        @AttributeDefinition(name = "File",
                description = "Where the secrets are kept. Empty: credentials.properties in the gateway's data "
                        + "folder (scgw.data on the Felix distribution, karaf.data on Karaf), or in this "
                        + "bundle's own data area when neither is set.")
        String path() default "";

        @AttributeDefinition(name = "Seed",
                description = "A file in the same format (Java properties, values in Base64) whose entries are added "
                        + "to the store when it lacks them, at each start: how a distribution provisions first secrets, "
                        + "such as the simulated card's public test keys. Empty: none.")
        String seed() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(FileCredentialStore.class);

    private CredentialFile file;
    private SortedMap<String, byte[]> entries;

    @Activate
    void activate(BundleContext context, Config config) throws IOException {
        open(resolve(config.path(), context));
        if (!config.seed().isBlank()) {
            seed(Paths.get(config.seed().strip()));
        }
    }

    /** Adds the entries of {@code seedFile} that the store lacks; entries it has are never overwritten. */
    synchronized void seed(Path seedFile) {
        if (!java.nio.file.Files.isRegularFile(seedFile)) {
            LOG.warn("the credential seed {} does not exist; nothing was added from it", seedFile);
            return;
        }
        SortedMap<String, byte[]> seeds;
        try {
            CredentialFile seed = new CredentialFile(seedFile);
            seeds = seed.loadAsIs();
            if (!seed.refusedLines().isEmpty()) {
                LOG.warn("the credential seed {}: line(s) {} are not entries and were not added", seedFile, seed.refusedLines());
            }
        } catch (IOException e) {
            LOG.error("the credential seed {} could not be read ({}); nothing was added from it", seedFile, e.getMessage());
            return;
        }
        SortedMap<String, byte[]> next = new TreeMap<>(entries);
        Set<String> added = new TreeSet<>();
        for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
            if (!next.containsKey(e.getKey())) {
                next.put(e.getKey(), e.getValue());
                added.add(e.getKey());
            }
        }
        if (added.isEmpty()) {
            return;
        }
        try {
            file.save(next);
            entries = next;
            LOG.info("credential entries added from the seed {}: {}", seedFile, added);
        } catch (IOException e) {
            LOG.error("the credential entries of the seed {} could not be written to {}: {}", seedFile, file.path(), e.getMessage());
        }
    }

    void open(Path path) throws IOException {
        file = new CredentialFile(path);
        entries = file.load();
        if (!file.refusedLines().isEmpty()) {
            LOG.warn("credential file {}: line(s) {} are not entries (name=Base64 value, each name once) and are not used; "
                    + "they stay in the file as they are, to be mended", path, file.refusedLines());
        }
        LOG.info("file credential store {} ({} entries): the SCP03 keys of the cards, and the LwM2M credentials while no Secure "
                + "Component holds them", path, entries.size());
    }

    static Path resolve(String configured, BundleContext context) {
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured.strip()).toAbsolutePath();
        }
        return DataFolder.resolve(context, FILE_NAME);
    }

    @Override
    public String location() {
        return "file " + file.path();
    }

    @Override
    public Optional<String> secureComponentId() {
        return Optional.empty();
    }

    @Override
    public synchronized Set<String> names(String prefix) {
        String p = prefix == null ? "" : prefix;
        Set<String> names = new TreeSet<>();
        for (String name : entries.keySet()) {
            if (name.startsWith(p)) {
                names.add(name);
            }
        }
        return names;
    }

    @Override
    public synchronized Optional<Secret> read(String name) {
        byte[] value = entries.get(name);
        return value == null ? Optional.empty() : Optional.of(Secret.of(value));
    }

    /** Writes the changed store to disk first; memory changes only once the file is safely replaced. */
    @Override
    public synchronized void apply(CredentialUpdate update) throws CredentialStoreException {
        if (update.isEmpty()) {
            return;
        }
        SortedMap<String, byte[]> next = new TreeMap<>(entries);
        update.deletes().forEach(next::remove);
        for (Map.Entry<String, Secret> put : update.puts().entrySet()) {
            next.put(put.getKey(), put.getValue().bytes());
        }
        try {
            file.save(next);
        } catch (IOException e) {
            throw new CredentialStoreException("could not write " + update + " to " + file.path() + ": " + e.getMessage(), e);
        }
        entries = next;
    }
}
