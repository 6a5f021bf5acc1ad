package org.scgateway.tee.internal;

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
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

import org.scgateway.api.io.AtomicFiles;
import org.scgateway.teep.CoseAlgorithm;

/**
 * The agent's two signing keys, P-256 and Ed25519, one per mandatory TEEP cipher suite: it answers a TAM
 * with the algorithm the TAM signed with. Made on first use and kept in the TEE's private folder; a TAM
 * learns the public halves from the TEE's properties.
 */
public final class AgentKeys {

    private final KeyPair p256;
    private final KeyPair ed25519;

    AgentKeys(KeyPair p256, KeyPair ed25519) {
        this.p256 = p256;
        this.ed25519 = ed25519;
    }

    /** Loads the keys kept in {@code dir}, making those that are not there yet. */
    public static AgentKeys in(Path dir) throws IOException {
        try {
            return new AgentKeys(load(dir, "agent-p256", "EC"), load(dir, "agent-ed25519", "Ed25519"));
        } catch (GeneralSecurityException e) {
            throw new IOException("the agent's keys in " + dir + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The private key for answers signed with {@code algorithm}'s curve. */
    PrivateKey signer(CoseAlgorithm algorithm) {
        return algorithm.fits(p256.getPublic()) ? p256.getPrivate() : ed25519.getPrivate();
    }

    public PublicKey p256() {
        return p256.getPublic();
    }

    public PublicKey ed25519() {
        return ed25519.getPublic();
    }

    private static KeyPair load(Path dir, String name, String algorithm) throws IOException, GeneralSecurityException {
        Path priv = dir.resolve(name + ".key");
        Path pub = dir.resolve(name + ".pub");
        KeyFactory f = KeyFactory.getInstance(algorithm);
        try {
            return new KeyPair(f.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(pub))),
                    f.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(priv))));
        } catch (NoSuchFileException e) {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                g.initialize(new ECGenParameterSpec("secp256r1"));
            }
            KeyPair k = g.generateKeyPair();
            // The private half first: a public key on disk means its private key is there too.
            AtomicFiles.write(priv, k.getPrivate().getEncoded());
            AtomicFiles.write(pub, k.getPublic().getEncoded());
            return k;
        }
    }
}
