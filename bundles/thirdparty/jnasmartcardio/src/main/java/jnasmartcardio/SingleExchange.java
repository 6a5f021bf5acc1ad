package jnasmartcardio;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.Arrays;

import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;

/**
 * SC Gateway's addition to jnasmartcardio: one SCardTransmit, the card's answer as it came, 61xx and 6Cxx
 * included. jnasmartcardio's {@code CardChannel.transmit} fetches the rest of a 61xx answer itself, but for eight
 * exchanges at most, and past them returns what it has with its last two data bytes taken for the status word: an
 * answer longer than about 2 KB (an SGP.22 notification list, measured: 5 KB came back as 2 KB under SW 99E4) was
 * cut short under a made-up status word. The driver chains GET RESPONSE itself through this.
 * <p>
 * The one exchange is jnasmartcardio's own (its private {@code transmitRaw}, reached by reflection: this class
 * lives in the bundle that wraps the pinned 0.2.7, and {@code SingleExchangeTest} fails if a new version moves it).
 */
public final class SingleExchange {

    private static final Method RAW;

    static {
        try {
            RAW = Smartcardio.JnaCardChannel.class.getDeclaredMethod("transmitRaw", ByteBuffer.class, ByteBuffer.class);
            RAW.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError("jnasmartcardio has no JnaCardChannel.transmitRaw: not the version this bundle wraps");
        }
    }

    private SingleExchange() {
    }

    /** Whether {@code channel} is one of jnasmartcardio's, which {@link #transmit} can reach. */
    public static boolean supports(CardChannel channel) {
        return channel instanceof Smartcardio.JnaCardChannel;
    }

    /**
     * Sends {@code command} as it is (its class byte already carrying the channel) and returns the answer, data and
     * status word, without fetching anything more.
     */
    public static byte[] transmit(CardChannel channel, byte[] command) throws CardException {
        if (!supports(channel)) {
            throw new IllegalArgumentException("not a jnasmartcardio channel: " + channel);
        }
        // As jnasmartcardio's own transmit: pcsc-lite refuses the exchange (SCARD_E_INSUFFICIENT_BUFFER) rather than
        // cut an answer short, and a card (or vpcd) may answer a short command with more than 256 bytes.
        ByteBuffer response = ByteBuffer.allocate(command.length > 5 && command[4] == 0 ? 65538 : 8192);
        try {
            RAW.invoke(channel, ByteBuffer.wrap(command), response);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof CardException) {
                throw (CardException) e.getCause();
            }
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new CardException("SCardTransmit failed: " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("jnasmartcardio's transmitRaw is not reachable: " + e.getMessage(), e);
        }
        return Arrays.copyOf(response.array(), response.position());
    }
}
