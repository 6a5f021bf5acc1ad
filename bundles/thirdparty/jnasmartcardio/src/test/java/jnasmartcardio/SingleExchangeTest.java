package jnasmartcardio;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import java.nio.ByteBuffer;

import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

import org.junit.Test;

/**
 * The one exchange reaches jnasmartcardio's own: this fails, rather than a gateway at its first long answer, if a
 * new jnasmartcardio renames or reshapes {@code transmitRaw}. The exchange itself runs against pcscd in itests
 * (PcscEuiccIT reads a 5 KB answer through it).
 */
public class SingleExchangeTest {

    @Test
    public void jnasmartcardiosRawExchangeIsThere() throws Exception {
        assertFalse(SingleExchange.supports(new OtherChannel()));
        assertThrows(IllegalArgumentException.class, () -> SingleExchange.transmit(new OtherChannel(), new byte[] {0, (byte) 0xA4, 4, 0}));
    }

    /** A channel of another provider. */
    private static final class OtherChannel extends CardChannel {
        @Override
        public Card getCard() {
            return null;
        }

        @Override
        public int getChannelNumber() {
            return 0;
        }

        @Override
        public ResponseAPDU transmit(CommandAPDU command) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int transmit(ByteBuffer command, ByteBuffer response) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
