package org.scgateway.tee.optee.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.UUID;

import org.junit.Test;

public class SignedTaTest {

    private static final UUID TA = UUID.fromString("8aaaf200-2450-11e4-abe2-0002a5d5c51b");

    @Test
    public void aBootstrapTaNamesItsUuidAndVersion() throws Exception {
        SignedTa ta = SignedTa.parse(TestTas.signed(TA, 3, "the TA"));
        assertEquals(TA, ta.uuid());
        assertArrayEquals(TestTas.octets(TA), ta.uuid);
        assertEquals(3, ta.version);
    }

    @Test
    public void whatIsNotAnInstallableSignedTaIsNamedForWhatItIs() throws Exception {
        byte[] good = TestTas.signed(TA, 1, "the TA");
        assertEquals("not an OP-TEE signed TA: 12 bytes, shorter than its header", message(new byte[12]));
        assertEquals("not an OP-TEE signed TA: magic 0x00000000, not 0x4F545348", message(new byte[40]));

        byte[] plainTa = good.clone();
        ByteBuffer.wrap(plainTa).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 0);
        assertEquals("the OP-TEE signed TA is a TA loaded from the REE file system (type 0); secstor installs bootstrap TAs "
                + "(type 1) only", message(plainTa));

        assertEquals("the OP-TEE signed TA is damaged: its header announces " + good.length + " bytes (hash 32, signature 256, TA 6), it has "
                + (good.length - 1), message(Arrays.copyOf(good, good.length - 1)));

        byte[] altered = good.clone();
        altered[altered.length - 1] ^= 1;
        assertEquals("the OP-TEE signed TA is damaged: its hash does not match its content", message(altered));
    }

    private static String message(byte[] image) {
        return assertThrows(IllegalArgumentException.class, () -> SignedTa.parse(image)).getMessage();
    }
}
