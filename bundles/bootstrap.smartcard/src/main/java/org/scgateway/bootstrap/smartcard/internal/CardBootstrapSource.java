package org.scgateway.bootstrap.smartcard.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

import org.scgateway.api.lwm2m.bootstrap.BootstrapInfo;
import org.scgateway.api.lwm2m.bootstrap.BootstrapSource;
import org.scgateway.api.lwm2m.bootstrap.BootstrapSourceException;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.api.se.StatusWordException;
import org.scgateway.globalplatform.scp03.CardKeys;
import org.scgateway.globalplatform.scp03.CardKeysException;
import org.scgateway.globalplatform.scp03.Scp03Keys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EF LwM2M_Bootstrap of one Secure Element as a {@link BootstrapSource}. Each read goes to the card again,
 * so that the fingerprint it gives (SHA-256 of the file) tells the client whether the card's data changed.
 * Nothing is kept from a read that failed part-way: the file is parsed only once it has been read whole
 * and its MACs verified.
 */
final class CardBootstrapSource implements BootstrapSource {

    private static final Logger LOG = LoggerFactory.getLogger(CardBootstrapSource.class);

    private final SecureElement se;
    private final CardKeys cardKeys;
    private volatile boolean saidNoApplication;
    private volatile boolean saidNoKeys;

    CardBootstrapSource(SecureElement se, CardKeys cardKeys) {
        this.se = se;
        this.cardKeys = cardKeys;
    }

    @Override
    public String description() {
        return "smartcard " + se.id() + " EF LwM2M_Bootstrap";
    }

    @Override
    public Optional<BootstrapInfo> read() throws BootstrapSourceException {
        long started = System.nanoTime();
        CardBootstrapReader.Read read;
        try {
            Optional<CardBootstrapReader> app = CardBootstrapReader.select(se);
            if (app.isEmpty()) {
                if (!saidNoApplication) {
                    LOG.info("card {} has no PKCS#15 application: no bootstrap data on it", se.id());
                    saidNoApplication = true;
                }
                return Optional.empty();
            }
            Optional<Scp03Keys> keys;
            try {
                keys = keys();
            } catch (BootstrapSourceException e) {
                app.get().close();
                throw e;
            }
            if (keys.isEmpty()) {
                app.get().close();
                if (!saidNoKeys) {
                    LOG.warn("card {} has a PKCS#15 application, but no SCP03 keys are provisioned for it: {} to bootstrap from it",
                            se.id(), cardKeys.howToProvision(se.id()));
                    saidNoKeys = true;
                }
                return Optional.empty();
            }
            try {
                read = app.get().read(keys.get());
            } finally {
                keys.get().destroy();
            }
        } catch (SecureElementException e) {
            throw new BootstrapSourceException(cause(e), e);
        } catch (MalformedBootstrapFileException e) {
            throw new BootstrapSourceException("card " + se.id() + ": " + e.getMessage(), e);
        }
        byte[] content = read.content();
        try {
            BootstrapFile file = BootstrapFile.parse(content);
            BootstrapObjects.Decoded decoded = BootstrapObjects.decode(file, fingerprint(content));
            for (String note : decoded.notes()) {
                LOG.warn("bootstrap data on card {}: {}", se.id(), note);
            }
            LOG.info("read EF LwM2M_Bootstrap of card {} over SCP03 level 33: {} bytes ({} of data) in {} APDUs, {} ms", se.id(),
                    content.length, BootstrapFile.dataLength(content), read.apdus(), (System.nanoTime() - started) / 1_000_000);
            return Optional.of(decoded.info());
        } catch (MalformedBootstrapFileException e) {
            throw new BootstrapSourceException("EF LwM2M_Bootstrap of card " + se.id() + " cannot be used: " + e.getMessage(), e);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private String cause(SecureElementException e) {
        switch (e.reason()) {
            case SECURITY:
                return "card " + se.id() + " did not accept the SCP03 keys provisioned for it, or its answer did not verify: "
                        + e.getMessage();
            case CARD_REMOVED:
                return "card " + se.id() + " went away during the read; nothing read was used (" + e.getMessage() + ")";
            default:
                return "card " + se.id() + ": " + (e instanceof StatusWordException ? "refused " : "") + e.getMessage();
        }
    }

    /** The card's own key set, else the default one; empty when neither is provisioned. */
    private Optional<Scp03Keys> keys() throws BootstrapSourceException {
        try {
            return cardKeys.lookup(se.id());
        } catch (CardKeysException e) {
            throw new BootstrapSourceException("the SCP03 keys of card " + se.id() + " cannot be used: " + e.getMessage(), e);
        }
    }

    static String fingerprint(byte[] content) {
        try {
            return "sha-256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
