package org.scgateway.se.modem.internal;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import org.scgateway.api.component.AbstractSecureComponent;
import org.scgateway.api.component.ComponentKind;
import org.scgateway.api.component.Identification;
import org.scgateway.api.se.Aid;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.LogicalChannels;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.ResponseChain;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.api.se.SecureElementException.Reason;

/**
 * The SIM or eUICC in a modem, through its AT port: the basic channel through {@code +CSIM}, a logical channel with an
 * application through {@code +CCHO}/{@code +CGLA}/{@code +CCHC} (the modem keeps the channel number, TS 27.007 8.43), a
 * logical channel without one through MANAGE CHANNEL over {@code +CSIM} (+CCHO needs an application; modems that refuse
 * MANAGE CHANNEL there say so). One command at a time on the port ({@link AtPort}), whatever the channels.
 */
final class ModemSecureElement extends AbstractSecureComponent implements SecureElement {

    static final String BACKEND = "se.modem";

    private final AtPort port;
    private final Runnable onLost;
    private final Pattern simLost;
    /** The basic channel is one holder's at a time (SecureElement's contract). */
    private final AtomicBoolean basicHeld = new AtomicBoolean();
    /** Why the SIM is no longer this element's (removed, the modem reset, gone, silent), or null. */
    private final AtomicReference<String> gone = new AtomicReference<>();

    /**
     * @param simLost the unsolicited result codes that say the SIM went or the modem restarted
     * @param onLost  told once, on the thread that found it, when the SIM is found gone: the driver withdraws the element
     *                and probes the port again
     */
    ModemSecureElement(String id, ComponentKind kind, Identification identification, AtPort port, Pattern simLost, Runnable onLost) {
        super(id, kind, BACKEND, identification);
        this.port = port;
        this.simLost = simLost;
        this.onLost = onLost;
    }

    /**
     * An unsolicited result code from the port: one saying the SIM went or the modem restarted loses the SIM.
     *
     * @return whether it did: then no answer comes to a command in hand
     */
    boolean unsolicited(String line) {
        if (simLost.matcher(line).matches()) {
            lost("the modem said " + line);
            return true;
        }
        return false;
    }

    /** The SIM went (removed, the modem reset or gone): every channel fails from now on. */
    void lost(String why) {
        if (gone.compareAndSet(null, why)) {
            onLost.run();
        }
    }

    boolean isLost() {
        return gone.get() != null;
    }

    /** Why the SIM was lost; null while it is not. */
    String whyLost() {
        return gone.get();
    }

    /**
     * Asks the modem whether the SIM is still ready ({@code AT+CPIN?}), unless a command holds the port (then it is).
     * Between commands nothing else would notice a SIM taken out, a modem that reset without a word, or one that hangs.
     */
    void check() {
        if (isLost()) {
            return;
        }
        try {
            AtExchange cpin = new AtExchange("AT+CPIN?", "+CPIN:", false);
            if (port.runIfIdle(cpin) && !cpin.value().equals("READY")) {
                lost("the modem says the SIM is " + cpin.value());
            }
        } catch (AtException e) {
            if (e.result() != null && e.result().cmeCode() == AtResult.SIM_BUSY) {
                return; // busy is there
            }
            lost(e.result() != null && e.result().simGone() ? "the SIM was removed" : e.getMessage());
        }
    }

    @Override
    public ApduChannel openBasicChannel() throws SecureElementException {
        requirePresent();
        if (!basicHeld.compareAndSet(false, true)) {
            throw new SecureElementException(Reason.CHANNEL_BUSY, "the basic channel of " + id() + " is in use");
        }
        return new Channel(0, -1);
    }

    @Override
    public ApduChannel openLogicalChannel() throws SecureElementException {
        return LogicalChannels.open(id(), this::manageChannel);
    }

    /** MANAGE CHANNEL open through +CSIM. */
    private ApduChannel manageChannel() throws SecureElementException {
        ResponseApdu opened = csim(CommandApdu.of(0x00, 0x70, 0x00, 0x00, 1));
        if (opened.sw() == 0x6A81) {
            throw new SecureElementException(Reason.NO_CHANNEL_AVAILABLE, "no logical channel is free on " + id());
        }
        if (opened.sw() != 0x9000 || opened.data().length != 1 || opened.data()[0] < 1 || opened.data()[0] > 19) {
            throw new SecureElementException(Reason.PROTOCOL, "the modem of " + id() + " did not open a logical channel through +CSIM ("
                    + String.format("%04X", opened.sw()) + "); it may allow logical channels only with an application (+CCHO)");
        }
        return new Channel(opened.data()[0], -1);
    }

    /**
     * Through +CCHO, where the modem selects the application; when it refuses (it does not say whether for want of
     * the application or of a channel), the card is asked itself on a channel of MANAGE CHANNEL, so that a missing
     * application is the card's own 6A82 in a {@link org.scgateway.api.se.StatusWordException}, as with every other driver.
     */
    @Override
    public ApduChannel openLogicalChannel(Aid aid) throws SecureElementException {
        return LogicalChannels.open(id(), () -> {
            int session;
            try {
                session = SimCommands.session(run(SimCommands.ccho(aid.bytes())));
            } catch (AtException e) {
                if (e.result() == null || e.result().simGone() || e.isBusy()) {
                    throw failure(e);
                }
                return LogicalChannels.select(manageChannel(), aid, id());
            }
            Channel channel = new Channel(-1, session);
            try {
                // The modem selected the application itself and keeps its answer: the same SELECT again gives it to us.
                channel.select = channel.transmit(CommandApdu.of(0x00, 0xA4, 0x04, 0x04, aid.bytes(), 256));
            } catch (SecureElementException | RuntimeException e) {
                channel.close(); // not left open on the card for want of its answer
                throw e;
            }
            return channel;
        });
    }

    private ResponseApdu csim(CommandApdu command) throws SecureElementException {
        try {
            return SimCommands.response(run(SimCommands.csim(command)));
        } catch (AtException e) {
            throw failure(e);
        }
    }

    /**
     * Runs a command unless the SIM is gone; an answer that came after the modem said it lost the SIM (a {@code RDY}
     * read before it) is not the same card's: CARD_REMOVED, never an answer from a card whose channels were reset.
     */
    private AtExchange run(AtExchange exchange) throws AtException, SecureElementException {
        requirePresent();
        AtExchange answered = port.run(exchange);
        requirePresent();
        return answered;
    }

    private void requirePresent() throws SecureElementException {
        String why = gone.get();
        if (why != null) {
            throw new SecureElementException(Reason.CARD_REMOVED, "the SIM of " + id() + " is no longer offered: " + why);
        }
    }

    private SecureElementException failure(AtException e) {
        AtResult r = e.result();
        if (isLost() || r != null && r.simGone()) {
            lost("the SIM was removed");
            return new SecureElementException(Reason.CARD_REMOVED, e.getMessage() + "; " + whyLost(), e);
        }
        if (e.isBusy()) {
            return new SecureElementException(Reason.CHANNEL_BUSY, e.getMessage(), e);
        }
        if (e.isInterrupted()) {
            return new SecureElementException(Reason.TRANSPORT, e.getMessage(), e); // the caller's affair, not the SIM's
        }
        if (e.isTimeout() || r == null) {
            // The modem hangs, or the port went: what the SIM did with the command is unknown. Let go; probed again.
            lost(e.getMessage());
            return new SecureElementException(e.isTimeout() ? Reason.TIMEOUT : Reason.TRANSPORT, e.getMessage()
                    + "; the SIM is let go and offered again once the modem answers", e);
        }
        return new SecureElementException(Reason.PROTOCOL, e.getMessage(), e);
    }

    /** A channel: the basic one or one opened with MANAGE CHANNEL (through +CSIM), or a +CCHO session (through +CGLA). */
    private final class Channel implements ApduChannel {
        /** The card's channel number, or -1 for a +CCHO session (the modem's to number). */
        private final int number;
        private final int session;
        private ResponseApdu select;
        private volatile boolean open = true;

        Channel(int number, int session) {
            this.number = number;
            this.session = session;
        }

        /**
         * A +CCHO session's id is the modem's, not necessarily the card's channel (TS 27.007 8.45); most modems give the
         * channel itself, and the MT codes the channel into what +CGLA carries (8.43). An id that cannot be a channel
         * (over 19) is reported as 0: callers then leave the class byte's channel bits to the modem.
         */
        @Override
        public int channelNumber() {
            return number >= 0 ? number : codable(session) ? session : 0;
        }

        @Override
        public Optional<ResponseApdu> selectResponse() {
            return Optional.ofNullable(select);
        }

        /** The whole answer ({@link ResponseChain}): the chain holds the port from the command to its last GET RESPONSE. */
        @Override
        public ResponseApdu transmit(CommandApdu command) throws SecureElementException {
            if (!open) {
                throw new SecureElementException(Reason.CHANNEL_CLOSED, "the channel is closed");
            }
            try (AtPort.Hold held = port.hold("command " + command.header())) {
                return ResponseChain.whole(command, this::once, words -> new SecureElementException(Reason.PROTOCOL, words));
            } catch (AtException e) {
                throw failure(e);
            }
        }

        private ResponseApdu once(CommandApdu command) throws SecureElementException {
            if (number >= 0) {
                return csim(command.onChannel(number));
            }
            try {
                // Coded as for the session's channel too (as open-source LPAs do): right for a modem that passes the
                // class byte as it is, and one that codes the channel itself overwrites it.
                CommandApdu coded = codable(session) ? command.onChannel(session) : command;
                return SimCommands.response(run(SimCommands.cgla(session, coded)));
            } catch (AtException e) {
                throw failure(e);
            }
        }

        @Override
        public boolean isOpen() {
            return open && !isLost();
        }

        @Override
        public void close() {
            if (!open) {
                return;
            }
            open = false;
            if (number == 0) {
                basicHeld.set(false);
                return;
            }
            try {
                if (session >= 0) {
                    run(SimCommands.cchc(session));
                } else if (number > 0) {
                    csim(CommandApdu.of(0x00, 0x70, 0x80, number));
                }
            } catch (AtException | SecureElementException e) {
                // the channel goes with the SIM, or the modem closes it on its next reset
            }
        }
    }

    private static boolean codable(int session) {
        return session >= 1 && session <= 19;
    }
}
