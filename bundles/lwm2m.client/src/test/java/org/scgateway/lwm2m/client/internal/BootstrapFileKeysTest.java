package org.scgateway.lwm2m.client.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.Test;
import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.PskKeys;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.credential.SigningKeys;
import org.scgateway.api.lwm2m.bootstrap.ServerAccount;

public class BootstrapFileKeysTest {

    /** A card's keys: what went in, by name (identity, key). */
    private static final class CardKeys implements PskKeys {
        final Map<String, byte[][]> kept = new TreeMap<>();
        boolean refuse;

        @Override
        public void put(String name, byte[] identity, Secret psk) throws CredentialStoreException {
            if (refuse) {
                throw new CredentialStoreException("the card is gone");
            }
            kept.put(name, new byte[][] {identity, psk.bytes()});
        }

        @Override
        public Optional<byte[]> identity(String name) {
            return Optional.ofNullable(kept.get(name)).map(k -> k[0]);
        }

        @Override
        public Secret masterSecret(String name, PrfHash hash, Optional<Secret> otherSecret, byte[] seed, boolean extended) {
            throw new AssertionError("nothing computes here");
        }

        @Override
        public SortedSet<String> pskNames() {
            return new TreeSet<>(kept.keySet());
        }

        @Override
        public void delete(String name) {
            kept.remove(name);
        }
    }

    /** A card's key pairs: what went in, by name. */
    private static final class CardPairs implements SigningKeys {
        final Map<String, PublicKey> kept = new TreeMap<>();
        final Map<String, byte[]> privateKeys = new TreeMap<>();

        @Override
        public PublicKey generate(String name) {
            throw new AssertionError("the file's key is put, not made");
        }

        @Override
        public void put(String name, Secret privateKey, PublicKey publicKey) {
            kept.put(name, publicKey);
            privateKeys.put(name, privateKey.bytes());
        }

        @Override
        public Optional<PublicKey> publicKey(String name) {
            return Optional.ofNullable(kept.get(name));
        }

        @Override
        public byte[] signDigest(String name, byte[] sha256) {
            throw new AssertionError("nothing signs here");
        }

        @Override
        public SortedSet<String> keyPairNames() {
            return new TreeSet<>(kept.keySet());
        }

        @Override
        public void delete(String name) {
            kept.remove(name);
        }
    }

    /** An RPK account of the file: its private key goes into the card's key pairs, with the public key it names. */
    @Test
    public void theFilesRpkKeyGoesIntoTheCardsKeyPairs() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair client = g.generateKeyPair();
        byte[] serverKey = g.generateKeyPair().getPublic().getEncoded();
        Secret privateKey = Secret.of(client.getPrivate().getEncoded());
        ServerAccount rpk = ServerAccount.server("coaps://dm.example:5684", 7).rpk(client.getPublic().getEncoded(), privateKey, serverKey).build();
        CardPairs pairs = new CardPairs();
        HeldKeys held = new HeldKeys();

        List<ServerAccount> out = BootstrapFileKeys.heldIn(List.of(rpk), Optional.empty(), Optional.of(pairs), "c1", held);

        assertEquals(client.getPublic(), pairs.kept.get("lwm2m/card-file/7/client-private-key"));
        assertArrayEquals(client.getPrivate().getEncoded(), pairs.privateKeys.get("lwm2m/card-file/7/client-private-key"));
        assertTrue(privateKey.isDestroyed());
        assertTrue("the account holds a marker", held.holds(out.get(0).secretKey()) && held.signs());
        assertArrayEquals(client.getPublic().getEncoded(), out.get(0).identity());
        assertArrayEquals(serverKey, out.get(0).serverKey());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    public void theFilesPsksGoIntoTheCardAndTheAccountsHoldMarkers() throws Exception {
        Secret serverKey = Secret.of(new byte[] {1, 2, 3});
        Secret bootstrapKey = Secret.of(new byte[] {4, 5});
        ServerAccount server = ServerAccount.server("coaps://dm.example:5684", 101).lifetime(300).binding("UQ").psk(utf8("gw"), serverKey).build();
        ServerAccount bootstrap = ServerAccount.bootstrapServer("coaps://bs.example:5684").psk(utf8("gw-bs"), bootstrapKey).build();
        ServerAccount plain = ServerAccount.server("coap://other.example", 102).build();
        CardKeys card = new CardKeys();
        card.kept.put(BootstrapFileKeys.PREFIX + "99/psk", new byte[][] {utf8("old"), new byte[] {9}}); // an account the file no longer has
        card.kept.put("lwm2m/server/1/psk", new byte[][] {utf8("x"), new byte[] {8}}); // not the file's: left alone
        HeldKeys held = new HeldKeys();

        List<ServerAccount> out = BootstrapFileKeys.heldIn(List.of(server, bootstrap, plain), Optional.of(card), Optional.empty(), "secure component c1",
                held);

        assertArrayEquals(new byte[] {1, 2, 3}, card.kept.get("lwm2m/card-file/101/psk")[1]);
        assertArrayEquals(utf8("gw"), card.kept.get("lwm2m/card-file/101/psk")[0]);
        assertArrayEquals(new byte[] {4, 5}, card.kept.get("lwm2m/card-file/bootstrap/psk")[1]);
        assertFalse("a key of an account gone from the file is deleted", card.kept.containsKey("lwm2m/card-file/99/psk"));
        assertTrue("other keys stay", card.kept.containsKey("lwm2m/server/1/psk"));

        assertTrue("the copies read are destroyed", serverKey.isDestroyed() && bootstrapKey.isDestroyed());
        assertTrue(held.holds(out.get(0).secretKey()));
        assertTrue(held.holds(out.get(1).secretKey()));
        assertEquals("the rest of the account is as read", List.of("coaps://dm.example:5684", 101, 300L, "UQ"),
                List.of(out.get(0).uri(), out.get(0).shortServerId(), out.get(0).lifetime(), out.get(0).binding()));
        assertArrayEquals(utf8("gw"), out.get(0).identity());
        assertTrue(out.get(1).isBootstrapServer());
        assertSame("an account without a PSK is left as it is", plain, out.get(2));
    }

    @Test
    public void anAccountWhoseKeyGoesIntoTheCardKeepsItsRegistrationPolicyAndMuteSend() throws Exception {
        org.scgateway.api.lwm2m.bootstrap.RegistrationPolicy policy = org.scgateway.api.lwm2m.bootstrap.RegistrationPolicy.builder()
                .priorityOrder(1).failureBlock(true).retryCount(2).build();
        ServerAccount server = ServerAccount.server("coaps://dm.example:5684", 101).lifetime(120).binding("U")
                .psk(utf8("gw"), Secret.of(new byte[] {1, 2, 3})).registrationPolicy(policy).muteSend(false).build();

        ServerAccount out = BootstrapFileKeys.heldIn(List.of(server), Optional.of(new CardKeys()), Optional.empty(), "c1", new HeldKeys()).get(0);

        assertEquals(policy, out.registrationPolicy());
        assertEquals(Optional.of(false), out.muteSend());
        assertEquals(120, out.lifetime());
    }

    @Test
    public void aCardThatRefusesLeavesTheAccountsAsRead() {
        Secret key = Secret.of(new byte[] {1, 2, 3});
        ServerAccount server = ServerAccount.server("coaps://dm.example:5684", 101).psk(utf8("gw"), key).build();
        CardKeys card = new CardKeys();
        card.refuse = true;
        assertThrows(CredentialStoreException.class, () -> BootstrapFileKeys.heldIn(List.of(server), Optional.of(card), Optional.empty(), "c1",
                new HeldKeys()));
        assertFalse("the key read is still there for the caller to use", key.isDestroyed());
    }
}
