package org.scgateway.euicc.internal.ipa;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.scgateway.api.io.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The counter of each eIM and the result sequence number, in a file replaced whole on each change. */
final class IpaMemory implements Ipa.Memory {

    private static final Logger LOG = LoggerFactory.getLogger(IpaMemory.class);
    private final Path file;

    IpaMemory(Path file) {
        this.file = file;
    }

    @Override
    public synchronized BigInteger lastCounter(String eim) {
        String v = load().getProperty("counter." + eim);
        return v == null ? BigInteger.valueOf(-1) : new BigInteger(v);
    }

    @Override
    public synchronized boolean accept(String eim, BigInteger counter) {
        Properties p = load();
        p.setProperty("counter." + eim, counter.toString());
        return store(p);
    }

    @Override
    public synchronized long nextSequenceNumber() {
        Properties p = load();
        long next = Long.parseLong(p.getProperty("seqNumber", "0")) + 1;
        p.setProperty("seqNumber", Long.toString(next));
        store(p);
        return next;
    }

    private Properties load() {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                LOG.error("the IPA's memory {} could not be read: {}", file, e.toString());
            }
        }
        return p;
    }

    private boolean store(Properties p) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            p.store(out, "IPA: the last counter of each eIM, and the result sequence number");
            AtomicFiles.write(file, out.toByteArray());
            return true;
        } catch (IOException e) {
            LOG.error("the IPA's memory {} could not be written ({}); the package is not carried out", file, e.toString());
            return false;
        }
    }
}
