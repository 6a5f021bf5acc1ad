package org.scgateway.globalplatform.apdu;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ScriptedChannel;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.api.se.SecureElementException.Reason;

public class GetResponseChannelTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().withUpperCase().formatHex(b);
    }

    private static CommandApdu cmd(String hex) {
        return CommandApdu.parse(hex(hex));
    }

    private static String bytes(int n, int start) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (start + i);
        }
        return hex(b);
    }

    @Test
    public void okPassesThroughUntouched() throws Exception {
        ResponseApdu answer = ResponseApdu.parse(hex("0102039000"));
        ScriptedChannel card = new ScriptedChannel(c -> answer);
        ResponseApdu r = new GetResponseChannel(card).transmit(cmd("80CA00FE00"));
        assertSame(answer, r);
        assertEquals(List.of("80CA00FE00"), card.sent);
    }

    @Test
    public void errorStatusPassesThroughUntouched() throws Exception {
        ResponseApdu answer = ResponseApdu.parse(hex("6A82"));
        ScriptedChannel card = new ScriptedChannel(c -> answer);
        ResponseApdu r = new GetResponseChannel(card).transmit(cmd("00A4040007A000000151000000"));
        assertSame(answer, r);
        assertEquals(1, card.sent.size());
    }

    @Test
    public void moreDataIsFetchedWithGetResponse() throws Exception {
        String data = bytes(16, 0x40);
        ScriptedChannel card = new ScriptedChannel()
                .expect("00A4040007A000000151000000", "6110")
                .expect("00C0000010", data + "9000");
        ResponseApdu r = new GetResponseChannel(card).transmit(cmd("00A4040007A000000151000000"));
        assertEquals(data, hex(r.data()));
        assertEquals(0x9000, r.sw());
        card.assertDone();
    }

    @Test
    public void chainedMoreDataIsConcatenated() throws Exception {
        String first = bytes(16, 0x00);
        String second = bytes(5, 0x10);
        String third = bytes(2, 0x20);
        ScriptedChannel card = new ScriptedChannel()
                .expect("80CA00FE00", "6110")
                .expect("00C0000010", first + "6105")
                .expect("00C0000005", second + "6102")
                .expect("00C0000002", third + "9000");
        ResponseApdu r = new GetResponseChannel(card).transmit(cmd("80CA00FE00"));
        assertEquals(first + second + third, hex(r.data()));
        assertEquals(0x9000, r.sw());
        card.assertDone();
    }

    @Test
    public void dataThatCameWithTheFirst61xxIsKept() throws Exception {
        ScriptedChannel card = new ScriptedChannel()
                .expect("80CA00FE00", "AABB" + "6102")
                .expect("00C0000002", "CCDD9000");
        assertEquals("AABBCCDD", hex(new GetResponseChannel(card).transmit(cmd("80CA00FE00")).data()));
        card.assertDone();
    }

    @Test
    public void sw2ZeroAsksFor256() throws Exception {
        String data = bytes(256, 0);
        ScriptedChannel card = new ScriptedChannel()
                .expect("80F24002024F0000", "6100")
                .expect("00C0000000", data + "9000");
        ResponseApdu r = new GetResponseChannel(card).transmit(cmd("80F24002024F0000"));
        assertEquals(256, r.nr());
        assertEquals(data, hex(r.data()));
        card.assertDone();
    }

    @Test
    public void finalStatusWordOfTheChainIsReturned() throws Exception {
        ScriptedChannel card = new ScriptedChannel()
                .expect("00B0000000", "6104")
                .expect("00C0000004", "01020304" + "6282");
        ResponseApdu r = new GetResponseChannel(card).transmit(cmd("00B0000000"));
        assertEquals("01020304", hex(r.data()));
        assertEquals(0x6282, r.sw());

        card = new ScriptedChannel()
                .expect("00B0000000", "6104")
                .expect("00C0000004", "6F00");
        r = new GetResponseChannel(card).transmit(cmd("00B0000000"));
        assertEquals(0, r.nr());
        assertEquals(0x6F00, r.sw());
    }

    @Test
    public void wrongLeResendsTheCommandWithTheRightLe() throws Exception {
        String data = bytes(8, 0x30);
        ScriptedChannel card = new ScriptedChannel()
                .expect("00B0000000", "6C08")
                .expect("00B0000008", data + "9000");
        ResponseApdu r = new GetResponseChannel(card).transmit(cmd("00B0000000"));
        assertEquals(data, hex(r.data()));
        assertEquals(0x9000, r.sw());
        card.assertDone();
    }

    @Test
    public void wrongLeKeepsTheCommandData() throws Exception {
        ScriptedChannel card = new ScriptedChannel()
                .expect("80CA00000301020310", "6C00")
                .expect("80CA00000301020300", bytes(256, 1) + "9000");
        ResponseApdu r = new GetResponseChannel(card).transmit(cmd("80CA00000301020310"));
        assertEquals(256, r.nr());
        card.assertDone();
    }

    @Test
    public void wrongLeIsRetriedOnlyOnce() throws Exception {
        ScriptedChannel card = new ScriptedChannel()
                .expect("00B0000000", "6C08")
                .expect("00B0000008", "6C04");
        ResponseApdu r = new GetResponseChannel(card).transmit(cmd("00B0000000"));
        assertEquals(0x6C04, r.sw());
        card.assertDone();
    }

    @Test
    public void wrongLeThenMoreData() throws Exception {
        ScriptedChannel card = new ScriptedChannel()
                .expect("00B0000000", "6C08")
                .expect("00B0000008", "0102" + "6106")
                .expect("00C0000006", "030405060708" + "9000");
        assertEquals("0102030405060708", hex(new GetResponseChannel(card).transmit(cmd("00B0000000")).data()));
        card.assertDone();
    }

    @Test
    public void wrongLeOnGetResponseResendsGetResponse() throws Exception {
        ScriptedChannel card = new ScriptedChannel()
                .expect("00B0000000", "6110")
                .expect("00C0000010", "6C04")
                .expect("00C0000004", "0A0B0C0D9000");
        ResponseApdu r = new GetResponseChannel(card).transmit(cmd("00B0000000"));
        assertEquals("0A0B0C0D", hex(r.data()));
        assertEquals(0x9000, r.sw());
        card.assertDone();
    }

    @Test
    public void getResponseUsesTheLogicalChannelOfTheCommand() throws Exception {
        ScriptedChannel card = new ScriptedChannel()
                .expect("02CA00FE00", "6102")
                .expect("02C0000002", "01029000");
        card.channelNumber = 2;
        assertEquals("0102", hex(new GetResponseChannel(card).transmit(cmd("02CA00FE00")).data()));
        card.assertDone();

        // Proprietary class with secure messaging on channel 2 (GlobalPlatform CLA 86): GET RESPONSE is 02.
        card = new ScriptedChannel()
                .expect("86CA00FE00", "6102")
                .expect("02C0000002", "01029000");
        assertEquals("0102", hex(new GetResponseChannel(card).transmit(cmd("86CA00FE00")).data()));
        card.assertDone();

        // Further interindustry coding: channel 5 is CLA 41.
        card = new ScriptedChannel()
                .expect("41B0000000", "6101")
                .expect("41C0000001", "339000");
        assertEquals("33", hex(new GetResponseChannel(card).transmit(cmd("41B0000000")).data()));
        card.assertDone();
    }

    @Test
    public void getResponseUsesTheChannelNumberWhenTheCommandIsBuiltForChannelZero() throws Exception {
        ScriptedChannel card = new ScriptedChannel()
                .expect("00CA00FE00", "6102")
                .expect("02C0000002", "01029000");
        card.channelNumber = 2;
        assertEquals("0102", hex(new GetResponseChannel(card).transmit(cmd("00CA00FE00")).data()));
        card.assertDone();
    }

    @Test
    public void getResponseAfterAProprietaryCommandHasClassZero() throws Exception {
        ScriptedChannel card = new ScriptedChannel()
                .expect("84F2200200", "6103")
                .expect("00C0000003", "E3019000");
        assertEquals("E301", hex(new GetResponseChannel(card).transmit(cmd("84F2200200")).data()));
        card.assertDone();
    }

    @Test
    public void tooManyRoundsThrowProtocol() {
        // A card that always has one more byte.
        ScriptedChannel card = new ScriptedChannel(c -> ResponseApdu.parse(hex("AA6101")));
        SecureElementException e = assertThrows(SecureElementException.class,
                () -> new GetResponseChannel(card).transmit(cmd("80CA00FE00")));
        assertEquals(Reason.PROTOCOL, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains("256 GET RESPONSE") && e.getMessage().contains("80 CA 00 FE"));
        assertEquals(1 + GetResponseChannel.DEFAULT_MAX_ROUNDS, card.sent.size());
    }

    @Test
    public void tooMuchDataThrowsProtocol() {
        // A card that answers every GET RESPONSE with 1000 bytes and 61 00 forever.
        byte[] chunk = new byte[1000];
        ScriptedChannel card = new ScriptedChannel(c -> c.ins() == 0xC0
                ? ResponseApdu.of(chunk, 0x6100) : ResponseApdu.parse(hex("6100")));
        SecureElementException e = assertThrows(SecureElementException.class,
                () -> new GetResponseChannel(card).transmit(cmd("80CA00FE00")));
        assertEquals(Reason.PROTOCOL, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains("exceeds 65536 bytes"));
        assertEquals(1 + 66, card.sent.size()); // 65 * 1000 fit, the 66th chunk goes over
    }

    @Test
    public void exactlyTheLimitIsAccepted() throws Exception {
        // 256 rounds of 256 bytes: 65536 bytes, the largest response there is.
        ScriptedChannel card = new ScriptedChannel(c -> {
            throw new AssertionError("unexpected " + c);
        });
        card.expect("80CA00FE00", "6100");
        for (int i = 0; i < 255; i++) {
            card.expect("00C0000000", bytes(256, i) + "6100");
        }
        card.expect("00C0000000", bytes(256, 255) + "9000");
        ResponseApdu r = new GetResponseChannel(card).transmit(cmd("80CA00FE00"));
        assertEquals(65536, r.nr());
        assertEquals(0x9000, r.sw());
        byte[] d = r.data();
        assertEquals(0, d[0]);
        assertEquals((byte) 255, d[65535 - 255]);
        card.assertDone();
    }

    @Test
    public void customLimits() {
        ScriptedChannel card = new ScriptedChannel(c -> ResponseApdu.parse(hex("01020304" + "6104")));
        SecureElementException e = assertThrows(SecureElementException.class,
                () -> new GetResponseChannel(card, 10, 100).transmit(cmd("80CA00FE00")));
        assertEquals(Reason.PROTOCOL, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains("exceeds 10 bytes"));
        assertEquals(3, card.sent.size()); // 4 + 4 bytes fit, the third answer makes 12

        ScriptedChannel card2 = new ScriptedChannel(c -> ResponseApdu.parse(hex("6104")));
        e = assertThrows(SecureElementException.class,
                () -> new GetResponseChannel(card2, 100, 3).transmit(cmd("80CA00FE00")));
        assertEquals(Reason.PROTOCOL, e.reason());
        assertEquals(4, card2.sent.size());

        assertThrows(IllegalArgumentException.class, () -> new GetResponseChannel(card, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new GetResponseChannel(card, 65537, 1));
        assertThrows(IllegalArgumentException.class, () -> new GetResponseChannel(card, 10, 0));
        assertThrows(NullPointerException.class, () -> new GetResponseChannel(null));
    }

    @Test
    public void delegatesChannelProperties() {
        ScriptedChannel card = new ScriptedChannel();
        card.channelNumber = 3;
        ResponseApdu select = ResponseApdu.parse(hex("6F009000"));
        card.select = Optional.of(select);
        GetResponseChannel channel = new GetResponseChannel(card);
        assertEquals(3, channel.channelNumber());
        assertSame(select, channel.selectResponse().orElseThrow());
        assertTrue(channel.isOpen());
        channel.close();
        assertFalse(channel.isOpen());
        assertEquals(1, card.closed);
    }

    @Test
    public void transportFailurePropagates() {
        ApduChannel broken = new ScriptedChannel() {
            @Override
            public synchronized ResponseApdu transmit(CommandApdu command) {
                throw new IllegalStateException("never called");
            }
        };
        SecureElementException failure = new SecureElementException(Reason.TRANSPORT, "reader gone");
        ApduChannel failing = new ScriptedChannel() {
            @Override
            public synchronized ResponseApdu transmit(CommandApdu command) {
                throw sneaky(failure);
            }
        };
        assertSame(failure, assertThrows(SecureElementException.class,
                () -> new GetResponseChannel(failing).transmit(cmd("00B0000000"))));
        assertThrows(NullPointerException.class, () -> new GetResponseChannel(broken).transmit(null));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    @Test
    public void getResponseSequencesAreNotInterleaved() throws Exception {
        // A card with one pending response buffer, as real cards have: a command from another caller
        // between 61xx and GET RESPONSE would replace it.
        AtomicReference<byte[]> pending = new AtomicReference<>();
        ScriptedChannel card = new ScriptedChannel(c -> {
            Thread.yield();
            if (c.ins() == 0xC0) {
                byte[] p = pending.getAndSet(null);
                if (p == null) {
                    return ResponseApdu.parse(hex("6985"));
                }
                return ResponseApdu.of(Arrays.copyOf(p, c.ne()), 0x9000);
            }
            byte[] p = new byte[32];
            Arrays.fill(p, (byte) c.p2());
            pending.set(p);
            return ResponseApdu.parse(hex("6120"));
        });
        GetResponseChannel channel = new GetResponseChannel(card);
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int t = 0; t < 8; t++) {
            int p2 = t + 1;
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < 300; i++) {
                        ResponseApdu r = channel.transmit(CommandApdu.of(0x80, 0xCA, 0x00, p2, 256));
                        byte[] expected = new byte[32];
                        Arrays.fill(expected, (byte) p2);
                        assertEquals(0x9000, r.sw());
                        assertArrayEquals(expected, r.data());
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertEquals(8 * 300 * 2, card.sent.size());
    }
}
