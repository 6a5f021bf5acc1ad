package org.scgateway.globalplatform.scp03;

/**
 * An SCP03 security level (P1 of EXTERNAL AUTHENTICATE): which of C-MAC, C-DECRYPTION, R-MAC and
 * R-ENCRYPTION protect the session. Only the combinations Amendment D allows exist here.
 */
public enum SecurityLevel {
    /** No protection after authentication. */
    NONE(0x00),
    C_MAC(0x01),
    C_MAC_C_DEC(0x03),
    C_MAC_R_MAC(0x11),
    C_MAC_C_DEC_R_MAC(0x13),
    /** Everything: what LwM2M bootstrap from a smartcard uses (LwM2M 1.1 Appendix H). */
    C_MAC_C_DEC_R_MAC_R_ENC(0x33);

    private final int code;

    SecurityLevel(int code) {
        this.code = code;
    }

    /**
     * @throws IllegalArgumentException for a value that is not one of 00, 01, 03, 11, 13, 33
     */
    public static SecurityLevel of(int code) {
        for (SecurityLevel l : values()) {
            if (l.code == code) {
                return l;
            }
        }
        throw new IllegalArgumentException(String.format("%02X is not an SCP03 security level (00, 01, 03, 11, 13, 33)", code));
    }

    /** The P1 value of EXTERNAL AUTHENTICATE. */
    public int code() {
        return code;
    }

    public boolean commandMac() {
        return (code & 0x01) != 0;
    }

    public boolean commandEncryption() {
        return (code & 0x02) != 0;
    }

    public boolean responseMac() {
        return (code & 0x10) != 0;
    }

    public boolean responseEncryption() {
        return (code & 0x20) != 0;
    }

    @Override
    public String toString() {
        return String.format("%02X", code);
    }
}
