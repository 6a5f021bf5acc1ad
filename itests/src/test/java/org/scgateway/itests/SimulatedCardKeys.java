package org.scgateway.itests;

import org.scgateway.globalplatform.scp03.Scp03Keys;

/**
 * The public SCP03 test keys of the simulated card's built-in profile: the PKCS#15 application's (ENC 00..0F,
 * MAC 10..1F, DEK 20..2F, version 30) and the ISD's (pySim's AES-128 set, 40..4F for all three, version 30).
 */
final class SimulatedCardKeys {

    private SimulatedCardKeys() {
    }

    static Scp03Keys builtInProfile() {
        byte[] enc = new byte[16];
        byte[] mac = new byte[16];
        byte[] dek = new byte[16];
        for (int i = 0; i < 16; i++) {
            enc[i] = (byte) i;
            mac[i] = (byte) (0x10 + i);
            dek[i] = (byte) (0x20 + i);
        }
        return Scp03Keys.of(0x30, enc, mac, dek);
    }

    static Scp03Keys isdOfBuiltInProfile() {
        byte[] key = new byte[16];
        for (int i = 0; i < 16; i++) {
            key[i] = (byte) (0x40 + i);
        }
        return Scp03Keys.of(0x30, key, key.clone(), key.clone());
    }
}
