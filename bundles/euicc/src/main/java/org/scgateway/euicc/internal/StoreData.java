package org.scgateway.euicc.internal;

import java.util.Arrays;

import org.scgateway.api.euicc.EuiccException;
import org.scgateway.api.euicc.EuiccException.Result;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ExclusiveHold;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.SecureElementException;

/**
 * GlobalPlatform STORE DATA as ES10 uses it: the request in blocks of at most 120 bytes, P1 {@code 11}
 * (more blocks) or {@code 91} (last block), P2 the block number from 0; the answer comes to the last
 * block (61xx and GET RESPONSE are the channel's business: give this a {@code GetResponseChannel}).
 */
final class StoreData {

    static final int INS = 0xE2;
    static final int MORE = 0x11;
    static final int LAST = 0x91;
    static final int BLOCK = 120;

    private StoreData() {
    }

    /** The commands that carry {@code data}, for channel 0 (the channel puts its number in). */
    static CommandApdu[] commands(byte[] data) {
        int blocks = Math.max(1, (data.length + BLOCK - 1) / BLOCK);
        if (blocks > 256) {
            throw new IllegalArgumentException("STORE DATA numbers 256 blocks at most; " + data.length + " bytes need " + blocks);
        }
        CommandApdu[] out = new CommandApdu[blocks];
        for (int i = 0; i < blocks; i++) {
            byte[] part = Arrays.copyOfRange(data, i * BLOCK, Math.min(data.length, (i + 1) * BLOCK));
            boolean last = i == blocks - 1;
            out[i] = CommandApdu.of(0x80, INS, last ? LAST : MORE, i, part, last ? CommandApdu.MAX_SHORT_NE : 0);
        }
        return out;
    }

    /**
     * Sends {@code data}; returns the answer to the last block, whatever its status word. A request of several
     * blocks holds the element for the sequence, so that no other program cuts into it; a request of one block
     * (every ES10c request the service sends) does not wait for that, since a card has few channels and a
     * channel held while waiting is one the others cannot have.
     */
    static ResponseApdu exchange(ApduChannel channel, byte[] data, String function) throws EuiccException {
        CommandApdu[] commands = commands(data);
        if (commands.length == 1) {
            return send(channel, commands, function);
        }
        try (ExclusiveHold hold = channel.holdExclusive()) {
            return send(channel, commands, function);
        } catch (SecureElementException e) {
            throw new EuiccException(Result.SECURE_ELEMENT_FAILURE, function + ": the Secure Element could not be held: " + e.getMessage(), e);
        }
    }

    private static ResponseApdu send(ApduChannel channel, CommandApdu[] commands, String function) throws EuiccException {
        for (int i = 0; i < commands.length; i++) {
            ResponseApdu r;
            try {
                r = channel.transmit(commands[i]);
            } catch (SecureElementException e) {
                throw new EuiccException(Result.SECURE_ELEMENT_FAILURE, function + ": the Secure Element failed: " + e.getMessage(), e);
            }
            if (i == commands.length - 1) {
                return r;
            }
            if (!r.isOk()) {
                throw new EuiccException(Result.SECURE_ELEMENT_FAILURE, String.format("%s: the ISD-R answered %04X to STORE DATA block %d of %d",
                        function, r.sw(), i + 1, commands.length));
            }
        }
        throw new AssertionError("STORE DATA has one block at least");
    }

    /** Sends {@code data} and returns the data of the answer, which must end 9000. */
    static byte[] exchangeOk(ApduChannel channel, byte[] data, String function) throws EuiccException {
        ResponseApdu r = exchange(channel, data, function);
        if (!r.isOk()) {
            throw new EuiccException(Result.SECURE_ELEMENT_FAILURE, String.format("%s: the ISD-R answered %04X", function, r.sw()));
        }
        return r.data();
    }
}
