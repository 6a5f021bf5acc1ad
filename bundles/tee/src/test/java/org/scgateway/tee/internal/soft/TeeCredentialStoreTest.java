package org.scgateway.tee.internal.soft;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.CredentialUpdate;
import org.scgateway.api.credential.KeyInUse;
import org.scgateway.api.credential.PskKeys;
import org.scgateway.api.credential.PskVectors;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.credential.SigningKeys;

/** The software TEE's key operations: the card's contract (PskVectors' master secrets, JDK-verified signatures), kept across restarts. */
public class TeeCredentialStoreTest {

    private static final HexFormat HEX = HexFormat.of();

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private TeeCredentialStore store() {
        return new TeeCredentialStore(folder.getRoot().toPath(), "tee-1");
    }

    @Test
    public void aPskGoesInOnceAndTheTeeComputesTheMasterSecrets() throws Exception {
        TeeCredentialStore store = store();
        store.apply(CredentialUpdate.put("lwm2m/server/1/psk", Secret.of(PskVectors.PSK)));
        PskKeys keys = store.pskKeys().orElseThrow();
        keys.put("lwm2m/server/1/psk", "gw-1".getBytes(StandardCharsets.UTF_8), Secret.of(PskVectors.PSK));
        assertFalse("the readable copy is gone", store.read("lwm2m/server/1/psk").isPresent());

        PskKeys again = store().pskKeys().orElseThrow(); // a restart: the key is kept
        assertEquals(PskVectors.PLAIN, HEX.formatHex(again.masterSecret("lwm2m/server/1/psk", PskKeys.PrfHash.SHA256, Optional.empty(),
                PskVectors.RANDOMS, false).bytes()));
        assertEquals(PskVectors.EXTENDED, HEX.formatHex(again.masterSecret("lwm2m/server/1/psk", PskKeys.PrfHash.SHA256, Optional.empty(),
                PskVectors.SESSION_HASH, true).bytes()));
        byte[] ecdh = new byte[32];
        java.util.Arrays.fill(ecdh, (byte) 0xAA);
        assertEquals(PskVectors.ECDHE_SHA384, HEX.formatHex(again.masterSecret("lwm2m/server/1/psk", PskKeys.PrfHash.SHA384,
                Optional.of(Secret.of(ecdh)), PskVectors.RANDOMS, false).bytes()));
        assertArrayEquals("gw-1".getBytes(StandardCharsets.UTF_8), again.identity("lwm2m/server/1/psk").orElseThrow());
        assertEquals(List.of("lwm2m/server/1/psk"), List.copyOf(again.pskNames()));
        assertTrue("no entry holds it", store.names("").isEmpty());
        assertEquals("listed by its public part", KeyInUse.Kind.PSK, KeyInUse.of(store).get(0).kind());

        again.delete("lwm2m/server/1/psk");
        CredentialStoreException gone = assertThrows(CredentialStoreException.class, () -> keys.masterSecret("lwm2m/server/1/psk",
                PskKeys.PrfHash.SHA256, Optional.empty(), PskVectors.RANDOMS, false));
        assertTrue(gone.getMessage(), gone.getMessage().contains("keeps no PSK as 'lwm2m/server/1/psk'"));
    }

    @Test
    public void aKeyPairMadeOrPutInTheTeeSignsThere() throws Exception {
        SigningKeys keys = store().signingKeys().orElseThrow();
        PublicKey made = keys.generate("lwm2m/server/1/client-private-key");
        assertTrue("the JDK verifies the TEE's signature", verifies(made, keys.signDigest("lwm2m/server/1/client-private-key",
                sha256("handshake")), "handshake"));
        assertFalse("of these bytes only", verifies(made, keys.signDigest("lwm2m/server/1/client-private-key", sha256("other")), "handshake"));

        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair elsewhere = g.generateKeyPair();
        TeeCredentialStore store = store();
        store.apply(CredentialUpdate.put("k", Secret.of(elsewhere.getPrivate().getEncoded())));
        store.signingKeys().orElseThrow().put("k", Secret.of(elsewhere.getPrivate().getEncoded()), elsewhere.getPublic());
        assertFalse("the readable copy is gone", store.read("k").isPresent());
        SigningKeys again = store().signingKeys().orElseThrow();
        assertEquals(elsewhere.getPublic(), again.publicKey("k").orElseThrow());
        assertTrue(verifies(elsewhere.getPublic(), again.signDigest("k", sha256("x")), "x"));
        assertEquals(List.of("k", "lwm2m/server/1/client-private-key"), List.copyOf(again.keyPairNames()));

        assertThrows(CredentialStoreException.class, () -> again.signDigest("k", new byte[31]));
        CredentialStoreException none = assertThrows(CredentialStoreException.class, () -> again.signDigest("nothing", new byte[32]));
        assertTrue(none.getMessage(), none.getMessage().contains("keeps no key pair as 'nothing'"));
    }

    @Test
    public void readableEntriesAreKeptBesideTheKeys() throws Exception {
        TeeCredentialStore store = store();
        store.apply(CredentialUpdate.builder().put("lwm2m/server/1/client-certificate", Secret.of(new byte[] {1, 2}))
                .put("other/x", Secret.of(new byte[] {3})).build());
        assertEquals(java.util.Set.of("lwm2m/server/1/client-certificate"), store().names("lwm2m/"));
        assertArrayEquals(new byte[] {1, 2}, store().read("lwm2m/server/1/client-certificate").orElseThrow().bytes());
        store.apply(CredentialUpdate.delete("other/x"));
        assertFalse(store().read("other/x").isPresent());
    }

    @Test
    public void aDamagedRecordIsNamedAndNothingElseIsLost() throws Exception {
        TeeCredentialStore store = store();
        store.pskKeys().orElseThrow().put("a", new byte[0], Secret.of(PskVectors.PSK));
        Path file = folder.getRoot().toPath().resolve(TeeCredentialStore.FILE);
        Files.writeString(file, Files.readString(file) + "psk.b=not-a-record\n");
        CredentialStoreException e = assertThrows(CredentialStoreException.class, () -> store.pskKeys().orElseThrow().identity("b"));
        assertTrue(e.getMessage(), e.getMessage().contains("the record of 'b' is damaged"));
        assertEquals(PskVectors.PLAIN, HEX.formatHex(store.pskKeys().orElseThrow().masterSecret("a", PskKeys.PrfHash.SHA256, Optional.empty(),
                PskVectors.RANDOMS, false).bytes()));
        assertThrows("a PSK too long for the TEE", CredentialStoreException.class,
                () -> store.pskKeys().orElseThrow().put("c", new byte[0], Secret.of(new byte[65])));
    }

    private static byte[] sha256(String s) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean verifies(PublicKey key, byte[] signature, String data) throws Exception {
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(key);
        v.update(data.getBytes(StandardCharsets.UTF_8));
        return v.verify(signature);
    }
}
