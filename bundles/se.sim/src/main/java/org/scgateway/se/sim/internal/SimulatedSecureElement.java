package org.scgateway.se.sim.internal;

import java.util.Optional;

import org.scgateway.api.component.AbstractSecureComponent;
import org.scgateway.api.component.ComponentKind;
import org.scgateway.api.component.Identification;
import org.scgateway.api.euicc.Iccid;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.LogicalChannels;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.api.se.SecureElementException.Reason;

/** The simulated card as a {@link SecureElement}: its channels go straight to the {@link SimulatedCard}. */
final class SimulatedSecureElement extends AbstractSecureComponent implements SecureElement {

    static final String BACKEND = "se.sim";

    private final SimulatedCard card;
    private volatile boolean present = true;
    private boolean basicInUse;

    SimulatedSecureElement(SimulatedCard card, CardProfile profile) {
        super("sim-" + profile.iccid, ComponentKind.UICC, BACKEND, identificationOf(profile));
        this.card = card;
    }

    private static Identification identificationOf(CardProfile profile) {
        Identification.Builder b = Identification.builder().put(Identification.ATR, profile.atr)
                .put(Identification.ICCID, Iccid.of(profile.iccid).toBcd());
        if (profile.cplc.length > 0) {
            b.put(Identification.CPLC, profile.cplc);
        }
        return b.build();
    }

    /** The card is taken out: every channel fails from now on. */
    void remove() {
        present = false;
    }

    @Override
    public synchronized ApduChannel openBasicChannel() throws SecureElementException {
        requirePresent();
        if (basicInUse) {
            throw new SecureElementException(Reason.CHANNEL_BUSY, "the basic channel of " + id() + " is in use");
        }
        basicInUse = true;
        return new Channel(0);
    }

    /** MANAGE CHANNEL open, as {@link LogicalChannels} has every driver wait for a free one. */
    @Override
    public ApduChannel openLogicalChannel() throws SecureElementException {
        return LogicalChannels.open(id(), () -> {
            requirePresent();
            ResponseApdu r = card.transmit(CommandApdu.of(0x00, 0x70, 0x00, 0x00, 1));
            if (r.sw() == 0x6A81) {
                throw new SecureElementException(Reason.NO_CHANNEL_AVAILABLE, "every logical channel of " + id() + " is in use");
            }
            r.requireOk();
            return new Channel(r.data()[0]);
        });
    }

    private void requirePresent() throws SecureElementException {
        if (!present) {
            throw new SecureElementException(Reason.CARD_REMOVED, "the simulated card " + id() + " has been removed");
        }
    }

    private final class Channel implements ApduChannel {
        private final int number;
        private volatile boolean open = true;

        Channel(int number) {
            this.number = number;
        }

        @Override
        public int channelNumber() {
            return number;
        }

        @Override
        public Optional<ResponseApdu> selectResponse() {
            return Optional.empty(); // a channel opened with an AID answers it through LogicalChannels.select
        }

        @Override
        public ResponseApdu transmit(CommandApdu command) throws SecureElementException {
            if (!open) {
                throw new SecureElementException(Reason.CHANNEL_CLOSED, "channel " + number + " of " + id() + " is closed");
            }
            requirePresent();
            return card.transmit(command.onChannel(number));
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
            if (number == 0) {
                synchronized (SimulatedSecureElement.this) {
                    basicInUse = false;
                }
            } else if (present) {
                card.transmit(CommandApdu.of(0x00, 0x70, 0x80, number));
            }
        }
    }

}
