package org.scgateway.credential.se.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.Test;
import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.CredentialUpdate;
import org.scgateway.api.credential.PskKeys;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ForwardingApduChannel;
import org.scgateway.api.se.ForwardingSecureElement;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.globalplatform.scp03.CardKeys;
import org.scgateway.globalplatform.scp03.Scp03Keys;
import org.scgateway.se.sim.internal.TestCards;

/** The store against the simulated card: what it keeps, and that an update cut short changes nothing. */
public class CardCredentialStoreTest {

    private static final byte[] PSK = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88};

    /** The card's SCP03 keys as the gateway finds them: the built-in profile's application keys, others, or none. */
    private static final class Keys implements CardKeys {
        private final Integer base;

        /** @param base the first byte of ENC (MAC and DEK follow at +16, +32), or null for no keys */
        Keys(Integer base) {
            this.base = base;
        }

        @Override
        public Optional<Scp03Keys> lookup(String componentId) {
            if (base == null) {
                return Optional.empty();
            }
            byte[][] k = new byte[3][16];
            for (int n = 0; n < 3; n++) {
                for (int i = 0; i < 16; i++) {
                    k[n][i] = (byte) (base + n * 16 + i);
                }
            }
            return Optional.of(Scp03Keys.of(0x30, k[0], k[1], k[2]));
        }

        @Override
        public String howToProvision(String componentId) {
            return "provision the keys of " + componentId;
        }
    }

    @Test
    public void keepsEntriesInTheCardAndReadsThemBack() throws Exception {
        SecureElement card = TestCards.builtIn();
        assertTrue(CardCredentialStore.hasApplication(card));
        CardCredentialStore store = new CardCredentialStore(card, new Keys(0), false);
        assertTrue(store.names("").isEmpty());
        store.apply(CredentialUpdate.builder().put("lwm2m/server/1/psk", Secret.of(PSK)).put("lwm2m/server/1/identity",
                Secret.of("gw".getBytes())).build());
        store.apply(CredentialUpdate.builder().delete("lwm2m/server/1/identity").put("oscore/1/master-secret", Secret.of(new byte[16])).build());

        CardCredentialStore again = new CardCredentialStore(card, new Keys(0), false);
        assertArrayEquals(PSK, again.read("lwm2m/server/1/psk").orElseThrow().bytes());
        assertEquals(Set.of("lwm2m/server/1/psk"), again.names("lwm2m/"));
        assertEquals(Set.of("lwm2m/server/1/psk", "oscore/1/master-secret"), again.names(""));
        assertEquals(Optional.of(card.id()), again.secureComponentId());
    }

    @Test
    public void anUpdateCutShortLeavesTheStoreAsItWas() throws Exception {
        SecureElement card = TestCards.builtIn();
        new CardCredentialStore(card, new Keys(0), false).apply(CredentialUpdate.put("lwm2m/server/1/psk", Secret.of(PSK)));

        // A long value takes several UPDATE BINARYs: the card goes away after the first of them.
        PullingCard pulled = new PullingCard(card, 1);
        CardCredentialStore store = new CardCredentialStore(pulled, new Keys(0), false);
        CredentialStoreException e = assertThrows(CredentialStoreException.class,
                () -> store.apply(CredentialUpdate.put("lwm2m/server/1/psk", Secret.of(new byte[600]))));
        assertTrue(e.getMessage(), e.getMessage().contains(card.id()));
        assertEquals("one piece reached the card", 1, pulled.updates);

        CardCredentialStore after = new CardCredentialStore(card, new Keys(0), false);
        assertArrayEquals("the half-written slot does not verify; the other one is the store", PSK,
                after.read("lwm2m/server/1/psk").orElseThrow().bytes());
        after.apply(CredentialUpdate.put("lwm2m/server/2/psk", Secret.of(PSK)));
        assertEquals(Set.of("lwm2m/server/1/psk", "lwm2m/server/2/psk"), after.names(""));
    }

    /**
     * Issue 22, finding 7: with both slots damaged the store was read as empty, its entries silently out of reach, and
     * the next write went over a damaged image. It says so, naming both slots, and writes nothing until the operator
     * has the card start afresh.
     */
    @Test
    public void bothSlotsDamagedIsSaidAndNothingIsWrittenUntilTheOperatorDecides() throws Exception {
        SecureElement card = TestCards.builtIn();
        CardCredentialStore store = new CardCredentialStore(card, new Keys(0), false);
        store.apply(CredentialUpdate.put("lwm2m/server/1/psk", Secret.of(PSK)));
        store.apply(CredentialUpdate.put("lwm2m/server/2/psk", Secret.of(PSK)));
        byte[] garbage = new byte[300];
        java.util.Arrays.fill(garbage, (byte) 0x5A);
        System.arraycopy(CredentialImage.MAGIC, 0, garbage, 0, CredentialImage.MAGIC.length);
        for (int slot : CardCredentialStore.SLOTS) {
            store.session(scp -> {
                org.scgateway.globalplatform.apdu.TransparentFile.select(scp, new byte[] {(byte) (slot >> 8), (byte) slot}, "slot");
                org.scgateway.globalplatform.apdu.TransparentFile.update(scp, garbage, CardCredentialStore.PIECE, "slot");
                return null;
            });
        }

        CredentialStoreException read = assertThrows(CredentialStoreException.class, () -> store.read("lwm2m/server/1/psk"));
        assertTrue(read.getMessage(), read.getMessage().contains("damaged") && read.getMessage().contains("C001")
                && read.getMessage().contains("C002") && read.getMessage().contains(card.id()));
        assertThrows("nothing is written over it", CredentialStoreException.class,
                () -> store.apply(CredentialUpdate.put("lwm2m/server/3/psk", Secret.of(PSK))));
        assertThrows("still damaged: the refused write wrote nothing", CredentialStoreException.class, () -> store.names(""));
        CardCredentialStore unchanged = new CardCredentialStore(card, new Keys(0), true);
        assertTrue("the images are as they were: the operator's choice starts from an empty store", unchanged.names("").isEmpty());

        unchanged.apply(CredentialUpdate.put("lwm2m/server/3/psk", Secret.of(PSK)));
        assertEquals("afresh, by the operator's choice", Set.of("lwm2m/server/3/psk"), new CardCredentialStore(card, new Keys(0), false).names(""));
    }

    @Test
    public void aNewCardsBlankSlotsAreAnEmptyStoreNotDamage() throws Exception {
        assertTrue(new CardCredentialStore(TestCards.builtIn(), new Keys(0), false).names("").isEmpty());
    }

    @Test
    public void wrongKeysAndMissingKeysAreSaidAsSuch() throws Exception {
        SecureElement card = TestCards.builtIn();
        CredentialStoreException wrong = assertThrows(CredentialStoreException.class,
                () -> new CardCredentialStore(card, new Keys(0x40), false).names(""));
        assertTrue(wrong.getMessage(), wrong.getMessage().contains("did not accept the SCP03 keys"));

        CredentialStoreException missing = assertThrows(CredentialStoreException.class, () -> new CardCredentialStore(card, new Keys(null), false).names(""));
        assertTrue(missing.getMessage(), missing.getMessage().contains("no SCP03 keys") && missing.getMessage().contains("provision the keys of " + card.id()));
    }

    @Test
    public void moreThanASlotHoldsIsRefusedWholeBeforeAnythingIsWritten() throws Exception {
        SecureElement card = TestCards.builtIn();
        CardCredentialStore store = new CardCredentialStore(card, new Keys(0), false);
        store.apply(CredentialUpdate.put("a", Secret.of(PSK)));
        CredentialStoreException e = assertThrows(CredentialStoreException.class,
                () -> store.apply(CredentialUpdate.put("b", Secret.of(new byte[5000]))));
        assertTrue(e.getMessage(), e.getMessage().contains("nothing was changed"));
        assertEquals(Set.of("a"), store.names(""));
    }

    @Test
    public void imagesVerifyOrAreNone() {
        SortedMap<String, byte[]> m = new TreeMap<>(Map.of("x", new byte[] {1, 2}));
        byte[] image = new CredentialImage(7, m).encode();
        assertEquals(7, CredentialImage.parse(image).orElseThrow().generation());
        image[CredentialImage.HEADER + 1] ^= 1;
        assertFalse("a flipped byte", CredentialImage.parse(image).isPresent());
        assertFalse("a slot never written", CredentialImage.parse(new byte[] {(byte) 0xFF, (byte) 0xFF}).isPresent());
        byte[] cut = java.util.Arrays.copyOf(new CredentialImage(1, m).encode(), CredentialImage.HEADER + 3);
        assertFalse("cut short", CredentialImage.parse(cut).isPresent());
    }

    /** The card, pulled after {@code allowed} UPDATE BINARY commands have reached it. */
    private static final class PullingCard extends ForwardingSecureElement {
        final int allowed;
        int updates;

        PullingCard(SecureElement card, int allowed) {
            super(card);
            this.allowed = allowed;
        }

        @Override
        protected ApduChannel wrap(ApduChannel ch) {
            return new ForwardingApduChannel(ch) {
                @Override
                public ResponseApdu transmit(CommandApdu command) throws SecureElementException {
                    if (command.ins() == 0xD6 && ++updates > allowed) {
                        updates--;
                        throw new SecureElementException(SecureElementException.Reason.CARD_REMOVED, "the card was pulled");
                    }
                    return ch.transmit(command);
                }
            };
        }
    }

    /** The vectors of psk_master_secret_vectors.py (Python's hmac alone). */
    private static final byte[] VECTOR_PSK = org.scgateway.api.credential.PskVectors.PSK;
    private static final byte[] RANDOMS = org.scgateway.api.credential.PskVectors.RANDOMS;
    private static final byte[] SESSION_HASH = org.scgateway.api.credential.PskVectors.SESSION_HASH;

    @Test
    public void aPskPutIntoTheCardIsUsedThereAndNeverReadBack() throws Exception {
        SecureElement card = TestCards.builtIn();
        CardCredentialStore store = new CardCredentialStore(card, new Keys(0), false);
        String name = "lwm2m/server/1/psk";
        store.apply(CredentialUpdate.put(name, Secret.of(VECTOR_PSK))); // the readable copy the client keeps today
        PskKeys keys = store.pskKeys().orElseThrow(() -> new AssertionError("the built-in card has the key commands"));

        keys.put(name, "gateway-1".getBytes(java.nio.charset.StandardCharsets.UTF_8), Secret.of(VECTOR_PSK));
        assertEquals("the readable copy is gone", Optional.empty(), store.read(name));
        assertEquals("gateway-1", new String(keys.identity(name).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(org.scgateway.api.credential.PskVectors.PLAIN,
                java.util.HexFormat.of().formatHex(keys.masterSecret(name, PskKeys.PrfHash.SHA256, Optional.empty(), RANDOMS, false).bytes()));
        assertEquals(org.scgateway.api.credential.PskVectors.EXTENDED,
                java.util.HexFormat.of().formatHex(keys.masterSecret(name, PskKeys.PrfHash.SHA256, Optional.empty(), SESSION_HASH, true).bytes()));
        assertTrue("nothing under the client's names holds it", store.names("lwm2m/").isEmpty());

        CardCredentialStore again = new CardCredentialStore(card, new Keys(0), false);
        assertEquals("kept across store instances", "gateway-1",
                new String(again.pskKeys().orElseThrow().identity(name).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8));

        keys.delete(name);
        assertEquals(Optional.empty(), keys.identity(name));
        CredentialStoreException none = assertThrows(CredentialStoreException.class,
                () -> keys.masterSecret(name, PskKeys.PrfHash.SHA256, Optional.empty(), RANDOMS, false));
        assertTrue(none.getMessage(), none.getMessage().startsWith("no PSK lwm2m/server/1/psk is kept in secure component"));
    }

    /**
     * A store remembers which key reference holds a name, so a handshake does not read the image; when another store
     * of the card moved the key meanwhile, the card's 6A88 sends it to the image again, and the right key is used.
     */
    @Test
    public void aKeyReferenceThatWentStaleIsLookedUpAgain() throws Exception {
        SecureElement card = TestCards.builtIn();
        PskKeys writer = new CardCredentialStore(card, new Keys(0), false).pskKeys().orElseThrow();
        writer.put("lwm2m/server/1/psk", new byte[0], Secret.of(new byte[] {1, 2, 3}));
        writer.put("lwm2m/server/2/psk", new byte[0], Secret.of(VECTOR_PSK)); // key reference 2
        PskKeys user = new CardCredentialStore(card, new Keys(0), false).pskKeys().orElseThrow();
        String expected = org.scgateway.api.credential.PskVectors.PLAIN;
        assertEquals(expected, java.util.HexFormat.of().formatHex(
                user.masterSecret("lwm2m/server/2/psk", PskKeys.PrfHash.SHA256, Optional.empty(), RANDOMS, false).bytes()));

        writer.delete("lwm2m/server/1/psk");
        writer.delete("lwm2m/server/2/psk");
        writer.put("lwm2m/server/2/psk", new byte[0], Secret.of(VECTOR_PSK)); // now key reference 1; 2 is empty
        assertEquals(expected, java.util.HexFormat.of().formatHex(
                user.masterSecret("lwm2m/server/2/psk", PskKeys.PrfHash.SHA256, Optional.empty(), RANDOMS, false).bytes()));
    }

    /**
     * A key pair made in the card signs there: the signature of a digest verifies with the public key the store gives,
     * which is all that comes out; a readable copy of the entry is removed, and a pair made elsewhere is imported once.
     */
    @Test
    public void aKeyPairMadeInTheCardSignsThereAndOnlyItsPublicKeyComesOut() throws Exception {
        SecureElement card = TestCards.builtIn();
        CardCredentialStore store = new CardCredentialStore(card, new Keys(0), false);
        String name = "lwm2m/server/1/client-private-key";
        store.apply(CredentialUpdate.put(name, Secret.of(new byte[] {1, 2, 3}))); // a readable key from before
        org.scgateway.api.credential.SigningKeys keys = store.signingKeys().orElseThrow();

        java.security.PublicKey made = keys.generate(name);
        assertEquals("the readable copy is gone", Optional.empty(), store.read(name));
        assertEquals("the store gives the same public key", made, keys.publicKey(name).orElseThrow());
        byte[] data = "a handshake's messages".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] signature = keys.signDigest(name, java.security.MessageDigest.getInstance("SHA-256").digest(data));
        java.security.Signature verify = java.security.Signature.getInstance("SHA256withECDSA");
        verify.initVerify(made);
        verify.update(data);
        assertTrue("the card's signature verifies with its public key", verify.verify(signature));
        assertEquals("a key pair made again is another", false, made.equals(keys.generate(name)));

        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair elsewhere = g.generateKeyPair();
        keys.put("lwm2m/server/2/client-private-key", Secret.of(elsewhere.getPrivate().getEncoded()), elsewhere.getPublic());
        byte[] imported = keys.signDigest("lwm2m/server/2/client-private-key", java.security.MessageDigest.getInstance("SHA-256").digest(data));
        verify.initVerify(elsewhere.getPublic());
        verify.update(data);
        assertTrue("an imported pair signs as its own", verify.verify(imported));

        store.pskKeys().orElseThrow().put("lwm2m/server/3/psk", new byte[0], Secret.of(new byte[] {5}));
        assertEquals("the pairs are listed by name", java.util.Set.of(name, "lwm2m/server/2/client-private-key"), keys.keyPairNames());
        assertEquals("apart from the PSKs", java.util.Set.of("lwm2m/server/3/psk"), store.pskKeys().orElseThrow().pskNames());

        assertThrows("a digest that is not SHA-256's", CredentialStoreException.class, () -> keys.signDigest(name, new byte[20]));
        keys.delete(name);
        assertEquals(java.util.Set.of("lwm2m/server/2/client-private-key"), keys.keyPairNames());
        assertEquals(Optional.empty(), keys.publicKey(name));
        assertThrows(CredentialStoreException.class, () -> keys.signDigest(name, new byte[32]));
    }

    @Test
    public void aCardWithoutTheKeyCommandsOffersNone() throws Exception {
        String profile;
        try (java.io.InputStream in = TestCards.class.getResourceAsStream("/profiles/default.json")) {
            profile = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String withoutKeyStore = profile.replaceAll(",\\s*\\{\"fid\": \"C010\"[^}]*\\}", "");
        assertTrue("the profile had the key store", !withoutKeyStore.equals(profile));
        SecureElement card = TestCards.fromProfile(withoutKeyStore.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), new CardCredentialStore(card, new Keys(0), false).pskKeys());
    }
}
