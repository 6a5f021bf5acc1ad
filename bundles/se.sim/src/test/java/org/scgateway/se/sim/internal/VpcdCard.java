package org.scgateway.se.sim.internal;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * The simulated card in a process of its own, in vsmartcard's vpcd reader: for a test that must keep the card's
 * memory out of the gateway's (a heap dump of the gateway must not find what the card holds). Arguments: vpcd's
 * host:port, and optionally a card profile file (the built-in profile when absent). Runs until its standard input
 * closes, so it ends with the test that started it, whatever the outcome. A line {@code pull-on-ins II MS} on its
 * input arms a fault: the card is pulled from the reader in the middle of the next command with INS {@code II} (hex),
 * and is back {@code MS} milliseconds later; it prints {@code VpcdCard: armed}, then {@code VpcdCard: pulled}.
 */
public final class VpcdCard {

    private VpcdCard() {
    }

    public static void main(String[] args) throws Exception {
        String[] vpcd = args[0].split(":");
        byte[] json;
        if (args.length > 1) {
            json = Files.readAllBytes(Paths.get(args[1]));
        } else {
            try (InputStream in = VpcdCard.class.getResourceAsStream("/profiles/default.json")) {
                json = in.readAllBytes();
            }
        }
        CardProfile profile = CardProfile.parse(json);
        VpcdBridge bridge = new VpcdBridge(profile.newCard(() -> { }), profile.atr, vpcd[0], Integer.parseInt(vpcd[1]));
        bridge.start();
        System.out.println("VpcdCard: the card is in vpcd's reader at " + args[0]);
        System.out.flush();
        java.io.BufferedReader input = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
        for (String line = input.readLine(); line != null; line = input.readLine()) { // until the test closes our input, or ends
            String[] words = line.trim().split("\\s+");
            if (words.length == 3 && words[0].equals("pull-on-ins")) {
                int ins = Integer.parseInt(words[1], 16);
                bridge.pullOn(c -> c.ins() == ins, Long.parseLong(words[2]), () -> {
                    System.out.println("VpcdCard: pulled");
                    System.out.flush();
                });
                System.out.println("VpcdCard: armed");
                System.out.flush();
            }
        }
        bridge.stop();
    }
}
