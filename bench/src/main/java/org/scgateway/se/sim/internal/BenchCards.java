package org.scgateway.se.sim.internal;

import org.scgateway.api.se.SecureElement;

/**
 * The simulated card outside a framework, for benchmarks: in se.sim's own package because its profile and
 * card classes are the bundle's internals, which a bench on the class path may reach and a bundle may not.
 */
public final class BenchCards {

    private BenchCards() {
    }

    /** A simulated card from a JSON card profile, kept in memory only. */
    public static SecureElement fromProfile(byte[] json) throws Exception {
        CardProfile p = CardProfile.parse(json);
        return new SimulatedSecureElement(new SimulatedCard(p.mf, p.isd, p.kdd, p.channels), p);
    }
}
