package org.scgateway.api.se;

import java.io.ByteArrayOutputStream;
import java.util.function.Function;

/**
 * One command and its whole answer, as a driver gets it from a card that answers in parts (ISO/IEC 7816-4 5.3.4):
 * 61xx fetched with GET RESPONSE, in the interindustry class on the command's own channel, for as long as the card has
 * more; 6Cxx sent again with the Le the card asked for. A driver runs the chain as one task holding its transport, so no
 * other channel's command comes between a command and its GET RESPONSE (some cards drop the waiting answer then).
 */
public final class ResponseChain {

    /** 256 parts of up to 256 bytes: more than any short-APDU answer a card builds, and a bound for one that loops. */
    public static final int MAX_PARTS = 256;

    /** One exchange with the card, no chaining. */
    @FunctionalInterface
    public interface Exchange<E extends Exception> {
        ResponseApdu transmit(CommandApdu command) throws E;
    }

    private ResponseChain() {
    }

    /**
     * @param command  on the channel it is for (its class byte names it)
     * @param endless  the driver's failure for an answer that does not end within {@link #MAX_PARTS} parts, given the
     *                 words to say
     */
    public static <E extends Exception> ResponseApdu whole(CommandApdu command, Exchange<E> once, Function<String, E> endless)
            throws E {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        CommandApdu next = command;
        for (int part = 0; part < MAX_PARTS; part++) {
            ResponseApdu r = once.transmit(next);
            int sw1 = r.sw() >> 8;
            int sw2 = r.sw() & 0xFF;
            if (sw1 == 0x6C && next.ne() > 0 && !next.isExtended()) {
                next = CommandApdu.of(next.cla(), next.ins(), next.p1(), next.p2(), next.data(), sw2 == 0 ? 256 : sw2);
            } else if (sw1 == 0x61) {
                data.writeBytes(r.data());
                next = CommandApdu.of(0x00, 0xC0, 0x00, 0x00, sw2 == 0 ? 256 : sw2).onChannel(command.channel());
            } else {
                data.writeBytes(r.data());
                return ResponseApdu.of(data.toByteArray(), r.sw());
            }
        }
        throw endless.apply("the answer to " + command.header() + " did not end within " + MAX_PARTS + " GET RESPONSEs");
    }
}
