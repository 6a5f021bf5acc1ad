package org.scgateway.se.sim.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.scgateway.api.util.DaemonThreads;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.StatusWord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the simulated card into a PC/SC reader: connects to vsmartcard's vpcd (the pcscd driver of the
 * "Virtual PCD" readers), which then shows the card to pcscd and every PC/SC program.
 * <p>
 * vpcd's protocol: each message is a 2-byte big-endian length and a payload. One-byte payloads are control:
 * 00 power off, 01 power on, 02 reset, 04 get ATR (answered with the ATR); longer ones are command APDUs,
 * answered with the response APDU. When vpcd is not there (yet) or goes away, the bridge tries again with
 * back-off until it is stopped.
 */
final class VpcdBridge implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(VpcdBridge.class);
    static final int CTRL_OFF = 0x00;
    static final int CTRL_ON = 0x01;
    static final int CTRL_RESET = 0x02;
    static final int CTRL_ATR = 0x04;

    private final SimulatedCard card;
    private final byte[] atr;
    private final String host;
    private final int port;
    private volatile boolean running = true;
    private volatile Socket socket;
    private Thread thread;
    /** A one-shot fault a test arms: the card leaves the reader on a command it matches, and comes back later. */
    private volatile Pull pull;

    private record Pull(java.util.function.Predicate<CommandApdu> when, long outMs, Runnable pulled) {
    }

    /** vpcd's first port: its readers are "Virtual PCD 00 00", "Virtual PCD 00 01", ... on 35963, 35964, ... */
    static final int FIRST_PORT = 35963;

    /**
     * The name pcscd gives the vpcd reader this bridge plugs into, when that reader is on this machine; empty for
     * a vpcd elsewhere, whose reader no PC/SC driver here sees.
     */
    static java.util.Optional<String> readerName(String host, int port) {
        boolean here = host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
        int slot = port - FIRST_PORT;
        return here && slot >= 0 && slot < 100 ? java.util.Optional.of(String.format("Virtual PCD 00 %02d", slot)) : java.util.Optional.empty();
    }

    VpcdBridge(SimulatedCard card, byte[] atr, String host, int port) {
        this.card = card;
        this.atr = atr.clone();
        this.host = host;
        this.port = port;
    }

    void start() {
        thread = DaemonThreads.start("se-sim-vpcd-" + host + ":" + port, this);
    }

    /**
     * Arms a one-shot fault, as a card pulled in the middle of a command: the next command {@code when} matches gets no
     * answer, the card leaves the reader at once (the connection to vpcd closes, and pcscd reports the card removed),
     * {@code pulled} runs, and the card is back in the reader some {@code outMs} later.
     */
    void pullOn(java.util.function.Predicate<CommandApdu> when, long outMs, Runnable pulled) {
        pull = new Pull(when, outMs, pulled);
    }

    /** Stops the bridge: the card leaves the reader. */
    void stop() throws InterruptedException {
        running = false;
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
    }

    @Override
    public void run() {
        long wait = 200;
        while (running) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 2_000);
                // One frame, one segment, at once: written in pieces without this, each answer waited for vpcd's
                // delayed ACK (Nagle), some 100 ms an APDU.
                s.setTcpNoDelay(true);
                socket = s;
                LOG.info("simulated card is in the vpcd reader at {}:{}", host, port);
                wait = 200;
                serve(new DataInputStream(new java.io.BufferedInputStream(s.getInputStream())),
                        new DataOutputStream(new java.io.BufferedOutputStream(s.getOutputStream())));
            } catch (PulledException e) {
                wait = e.outMs;
            } catch (IOException e) {
                if (running) {
                    LOG.debug("vpcd at {}:{} not reachable ({}); trying again in {} ms", host, port, e.getMessage(), wait);
                }
            } finally {
                socket = null;
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
            wait = Math.min(wait * 2, 5_000);
        }
    }

    /** Answers vpcd until it closes the connection. */
    void serve(DataInputStream in, DataOutputStream out) throws IOException {
        while (running) {
            quickAck();
            int length;
            try {
                length = in.readUnsignedShort();
            } catch (EOFException e) {
                return;
            }
            byte[] message = new byte[length];
            in.readFully(message);
            if (length == 1) {
                switch (message[0]) {
                    case CTRL_ATR:
                        send(out, atr);
                        break;
                    case CTRL_RESET:
                    case CTRL_ON:
                    case CTRL_OFF:
                        card.resetBridged(); // a power cycle ends every channel and session of this interface
                        break;
                    default:
                        LOG.debug("vpcd sent an unknown control byte {}", message[0] & 0xFF);
                }
                continue;
            }
            ResponseApdu answer;
            try {
                CommandApdu command = CommandApdu.parse(message);
                Pull p = pull;
                if (p != null && p.when().test(command)) {
                    pull = null;
                    LOG.info("simulated card pulled from the vpcd reader at {}:{} in the middle of a command, back in {} ms", host, port,
                            p.outMs());
                    p.pulled().run();
                    throw new PulledException(p.outMs()); // unanswered: the connection closes with the card
                }
                answer = card.transmitBridged(command);
            } catch (IllegalArgumentException e) {
                LOG.debug("vpcd sent a malformed APDU: {}", e.getMessage());
                answer = ResponseApdu.of(StatusWord.WRONG_LENGTH);
            }
            send(out, answer.toBytes());
        }
    }

    /** The card left the reader on a fault a test armed; the bridge connects again after {@code outMs}. */
    private static final class PulledException extends IOException {
        private static final long serialVersionUID = 1L;
        final long outMs;

        PulledException(long outMs) {
            super("pulled");
            this.outMs = outMs;
        }
    }

    /**
     * vpcd writes a command's length and its bytes in two writes without TCP_NODELAY: the bytes wait (Nagle) for the
     * ACK of the length, which Linux delays up to 40 ms. Acknowledging at once, as a reader's USB link does, keeps an
     * APDU's round trip a card's. Linux clears the option after it acts, so it is set before each read.
     */
    private void quickAck() {
        Socket s = socket;
        java.net.SocketOption<Boolean> option = QUICK_ACK;
        if (s != null && option != null) {
            try {
                s.setOption(option, true);
            } catch (IOException | UnsupportedOperationException e) {
                // the connection is going (the read says so), or the system has no such option
            }
        }
    }

    /** Linux's TCP_QUICKACK, found once by name: jdk.net's ExtendedSocketOptions is not a package a framework exports. */
    private static final java.net.SocketOption<Boolean> QUICK_ACK = quickAckOption();

    @SuppressWarnings("unchecked")
    private static java.net.SocketOption<Boolean> quickAckOption() {
        try (Socket s = new Socket()) {
            for (java.net.SocketOption<?> o : s.supportedOptions()) {
                if (o.name().equals("TCP_QUICKACK") && o.type() == Boolean.class) {
                    return (java.net.SocketOption<Boolean>) o;
                }
            }
        } catch (IOException e) {
            // no socket to ask: no option
        }
        return null;
    }

    private static void send(DataOutputStream out, byte[] payload) throws IOException {
        out.writeShort(payload.length);
        out.write(payload);
        out.flush();
    }
}
