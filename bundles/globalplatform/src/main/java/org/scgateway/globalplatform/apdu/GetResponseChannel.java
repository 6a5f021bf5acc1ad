package org.scgateway.globalplatform.apdu;

import java.util.Arrays;
import java.util.Objects;

import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.ForwardingApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.api.se.SecureElementException.Reason;
import org.scgateway.api.se.StatusWord;

/**
 * An {@link ApduChannel} that handles the ISO/IEC 7816-4 response-length procedures over another channel,
 * so that callers see one complete response per command:
 * <ul>
 * <li><b>61xx</b> (SW2 more bytes available): sends GET RESPONSE ({@code INS C0}, P1 P2 {@code 00 00}) with
 * Le = SW2 ({@code 00} asking for 256), as many times as the element answers 61xx, and returns the data of
 * all the answers concatenated (including any data that came with the first answer) with the status word
 * of the last one. A GET RESPONSE answered 6Cxx is sent again with Le = SW2.</li>
 * <li><b>6Cxx</b> (wrong Le, SW2 bytes available): resends the same command once with Ne = SW2
 * ({@code 00} meaning 256) and handles that answer as above; a second 6Cxx is returned as it is. Note that
 * the command is executed twice by the element, as ISO/IEC 7816-4 intends.</li>
 * <li>Any other status word: the response passes through unchanged.</li>
 * </ul>
 * <b>Class byte of GET RESPONSE.</b> {@code 00} (interindustry, no secure messaging, no chaining, even
 * after a proprietary-class command) with the logical channel coded as for the command: the channel its
 * CLA names, or, when that is 0, this channel's {@link #channelNumber()} (callers build commands as for
 * channel 0 and the underlying channel encodes its own number).
 * <p>
 * <b>Limits.</b> An element that keeps answering 61xx is cut off: more than {@code maxRounds} GET RESPONSE
 * commands for one command, or more than {@code maxResponseBytes} bytes of data collected in total (the
 * first answer's data and that of every GET RESPONSE), throw a
 * {@link SecureElementException} with reason {@link Reason#PROTOCOL}.
 * <p>
 * <b>Threads.</b> {@link #transmit} is synchronized, so a GET RESPONSE sequence is never interleaved with
 * another caller's command through this decorator. {@link #close()} is not, so that another thread can
 * close the channel while an exchange is in progress.
 */
public final class GetResponseChannel extends ForwardingApduChannel {

    /** The default and largest limit on the data of one response: what a {@link ResponseApdu} can hold. */
    public static final int MAX_RESPONSE_BYTES = CommandApdu.MAX_NE;
    /** The default limit on GET RESPONSE commands sent for one command. */
    public static final int DEFAULT_MAX_ROUNDS = 256;

    private static final int INS_GET_RESPONSE = 0xC0;

    private final int maxResponseBytes;
    private final int maxRounds;

    /** Wraps {@code delegate} with the default limits (65536 bytes, 256 GET RESPONSE rounds). */
    public GetResponseChannel(ApduChannel delegate) {
        this(delegate, MAX_RESPONSE_BYTES, DEFAULT_MAX_ROUNDS);
    }

    /**
     * @param delegate the channel to send commands through
     * @param maxResponseBytes the most data bytes a response assembled with GET RESPONSE may have, 1 to
     *        65536 (a response that needs no GET RESPONSE passes through whatever its length)
     * @param maxRounds the most GET RESPONSE commands (and re-sent GET RESPONSEs after 6Cxx) for one
     *        command, at least 1
     */
    public GetResponseChannel(ApduChannel delegate, int maxResponseBytes, int maxRounds) {
        super(Objects.requireNonNull(delegate, "delegate"));
        if (maxResponseBytes < 1 || maxResponseBytes > MAX_RESPONSE_BYTES) {
            throw new IllegalArgumentException("maxResponseBytes must be 1 to " + MAX_RESPONSE_BYTES + ", not " + maxResponseBytes);
        }
        if (maxRounds < 1) {
            throw new IllegalArgumentException("maxRounds must be at least 1, not " + maxRounds);
        }
        this.maxResponseBytes = maxResponseBytes;
        this.maxRounds = maxRounds;
    }

    @Override
    public synchronized ResponseApdu transmit(CommandApdu command) throws SecureElementException {
        Objects.requireNonNull(command, "command");
        ResponseApdu response = delegate.transmit(command);
        StatusWord sw = response.statusWord();
        if (sw.isWrongLe()) {
            CommandApdu again = CommandApdu.of(command.cla(), command.ins(), command.p1(), command.p2(),
                    command.data(), lengthOf(sw));
            response = delegate.transmit(again);
            sw = response.statusWord();
        }
        if (!sw.isMoreDataAvailable()) {
            return response;
        }

        int channel = command.channel() != 0 ? command.channel() : delegate.channelNumber();
        int rounds = 0;
        byte[] collected = append(command, new byte[0], 0, response, rounds);
        int total = response.nr();
        while (sw.isMoreDataAvailable() || (rounds > 0 && sw.isWrongLe())) {
            if (rounds == maxRounds) {
                throw new SecureElementException(Reason.PROTOCOL, "the element still had data (SW " + sw
                        + ") after " + maxRounds + " GET RESPONSE commands for command " + command.header()
                        + "; giving up");
            }
            rounds++;
            CommandApdu getResponse = CommandApdu.of(0x00, INS_GET_RESPONSE, 0x00, 0x00, lengthOf(sw)).onChannel(channel);
            response = delegate.transmit(getResponse);
            sw = response.statusWord();
            if (!sw.isWrongLe()) {
                collected = append(command, collected, total, response, rounds);
                total += response.nr();
            }
        }
        return ResponseApdu.of(collected.length == total ? collected : Arrays.copyOf(collected, total), sw);
    }

    /** SW2 as a length: 00 means 256. */
    private static int lengthOf(StatusWord sw) {
        return sw.sw2() == 0 ? 256 : sw.sw2();
    }

    /** Appends the response's data to the buffer holding {@code total} bytes, growing it as needed. */
    private byte[] append(CommandApdu command, byte[] buffer, int total, ResponseApdu response, int rounds)
            throws SecureElementException {
        int n = response.nr();
        if (n == 0) {
            return buffer;
        }
        checkSize(command, (long) total + n, rounds);
        byte[] out = buffer;
        if (total + n > out.length) {
            out = Arrays.copyOf(out, Math.min(maxResponseBytes, Math.max(total + n, 2 * out.length)));
        }
        System.arraycopy(response.data(), 0, out, total, n);
        return out;
    }

    private void checkSize(CommandApdu command, long total, int rounds) throws SecureElementException {
        if (total > maxResponseBytes) {
            throw new SecureElementException(Reason.PROTOCOL, "the response to command " + command.header()
                    + " exceeds " + maxResponseBytes + " bytes (" + total + " bytes after " + rounds
                    + " GET RESPONSE commands)");
        }
    }
}
