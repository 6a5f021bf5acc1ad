package org.scgateway.se.pcsc.internal;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;

import org.scgateway.api.component.ComponentKind;
import org.scgateway.api.component.ComponentState;
import org.scgateway.api.component.Identification;
import org.scgateway.api.se.Aid;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.api.se.SecureElementException.Reason;
import org.scgateway.api.se.StatusWordException;

/**
 * The card in one PC/SC reader, as a {@link SecureElement}. Logical channels come from
 * {@code Card.openLogicalChannel()} (javax.smartcardio refuses a raw MANAGE CHANNEL); on T=0 the
 * provider (jnasmartcardio) answers 61xx and 6Cxx itself. A card pulled mid-command fails that command with
 * {@link Reason#CARD_REMOVED}; the driver then unregisters the service.
 */
final class PcscSecureElement implements SecureElement {

    static final String BACKEND = "se.pcsc";
    /** Longer than pcscd's card presence poll (400 ms), so that a pulled card is seen as such. */
    static final long REMOVAL_GRACE_MS = 1_000;

    private final CardTerminal terminal;
    private final Card card;
    private final String id;
    private final Identification identification;
    private final Consumer<PcscSecureElement> onLost;
    private volatile boolean present = true;
    private boolean basicInUse;

    /**
     * @param onLost called once when a command finds the card lost (pulled, or reset by another PC/SC
     *        client, which ends every channel and session as surely): the driver withdraws the service then,
     *        and offers the card again if it is still in the reader
     */
    PcscSecureElement(CardTerminal terminal, Card card, Consumer<PcscSecureElement> onLost) {
        this.terminal = terminal;
        this.card = card;
        this.onLost = onLost;
        byte[] atr = card.getATR().getBytes();
        this.identification = Identification.builder().put(Identification.ATR, atr).build();
        // Stable for one card in one reader; a card's own serial needs its file system, which differs per card.
        this.id = "pcsc-" + terminal.getName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "-"
                + HexFormat.of().formatHex(atr).substring(0, Math.min(16, atr.length * 2));
    }

    /** The card is gone (pulled, reader unplugged, pcscd away): every channel fails from now on. */
    void remove() {
        present = false;
        try {
            card.disconnect(false);
        } catch (CardException | IllegalStateException e) {
            // already gone
        }
    }

    @Override
    public String id() {
        return id.length() > 64 ? id.substring(0, 64) : id;
    }

    @Override
    public ComponentKind kind() {
        return ComponentKind.UICC;
    }

    @Override
    public String backend() {
        return BACKEND;
    }

    @Override
    public Identification identification() {
        return identification;
    }

    @Override
    public ComponentState state() {
        return ComponentState.READY;
    }

    @Override
    public synchronized ApduChannel openBasicChannel() throws SecureElementException {
        requirePresent();
        if (basicInUse) {
            throw new SecureElementException(Reason.CHANNEL_BUSY, "the basic channel of " + id + " is in use");
        }
        basicInUse = true;
        return new Channel(card.getBasicChannel(), true);
    }

    @Override
    public ApduChannel openLogicalChannel() throws SecureElementException {
        requirePresent();
        try {
            return new Channel(card.openLogicalChannel(), false);
        } catch (CardException e) {
            throw failure("MANAGE CHANNEL open", e, Reason.NO_CHANNEL_AVAILABLE);
        }
    }

    @Override
    public ApduChannel openLogicalChannel(Aid aid) throws SecureElementException {
        ApduChannel c = openLogicalChannel();
        ResponseApdu select = c.transmit(CommandApdu.of(0x00, 0xA4, 0x04, 0x04, aid.bytes(), 256));
        if (!select.isOk()) {
            c.close();
            throw new StatusWordException(select.statusWord(), "SELECT " + aid + " on " + id);
        }
        ((Channel) c).select = select;
        return c;
    }

    private void requirePresent() throws SecureElementException {
        if (!present) {
            throw new SecureElementException(Reason.CARD_REMOVED, "the card in " + terminal.getName() + " has been removed");
        }
    }

    /**
     * What a CardException means: a card that has gone, or a transport failure. A card pulled during an
     * exchange often fails it as a communication error (SCARD_E_NOT_TRANSACTED from vpcd, SCARD_F_COMM_ERROR
     * from CCID readers), and pcscd sees the card absent only at its next poll (every 400 ms): so a failure
     * that does not name the card's absence asks the reader, with a short grace, before it is called
     * TRANSPORT.
     */
    private SecureElementException failure(String what, CardException e, Reason otherwise) {
        String m = String.valueOf(e.getMessage()) + (e.getCause() == null ? "" : " " + e.getCause().getMessage());
        boolean gone = m.contains("REMOVED") || m.contains("NO_SMARTCARD") || m.contains("RESET") || m.contains("READER_UNAVAILABLE")
                || cardWentAway();
        if (gone) {
            lost();
            return new SecureElementException(Reason.CARD_REMOVED, what + " on " + terminal.getName()
                    + " failed: the card was removed (" + m + ")", e);
        }
        return new SecureElementException(otherwise, what + " on " + terminal.getName() + " failed: " + m, e);
    }

    private void lost() {
        if (present) {
            present = false;
            onLost.accept(this);
        }
    }

    private boolean cardWentAway() {
        try {
            return terminal.waitForCardAbsent(REMOVAL_GRACE_MS);
        } catch (CardException | IllegalStateException e) {
            return true; // the reader itself is gone
        }
    }

    private final class Channel implements ApduChannel {
        private final CardChannel channel;
        private final boolean basic;
        private volatile boolean open = true;
        private ResponseApdu select;

        Channel(CardChannel channel, boolean basic) {
            this.channel = channel;
            this.basic = basic;
        }

        @Override
        public int channelNumber() {
            return channel.getChannelNumber();
        }

        @Override
        public Optional<ResponseApdu> selectResponse() {
            return Optional.ofNullable(select);
        }

        @Override
        public ResponseApdu transmit(CommandApdu command) throws SecureElementException {
            if (!open) {
                throw new SecureElementException(Reason.CHANNEL_CLOSED, "channel " + channelNumber() + " of " + id + " is closed");
            }
            requirePresent();
            try {
                // Not left to the provider: the JDK's codes the channel into interindustry classes only and
                // leaves proprietary ones (80 and up: every GlobalPlatform command) on channel 0.
                CommandApdu onChannel = command.onChannel(channel.getChannelNumber());
                return ResponseApdu.parse(channel.transmit(new CommandAPDU(onChannel.toBytes())).getBytes());
            } catch (CardException e) {
                throw failure("command " + command.header(), e, Reason.TRANSPORT);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // An answer too short to be one (the provider's ByteBuffer underflows on it): a card pulled in
                // the middle of the exchange, or one that answered wrongly.
                if (cardWentAway()) {
                    lost();
                    throw new SecureElementException(Reason.CARD_REMOVED, "command " + command.header() + " on "
                            + terminal.getName() + " failed: the card was removed (" + e.getMessage() + ")", e);
                }
                throw new SecureElementException(Reason.PROTOCOL, "command " + command.header() + " on " + terminal.getName()
                        + ": " + e.getMessage(), e);
            }
        }

        @Override
        public boolean isOpen() {
            return open && present;
        }

        @Override
        public void close() {
            if (!open) {
                return;
            }
            open = false;
            if (basic) {
                synchronized (PcscSecureElement.this) {
                    basicInUse = false;
                }
                return;
            }
            try {
                channel.close();
            } catch (CardException | IllegalStateException e) {
                // the card or channel is gone already
            }
        }
    }
}
