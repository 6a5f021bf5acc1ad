package org.scgateway.se.pcsc.internal;

import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;

import jnasmartcardio.SingleExchange;

import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.ResponseChain;

/**
 * One exchange through the provider, without its chaining: {@link ResponseChain} does that, on the element's thread.
 * The provider gives up after eight exchanges and then returns a wrong status word (see {@link SingleExchange}).
 */
final class Exchange {

    private Exchange() {
    }

    /** On the element's thread. @throws CardException as PC/SC fails, or when the card's answer never ends */
    static ResponseApdu whole(CardChannel channel, CommandApdu command) throws CardException {
        return ResponseChain.whole(command, c -> once(channel, c), CardException::new);
    }

    private static ResponseApdu once(CardChannel channel, CommandApdu command) throws CardException {
        byte[] r = SingleExchange.supports(channel) ? SingleExchange.transmit(channel, command.toBytes())
                : channel.transmit(new CommandAPDU(command.toBytes())).getBytes();
        return ResponseApdu.parse(r); // not an answer (under two bytes): IllegalArgumentException, which the caller names
    }
}
