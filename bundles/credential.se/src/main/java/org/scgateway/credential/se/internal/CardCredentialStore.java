package org.scgateway.credential.se.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.CredentialUpdate;
import org.scgateway.api.credential.PskKeys;
import org.scgateway.api.credential.SigningKeys;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.se.Aid;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.api.se.StatusWordException;
import org.scgateway.globalplatform.apdu.TransparentFile;
import org.scgateway.globalplatform.scp03.CardKeys;
import org.scgateway.globalplatform.scp03.CardKeysException;
import org.scgateway.globalplatform.scp03.Scp03Keys;
import org.scgateway.globalplatform.scp03.Scp03Session;
import org.scgateway.globalplatform.scp03.SecureChannels;
import org.scgateway.globalplatform.scp03.SecurityLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's secrets inside a Secure Element (LwM2M-SCS-4): SC Gateway's credential application on the
 * card, reached over SCP03 at level 33, so that values cross the link encrypted and MACed, and nothing is kept
 * in the gateway's memory between calls. Every call is one secure channel session.
 * <p>
 * The application holds two slots (EFs C001 and C002); {@link CredentialImage} says how an update is made
 * whole or not at all. The SCP03 keys to reach it are host secrets, found by {@link CardKeys}.
 */
final class CardCredentialStore implements CredentialStore {

    /** F0 (a proprietary, unregistered AID) "SCGWCRED" 01. */
    static final Aid AID = Aid.fromHex("F0534347574352454401");
    static final int[] SLOTS = {0xC001, 0xC002};
    /** Plain bytes per command at level 33: padded to 240, plus an 8-byte MAC, they fit a short APDU. */
    static final int PIECE = 239;
    private static final Logger LOG = LoggerFactory.getLogger(CardCredentialStore.class);

    private final SecureElement se;
    private final CardKeys cardKeys;
    /** The operator's choice for a card whose slots are both damaged: start from an empty store, over them. */
    private final boolean startAfreshIfDamaged;
    /** Whether the card's credential application has the key commands; null until asked. */
    private volatile Boolean keyCommands;
    /** One for the store: it remembers the key references it used. */
    private final CardKeyCommands commands = new CardKeyCommands(this);

    CardCredentialStore(SecureElement se, CardKeys cardKeys, boolean startAfreshIfDamaged) {
        this.se = se;
        this.cardKeys = cardKeys;
        this.startAfreshIfDamaged = startAfreshIfDamaged;
    }

    @Override
    public String location() {
        return "secure component " + se.id() + " (application " + AID + ")";
    }

    @Override
    public Optional<String> secureComponentId() {
        return Optional.of(se.id());
    }

    @Override
    public synchronized Set<String> names(String prefix) throws CredentialStoreException {
        String p = prefix == null ? "" : prefix;
        Set<String> names = new TreeSet<>();
        for (String n : session(scp -> current(scp).image).entries().keySet()) {
            if (n.startsWith(p)) {
                names.add(n);
            }
        }
        return names;
    }

    @Override
    public synchronized Optional<Secret> read(String name) throws CredentialStoreException {
        CredentialImage image = session(scp -> current(scp).image);
        byte[] v = image.entries().get(name);
        Optional<Secret> s = v == null ? Optional.empty() : Optional.of(Secret.of(v));
        image.entries().values().forEach(b -> Arrays.fill(b, (byte) 0));
        return s;
    }

    @Override
    public synchronized void apply(CredentialUpdate update) throws CredentialStoreException {
        if (update.isEmpty()) {
            return;
        }
        session(scp -> {
            Map<String, byte[]> puts = new HashMap<>();
            update.puts().forEach((k, v) -> puts.put(k, v.bytes()));
            keep(scp, current(scp), puts, update.deletes(), update.toString());
            return null;
        });
    }

    /**
     * Writes the next image into the other slot and reads it back: the store is the new image, or, when the card did
     * not keep it, as it was. Wipes {@code puts}.
     */
    void keep(ApduChannel scp, State now, Map<String, byte[]> puts, Set<String> deletes, String what)
            throws SecureElementException, CredentialStoreException {
        CredentialImage next = now.image.next(puts, deletes);
        int target = now.slot == 0 ? 1 : 0;
        byte[] bytes = next.encode();
        try {
            write(scp, target, bytes);
            Optional<CredentialImage> back = CredentialImage.parse(readSlot(scp, target));
            if (back.isEmpty() || back.get().generation() != next.generation()) {
                throw new CredentialStoreException("the card did not keep " + what + ": what it holds now does not verify; the "
                        + "store is as it was");
            }
        } finally {
            Arrays.fill(bytes, (byte) 0);
            puts.values().forEach(b -> Arrays.fill(b, (byte) 0));
        }
    }

    @Override
    public Optional<PskKeys> pskKeys() {
        return hasKeyCommands() ? Optional.of(commands) : Optional.empty();
    }

    @Override
    public Optional<SigningKeys> signingKeys() {
        return hasKeyCommands() ? Optional.of(commands) : Optional.empty();
    }

    private boolean hasKeyCommands() {
        Boolean has = keyCommands;
        if (has == null) {
            try {
                has = CardKeyCommands.offered(se);
            } catch (SecureElementException e) {
                return false; // asked again next time: the card may be back
            }
            keyCommands = has;
        }
        return has;
    }

    /** Whether the card has the credential application (one SELECT, outside any secure channel). */
    static boolean hasApplication(SecureElement se) throws SecureElementException {
        try (ApduChannel ch = se.openLogicalChannel(AID)) {
            return ch.isOpen();
        } catch (StatusWordException e) {
            return false;
        }
    }

    record State(CredentialImage image, int slot) {
    }

    @FunctionalInterface
    interface Work<T> {
        T run(ApduChannel scp) throws SecureElementException, CredentialStoreException;
    }

    <T> T session(Work<T> work) throws CredentialStoreException {
        Scp03Keys keys;
        try {
            keys = cardKeys.lookup(se.id()).orElseThrow(() -> new CredentialStoreException(
                    "no SCP03 keys for the credential application of card " + se.id() + ": " + cardKeys.howToProvision(se.id())));
        } catch (CardKeysException e) {
            throw new CredentialStoreException("the SCP03 keys of card " + se.id() + " cannot be used: " + e.getMessage(), e);
        }
        try (Scp03Session scp = SecureChannels.open(se, AID, keys, SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC)) {
            return work.run(scp);
        } catch (SecureElementException e) {
            String cause = e.reason() == SecureElementException.Reason.SECURITY
                    ? "the card did not accept the SCP03 keys, or an answer did not verify: " + e.getMessage() : e.getMessage();
            throw new CredentialStoreException("the credential application of card " + se.id() + ": " + cause, e);
        } finally {
            keys.destroy();
        }
    }

    /**
     * The slot holding the newest image that verifies; an empty image in no slot (-1) on a new card, whose slots are
     * blank. When no slot verifies and one is not blank, the store's entries are out of reach: that is said, and nothing
     * is written over them (issue 22, finding 7), unless the operator chose to start this card afresh.
     */
    State current(ApduChannel scp) throws SecureElementException, CredentialStoreException {
        State best = new State(CredentialImage.empty(), -1);
        java.util.List<String> damaged = new java.util.ArrayList<>();
        for (int i = 0; i < SLOTS.length; i++) {
            byte[] raw = readSlot(scp, i);
            Optional<CredentialImage> image = CredentialImage.parse(raw);
            if (image.isPresent() && (best.slot < 0 || image.get().generation() > best.image.generation())) {
                best = new State(image.get(), i);
            } else if (image.isEmpty() && !blank(raw)) {
                damaged.add(name(i));
            }
            Arrays.fill(raw, (byte) 0);
        }
        if (best.slot < 0 && !damaged.isEmpty()) {
            if (!startAfreshIfDamaged) {
                throw new Damaged(DAMAGED + " of card " + se.id() + ": " + String.join(" and ", damaged)
                        + " hold no image that verifies, and no other slot does; its entries are out of reach, and nothing is written "
                        + "over them until an operator decides (resetDamaged in " + org.scgateway.api.config.Pids.CREDENTIAL_SE
                        + " starts it afresh, losing them)");
            }
            LOG.warn("the credential store of card {} is damaged ({}): it starts afresh, empty, as an operator chose (resetDamaged)",
                    se.id(), String.join(", ", damaged));
        }
        return best;
    }

    /** Said of a store whose slots are both damaged. */
    static final String DAMAGED = "the credential store is damaged";

    /** Both slots damaged, and the operator has not chosen to start afresh. */
    static final class Damaged extends CredentialStoreException {
        private static final long serialVersionUID = 1L;

        Damaged(String message) {
            super(message);
        }
    }

    /** A slot never written: all FF, as a card makes its files, or all 00. */
    private static boolean blank(byte[] raw) {
        boolean ff = true;
        boolean zero = true;
        for (byte b : raw) {
            ff &= b == (byte) 0xFF;
            zero &= b == 0;
        }
        return ff || zero;
    }

    /** As much of a slot as its image announces; the first piece alone when the slot holds none. */
    private byte[] readSlot(ApduChannel scp, int slot) throws SecureElementException, CredentialStoreException {
        int size = select(scp, slot);
        return TransparentFile.read(scp, size, PIECE, size, first -> {
            int length = CredentialImage.length(first);
            return length < 0 ? first.length : length;
        }, name(slot));
    }

    private void write(ApduChannel scp, int slot, byte[] bytes) throws SecureElementException, CredentialStoreException {
        int size = select(scp, slot);
        if (bytes.length > size) {
            throw new CredentialStoreException("the store would take " + bytes.length + " bytes; a slot of card " + se.id() + " holds "
                    + size + ": nothing was changed");
        }
        TransparentFile.update(scp, bytes, PIECE, name(slot));
    }

    /** Selects a slot and gives its size. */
    private int select(ApduChannel scp, int slot) throws SecureElementException, CredentialStoreException {
        int fid = SLOTS[slot];
        int size = TransparentFile.select(scp, new byte[] {(byte) (fid >> 8), (byte) fid}, name(slot));
        if (size < 0) {
            throw new CredentialStoreException(name(slot) + " of card " + se.id() + " does not say its size");
        }
        return size;
    }

    private static String name(int slot) {
        return String.format("credential slot %04X", SLOTS[slot]);
    }
}
