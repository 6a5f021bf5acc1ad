package org.scgateway.api.se;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A card that expects exact command bytes, in order, and gives canned answers: the shape of a test vector. A step
 * may take any command, or one starting with given bytes; once the script is done, a fallback answers, or the test
 * fails. Records what was sent, how often it was closed, and commands sent without an exclusive hold. Shared by the
 * bundles' tests through api's test-support jar ({@code org.scgateway.api:tests}).
 */
public class ScriptedChannel implements ApduChannel {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final Deque<String[]> script = new ArrayDeque<>();
    private final Function<CommandApdu, ResponseApdu> fallback;
    /** The commands sent, in hex. */
    public final List<String> sent = new ArrayList<>();
    public int channelNumber;
    public boolean open = true;
    public int closed;
    public Optional<ResponseApdu> select = Optional.empty();
    /** Holds taken and not yet let go; a command sent without one is counted. */
    public int holds;
    public int commandsWithoutHold;

    public ScriptedChannel() {
        this(null);
    }

    /** @param fallback answers once the script is done; null: a command then fails the test */
    public ScriptedChannel(Function<CommandApdu, ResponseApdu> fallback) {
        this.fallback = fallback;
    }

    /** Expects {@code command} (hex, spaces allowed) next and answers {@code response} (hex, with SW). */
    public ScriptedChannel expect(String command, String response) {
        script.add(new String[] {clean(command), clean(response)});
        return this;
    }

    /** Expects any command next (its bytes are not checked) and answers {@code response}. */
    public ScriptedChannel expectAny(String response) {
        script.add(new String[] {null, clean(response)});
        return this;
    }

    /** Expects a command that starts with {@code prefix} (hex). */
    public ScriptedChannel expectPrefix(String prefix, String response) {
        script.add(new String[] {"PREFIX:" + clean(prefix), clean(response)});
        return this;
    }

    public void assertDone() {
        assertTrue("commands the script still expected: " + script.size(), script.isEmpty());
    }

    @Override
    public synchronized ResponseApdu transmit(CommandApdu command) {
        if (holds == 0) {
            commandsWithoutHold++;
        }
        String c = HEX.formatHex(command.toBytes());
        sent.add(c);
        String[] step = script.poll();
        if (step == null) {
            if (fallback != null) {
                return fallback.apply(command);
            }
            fail("unexpected command " + c);
        }
        if (step[0] != null && step[0].startsWith("PREFIX:")) {
            String prefix = step[0].substring(7);
            assertTrue("command " + c + " does not start with " + prefix, c.startsWith(prefix));
        } else if (step[0] != null) {
            assertEquals("command #" + sent.size(), step[0], c);
        }
        return ResponseApdu.parse(HEX.parseHex(step[1]));
    }

    @Override
    public ExclusiveHold holdExclusive() {
        holds++;
        boolean[] let = new boolean[1];
        return () -> {
            if (!let[0]) {
                let[0] = true;
                holds--;
            }
        };
    }

    @Override
    public int channelNumber() {
        return channelNumber;
    }

    @Override
    public Optional<ResponseApdu> selectResponse() {
        return select;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        closed++;
        open = false;
    }

    private static String clean(String hex) {
        return hex.replace(" ", "").toUpperCase();
    }
}
