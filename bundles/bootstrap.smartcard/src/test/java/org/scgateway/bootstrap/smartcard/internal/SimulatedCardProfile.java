package org.scgateway.bootstrap.smartcard.internal;

import java.util.HexFormat;

/** The bootstrap file of the simulated card's built-in profile (se.sim profiles/default.json, EF 6432). */
final class SimulatedCardProfile {

    private SimulatedCardProfile() {
    }

    static byte[] defaultBootstrapFile() {
        return HexFormat.of().parseHex("0002003E0000000024080021C80015636F61703A2F2F3132372E302E302E313A35363833C10100C10203C10A7B"
                + "000100001008000DC1007BC201012CC10600C10755");
    }
}
