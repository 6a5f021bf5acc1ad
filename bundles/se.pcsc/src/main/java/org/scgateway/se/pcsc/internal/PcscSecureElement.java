package org.scgateway.se.pcsc.internal;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;

import org.scgateway.api.util.DaemonThreads;
import org.scgateway.api.component.AbstractSecureComponent;
import org.scgateway.api.component.ComponentKind;
import org.scgateway.api.component.Identification;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ExclusiveHold;
import org.scgateway.api.se.LogicalChannels;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.api.se.SecureElementException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The card in one PC/SC reader, as a {@link SecureElement}. Logical channels come from
 * {@code Card.openLogicalChannel()} (javax.smartcardio refuses a raw MANAGE CHANNEL); 61xx and 6Cxx are
 * answered here ({@link Exchange}), each command getting its whole answer. A card pulled mid-command fails that command with
 * {@link Reason#CARD_REMOVED}; the driver then unregisters the service.
 * <p>
 * Every call into PC/SC runs on the element's own thread and the caller waits a bounded time for it: a
 * PC/SC call cannot be interrupted, and a card or reader that stops answering must cost the caller a
 * {@link Reason#TIMEOUT}, not its thread. A card that did not answer in time is let go, since nobody knows
 * what it did with the command; the driver offers it afresh when it answers again.
 * <p>
 * The element is connected to the card only while one of its channels is open: card managers and LPAs
 * connect exclusively, and a gateway that kept its connection would lock them out for good. Idle, it leaves
 * the card as it is (SCARD_LEAVE_CARD) and the driver watches the reader without a connection. A card that
 * another program holds exclusively when a channel is asked for is waited for, within the exclusive wait,
 * and the wait is said once, naming the reader.
 */
final class PcscSecureElement extends AbstractSecureComponent implements SecureElement {

    static final String BACKEND = "se.pcsc";
    /** Longer than pcscd's card presence poll (400 ms), so that a pulled card is seen as such. */
    static final long REMOVAL_GRACE_MS = 1_000;

    /** How long a caller waits: for a command's answer, and for another program to let go of the card. */
    record Timeouts(long commandMs, long exclusiveWaitMs) {
        static final Timeouts DEFAULT = new Timeouts(30_000, 10_000);
    }

    @FunctionalInterface
    private interface PcscCall<T> {
        T call() throws CardException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(PcscSecureElement.class);

    private final CardTerminal terminal;
    private final byte[] atr;
    private final String protocol;
    /** The connection while a channel is open, else null. Touched on the element's thread only. */
    private Card connection;
    /** Open channels: the connection is let go when the last closes. */
    private int users;
    private final Timeouts timeouts;
    private final ExecutorService io;
    private final Runnable onRelease;
    private final Consumer<PcscSecureElement> onLost;
    /** Null while the card is offered; once it is not, why. */
    private volatile String gone;
    private final AtomicBoolean removed = new AtomicBoolean();
    private boolean basicInUse;
    private int holds;

    /**
     * @param card a connection to the card, from which its ATR and protocol are taken; it is let go as soon
     *        as no channel needs it
     * @param onLost called once when a command finds the card lost (pulled, reset by another PC/SC client,
     *        or silent past the command timeout): the driver withdraws the service then, and offers the card
     *        again if it is still in the reader
     * @param onRelease called once, on a thread of its own, after the card has been disconnected: the
     *        driver releases the PC/SC context the card was reached through
     */
    PcscSecureElement(CardTerminal terminal, Card card, Timeouts timeouts, Consumer<PcscSecureElement> onLost, Runnable onRelease) {
        this(terminal, card, timeouts, ioThread(terminal.getName()), onLost, onRelease);
    }

    private PcscSecureElement(CardTerminal terminal, Card card, Timeouts timeouts, ExecutorService io,
            Consumer<PcscSecureElement> onLost, Runnable onRelease) {
        super(idOf(terminal, card.getATR().getBytes()), ComponentKind.UICC, BACKEND,
                Identification.builder().put(Identification.ATR, card.getATR().getBytes()).build());
        this.terminal = terminal;
        this.connection = card;
        this.timeouts = timeouts;
        this.io = io;
        this.onLost = onLost;
        this.onRelease = onRelease;
        this.atr = card.getATR().getBytes();
        this.protocol = card.getProtocol();
        io.execute(this::disconnectIfIdle); // until a channel needs it
    }

    /** Stable for one card in one reader; a card's own serial needs its file system, which differs per card. */
    private static String idOf(CardTerminal terminal, byte[] atr) {
        return "pcsc-" + terminal.getName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "-"
                + HexFormat.of().formatHex(atr).substring(0, Math.min(16, atr.length * 2));
    }

    /**
     * Connects to the card in {@code terminal} (shared, any protocol) within the command timeout. A connect
     * that does not return in time is abandoned: {@code onRelease} still runs once it does.
     */
    static PcscSecureElement connect(CardTerminal terminal, Timeouts timeouts, Consumer<PcscSecureElement> onLost, Runnable onRelease)
            throws SecureElementException {
        ExecutorService io = ioThread(terminal.getName());
        Future<Card> connecting = io.submit(() -> terminal.connect("*"));
        try {
            Card card = connecting.get(timeouts.commandMs(), TimeUnit.MILLISECONDS);
            return new PcscSecureElement(terminal, card, timeouts, io, onLost, onRelease);
        } catch (TimeoutException e) {
            io.execute(() -> {
                disconnect(connecting);
                onRelease.run();
            });
            io.shutdown();
            throw new SecureElementException(Reason.TIMEOUT, "the card in " + terminal.getName() + " did not answer within "
                    + timeouts.commandMs() + " ms");
        } catch (ExecutionException e) {
            io.shutdown();
            onRelease.run();
            if (heldElsewhere(e.getCause())) {
                throw new SecureElementException(Reason.CHANNEL_BUSY, "the card in " + terminal.getName()
                        + " is held exclusively by another program", e.getCause());
            }
            throw new SecureElementException(Reason.TRANSPORT, "the card in " + terminal.getName() + " does not answer: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            io.shutdownNow();
            onRelease.run();
            throw new SecureElementException(Reason.TRANSPORT, "interrupted while connecting to " + terminal.getName(), e);
        }
    }

    private static void disconnect(Future<Card> connecting) {
        try {
            connecting.get().disconnect(false);
        } catch (ExecutionException | InterruptedException | CardException | IllegalStateException e) {
            // it never connected, or is gone already
        }
    }

    /** SCardConnect refused because another program has the card exclusively. */
    private static boolean heldElsewhere(Throwable e) {
        return e instanceof CardException && pcscMessage(e).contains("SHARING_VIOLATION");
    }

    /** A card that pcscd is still powering up after a reset: worth asking again in a moment. */
    private static boolean comingUp(Throwable e) {
        String m = pcscMessage(e);
        return e instanceof CardException && (m.contains("UNPOWERED") || m.contains("PROTO_MISMATCH") || m.contains("RESET"));
    }

    private static String pcscMessage(Throwable e) {
        return String.valueOf(e.getMessage()) + (e.getCause() == null ? "" : " " + e.getCause().getMessage());
    }

    private static ExecutorService ioThread(String reader) {
        return DaemonThreads.singleThread("se-pcsc-io " + reader);
    }

    /**
     * The card is gone (pulled, reader unplugged, pcscd away, or let go): every channel fails from now on,
     * commands still queued are dropped, and the card is disconnected once the call in flight, if any, ends.
     */
    void remove() {
        if (gone == null) {
            gone = "has been removed";
        }
        if (!removed.compareAndSet(false, true)) {
            return;
        }
        List<Runnable> dropped = io.shutdownNow();
        for (Runnable r : dropped) {
            if (r instanceof Future) {
                ((Future<?>) r).cancel(false); // its caller waits on it: tell it now, not at its timeout
            }
        }
        DaemonThreads.start("se-pcsc-release " + terminal.getName(), () -> {
            try {
                // Not while a call is in flight: it would cut a command off half-way, for another program too.
                while (!io.awaitTermination(1, TimeUnit.MINUTES)) {
                    // a card or reader that hangs holds its thread; this one waits with it
                }
                if (connection != null) {
                    connection.disconnect(false);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (CardException | IllegalStateException e) {
                // already gone
            }
            onRelease.run();
        });
    }

    byte[] atr() {
        return atr.clone();
    }

    /** The protocol pcscd agreed with the card when it was offered. */
    String protocol() {
        return protocol;
    }

    /** Whether a command found the card lost, or it was let go. */
    boolean isLost() {
        return gone != null;
    }

    /** For tests: waits until every PC/SC call queued so far has run. */
    void awaitIdle() throws Exception {
        io.submit(() -> null).get(5, TimeUnit.SECONDS);
    }

    @Override
    public ApduChannel openBasicChannel() throws SecureElementException {
        synchronized (this) {
            requirePresent();
            if (basicInUse) {
                throw new SecureElementException(Reason.CHANNEL_BUSY, "the basic channel of " + id() + " is in use");
            }
            basicInUse = true;
            users++;
        }
        try {
            connect();
            return new Channel(io("basic channel", () -> connection.getBasicChannel(), Reason.TRANSPORT), true);
        } catch (SecureElementException | RuntimeException e) {
            synchronized (this) {
                basicInUse = false;
            }
            letGo();
            throw e;
        }
    }

    /** MANAGE CHANNEL open (the provider's), connected for it, as {@link LogicalChannels} has every driver wait for a free one. */
    @Override
    public ApduChannel openLogicalChannel() throws SecureElementException {
        synchronized (this) {
            requirePresent();
            users++;
        }
        try {
            connect();
            return LogicalChannels.open(terminal.getName(),
                    () -> new Channel(io("MANAGE CHANNEL open", () -> connection.openLogicalChannel(), Reason.NO_CHANNEL_AVAILABLE), false));
        } catch (SecureElementException | RuntimeException e) {
            letGo();
            throw e;
        }
    }

    /**
     * Connects to the card unless a channel already has: shared, so that other programs' shared connections and
     * transactions go on as before. A card that another program holds exclusively is asked for again, with a
     * growing pause, until the exclusive wait is over; so is one that pcscd is still powering up.
     */
    private void connect() throws SecureElementException {
        long started = System.nanoTime();
        long deadline = started + timeouts.exclusiveWaitMs() * 1_000_000L;
        long pause = 20;
        boolean said = false;
        while (true) {
            try {
                io("CONNECT", this::connectIfNeeded, Reason.TRANSPORT);
                if (said) {
                    LOG.info("got the card in {} after {} ms", terminal.getName(), (System.nanoTime() - started) / 1_000_000);
                }
                return;
            } catch (Busy e) {
                if (System.nanoTime() > deadline) {
                    throw new SecureElementException(Reason.CHANNEL_BUSY, "the card in " + terminal.getName()
                            + " is held by another program; gave up after " + timeouts.exclusiveWaitMs() + " ms");
                }
                if (!said && e.exclusive) {
                    LOG.info("waiting up to {} ms for the card in {}: another program holds it exclusively",
                            timeouts.exclusiveWaitMs(), terminal.getName());
                    said = true;
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SecureElementException(Reason.TRANSPORT, "interrupted while waiting for the card in " + terminal.getName(), e);
            }
            pause = Math.min(pause * 2, 250);
        }
    }

    /** Refused for now; asked again until the exclusive wait is over. */
    private static final class Busy extends SecureElementException {
        private static final long serialVersionUID = 1L;
        final boolean exclusive;

        Busy(boolean exclusive, String message) {
            super(Reason.CHANNEL_BUSY, message);
            this.exclusive = exclusive;
        }
    }

    /** On the element's thread. A different card in the reader since it was offered is a card removed. */
    private Void connectIfNeeded() throws CardException {
        if (connection != null) {
            return null;
        }
        Card c;
        try {
            c = terminal.connect("*");
        } catch (CardException e) {
            if (heldElsewhere(e) || comingUp(e)) {
                throw new BusyException(heldElsewhere(e), e);
            }
            throw e;
        }
        if (!sameAtr(atr, c.getATR().getBytes())) {
            try {
                c.disconnect(false);
            } catch (CardException | IllegalStateException e) {
                // it is not ours to keep
            }
            throw new CardException("SCARD_W_REMOVED_CARD: another card (ATR "
                    + HexFormat.of().withUpperCase().formatHex(c.getATR().getBytes()) + ") is in the reader now");
        }
        connection = c;
        return null;
    }

    /**
     * Whether a connect found the ATR the card was offered with. jnasmartcardio reads the ATR into a 33-byte buffer and
     * now and then (seen in PcscIT, right after a reader change) hands back all 33 bytes, the ATR then zeros: that is
     * still the same card, whichever of the two reads it happened to.
     */
    static boolean sameAtr(byte[] offered, byte[] now) {
        return paddedWithZeros(offered, now) || paddedWithZeros(now, offered);
    }

    private static boolean paddedWithZeros(byte[] offered, byte[] now) {
        if (now.length < offered.length || !java.util.Arrays.equals(offered, 0, offered.length, now, 0, offered.length)) {
            return false;
        }
        for (int i = offered.length; i < now.length; i++) {
            if (now[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Carries a refused connect out of the element's thread, where {@link #io} makes it a {@link Busy}. */
    private static final class BusyException extends CardException {
        private static final long serialVersionUID = 1L;
        final boolean exclusive;

        BusyException(boolean exclusive, CardException cause) {
            super(cause.getMessage(), cause);
            this.exclusive = exclusive;
        }
    }

    /** A channel closed, or failed to open: the last one lets go of the connection. */
    private void letGo() {
        synchronized (this) {
            if (--users > 0) {
                return;
            }
        }
        try {
            io.execute(this::disconnectIfIdle);
        } catch (RejectedExecutionException e) {
            // the card is gone, and the connection with it
        }
    }

    /** On the element's thread; a channel opened since the last closed keeps the connection. */
    private void disconnectIfIdle() {
        synchronized (this) {
            if (users > 0 || connection == null || gone != null) {
                return;
            }
        }
        try {
            connection.disconnect(false); // leave the card as it is: no reset, other programs' state stays
        } catch (CardException | IllegalStateException e) {
            // already gone: the watch will see it
        }
        connection = null;
    }

    private void requirePresent() throws SecureElementException {
        String why = gone;
        if (why != null) {
            throw new SecureElementException(Reason.CARD_REMOVED, "the card in " + terminal.getName() + " " + why);
        }
    }

    /**
     * Runs one PC/SC call on the element's thread and waits at most the command timeout for it. A call that
     * takes longer leaves the card in an unknown state (did it run the command?): the card is let go.
     */
    private <T> T io(String what, PcscCall<T> call, Reason otherwise) throws SecureElementException {
        requirePresent();
        Future<T> f;
        try {
            f = io.submit(call::call);
        } catch (RejectedExecutionException e) {
            requirePresent();
            throw new SecureElementException(Reason.CARD_REMOVED, what + " on " + terminal.getName() + ": the card is no longer offered");
        }
        try {
            return f.get(timeouts.commandMs(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(false);
            lost("did not answer " + what + " within " + timeouts.commandMs() + " ms and was let go");
            throw new SecureElementException(Reason.TIMEOUT, what + " on " + terminal.getName() + ": no answer within "
                    + timeouts.commandMs() + " ms; the card is let go and offered again when it answers");
        } catch (CancellationException e) {
            requirePresent();
            throw new SecureElementException(Reason.CARD_REMOVED, what + " on " + terminal.getName() + ": the card is no longer offered");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SecureElementException(Reason.TRANSPORT, what + " on " + terminal.getName() + ": interrupted while waiting", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BusyException) {
                throw new Busy(((BusyException) e.getCause()).exclusive, e.getCause().getMessage());
            }
            throw failure(what, e.getCause(), otherwise);
        }
    }

    /**
     * What a failed PC/SC call means: a card that has gone, or a transport failure. A card pulled during an
     * exchange often fails it as a communication error (SCARD_E_NOT_TRANSACTED from vpcd, SCARD_F_COMM_ERROR
     * from CCID readers), and pcscd sees the card absent only at its next poll (every 400 ms): so a failure
     * that does not name the card's absence asks the reader, with a short grace, before it is called
     * TRANSPORT. An answer too short to be one (the provider's ByteBuffer underflows on it) is PROTOCOL
     * unless the card went away in the middle of the exchange.
     */
    private SecureElementException failure(String what, Throwable e, Reason otherwise) {
        if (e instanceof CardException) {
            String m = pcscMessage(e);
            // PROTO_MISMATCH: the card's protocol changed under this connection, as when another program reset it
            // and pcscd powered it up again; the card must be taken afresh, like a reset one.
            boolean gone = m.contains("REMOVED") || m.contains("NO_SMARTCARD") || m.contains("RESET") || m.contains("READER_UNAVAILABLE")
                    || m.contains("PROTO_MISMATCH") || cardWentAway();
            if (gone) {
                lost("has been removed");
                return new SecureElementException(Reason.CARD_REMOVED, what + " on " + terminal.getName()
                        + " failed: the card was removed (" + m + ")", e);
            }
            return new SecureElementException(otherwise, what + " on " + terminal.getName() + " failed: " + m, e);
        }
        if (e instanceof IllegalStateException || e instanceof IllegalArgumentException) {
            if (cardWentAway()) {
                lost("has been removed");
                return new SecureElementException(Reason.CARD_REMOVED, what + " on " + terminal.getName()
                        + " failed: the card was removed (" + e.getMessage() + ")", e);
            }
            return new SecureElementException(Reason.PROTOCOL, what + " on " + terminal.getName() + ": " + e.getMessage(), e);
        }
        return new SecureElementException(Reason.TRANSPORT, what + " on " + terminal.getName() + " failed: " + e, e);
    }

    private void lost(String why) {
        if (gone == null) {
            gone = why;
            onLost.accept(this);
        }
    }

    private boolean cardWentAway() {
        try {
            return terminal.waitForCardAbsent(REMOVAL_GRACE_MS);
        } catch (CardException | IllegalStateException e) {
            return true; // the reader itself is gone
        }
    }

    /**
     * The first hold begins a PC/SC transaction (SCardBeginTransaction), which pcscd grants when no other
     * program holds one on the card. pcsc-lite waits for that without end, so the wait runs on the element's
     * thread and the caller gives up after the configured time; a transaction granted after that is ended
     * straight away.
     */
    private synchronized ExclusiveHold hold(Channel owner) throws SecureElementException {
        requirePresent();
        if (holds == 0) {
            Future<Void> begin;
            try {
                begin = io.submit(() -> {
                    connection.beginExclusive();
                    return null;
                });
            } catch (RejectedExecutionException e) {
                throw new SecureElementException(Reason.CARD_REMOVED, "the card in " + terminal.getName() + " is no longer offered");
            }
            try {
                begin.get(timeouts.exclusiveWaitMs(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                endIfBegun(begin);
                throw new SecureElementException(Reason.CHANNEL_BUSY, "the card in " + terminal.getName()
                        + " is held by another program; gave up after " + timeouts.exclusiveWaitMs() + " ms");
            } catch (CancellationException e) {
                requirePresent();
                throw new SecureElementException(Reason.CARD_REMOVED, "the card in " + terminal.getName() + " is no longer offered");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                endIfBegun(begin);
                throw new SecureElementException(Reason.TRANSPORT, "interrupted while waiting for the card in " + terminal.getName(), e);
            } catch (ExecutionException e) {
                throw failure("BEGIN TRANSACTION", e.getCause(), Reason.TRANSPORT);
            }
        }
        holds++;
        owner.holds++;
        return new Hold(owner);
    }

    private void endIfBegun(Future<Void> begin) {
        try {
            io.execute(() -> {
                if (begin.isDone() && !begin.isCancelled()) {
                    try {
                        begin.get();
                        connection.endExclusive();
                    } catch (ExecutionException | InterruptedException | CardException | IllegalStateException e) {
                        // it never began, or the card is gone
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // the card is gone, and its transaction with it
        }
    }

    private synchronized void release(Channel owner, int count) {
        owner.holds -= count;
        holds -= count;
        if (holds == 0 && count > 0) {
            try {
                io.execute(() -> {
                    try {
                        connection.endExclusive();
                    } catch (CardException | IllegalStateException e) {
                        // the card is gone, and its transaction with it
                    }
                });
            } catch (RejectedExecutionException e) {
                // the card is gone, and its transaction with it
            }
        }
    }

    private final class Hold implements ExclusiveHold {
        private final Channel owner;
        private boolean closed;

        Hold(Channel owner) {
            this.owner = owner;
        }

        @Override
        public void close() {
            synchronized (PcscSecureElement.this) {
                if (closed || owner.holds == 0) {
                    return; // already let go, or the channel closed and let go of it
                }
                closed = true;
                release(owner, 1);
            }
        }
    }

    private final class Channel implements ApduChannel {
        private final CardChannel channel;
        private final boolean basic;
        private volatile boolean open = true;
        /** Holds taken through this channel and not yet let go; guarded by the element. */
        private int holds;

        Channel(CardChannel channel, boolean basic) {
            this.channel = channel;
            this.basic = basic;
        }

        @Override
        public int channelNumber() {
            return channel.getChannelNumber();
        }

        @Override
        public Optional<ResponseApdu> selectResponse() {
            return Optional.empty(); // a channel opened with an AID answers it through LogicalChannels.select
        }

        @Override
        public ResponseApdu transmit(CommandApdu command) throws SecureElementException {
            if (!open) {
                throw new SecureElementException(Reason.CHANNEL_CLOSED, "channel " + channelNumber() + " of " + id() + " is closed");
            }
            // Not left to the provider: the JDK's codes the channel into interindustry classes only and
            // leaves proprietary ones (80 and up: every GlobalPlatform command) on channel 0.
            CommandApdu onChannel = command.onChannel(channel.getChannelNumber());
            // An answer under two bytes fails the parse in the chain: PROTOCOL, unless the card went away (failure()).
            return io("command " + command.header(), () -> Exchange.whole(channel, onChannel), Reason.TRANSPORT);
        }

        @Override
        public ExclusiveHold holdExclusive() throws SecureElementException {
            if (!open) {
                throw new SecureElementException(Reason.CHANNEL_CLOSED, "channel " + channelNumber() + " of " + id() + " is closed");
            }
            return hold(this);
        }

        @Override
        public boolean isOpen() {
            return open && gone == null;
        }

        @Override
        public void close() {
            synchronized (PcscSecureElement.this) {
                if (!open) {
                    return;
                }
                open = false;
                release(this, holds);
                if (basic) {
                    basicInUse = false;
                }
            }
            if (!basic) {
                try {
                    io.execute(() -> {
                        try {
                            channel.close();
                        } catch (CardException | IllegalStateException e) {
                            // the card or channel is gone already
                        }
                    });
                } catch (RejectedExecutionException e) {
                    // the card is gone, and its channels with it
                }
            }
            letGo();
        }
    }
}
