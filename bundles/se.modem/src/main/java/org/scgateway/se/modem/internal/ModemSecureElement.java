package org.scgateway.se.modem.internal;

import java.util.Optional;

import org.scgateway.api.component.AbstractSecureComponent;
import org.scgateway.api.component.ComponentKind;
import org.scgateway.api.component.Identification;
import org.scgateway.api.se.Aid;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
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
    private volatile boolean lost;

    ModemSecureElement(String id, ComponentKind kind, Identification identification, AtPort port) {
        super(id, kind, BACKEND, identification);
        this.port = port;
    }

    /** The SIM went (removed, the modem reset or gone): every channel fails from now on. */
    void lost() {
        lost = true;
    }

    @Override
    public ApduChannel openBasicChannel() throws SecureElementException {
        return new Channel(0, -1, null);
    }

    @Override
    public ApduChannel openLogicalChannel() throws SecureElementException {
        ResponseApdu opened = csim(CommandApdu.of(0x00, 0x70, 0x00, 0x00, 1));
        if (opened.sw() == 0x6A81) {
            throw new SecureElementException(Reason.NO_CHANNEL_AVAILABLE, "no logical channel is free on " + id());
        }
        if (opened.sw() != 0x9000 || opened.data().length != 1) {
            throw new SecureElementException(Reason.PROTOCOL, "the modem of " + id() + " did not open a logical channel through +CSIM ("
                    + String.format("%04X", opened.sw()) + "); it may allow logical channels only with an application (+CCHO)");
        }
        return new Channel(opened.data()[0], -1, null);
    }

    @Override
    public ApduChannel openLogicalChannel(Aid aid) throws SecureElementException {
        int session;
        try {
            session = SimCommands.session(run(SimCommands.ccho(aid.bytes())));
        } catch (AtException e) {
            AtResult r = e.result();
            if (r != null && r.cmeCode() == AtResult.OPERATION_NOT_ALLOWED) {
                throw new SecureElementException(Reason.NO_CHANNEL_AVAILABLE, "no logical channel for " + aid + " on " + id() + ": "
                        + e.getMessage());
            }
            throw failure(e);
        }
        Channel channel = new Channel(-1, session, null);
        try {
            // The modem selected the application itself and keeps its answer: the same SELECT again gives the FCI.
            channel.select = channel.transmit(CommandApdu.of(0x00, 0xA4, 0x04, 0x00, aid.bytes(), 256));
        } catch (SecureElementException e) {
            channel.close(); // not left open on the card for want of its FCI
            throw e;
        }
        return channel;
    }

    private ResponseApdu csim(CommandApdu command) throws SecureElementException {
        try {
            return SimCommands.response(run(SimCommands.csim(command)));
        } catch (AtException e) {
            throw failure(e);
        }
    }

    private AtExchange run(AtExchange exchange) throws AtException, SecureElementException {
        if (lost) {
            throw new SecureElementException(Reason.CARD_REMOVED, "the SIM of " + id() + " is gone");
        }
        return port.run(exchange);
    }

    private SecureElementException failure(AtException e) {
        AtResult r = e.result();
        if (r != null && r.simGone()) {
            lost = true;
            return new SecureElementException(Reason.CARD_REMOVED, e.getMessage(), e);
        }
        if (e.isTimeout()) {
            return new SecureElementException(Reason.TIMEOUT, e.getMessage(), e);
        }
        return new SecureElementException(r == null ? Reason.TRANSPORT : Reason.PROTOCOL, e.getMessage(), e);
    }

    /** A channel: the basic one or one opened with MANAGE CHANNEL (through +CSIM), or a +CCHO session (through +CGLA). */
    private final class Channel implements ApduChannel {
        /** The card's channel number, or -1 for a +CCHO session (the modem's to number). */
        private final int number;
        private final int session;
        private ResponseApdu select;
        private volatile boolean open = true;

        Channel(int number, int session, ResponseApdu select) {
            this.number = number;
            this.session = session;
            this.select = select;
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
            synchronized (port) {
                return ResponseChain.whole(command, this::once, words -> new SecureElementException(Reason.PROTOCOL, words));
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
            return open && !lost;
        }

        @Override
        public void close() {
            if (!open) {
                return;
            }
            open = false;
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
