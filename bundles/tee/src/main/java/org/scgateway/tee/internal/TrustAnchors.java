package org.scgateway.tee.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.CredentialUpdate;
import org.scgateway.api.credential.Secret;
import org.scgateway.teep.CoseAlgorithm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TAMs' trust anchors as the operator provisions them: credential store entries {@code tee/tam/<name>},
 * each a DER SubjectPublicKeyInfo of a P-256 or Ed25519 key. Each TAM is the owner of one security domain
 * of the same name.
 */
public final class TrustAnchors {

    public static final String PREFIX = "tee/tam/";
    private static final Logger LOG = LoggerFactory.getLogger(TrustAnchors.class);

    private TrustAnchors() {
    }

    /** The anchors by TAM name; an entry that is not a usable key is left out, and logged by name. */
    public static Map<String, PublicKey> read(CredentialStore store) throws CredentialStoreException {
        Map<String, PublicKey> anchors = new LinkedHashMap<>();
        if (store == null) {
            return anchors;
        }
        for (String name : store.names(PREFIX)) {
            String tam = name.substring(PREFIX.length());
            if (tam.contains("/")) {
                continue;
            }
            Optional<Secret> entry = store.read(name);
            if (entry.isEmpty()) {
                continue;
            }
            byte[] der = entry.get().bytes();
            entry.get().destroy();
            try {
                anchors.put(tam, parse(der));
            } catch (IllegalArgumentException e) {
                LOG.warn("credential '{}' is not a TAM trust anchor: {}", name, e.getMessage());
            } finally {
                java.util.Arrays.fill(der, (byte) 0);
            }
        }
        return anchors;
    }

    /**
     * Puts each {@code <tam>.der} of {@code folder} into the store as {@code tee/tam/<tam>}, unless that TAM
     * has an anchor already: the operator's way to provision anchors from files. A file that is not a
     * usable key is logged by name and left out.
     */
    public static void provision(Path folder, CredentialStore store) throws IOException, CredentialStoreException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        Set<String> present = store.names(PREFIX);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.der")) {
            for (Path f : files) {
                String tam = f.getFileName().toString().replaceFirst("\\.der$", "");
                String name = PREFIX + tam;
                if (present.contains(name) || !CredentialUpdate.isValidName(name)) {
                    continue;
                }
                byte[] der = Files.readAllBytes(f);
                try {
                    parse(der);
                } catch (IllegalArgumentException e) {
                    LOG.warn("{} is not a TAM trust anchor: {}", f, e.getMessage());
                    continue;
                }
                store.apply(CredentialUpdate.put(name, Secret.of(der)));
                LOG.info("trust anchor of TAM {} provisioned from {} into {}", tam, f, store.location());
            }
        }
    }

    /** A TAM's public key from its DER SubjectPublicKeyInfo; P-256 or Ed25519, or an IllegalArgumentException. */
    public static PublicKey parse(byte[] der) {
        for (String algorithm : new String[] {"EC", "Ed25519"}) {
            try {
                PublicKey key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
                CoseAlgorithm.forKey(key);
                // The JDK reads the first structure and ignores what follows; an anchor is that structure alone, in DER.
                if (Arrays.equals(key.getEncoded(), der)) {
                    return key;
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                // Try the next kind of key. The JDK's key parsers throw more than they declare: an Ed25519 key of no
                // bytes is an ArrayIndexOutOfBoundsException in JDK 17's EdDSAPublicKeyImpl.
            }
        }
        throw new IllegalArgumentException("not a DER SubjectPublicKeyInfo of a P-256 or Ed25519 key");
    }
}
