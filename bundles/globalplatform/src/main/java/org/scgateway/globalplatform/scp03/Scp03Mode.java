package org.scgateway.globalplatform.scp03;

/**
 * SCP03's two sizes (Amendment D v1.2): in S8 mode the challenges, cryptograms and MACs are 8 bytes, in S16 mode
 * 16. The host chooses by the length of its challenge in INITIALIZE UPDATE; the card says which it runs in bit b1
 * of its "i" parameter.
 */
public enum Scp03Mode {
    S8(8), S16(16);

    private final int length;

    Scp03Mode(int length) {
        this.length = length;
    }

    /** The length in bytes of a challenge, a cryptogram and a C-MAC or R-MAC. */
    public int length() {
        return length;
    }

    /** The bit of the "i" parameter that says S16. */
    static final int I_S16 = 0x01;

    /** The mode a host challenge of this length asks for. */
    public static Scp03Mode ofChallenge(byte[] hostChallenge) {
        if (hostChallenge != null) {
            for (Scp03Mode m : values()) {
                if (hostChallenge.length == m.length) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("an SCP03 host challenge is 8 bytes (S8 mode) or 16 (S16 mode), not "
                + (hostChallenge == null ? "missing" : hostChallenge.length));
    }
}
