package org.scgateway.se.sim.internal;

import java.io.InputStream;

import org.scgateway.api.se.SecureElement;

/**
 * The simulated card outside a framework, in memory: the test peer of every bundle that talks to a card, and the
 * bench's card. Shared through se.sim's test-support jar ({@code org.scgateway.se.sim:tests}); in se.sim's own
 * package because the card's classes are the bundle's internals, which a class path may reach and a bundle may not.
 */
public final class TestCards {

    private TestCards() {
    }

    /** A card of the built-in profile (the embedded default's). */
    public static SecureElement builtIn() throws Exception {
        try (InputStream in = TestCards.class.getResourceAsStream("/profiles/default.json")) {
            return fromProfile(in.readAllBytes());
        }
    }

    /** A card of a JSON card profile, kept in memory only. */
    public static SecureElement fromProfile(byte[] json) throws Exception {
        CardProfile p = CardProfile.parse(json);
        return new SimulatedSecureElement(p.newCard(() -> { }), p); // made as the component makes it, state kept nowhere
    }

    /** Takes a card made here out of its reader: every channel fails from now on. */
    public static void pull(SecureElement card) {
        ((SimulatedSecureElement) card).remove();
    }
}
