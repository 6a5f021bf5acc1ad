package org.scgateway.se.pcsc.internal;

import java.io.ByteArrayOutputStream;

import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;

import jnasmartcardio.SingleExchange;

import org.scgateway.api.se.CommandApdu;

/**
 * One command and its whole answer: 61xx fetched with GET RESPONSE (in the interindustry class, on the command's
 * channel) for as long as the card has more, 6Cxx sent again with the Le the card asked for. Not left to the
 * provider, which gives up after eight exchanges and then returns a wrong status word (see {@link SingleExchange}).
 * Not left to the caller's {@code GetResponseChannel} either: the whole chain runs as one task on the element's
 * thread, so no other channel's command comes between a command and its GET RESPONSE, which makes some cards drop
 * the waiting answer.
 */
final class Exchange {

    /** 256 parts of up to 256 bytes: more than any short-APDU answer a card builds, and a bound for one that loops. */
    static final int MAX_PARTS = 256;

    private Exchange() {
    }

    /** On the element's thread. @throws CardException as PC/SC fails, or when the card's answer never ends */
    static byte[] whole(CardChannel channel, CommandApdu command) throws CardException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        CommandApdu next = command;
        for (int part = 0; part < MAX_PARTS; part++) {
            byte[] r = once(channel, next.toBytes());
            if (r.length < 2) {
                return r; // not an answer: the caller says so
            }
            int sw1 = r[r.length - 2] & 0xFF;
            int sw2 = r[r.length - 1] & 0xFF;
            if (sw1 == 0x6C && next.ne() > 0 && !next.isExtended()) {
                next = CommandApdu.of(next.cla(), next.ins(), next.p1(), next.p2(), next.data(), sw2 == 0 ? 256 : sw2);
            } else if (sw1 == 0x61) {
                data.write(r, 0, r.length - 2);
                next = CommandApdu.of(0x00, 0xC0, 0x00, 0x00, sw2 == 0 ? 256 : sw2).onChannel(channel.getChannelNumber());
            } else {
                data.write(r, 0, r.length);
                return data.toByteArray();
            }
        }
        throw new CardException("the card's answer to " + command.header() + " did not end within " + MAX_PARTS + " GET RESPONSEs");
    }

    private static byte[] once(CardChannel channel, byte[] command) throws CardException {
        if (SingleExchange.supports(channel)) {
            return SingleExchange.transmit(channel, command);
        }
        return channel.transmit(new CommandAPDU(command)).getBytes();
    }
}
