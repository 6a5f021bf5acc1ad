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
import org.scgateway.api.component.ComponentKind;
import org.scgateway.api.component.ComponentState;
import org.scgateway.api.component.Identification;
import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.CredentialUpdate;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.se.Aid;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ForwardingApduChannel;
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
        CardCredentialStore store = new CardCredentialStore(card, new Keys(0));
        assertTrue(store.names("").isEmpty());
        store.apply(CredentialUpdate.builder().put("lwm2m/server/1/psk", Secret.of(PSK)).put("lwm2m/server/1/identity",
                Secret.of("gw".getBytes())).build());
        store.apply(CredentialUpdate.builder().delete("lwm2m/server/1/identity").put("oscore/1/master-secret", Secret.of(new byte[16])).build());

        CardCredentialStore again = new CardCredentialStore(card, new Keys(0));
        assertArrayEquals(PSK, again.read("lwm2m/server/1/psk").orElseThrow().bytes());
        assertEquals(Set.of("lwm2m/server/1/psk"), again.names("lwm2m/"));
        assertEquals(Set.of("lwm2m/server/1/psk", "oscore/1/master-secret"), again.names(""));
        assertEquals(Optional.of(card.id()), again.secureComponentId());
    }

    @Test
    public void anUpdateCutShortLeavesTheStoreAsItWas() throws Exception {
        SecureElement card = TestCards.builtIn();
        new CardCredentialStore(card, new Keys(0)).apply(CredentialUpdate.put("lwm2m/server/1/psk", Secret.of(PSK)));

        // A long value takes several UPDATE BINARYs: the card goes away after the first of them.
        PullingCard pulled = new PullingCard(card, 1);
        CardCredentialStore store = new CardCredentialStore(pulled, new Keys(0));
        CredentialStoreException e = assertThrows(CredentialStoreException.class,
                () -> store.apply(CredentialUpdate.put("lwm2m/server/1/psk", Secret.of(new byte[600]))));
        assertTrue(e.getMessage(), e.getMessage().contains(card.id()));
        assertEquals("one piece reached the card", 1, pulled.updates);

        CardCredentialStore after = new CardCredentialStore(card, new Keys(0));
        assertArrayEquals("the half-written slot does not verify; the other one is the store", PSK,
                after.read("lwm2m/server/1/psk").orElseThrow().bytes());
        after.apply(CredentialUpdate.put("lwm2m/server/2/psk", Secret.of(PSK)));
        assertEquals(Set.of("lwm2m/server/1/psk", "lwm2m/server/2/psk"), after.names(""));
    }

    @Test
    public void wrongKeysAndMissingKeysAreSaidAsSuch() throws Exception {
        SecureElement card = TestCards.builtIn();
        CredentialStoreException wrong = assertThrows(CredentialStoreException.class,
                () -> new CardCredentialStore(card, new Keys(0x40)).names(""));
        assertTrue(wrong.getMessage(), wrong.getMessage().contains("did not accept the SCP03 keys"));

        CredentialStoreException missing = assertThrows(CredentialStoreException.class, () -> new CardCredentialStore(card, new Keys(null)).names(""));
        assertTrue(missing.getMessage(), missing.getMessage().contains("no SCP03 keys") && missing.getMessage().contains("provision the keys of " + card.id()));
    }

    @Test
    public void moreThanASlotHoldsIsRefusedWholeBeforeAnythingIsWritten() throws Exception {
        SecureElement card = TestCards.builtIn();
        CardCredentialStore store = new CardCredentialStore(card, new Keys(0));
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
    private static final class PullingCard implements SecureElement {
        final SecureElement card;
        final int allowed;
        int updates;

        PullingCard(SecureElement card, int allowed) {
            this.card = card;
            this.allowed = allowed;
        }

        @Override
        public String id() {
            return card.id();
        }

        @Override
        public ComponentKind kind() {
            return card.kind();
        }

        @Override
        public String backend() {
            return card.backend();
        }

        @Override
        public Identification identification() {
            return card.identification();
        }

        @Override
        public ComponentState state() {
            return card.state();
        }

        @Override
        public ApduChannel openBasicChannel() throws SecureElementException {
            return wrap(card.openBasicChannel());
        }

        @Override
        public ApduChannel openLogicalChannel() throws SecureElementException {
            return wrap(card.openLogicalChannel());
        }

        @Override
        public ApduChannel openLogicalChannel(Aid aid) throws SecureElementException {
            return wrap(card.openLogicalChannel(aid));
        }

        private ApduChannel wrap(ApduChannel ch) {
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
}
