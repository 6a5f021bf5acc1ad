package org.scgateway.se.sim.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scgateway.api.euicc.Iccid;
import org.scgateway.api.euicc.Profile;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;

/**
 * A gateway killed (SIGKILL) while the simulated eUICC switches profiles leaves exactly one profile enabled
 * in the state it finds at the next start: the old one or the new one, never none and never two. A child
 * JVM enables the two profiles in turn as fast as it can, with the component's own state writing, and is
 * killed at a random moment; the state file is then read as the next start would read it.
 */
public class EuiccKillTest {

    private static final HexFormat HEX = HexFormat.of();
    static final String OTHER = "89445000000000000027";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void aKillDuringEnableLeavesExactlyOneProfileEnabled() throws Exception {
        Path state = folder.getRoot().toPath().resolve("euicc-test.json");
        Files.writeString(state, SimulatedEuiccTest.cardJson(SimulatedEuiccTest.profileJson(OTHER, "11", "enabled", "")));
        Random random = new Random();
        int switches = 0;
        for (int round = 0; round < 8; round++) {
            Process child = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Switcher.class.getName(), state.toString())
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
            assertEquals("switching", out.readLine());
            AtomicInteger switched = new AtomicInteger();
            Thread counter = new Thread(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        switched.addAndGet("switched".equals(line) ? 1 : 0);
                    }
                } catch (java.io.IOException closed) {
                    // the child is gone
                }
            });
            counter.start();
            Thread.sleep(50 + random.nextInt(250));
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            counter.join(10_000);
            switches += switched.get();
            CardProfile after = CardProfile.parse(Files.readAllBytes(state));
            List<Profile> profiles = after.euicc.profiles();
            assertEquals(2, profiles.size());
            assertEquals("round " + round + ": " + profiles, 1, profiles.stream().filter(Profile::isEnabled).count());
        }
        assertTrue("the child never got to switch a profile", switches > 8);
        try (var leftovers = Files.list(folder.getRoot().toPath())) {
            // A kill mid-write leaves its temporary file; it is never read and the next write replaces the state.
            assertTrue(leftovers.allMatch(p -> p.equals(state) || p.getFileName().toString().endsWith(".tmp")));
        }
    }

    /** The child: the card as the component inserts it, enabling one profile then the other, for ever. */
    public static final class Switcher {
        public static void main(String[] args) throws Exception {
            Path state = Paths.get(args[0]);
            CardProfile p = CardProfile.parse(Files.readAllBytes(state));
            SimulatedCard card = p.newCard(() -> { });
            p.euicc.keepWith(() -> SimulatedCardComponent.keep(p, 0, state));
            int ch = card.transmit(CommandApdu.parse(HEX.parseHex("0070000001"))).data()[0];
            card.transmit(CommandApdu.parse(HEX.parseHex("00A4040010A0000005591010FFFFFFFF890000010000")).onChannel(ch));
            System.out.println("switching");
            System.out.flush();
            String[] iccids = {SimulatedEuiccTest.ICCID, OTHER};
            for (int i = 0; ; i++) {
                String bcd = HEX.formatHex(Iccid.of(iccids[i % 2]).toBcd());
                ResponseApdu r = card.transmit(CommandApdu.parse(HEX.parseHex("80E2910014BF3111A00C5A0A" + bcd + "8101FF00")).onChannel(ch));
                if (HEX.formatHex(r.data()).equals("bf3103800100")) {
                    System.out.println("switched");
                }
            }
        }
    }
}
