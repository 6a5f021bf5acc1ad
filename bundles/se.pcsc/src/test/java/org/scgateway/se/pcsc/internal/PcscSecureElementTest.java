package org.scgateway.se.pcsc.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.smartcardio.ATR;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

import org.junit.Test;
import org.scgateway.api.se.Aid;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ExclusiveHold;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.api.se.SecureElementException.Reason;
import org.scgateway.api.se.StatusWordException;

/**
 * What the driver adds on top of javax.smartcardio: channel coding, error meaning, exclusivity. The JDK's
 * abstract {@link Card} is played here by a peer that records what reaches it; the path through the real
 * pcscd is {@code PcscIT} in itests.
 */
public class PcscSecureElementTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** Records each APDU as it reaches the PC/SC layer and answers with a scripted reply. */
    private static final class PeerCard extends Card {
        final List<String> sent = Collections.synchronizedList(new ArrayList<>());
        volatile String reply = "9000";
        /** Answers given in turn before {@link #reply}, each to the next command. */
        final java.util.Deque<String> replies = new java.util.concurrent.ConcurrentLinkedDeque<>();
        volatile CardException failure;
        volatile CountDownLatch stall;
        volatile CountDownLatch otherProgramHolds;
        int nextChannel = 1;
        volatile boolean disconnected;
        final List<String> disconnects = Collections.synchronizedList(new ArrayList<>());
        volatile String atr = "3B8A800146534D2D53494D2D3031C4";
        final List<Integer> closedChannels = Collections.synchronizedList(new ArrayList<>());
        final List<String> transactions = Collections.synchronizedList(new ArrayList<>());

        final class PeerChannel extends CardChannel {
            final int number;
            boolean closed;

            PeerChannel(int number) {
                this.number = number;
            }

            @Override
            public Card getCard() {
                return PeerCard.this;
            }

            @Override
            public int getChannelNumber() {
                return number;
            }

            @Override
            public ResponseAPDU transmit(CommandAPDU command) throws CardException {
                sent.add(HEX.formatHex(command.getBytes()));
                await(stall);
                if (failure != null) {
                    throw failure;
                }
                String next = replies.poll();
                return new ResponseAPDU(HEX.parseHex(next != null ? next : reply));
            }

            @Override
            public int transmit(ByteBuffer command, ByteBuffer response) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
                closed = true;
                closedChannels.add(number);
            }
        }

        @Override
        public ATR getATR() {
            return new ATR(HEX.parseHex(atr));
        }

        @Override
        public String getProtocol() {
            return "T=1";
        }

        @Override
        public CardChannel getBasicChannel() {
            return new PeerChannel(0);
        }

        @Override
        public CardChannel openLogicalChannel() throws CardException {
            if (nextChannel > 3) {
                throw new CardException("sun.security.smartcardio.PCSCException: no channel", null);
            }
            return new PeerChannel(nextChannel++);
        }

        @Override
        public void beginExclusive() {
            await(otherProgramHolds);
            transactions.add("begin");
        }

        @Override
        public void endExclusive() {
            transactions.add("end");
        }

        @Override
        public byte[] transmitControlCommand(int controlCode, byte[] command) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void disconnect(boolean reset) {
            disconnected = true;
            disconnects.add(reset ? "reset" : "leave");
        }
    }

    /** Waits as a PC/SC call does: an interrupt does not end it. */
    private static void await(CountDownLatch latch) {
        boolean interrupted = false;
        while (latch != null) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** A reader whose card another program may hold exclusively: pcsc-lite then refuses SCardConnect. */
    private final class PeerTerminal extends CardTerminal {
        volatile boolean cardPulled;
        volatile long heldElsewhereUntil;
        final List<String> connects = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String getName() {
            return "Virtual PCD 00 00";
        }

        @Override
        public Card connect(String protocol) throws CardException {
            connects.add(protocol);
            if (System.nanoTime() < heldElsewhereUntil) {
                throw new CardException("SCardConnect got response 0x8010000b (SCARD_E_SHARING_VIOLATION: Sharing violation.)");
            }
            card.disconnected = false;
            return card;
        }

        @Override
        public boolean isCardPresent() {
            return true;
        }

        @Override
        public boolean waitForCardPresent(long timeout) {
            return true;
        }

        @Override
        public boolean waitForCardAbsent(long timeout) {
            return cardPulled;
        }
    }

    private final PeerCard card = new PeerCard();
    private final PeerTerminal reader = new PeerTerminal();
    private final List<PcscSecureElement> lost = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch released = new CountDownLatch(1);
    private final PcscSecureElement se = new PcscSecureElement(reader, card, new PcscSecureElement.Timeouts(1_000, 300), lost::add,
            released::countDown);

    @Test
    public void theIdNamesTheReaderAndTheAtr() {
        assertEquals("pcsc-virtual-pcd-00-00-3b8a800146534d2d", se.id());
        assertEquals("se.pcsc", se.backend());
    }

    @Test
    public void aGlobalPlatformCommandOnALogicalChannelCarriesTheChannelInItsClass() throws Exception {
        try (ApduChannel ch = se.openLogicalChannel()) {
            ch.transmit(CommandApdu.of(0x80, 0x50, 0x30, 0x00, new byte[8], 256));
            ch.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 4));
            ch.transmit(CommandApdu.of(0x84, 0x82, 0x33, 0x00, new byte[8]));
        }
        // 80 -> 81 and 84 -> 85: the JDK itself would have left them on channel 0.
        assertEquals("81503000080000000000000000" + "00", card.sent.get(0));
        assertEquals("01B0000004", card.sent.get(1));
        assertEquals("8582330008" + "0000000000000000", card.sent.get(2));
    }

    @Test
    public void openingWithAnAidSelectsItAndKeepsTheAnswer() throws Exception {
        card.reply = "6F0A8408A000000151000000" + "9000";
        try (ApduChannel ch = se.openLogicalChannel(Aid.fromHex("A000000151000000"))) {
            assertEquals("01A4040408A00000015100000000", card.sent.get(0));
            assertTrue(ch.selectResponse().isPresent());
            assertArrayEquals(HEX.parseHex("6F0A8408A000000151000000"), ch.selectResponse().get().data());
        }
    }

    @Test
    public void aRefusedSelectClosesTheChannelAndNamesTheAid() throws Exception {
        card.reply = "6A82";
        try {
            se.openLogicalChannel(Aid.fromHex("A0000000635042"));
            fail("SELECT answered 6A82");
        } catch (StatusWordException e) {
            assertEquals(0x6A82, e.statusWord().value());
            assertTrue(e.getMessage(), e.getMessage().contains("A0000000635042"));
        }
        se.awaitIdle();
        assertEquals("the channel is given back", List.of(1), card.closedChannels);
    }

    @Test
    public void aPulledCardFailsTheCommandAsRemovedAndEveryLaterOne() throws Exception {
        ApduChannel ch = se.openLogicalChannel();
        card.failure = new CardException("sun.security.smartcardio.PCSCException: SCARD_W_REMOVED_CARD");
        try {
            ch.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 4));
            fail("the card was pulled");
        } catch (SecureElementException e) {
            assertEquals(Reason.CARD_REMOVED, e.reason());
            assertTrue(e.getMessage(), e.getMessage().contains("Virtual PCD 00 00"));
        }
        assertFalse(ch.isOpen());
        try {
            se.openBasicChannel();
            fail("no card");
        } catch (SecureElementException e) {
            assertEquals(Reason.CARD_REMOVED, e.reason());
        }
    }

    @Test
    public void aCommunicationErrorFromACardPulledMidCommandIsSaidAsRemoved() throws Exception {
        ApduChannel ch = se.openLogicalChannel();
        card.failure = new CardException("SCardTransmit got response 0x80100016 (SCARD_E_NOT_TRANSACTED)");
        reader.cardPulled = true;
        try {
            ch.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 4));
            fail("the card was pulled");
        } catch (SecureElementException e) {
            assertEquals(Reason.CARD_REMOVED, e.reason());
            assertTrue(e.getMessage(), e.getMessage().contains("the card was removed"));
        }
    }

    @Test
    public void aTruncatedAnswerFromAPulledCardIsSaidAsRemoved() throws Exception {
        ApduChannel ch = se.openLogicalChannel();
        card.reply = ""; // what the provider got as the card left: no status word
        reader.cardPulled = true;
        try {
            ch.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 4));
            fail("the card was pulled");
        } catch (SecureElementException e) {
            assertEquals(Reason.CARD_REMOVED, e.reason());
        }
    }

    @Test
    public void aTruncatedAnswerFromACardStillThereIsAProtocolError() throws Exception {
        ApduChannel ch = se.openLogicalChannel();
        card.reply = "90";
        try {
            ch.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 4));
            fail("one byte is no answer");
        } catch (SecureElementException e) {
            assertEquals(Reason.PROTOCOL, e.reason());
        }
    }

    @Test
    public void aCardResetByAnotherClientIsLostOnceAndTheDriverIsTold() throws Exception {
        ApduChannel ch = se.openLogicalChannel();
        card.failure = new CardException("SCardTransmit got response 0x80100068 (SCARD_W_RESET_CARD)");
        for (int i = 0; i < 2; i++) {
            try {
                ch.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 4));
                fail("the card was reset under the session");
            } catch (SecureElementException e) {
                assertEquals(Reason.CARD_REMOVED, e.reason());
            }
        }
        assertEquals("told once, so that it can offer the card afresh", List.of(se), lost);
    }

    @Test
    public void anotherPcscFailureIsATransportError() throws Exception {
        ApduChannel ch = se.openLogicalChannel();
        card.failure = new CardException("sun.security.smartcardio.PCSCException: SCARD_E_COMM_DATA_LOST");
        try {
            ch.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 4));
            fail("the link failed");
        } catch (SecureElementException e) {
            assertEquals(Reason.TRANSPORT, e.reason());
        }
        assertTrue("the card is still there", ch.isOpen());
        assertTrue(lost.isEmpty());
    }

    @Test
    public void theBasicChannelHasOneHolderAtATime() throws Exception {
        ApduChannel first = se.openBasicChannel();
        try {
            se.openBasicChannel();
            fail("the basic channel is held");
        } catch (SecureElementException e) {
            assertEquals(Reason.CHANNEL_BUSY, e.reason());
        }
        first.close();
        se.openBasicChannel().close();
    }

    @Test
    public void noFreeLogicalChannelIsSaidAsSuch() throws Exception {
        se.openLogicalChannel();
        se.openLogicalChannel();
        se.openLogicalChannel();
        try {
            se.openLogicalChannel();
            fail("three channels are open");
        } catch (SecureElementException e) {
            assertEquals(Reason.NO_CHANNEL_AVAILABLE, e.reason());
        }
    }

    @Test
    public void aClosedChannelRefusesCommands() throws Exception {
        ApduChannel ch = se.openLogicalChannel();
        ch.close();
        try {
            ch.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 4));
            fail("closed");
        } catch (SecureElementException e) {
            assertEquals(Reason.CHANNEL_CLOSED, e.reason());
        }
        assertTrue(card.sent.isEmpty());
    }

    @Test
    public void removalDisconnectsAndReleasesTheContext() throws Exception {
        se.remove();
        assertTrue("released", released.await(5, TimeUnit.SECONDS));
        assertTrue(card.disconnected);
    }

    @Test
    public void removalWithACloseStillQueuedDisconnects() throws Exception {
        card.stall = new java.util.concurrent.CountDownLatch(1);
        ApduChannel ch = se.openLogicalChannel();
        Thread t = new Thread(() -> {
            try {
                ch.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 4));
            } catch (SecureElementException e) {
                // let go
            }
        });
        t.start();
        while (card.sent.isEmpty()) {
            Thread.sleep(5);
        }
        ch.close(); // queued behind the stalled command: a plain task, not a future
        se.remove();
        card.stall.countDown();
        assertTrue("released", released.await(5, TimeUnit.SECONDS));
        assertTrue(card.disconnected);
        t.join(5_000);
    }

    @Test
    public void nestedHoldsAreOneTransactionEndedByTheLast() throws Exception {
        ApduChannel ch = se.openLogicalChannel();
        ExclusiveHold outer = ch.holdExclusive();
        ExclusiveHold inner = ch.holdExclusive();
        inner.close();
        inner.close();
        se.awaitIdle();
        assertEquals(List.of("begin"), card.transactions);
        outer.close();
        se.awaitIdle();
        assertEquals(List.of("begin", "end"), card.transactions);
    }

    @Test
    public void closingTheChannelLetsGoOfItsHolds() throws Exception {
        ApduChannel ch = se.openLogicalChannel();
        ExclusiveHold hold = ch.holdExclusive();
        ch.close();
        hold.close(); // after the channel let go: nothing more to end
        se.awaitIdle();
        assertEquals(List.of("begin", "end"), card.transactions);
    }

    @Test
    public void aCardHeldByAnotherProgramIsBusyAfterTheWaitAndTheLateTransactionIsEnded() throws Exception {
        card.otherProgramHolds = new CountDownLatch(1);
        ApduChannel ch = se.openLogicalChannel();
        try {
            ch.holdExclusive();
            fail("another program holds the card");
        } catch (SecureElementException e) {
            assertEquals(Reason.CHANNEL_BUSY, e.reason());
            assertTrue(e.getMessage(), e.getMessage().contains("300 ms"));
        }
        card.otherProgramHolds.countDown(); // the other program lets go: pcscd grants the transaction asked for
        se.awaitIdle();
        assertEquals("granted late, and ended at once", List.of("begin", "end"), card.transactions);
        assertTrue("the card is still offered", ch.isOpen());
        assertTrue(lost.isEmpty());
        ch.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 4));
    }

    @Test
    public void aCardThatDoesNotAnswerInTimeIsATimeoutAndIsLetGo() throws Exception {
        ApduChannel ch = se.openLogicalChannel();
        card.stall = new CountDownLatch(1);
        try {
            ch.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 4));
            fail("the card does not answer");
        } catch (SecureElementException e) {
            assertEquals(Reason.TIMEOUT, e.reason());
            assertTrue(e.getMessage(), e.getMessage().contains("1000 ms"));
        }
        assertEquals("the driver is told, to withdraw it and offer it afresh", List.of(se), lost);
        try {
            ch.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 4));
            fail("let go");
        } catch (SecureElementException e) {
            assertEquals(Reason.CARD_REMOVED, e.reason());
            assertTrue(e.getMessage(), e.getMessage().contains("did not answer"));
        }
        se.remove();
        assertFalse("disconnected only once the call in flight returns", released.await(200, TimeUnit.MILLISECONDS));
        card.stall.countDown();
        assertTrue(released.await(5, TimeUnit.SECONDS));
        assertTrue(card.disconnected);
    }

    @Test
    public void theCardIsHeldOnlyWhileAChannelIsOpenAndLeftAsItIs() throws Exception {
        se.awaitIdle();
        assertEquals("the offer's connection is let go at once, without a reset", List.of("leave"), card.disconnects);
        try (ApduChannel one = se.openLogicalChannel(); ApduChannel two = se.openLogicalChannel()) {
            one.close();
            se.awaitIdle();
            assertFalse("a channel is still open", card.disconnected);
            two.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 4));
        }
        se.awaitIdle();
        assertEquals("one connect for both channels", List.of("*"), reader.connects);
        assertEquals(List.of("leave", "leave"), card.disconnects);
        assertEquals("the channels were closed before", List.of(1, 2), card.closedChannels);
        try (ApduChannel basic = se.openBasicChannel()) {
            basic.transmit(CommandApdu.of(0x00, 0xA4, 0x04, 0x00, 256));
        }
        se.awaitIdle();
        assertEquals(List.of("*", "*"), reader.connects);
        assertTrue(card.disconnected);
    }

    @Test
    public void aCardHeldExclusivelyByAnotherProgramIsWaitedForAndThenUsed() throws Exception {
        se.awaitIdle();
        reader.heldElsewhereUntil = System.nanoTime() + 150_000_000L; // another program lets go after 150 ms
        try (ApduChannel ch = se.openLogicalChannel()) {
            assertEquals(0x9000, ch.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 4)).sw());
        }
        assertTrue("asked again until it had the card: " + reader.connects, reader.connects.size() > 1);
        assertTrue(lost.isEmpty());
    }

    @Test
    public void aCardHeldPastTheWaitIsBusyNamingTheReaderAndStaysOffered() throws Exception {
        se.awaitIdle();
        reader.heldElsewhereUntil = System.nanoTime() + 60_000_000_000L;
        try {
            se.openLogicalChannel();
            fail("another program holds the card");
        } catch (SecureElementException e) {
            assertEquals(Reason.CHANNEL_BUSY, e.reason());
            assertTrue(e.getMessage(), e.getMessage().contains("Virtual PCD 00 00") && e.getMessage().contains("300 ms"));
        }
        try {
            se.openBasicChannel();
            fail("another program holds the card");
        } catch (SecureElementException e) {
            assertEquals(Reason.CHANNEL_BUSY, e.reason());
        }
        assertTrue("busy is not lost", lost.isEmpty());
        reader.heldElsewhereUntil = 0;
        try (ApduChannel basic = se.openBasicChannel()) { // the failed attempt did not keep the basic channel
            assertEquals(0x9000, basic.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 4)).sw());
        }
    }

    @Test
    public void anotherCardInTheReaderSinceItWasOfferedIsARemovedOne() throws Exception {
        se.awaitIdle();
        card.atr = "3B80800101";
        try {
            se.openLogicalChannel();
            fail("not the card that was offered");
        } catch (SecureElementException e) {
            assertEquals(Reason.CARD_REMOVED, e.reason());
            assertTrue(e.getMessage(), e.getMessage().contains("another card"));
        }
        assertEquals("the driver is told, to offer the new card", List.of(se), lost);
    }

    @Test
    public void aLongAnswerIsFetchedWholeWithGetResponseOnTheCommandsChannel() throws Exception {
        StringBuilder expected = new StringBuilder();
        for (int part = 0; part < 20; part++) { // 20 parts: more than the provider's eight
            String data = String.format("%02X", part).repeat(part == 19 ? 16 : 256);
            expected.append(data);
            card.replies.add(data + (part == 19 ? "9000" : part == 18 ? "6110" : "6100"));
        }
        try (ApduChannel ch = se.openLogicalChannel()) {
            card.sent.clear();
            org.scgateway.api.se.ResponseApdu r = ch.transmit(CommandApdu.of(0x80, 0xE2, 0x91, 0x00, HEX.parseHex("BF2B00"), 256));
            assertEquals(0x9000, r.sw());
            assertEquals(expected.toString(), HEX.formatHex(r.data()));
            assertEquals(20, card.sent.size());
            assertEquals("81E2910003BF2B0000", card.sent.get(0));
            assertEquals("GET RESPONSE in the interindustry class on channel 1", "01C0000000", card.sent.get(1));
            assertEquals("the Le the card asked for", "01C0000010", card.sent.get(19));
        }
    }

    @Test
    public void sixCxxIsSentAgainWithTheLeTheCardAsks() throws Exception {
        card.replies.add("6C04");
        card.replies.add("010203049000");
        try (ApduChannel ch = se.openLogicalChannel()) {
            card.sent.clear();
            assertEquals("01020304", HEX.formatHex(ch.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 256)).data()));
            assertEquals(List.of("01B0000000", "01B0000004"), card.sent);
        }
    }

    @Test
    public void anAnswerThatNeverEndsIsATransportErrorNotAnEndlessLoop() throws Exception {
        card.reply = "01026100";
        try (ApduChannel ch = se.openLogicalChannel()) {
            ch.transmit(CommandApdu.of(0x80, 0xCA, 0x00, 0x66, 256));
            fail("the card never finishes");
        } catch (SecureElementException e) {
            assertEquals(Reason.TRANSPORT, e.reason());
            assertTrue(e.getMessage(), e.getMessage().contains("256 GET RESPONSEs"));
        }
    }

    @Test
    public void anAtrReadBackWithTrailingZerosIsTheSameCard() {
        byte[] atr = HEX.parseHex("3B9F96801FC78031A073BE21136743200718000001A5");
        assertTrue(PcscSecureElement.sameAtr(atr, java.util.Arrays.copyOf(atr, 33)));
        assertTrue(PcscSecureElement.sameAtr(atr, atr));
        assertTrue("the padded one read at the offer", PcscSecureElement.sameAtr(java.util.Arrays.copyOf(atr, 33), atr));
        byte[] other = java.util.Arrays.copyOf(atr, 33);
        other[30] = 1;
        assertFalse(PcscSecureElement.sameAtr(atr, other));
        assertFalse(PcscSecureElement.sameAtr(atr, HEX.parseHex("3B80800101")));
    }
}
