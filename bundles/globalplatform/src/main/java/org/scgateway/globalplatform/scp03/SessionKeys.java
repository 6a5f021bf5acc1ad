package org.scgateway.globalplatform.scp03;

/** The session keys of one SCP03 session: S-ENC, S-MAC, S-RMAC. Copied in and out, never printed. */
public final class SessionKeys {

    private final byte[] enc;
    private final byte[] mac;
    private final byte[] rmac;

    SessionKeys(byte[] enc, byte[] mac, byte[] rmac) {
        this.enc = enc;
        this.mac = mac;
        this.rmac = rmac;
    }

    public byte[] enc() {
        return enc.clone();
    }

    public byte[] mac() {
        return mac.clone();
    }

    public byte[] rmac() {
        return rmac.clone();
    }

    @Override
    public String toString() {
        return "SessionKeys[AES-" + enc.length * 8 + "]";
    }
}
