package org.scgateway.se.sim.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.scgateway.globalplatform.tlv.Tlv;

/**
 * The ES10 answers an SGP.22 LPA asks an eUICC for beside its profiles (SGP.22 ES10a/b, encodings of its ASN.1
 * module, AUTOMATIC TAGS): EUICCInfo1 and 2, the configured addresses, the Rules Authorisation Table and a
 * challenge (the notifications are {@link EuiccNotifications}'). The simulated eUICC downloads no profile and
 * trusts no real CI: its CI key identifier is that of its own test CI ({@link EuiccPki}), so that no LPA or SM-DP+
 * mistakes it for a certified eUICC.
 */
final class EuiccInformation {

    /** SGP.22 version the answers follow (SVN): v2.2.0. */
    static final byte[] SVN = {2, 2, 0};
    /** The root SM-DS address SGP.22 gives a new eUICC. */
    static final String ROOT_DS = "lpa.ds.gsma.com";

    private final SecureRandom random = new SecureRandom();
    private final Supplier<byte[]> ciKeyId;

    /** @param ciKeyId the subject key identifier of the CI the eUICC's certificate chain ends in */
    EuiccInformation(Supplier<byte[]> ciKeyId) {
        this.ciKeyId = ciKeyId;
    }

    /** GetEUICCInfo1 (BF20): SVN and the CI key identifiers for verification and for signing. */
    byte[] info1() {
        return Tlv.constructed(0xBF20, Tlv.primitive(0x82, SVN), ciKeys(0xA9), ciKeys(0xAA)).encode();
    }

    /**
     * GetEUICCInfo2 (BF22): profile package version 2.3.0, SVN, firmware 1.0.0, the extended card resources of
     * ETSI TS 102 226 (3 applications, 64 KiB free non-volatile and 8 KiB free volatile memory), UICC capability
     * (USIM, Milenage, Java Card), GlobalPlatform 2.3.1, no RSP capability (no download here), the CI key
     * identifiers, protection profile version 0.0.0 and no SAS accreditation number.
     */
    byte[] info2() {
        byte[] resources = concat(Tlv.primitive(0x81, new byte[] {3}).encode(), Tlv.primitive(0x82, new byte[] {0, 1, 0, 0}).encode(),
                Tlv.primitive(0x83, new byte[] {0, 0, 0x20, 0}).encode());
        return Tlv.constructed(0xBF22, Tlv.primitive(0x81, new byte[] {2, 3, 0}), Tlv.primitive(0x82, SVN),
                Tlv.primitive(0x83, new byte[] {1, 0, 0}), Tlv.primitive(0x84, resources),
                Tlv.primitive(0x85, new byte[] {0x01, 0x48, 0x02}), // bits 1, 4, 14 of 15
                Tlv.primitive(0x87, new byte[] {2, 3, 1}), Tlv.primitive(0x88, new byte[] {0x00}), ciKeys(0xA9), ciKeys(0xAA),
                Tlv.primitive(0x04, new byte[] {0, 0, 0}), Tlv.primitive(0x0C, new byte[0])).encode();
    }

    private Tlv ciKeys(int tag) {
        return Tlv.constructed(tag, Tlv.primitive(0x04, ciKeyId.get()));
    }

    /** GetEuiccConfiguredAddresses (BF3C): no default SM-DP+ address, the root SM-DS. */
    byte[] configuredAddresses() {
        return Tlv.constructed(0xBF3C, Tlv.primitive(0x81, ROOT_DS.getBytes(StandardCharsets.UTF_8))).encode();
    }

    /** GetRAT (BF43): an empty Rules Authorisation Table: no operator may install a profile with policy rules. */
    byte[] rulesAuthorisationTable() {
        return Tlv.constructed(0xBF43, Tlv.constructed(0xA0, List.of())).encode();
    }

    /** GetEuiccChallenge (BF2E): 16 random bytes. */
    byte[] challenge() {
        byte[] c = new byte[16];
        random.nextBytes(c);
        return Tlv.constructed(0xBF2E, Tlv.primitive(0x80, c)).encode();
    }

    private static byte[] concat(byte[]... parts) {
        byte[] out = new byte[0];
        for (byte[] p : parts) {
            int at = out.length;
            out = Arrays.copyOf(out, at + p.length);
            System.arraycopy(p, 0, out, at, p.length);
        }
        return out;
    }
}
