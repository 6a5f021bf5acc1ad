package org.scgateway.globalplatform.scp03;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Optional;

import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ExclusiveHold;
import org.scgateway.api.se.ResponseApdu;

/** A card that expects exact command bytes, in order, and gives canned answers: the shape of a test vector. */
final class ScriptedCard implements ApduChannel {

    private final Deque<String[]> script = new ArrayDeque<>();
    private boolean open = true;
    /** Holds taken and not yet let go; a command sent without one is recorded. */
    int holds;
    int commandsWithoutHold;

    /** Expects {@code command} (hex) next and answers {@code response} (hex, with SW). */
    ScriptedCard expect(String command, String response) {
        script.add(new String[] {command.toUpperCase(), response.toUpperCase()});
        return this;
    }

    /** Expects any command next (its bytes are not checked) and answers {@code response}. */
    ScriptedCard expectAny(String response) {
        script.add(new String[] {null, response.toUpperCase()});
        return this;
    }

    /** Expects a command that starts with {@code prefix} (hex). */
    ScriptedCard expectPrefix(String prefix, String response) {
        script.add(new String[] {"PREFIX:" + prefix.toUpperCase(), response.toUpperCase()});
        return this;
    }

    void assertDone() {
        assertFalse("commands the script still expected: " + script.size(), !script.isEmpty());
    }

    @Override
    public int channelNumber() {
        return 0;
    }

    @Override
    public Optional<ResponseApdu> selectResponse() {
        return Optional.empty();
    }

    @Override
    public ExclusiveHold holdExclusive() {
        holds++;
        boolean[] closed = new boolean[1];
        return () -> {
            if (!closed[0]) {
                closed[0] = true;
                holds--;
            }
        };
    }

    @Override
    public ResponseApdu transmit(CommandApdu command) {
        if (holds == 0) {
            commandsWithoutHold++;
        }
        String[] step = script.poll();
        String sent = HexFormat.of().withUpperCase().formatHex(command.toBytes());
        if (step == null) {
            throw new AssertionError("unexpected command " + sent);
        }
        if (step[0] != null && step[0].startsWith("PREFIX:")) {
            String prefix = step[0].substring(7);
            if (!sent.startsWith(prefix)) {
                throw new AssertionError("command " + sent + " does not start with " + prefix);
            }
        } else if (step[0] != null) {
            assertEquals("command", step[0], sent);
        }
        return ResponseApdu.parse(HexFormat.of().parseHex(step[1]));
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
