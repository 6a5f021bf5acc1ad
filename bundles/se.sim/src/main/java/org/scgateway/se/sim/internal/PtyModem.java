package org.scgateway.se.sim.internal;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.scgateway.api.util.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays {@link SimulatedModem} on a pseudo-terminal, as a modem's AT port: the test's {@code socat} makes a pty pair
 * ({@code pty,raw,echo=0,link=...}), this end serves one, the driver under test opens the other with its serial
 * library. Command lines end with CR (V.250 5.2.1; an LF after it is ignored); each answer line goes out framed in CR
 * LF. Runs until stopped; a pty that cannot be opened (socat not there yet, or gone) is tried again. Reading and
 * writing go through two descriptors of the pty: a FileChannel's blocking read would hold back every write (an
 * unsolicited result code) until the next command came.
 */
final class PtyModem implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PtyModem.class);

    private final SimulatedModem modem;
    private final Path pty;
    private volatile boolean running = true;
    private volatile InputStream in;
    private volatile OutputStream out;
    private Thread thread;
    /** A one-shot fault: the modem resets instead of answering the command this many commands on (0: none). */
    private int resetOn;
    private Runnable onReset;
    /** A one-shot fault: an unsolicited result code between the next answer's information text and its final result. */
    private String inNextAnswer;
    private Runnable onInAnswer;

    PtyModem(SimulatedModem modem, Path pty) {
        this.modem = modem;
        this.pty = pty;
    }

    void start() {
        thread = DaemonThreads.start("se-sim-modem-" + pty.getFileName(), this);
    }

    void stop() throws InterruptedException {
        running = false;
        for (AutoCloseable c : new AutoCloseable[] {in, out}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing anyway
                }
            }
        }
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
    }

    /** An unsolicited result code, sent between answers (or, from a test, in the middle of one). */
    void unsolicited(String urc) throws IOException {
        OutputStream o = out;
        if (o != null) {
            write(o, "\r\n" + urc + "\r\n");
        }
    }

    /**
     * Arms a reset for the {@code commands}th command from now: instead of answering it, the modem resets and says
     * {@code RDY}, as one whose firmware restarted mid-command; {@code fired} is told.
     */
    synchronized void resetOnCommand(int commands, Runnable fired) {
        resetOn = commands;
        onReset = fired;
    }

    /** Arms an unsolicited result code in the middle of the next answer that has information text; {@code sent} is told. */
    synchronized void unsolicitedInNextAnswer(String urc, Runnable sent) {
        inNextAnswer = urc;
        onInAnswer = sent;
    }

    /** A modem reset: the sessions are lost and the modem says so on its port. */
    void reset() throws IOException {
        for (String line : modem.reset()) {
            unsolicited(line);
        }
    }

    @Override
    public void run() {
        while (running) {
            try (InputStream i = new FileInputStream(pty.toFile()); OutputStream o = new FileOutputStream(pty.toFile())) {
                in = i;
                out = o;
                LOG.info("simulated modem answers AT commands on {}", pty);
                serve(i, o);
            } catch (IOException e) {
                if (running) {
                    LOG.debug("simulated modem: {} cannot be used ({}); trying again", pty, e.getMessage());
                }
            } finally {
                in = null;
                out = null;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void serve(InputStream i, OutputStream o) throws IOException {
        byte[] buffer = new byte[512];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (running) {
            int n = i.read(buffer);
            if (n < 0) {
                return;
            }
            for (int k = 0; k < n; k++) {
                byte b = buffer[k];
                if (b == '\r') {
                    answer(o, line.toString(StandardCharsets.US_ASCII));
                    line.reset();
                } else if (b != '\n' && line.size() < 4096) {
                    line.write(b);
                }
            }
        }
    }

    private synchronized void answer(OutputStream o, String command) throws IOException {
        if (command.isBlank()) {
            return;
        }
        if (resetOn > 0 && --resetOn == 0) {
            reset();
            onReset.run();
            return;
        }
        long delay = modem.delayMs();
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        SimulatedModem.Answer a = modem.answer(command);
        StringBuilder text = new StringBuilder();
        if (a.echo() != null) {
            text.append(a.echo()).append('\r');
        }
        List<String> lines = a.lines();
        for (int i = 0; i < lines.size(); i++) {
            if (inNextAnswer != null && i == lines.size() - 1 && lines.size() > 1) {
                text.append("\r\n").append(inNextAnswer).append("\r\n");
                inNextAnswer = null;
                onInAnswer.run();
            }
            text.append("\r\n").append(lines.get(i)).append("\r\n");
        }
        write(o, text.toString());
    }

    private synchronized void write(OutputStream o, String text) throws IOException {
        o.write(text.getBytes(StandardCharsets.US_ASCII));
        o.flush();
    }
}
