package org.scgateway.se.sim.internal;

import java.io.InputStream;

import org.scgateway.api.se.SecureElement;

/** The simulated card's built-in profile, in memory: a test peer for bundles that talk to a card. */
public final class TestCards {

    private TestCards() {
    }

    public static SecureElement builtIn() throws Exception {
        try (InputStream in = TestCards.class.getResourceAsStream("/profiles/default.json")) {
            CardProfile p = CardProfile.parse(in.readAllBytes());
            return new SimulatedSecureElement(new SimulatedCard(p.mf, p.isd, p.kdd, p.channels), p);
        }
    }

    /** Takes a card made by {@link #builtIn()} out of its reader: every channel fails from now on. */
    public static void pull(SecureElement card) {
        ((SimulatedSecureElement) card).remove();
    }
}
