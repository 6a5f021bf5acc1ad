package org.scgateway.api.se;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.HexFormat;

import org.junit.Test;

public class ResponseChainTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    @Test
    public void partsAreFetchedWithGetResponseOnTheCommandsOwnChannel() throws Exception {
        ScriptedChannel card = new ScriptedChannel()
                .expect("C1CA006600", "0102 6103")
                .expect("41C0000003", "030405 6102") // channel 5 in the further interindustry coding
                .expect("41C0000002", "0607 9000");
        ResponseApdu r = ResponseChain.whole(CommandApdu.of(0x80, 0xCA, 0x00, 0x66, 256).onChannel(5), card::transmit,
                IllegalStateException::new);
        assertEquals("01020304050607", HEX.formatHex(r.data()));
        assertEquals(0x9000, r.sw());
        card.assertDone();
    }

    @Test
    public void aWrongLengthIsAskedAgainWithTheLengthTheCardNames() throws Exception {
        ScriptedChannel card = new ScriptedChannel()
                .expect("00B0000000", "6C05")
                .expect("00B0000005", "0102030405 9000");
        ResponseApdu r = ResponseChain.whole(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 256), card::transmit, IllegalStateException::new);
        assertEquals("0102030405", HEX.formatHex(r.data()));
        card.assertDone();
    }

    @Test
    public void anAnswerThatNeverEndsFailsWithTheDriversOwnError() {
        ScriptedChannel card = new ScriptedChannel(c -> ResponseApdu.parse(new byte[] {1, 0x61, 1}));
        try {
            ResponseChain.whole(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 256), card::transmit, IllegalStateException::new);
            fail("an endless answer was taken");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("00 B0 00 00") && e.getMessage().contains("256"));
            assertEquals(ResponseChain.MAX_PARTS, card.sent.size());
        }
    }
}
