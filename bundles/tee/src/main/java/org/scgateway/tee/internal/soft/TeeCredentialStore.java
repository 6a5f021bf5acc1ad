package org.scgateway.tee.internal.soft;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.CredentialUpdate;
import org.scgateway.api.credential.PskKeys;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.credential.SigningKeys;
import org.scgateway.api.credential.Tls12Prf;
import org.scgateway.api.io.AtomicFiles;

/**
 * The software TEE as the client's credential store (LwM2M-SCS-4, issue 20): the same operations as the simulated
 * card's credential application — a PSK goes in once and the TEE computes each handshake's master secret with it, a
 * key pair is made (or put) in it and the TEE signs — with the same API, so the client, the console and the admin
 * object use it as they use a card. Readable entries (identities, certificates) beside them.
 * <p>
 * The software TEE has no hardware isolation: its secrets are in its private file, and in the gateway's process
 * while it computes with them. It gives the contract, not the protection; a hardware TEE's trusted application gives
 * both. Every change replaces the file whole ({@link AtomicFiles}).
 */
final class TeeCredentialStore implements CredentialStore {

    /** Service property that marks the TEE's own store, so that the TEE's TEEP agent does not bind it. */
    static final String PROP_TEE_STORE = "scgw.credential.tee";
    static final String FILE = "credentials.properties";

    private final Path file;
    private final String teeId;
    private final Keys keys = new Keys();

    TeeCredentialStore(Path folder, String teeId) {
        this.file = folder.resolve(FILE);
        this.teeId = teeId;
    }

    @Override
    public String location() {
        return "software TEE " + teeId + " (no hardware isolation)";
    }

    @Override
    public Optional<String> secureComponentId() {
        return Optional.of(teeId);
    }

    @Override
    public synchronized Set<String> names(String prefix) throws CredentialStoreException {
        Set<String> out = new TreeSet<>();
        for (String n : load().stringPropertyNames()) {
            if (n.startsWith(ENTRY + prefix)) {
                out.add(n.substring(ENTRY.length()));
            }
        }
        return out;
    }

    @Override
    public synchronized Optional<Secret> read(String name) throws CredentialStoreException {
        return Optional.ofNullable(load().getProperty(ENTRY + name)).map(v -> Secret.of(Base64.getDecoder().decode(v)));
    }

    @Override
    public synchronized void apply(CredentialUpdate update) throws CredentialStoreException {
        Properties p = load();
        update.deletes().forEach(n -> p.remove(ENTRY + n));
        update.puts().forEach((n, v) -> p.setProperty(ENTRY + n, Base64.getEncoder().encodeToString(v.bytes())));
        save(p);
    }

    @Override
    public Optional<PskKeys> pskKeys() {
        return Optional.of(keys);
    }

    @Override
    public Optional<SigningKeys> signingKeys() {
        return Optional.of(keys);
    }

    private static final String ENTRY = "entry.";
    private static final String PSK = "psk.";
    private static final String PAIR = "pair.";

    /** The keys the TEE uses and never gives out: a PSK as {@code identity:key}, a pair as {@code spki:pkcs8}, base64. */
    private final class Keys implements PskKeys, SigningKeys {

        @Override
        public void put(String name, byte[] identity, Secret psk) throws CredentialStoreException {
            if (psk.length() == 0 || psk.length() > 64 || identity.length > 128) {
                throw new CredentialStoreException("a PSK of " + psk.length() + " bytes with an identity of " + identity.length
                        + " bytes: the TEE keeps 1 to 64 bytes and identities up to 128");
            }
            synchronized (TeeCredentialStore.this) {
                Properties p = load();
                p.setProperty(PSK + name, pairOf(identity, psk.bytes()));
                p.remove(ENTRY + name);
                save(p);
            }
        }

        @Override
        public Optional<byte[]> identity(String name) throws CredentialStoreException {
            return part(PSK + name, 0);
        }

        @Override
        public Secret masterSecret(String name, PrfHash hash, Optional<Secret> otherSecret, byte[] seed, boolean extended)
                throws CredentialStoreException {
            byte[] psk = part(PSK + name, 1).orElseThrow(() -> new CredentialStoreException(location() + " keeps no PSK as '" + name + "'"));
            byte[] other = otherSecret.map(Secret::bytes).orElse(null);
            try {
                return Secret.of(Tls12Prf.masterSecret(hash, psk, other, seed, extended));
            } finally {
                Arrays.fill(psk, (byte) 0);
                if (other != null) {
                    Arrays.fill(other, (byte) 0);
                }
            }
        }

        @Override
        public SortedSet<String> pskNames() throws CredentialStoreException {
            return namesOf(PSK);
        }

        @Override
        public PublicKey generate(String name) throws CredentialStoreException {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair pair = g.generateKeyPair();
                keep(name, pair.getPublic(), pair.getPrivate().getEncoded());
                return pair.getPublic();
            } catch (GeneralSecurityException e) {
                throw new CredentialStoreException("the TEE cannot make a P-256 key pair: " + e.getMessage(), e);
            }
        }

        @Override
        public void put(String name, Secret privateKey, PublicKey publicKey) throws CredentialStoreException {
            byte[] pkcs8 = privateKey.bytes();
            try {
                if (!(publicKey instanceof ECPublicKey) || ((ECPublicKey) publicKey).getParams().getCurve().getField().getFieldSize() != 256) {
                    throw new CredentialStoreException("the TEE keeps EC P-256 key pairs only");
                }
                KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8)); // refuses what is no EC key
                keep(name, publicKey, pkcs8);
            } catch (GeneralSecurityException e) {
                throw new CredentialStoreException("'" + name + "' is no PKCS#8 EC private key: " + e.getMessage());
            } finally {
                Arrays.fill(pkcs8, (byte) 0);
            }
        }

        @Override
        public Optional<PublicKey> publicKey(String name) throws CredentialStoreException {
            Optional<byte[]> spki = part(PAIR + name, 0);
            if (spki.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki.get())));
            } catch (GeneralSecurityException e) {
                throw new CredentialStoreException("the public key kept as '" + name + "' in " + location() + " is damaged: " + e.getMessage());
            }
        }

        @Override
        public byte[] signDigest(String name, byte[] sha256) throws CredentialStoreException {
            if (sha256.length != 32) {
                throw new CredentialStoreException("a SHA-256 digest has 32 bytes, not " + sha256.length);
            }
            byte[] pkcs8 = part(PAIR + name, 1).orElseThrow(() -> new CredentialStoreException(location() + " keeps no key pair as '" + name + "'"));
            try {
                PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                Signature s = Signature.getInstance("NONEwithECDSA"); // the digest is the hash: ECDSA over it, as SHA256withECDSA
                s.initSign(key);
                s.update(sha256);
                return s.sign();
            } catch (GeneralSecurityException e) {
                throw new CredentialStoreException("the TEE could not sign with '" + name + "': " + e.getMessage(), e);
            } finally {
                Arrays.fill(pkcs8, (byte) 0);
            }
        }

        @Override
        public SortedSet<String> keyPairNames() throws CredentialStoreException {
            return namesOf(PAIR);
        }

        @Override
        public void delete(String name) throws CredentialStoreException {
            synchronized (TeeCredentialStore.this) {
                Properties p = load();
                if (p.remove(PSK + name) != null | p.remove(PAIR + name) != null) {
                    save(p);
                }
            }
        }

        private void keep(String name, PublicKey publicKey, byte[] pkcs8) throws CredentialStoreException {
            synchronized (TeeCredentialStore.this) {
                Properties p = load();
                p.remove(PSK + name);
                p.setProperty(PAIR + name, pairOf(publicKey.getEncoded(), pkcs8));
                p.remove(ENTRY + name);
                save(p);
            }
        }
    }

    private static String pairOf(byte[] a, byte[] b) {
        return Base64.getEncoder().encodeToString(a) + ":" + Base64.getEncoder().encodeToString(b);
    }

    private synchronized Optional<byte[]> part(String key, int index) throws CredentialStoreException {
        String v = load().getProperty(key);
        if (v == null) {
            return Optional.empty();
        }
        String[] parts = v.split(":", -1);
        if (parts.length != 2) {
            throw new CredentialStoreException(location() + ": the record of '" + key.substring(key.indexOf('.') + 1) + "' is damaged");
        }
        try {
            return Optional.of(Base64.getDecoder().decode(parts[index]));
        } catch (IllegalArgumentException e) {
            throw new CredentialStoreException(location() + ": the record of '" + key.substring(key.indexOf('.') + 1) + "' is damaged");
        }
    }

    private synchronized SortedSet<String> namesOf(String kind) throws CredentialStoreException {
        SortedSet<String> out = new TreeSet<>();
        for (String n : load().stringPropertyNames()) {
            if (n.startsWith(kind)) {
                out.add(n.substring(kind.length()));
            }
        }
        return out;
    }

    private Properties load() throws CredentialStoreException {
        Properties p = new Properties();
        try {
            p.load(new ByteArrayInputStream(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return p;
        } catch (IOException | IllegalArgumentException e) {
            throw new CredentialStoreException(location() + ": " + file + " cannot be read: " + e.getMessage(), e);
        }
        return p;
    }

    private void save(Properties p) throws CredentialStoreException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            p.store(bytes, null);
            AtomicFiles.write(file, bytes.toByteArray());
        } catch (IOException e) {
            throw new CredentialStoreException(location() + ": " + file + " cannot be written; nothing changed: " + e.getMessage(), e);
        }
    }
}
