package org.scgateway.se.sim.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The simulated card as the SIM of a simulated modem on a pseudo-terminal (test support, as {@link VpcdCard} is for
 * vpcd): in a test's JVM through {@link #start}, or in a process of its own through {@link #main} (arguments: the pty,
 * and optionally a card profile file). Faults on the process's input, one per line: {@code sim-removed},
 * {@code sim-inserted}, {@code pin-required}, {@code pin-entered}, {@code slow MS} (each answer MS late), {@code silent},
 * {@code answering}, {@code reset}, {@code urc TEXT}, {@code urc-in-answer TEXT}
 * (between the next answer's information text and its final result code; prints {@code ModemCard: URC sent inside an
 * answer}), {@code reset-on-command N} (the modem
 * resets instead of answering the Nth command from now, and prints {@code ModemCard: reset mid-command}).
 */
public final class ModemCard implements AutoCloseable {

    private final SimulatedModem modem;
    private final PtyModem port;

    private ModemCard(SimulatedModem modem, PtyModem port) {
        this.modem = modem;
        this.port = port;
    }

    /** The built-in card (or the profile given) as the SIM of a modem answering on {@code pty}. */
    public static ModemCard start(Path pty, byte[] profileJson) throws IOException {
        byte[] json = profileJson;
        if (json == null) {
            try (InputStream in = ModemCard.class.getResourceAsStream("/profiles/default.json")) {
                json = in.readAllBytes();
            }
        }
        SimulatedModem modem;
        try {
            modem = new SimulatedModem(CardProfile.parse(json).newCard(() -> { }));
        } catch (CardProfile.InvalidProfileException e) {
            throw new IOException("the card profile cannot be used: " + e.getMessage(), e);
        }
        PtyModem port = new PtyModem(modem, pty);
        port.start();
        return new ModemCard(modem, port);
    }

    public void simRemoved(boolean removed) {
        modem.simRemoved(removed);
    }

    public void pinRequired(boolean on) {
        modem.pinRequired(on);
    }

    public void slow(long ms) {
        modem.slow(ms);
    }

    public void silent(boolean on) {
        modem.silent(on);
    }

    public void reset() throws IOException {
        port.reset();
    }

    public void unsolicited(String urc) throws IOException {
        port.unsolicited(urc);
    }

    public void unsolicitedInNextAnswer(String urc, Runnable sent) {
        port.unsolicitedInNextAnswer(urc, sent);
    }

    public void resetOnCommand(int commands, Runnable fired) {
        port.resetOnCommand(commands, fired);
    }

    @Override
    public void close() throws InterruptedException {
        port.stop();
    }

    public static void main(String[] args) throws Exception {
        byte[] profile = args.length > 1 ? Files.readAllBytes(Paths.get(args[1])) : null;
        try (ModemCard card = start(Paths.get(args[0]), profile)) {
            System.out.println("ModemCard: the modem answers on " + args[0]);
            System.out.flush();
            BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = input.readLine(); line != null; line = input.readLine()) { // until the test closes our input
                String l = line.trim();
                switch (l) {
                    case "sim-removed" -> card.simRemoved(true);
                    case "sim-inserted" -> card.simRemoved(false);
                    case "silent" -> card.silent(true);
                    case "answering" -> card.silent(false);
                    case "reset" -> card.reset();
                    case "pin-required" -> card.pinRequired(true);
                    case "pin-entered" -> card.pinRequired(false);
                    default -> {
                        if (l.startsWith("urc-in-answer ")) {
                            card.unsolicitedInNextAnswer(l.substring("urc-in-answer ".length()), () -> {
                                System.out.println("ModemCard: URC sent inside an answer");
                                System.out.flush();
                            });
                        } else if (l.startsWith("urc ")) {
                            card.unsolicited(l.substring(4));
                        } else if (l.startsWith("slow ")) {
                            card.slow(Long.parseLong(l.substring("slow ".length()).trim()));
                        } else if (l.startsWith("reset-on-command ")) {
                            card.resetOnCommand(Integer.parseInt(l.substring("reset-on-command ".length()).trim()), () -> {
                                System.out.println("ModemCard: reset mid-command");
                                System.out.flush();
                            });
                        }
                    }
                }
                System.out.println("ModemCard: " + l);
                System.out.flush();
            }
        }
    }
}
