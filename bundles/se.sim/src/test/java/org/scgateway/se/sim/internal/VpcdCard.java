package org.scgateway.se.sim.internal;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * The simulated card in a process of its own, in vsmartcard's vpcd reader: for a test that must keep the card's
 * memory out of the gateway's (a heap dump of the gateway must not find what the card holds). Arguments: vpcd's
 * host:port, and optionally a card profile file (the built-in profile when absent). Runs until its standard input
 * closes, so it ends with the test that started it, whatever the outcome.
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
        while (System.in.read() >= 0) {
            // until the test closes our input, or ends
        }
        bridge.stop();
    }
}
