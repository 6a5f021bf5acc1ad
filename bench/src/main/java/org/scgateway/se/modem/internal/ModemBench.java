package org.scgateway.se.modem.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.scgateway.api.component.ComponentKind;
import org.scgateway.api.component.Identification;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.SecureElement;
import org.scgateway.bootstrap.smartcard.internal.BootstrapReadBench;
import org.scgateway.se.pcsc.internal.BenchPcscCard;
import org.scgateway.se.sim.internal.ModemCard;
import org.scgateway.se.sim.internal.TestCards;

/**
 * One APDU's round trip (READ BINARY of EF ICCID, 10 bytes) to the simulated card three ways: in process, through a
 * modem's AT port (the simulated modem on a socat pty pair, jSerialComm, +CSIM), and through vpcd and pcscd (the PC/SC
 * driver; only when pcscd runs with vpcd's reader); then the bootstrap read of the card's file over SCP03 SL 33 through
 * the modem, beside the same read in process. Arguments: samples, and the file to write the ROW lines to.
 */
public final class ModemBench {

    private static final CommandApdu SELECT_ICCID = CommandApdu.of(0x00, 0xA4, 0x00, 0x0C, new byte[] {0x2F, (byte) 0xE2});
    private static final CommandApdu READ_ICCID = CommandApdu.of(0x00, 0xB0, 0x00, 0x00, 10);

    private ModemBench() {
    }

    public static void main(String[] args) throws Exception {
        int samples = Integer.parseInt(args[0]);
        String cmd = "bench/run --runs " + samples / 20 + " modem";
        StringBuilder rows = new StringBuilder();
        Path dir = Files.createTempDirectory("scgw-modem-bench");
        Process socat = null;
        Process vpcdCard = null;
        ModemCard modem = null;
        AtPort port = null;
        try {
            double[] inProcess = roundTrips(TestCards.builtIn(), samples);
            rows.append(row("APDU round trip (READ BINARY, 10 bytes), simulated card in process", inProcess, "us", cmd));

            if (!Files.isExecutable(Paths.get("/usr/bin/socat"))) {
                System.err.println("ModemBench: no socat (Debian's socat package) to make the modem's pty: the modem rows are left out");
                return;
            }
            socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + dir.resolve("modem"), "pty,raw,echo=0,link=" + dir.resolve("gateway"))
                    .redirectErrorStream(true).start();
            awaitFiles(dir.resolve("modem"), dir.resolve("gateway"));
            modem = ModemCard.start(dir.resolve("modem"), null);
            port = new AtPort("bench", SerialLineTransport.open(dir.resolve("gateway").toString(), 115_200), 10_000, 5_000, line -> false);
            awaitAnswer(port);
            SimProbe.probe(port);
            ModemSecureElement sim = new ModemSecureElement("modem-bench", ComponentKind.UICC, Identification.empty(), port,
                    Pattern.compile("RDY"), () -> { });
            double[] viaModem = roundTrips(sim, samples);
            rows.append(row("  the same through a modem's AT port (+CSIM on a socat pty, jSerialComm)", viaModem, "us", cmd));
            rows.append(ratio("  ratio modem / in process (medians)", viaModem[0] / inProcess[0], cmd));

            vpcdCard = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "org.scgateway.se.sim.internal.VpcdCard", "127.0.0.1:35963")
                    .redirectErrorStream(true).start();
            Optional<SecureElement> pcsc = awaitLine(vpcdCard, "VpcdCard: the card is in vpcd's reader")
                    ? BenchPcscCard.connect("Virtual PCD", 10_000) : Optional.empty();
            if (pcsc.isPresent()) {
                double[] viaPcsc = roundTrips(pcsc.get(), samples);
                rows.append(row("  the same through vpcd and pcscd (PC/SC driver)", viaPcsc, "us", cmd));
                rows.append(ratio("  ratio PC/SC / in process (medians)", viaPcsc[0] / inProcess[0], cmd));
            } else {
                System.err.println("ModemBench: no pcscd with vpcd's reader here: the PC/SC row is left out");
            }

            double[] readInProcess = bootstrapReads(TestCards.builtIn(), samples);
            double[] readViaModem = bootstrapReads(sim, samples);
            rows.append(row("bootstrap read (built-in file, SCP03 SL 33) in process", readInProcess, "ms", cmd));
            rows.append(row("  the same through the modem's AT port", readViaModem, "ms", cmd));
            int apdus = BootstrapReadBench.readOnce(sim);
            rows.append(String.format("ROW   APDUs (one AT command each) of that read through the modem|%d %d %d|APDU|%s%n", apdus, apdus, apdus,
                    cmd));
        } finally {
            if (port != null) {
                port.close();
            }
            stop(socat);
            if (modem != null) {
                modem.close();
            }
            stop(vpcdCard);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            Files.writeString(Paths.get(args[1]), rows.toString()); // what was measured, whatever came after
        }
    }

    /** Round trips in microseconds, sorted: median, min, max first. */
    private static double[] roundTrips(SecureElement card, int samples) throws Exception {
        try (ApduChannel basic = card.openBasicChannel()) {
            basic.transmit(SELECT_ICCID);
            for (int i = 0; i < samples / 5; i++) {
                basic.transmit(READ_ICCID); // warm-up
            }
            double[] us = new double[samples];
            for (int i = 0; i < samples; i++) {
                long t0 = System.nanoTime();
                if (basic.transmit(READ_ICCID).sw() != 0x9000) {
                    throw new IllegalStateException("READ BINARY failed");
                }
                us[i] = (System.nanoTime() - t0) / 1_000.0;
            }
            return summary(us);
        }
    }

    private static double[] bootstrapReads(SecureElement card, int samples) throws Exception {
        for (int i = 0; i < 5; i++) {
            BootstrapReadBench.readOnce(card); // warm-up
        }
        double[] ms = new double[samples];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            BootstrapReadBench.readOnce(card);
            ms[i] = (System.nanoTime() - t0) / 1_000_000.0;
        }
        return summary(ms);
    }

    private static double[] summary(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return new double[] {s[s.length / 2], s[0], s[s.length - 1]};
    }

    private static String row(String figure, double[] s, String unit, String cmd) {
        return String.format("ROW %s|%.1f %.1f %.1f|%s|%s%n", figure, s[0], s[1], s[2], unit, cmd);
    }

    private static String ratio(String figure, double r, String cmd) {
        return String.format("ROW %s|%.1f %.1f %.1f|x|%s%n", figure, r, r, r, cmd);
    }

    private static void awaitFiles(Path... files) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!Stream.of(files).allMatch(Files::exists) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }

    /** The modem's end of the pty opens as soon as it can: AT answers once it does. */
    private static void awaitAnswer(AtPort port) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                port.run(new AtExchange("AT", "", false));
                return;
            } catch (AtException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
            }
        }
    }

    private static boolean awaitLine(Process p, String prefix) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            if (line.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static void stop(Process p) throws InterruptedException {
        if (p != null) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
