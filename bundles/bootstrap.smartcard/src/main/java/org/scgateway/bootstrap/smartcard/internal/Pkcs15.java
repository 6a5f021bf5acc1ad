package org.scgateway.bootstrap.smartcard.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.scgateway.api.se.Aid;
import org.scgateway.globalplatform.tlv.BerTlv;
import org.scgateway.globalplatform.tlv.Tlv;
import org.scgateway.globalplatform.tlv.TlvException;

/**
 * The few PKCS#15 structures bootstrap from smartcard walks: the application template in EF DIR, the ODF
 * entry that points to the data objects directory, and the DODF entry of the LwM2M bootstrap file. FF and
 * 00 padding between entries is skipped, as ISO/IEC 7816-4 allows.
 */
final class Pkcs15 {

    /** The PKCS#15 application identifier: RID A000000063, PIX "PKCS-15". */
    static final Aid AID = Aid.fromHex("A000000063504B43532D3135");
    /** Where the ODF usually is; the application is looked for here when EF DIR names no path. */
    static final byte[] ODF_PATH = {0x50, 0x31};
    /** 2.23.43.9.1, the LwM2M bootstrap object identifier, as DER content. */
    static final byte[] BOOTSTRAP_OID = {0x67, 0x2B, 0x09, 0x01};
    /** The same identifier wrapped once more, as a spec example had it and cards in the field still do. */
    static final byte[] BOOTSTRAP_OID_NESTED = {0x06, 0x04, 0x67, 0x2B, 0x09, 0x01};

    private static final int TAG_APPLICATION_TEMPLATE = 0x61;
    private static final int TAG_AID = 0x4F;
    private static final int TAG_ODF_DATA_OBJECTS = 0xA7;
    private static final int TAG_DODF_OID_DO = 0xA1;
    private static final int TAG_SEQUENCE = 0x30;
    private static final int TAG_OCTET_STRING = 0x04;
    private static final int TAG_OID = 0x06;

    private Pkcs15() {
    }

    /** Whether an EF DIR record is the PKCS#15 application's template. */
    static boolean namesPkcs15(byte[] record) {
        try {
            for (Tlv t : BerTlv.parse(record)) {
                if (t.tag() == TAG_APPLICATION_TEMPLATE) {
                    Optional<Tlv> aid = t.find(TAG_AID);
                    if (aid.isPresent() && aid.get().length() >= 5 && aid.get().length() <= 16
                            && Aid.of(aid.get().value()).startsWith(AID)) {
                        return true;
                    }
                }
            }
        } catch (TlvException e) {
            // a record of something else
        }
        return false;
    }

    /** The path of the data objects directory, from the ODF. */
    static byte[] dodfPath(byte[] odf) throws MalformedBootstrapFileException {
        try {
            for (Tlv t : BerTlv.parse(odf)) {
                if (t.tag() == TAG_ODF_DATA_OBJECTS) {
                    return path(t).orElseThrow(() -> new MalformedBootstrapFileException("the ODF's data objects entry (A7) holds no path"));
                }
            }
        } catch (TlvException e) {
            throw new MalformedBootstrapFileException("the ODF is not BER-TLV: " + e.getMessage(), e);
        }
        throw new MalformedBootstrapFileException("the ODF has no data objects entry (A7): no DODF on this card");
    }

    /**
     * The path of EF LwM2M_Bootstrap, from the DODF entry whose object identifier is the bootstrap one: in the
     * entry's type attributes (where implementations put it) or its common data object attributes (where
     * the appendix's text puts it), plainly encoded or wrapped once more.
     */
    static byte[] bootstrapFilePath(byte[] dodf) throws MalformedBootstrapFileException {
        List<Tlv> entries;
        try {
            entries = BerTlv.parse(dodf);
        } catch (TlvException e) {
            throw new MalformedBootstrapFileException("the DODF is not BER-TLV: " + e.getMessage(), e);
        }
        for (Tlv entry : entries) {
            if (entry.tag() == TAG_DODF_OID_DO && entry.isConstructed() && namesBootstrap(entry)) {
                return path(entry).orElseThrow(() -> new MalformedBootstrapFileException(
                        "the DODF's LwM2M bootstrap entry holds no path"));
            }
        }
        throw new MalformedBootstrapFileException("the DODF has no entry with the LwM2M bootstrap OID 2.23.43.9.1");
    }

    private static boolean namesBootstrap(Tlv entry) {
        for (Tlv part : entry.children()) {
            if (!part.isConstructed()) {
                continue;
            }
            // CommonDataObjectAttributes (a SEQUENCE) or the type attributes ([1] -> SEQUENCE OidDO)
            List<Tlv> candidates = part.tag() == TAG_SEQUENCE ? List.of(part) : part.findAll(TAG_SEQUENCE);
            for (Tlv seq : candidates) {
                for (Tlv oid : seq.findAll(TAG_OID)) {
                    if (Arrays.equals(oid.value(), BOOTSTRAP_OID) || Arrays.equals(oid.value(), BOOTSTRAP_OID_NESTED)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The first Path (SEQUENCE { OCTET STRING path ... }) inside {@code t}. */
    private static Optional<byte[]> path(Tlv t) {
        if (t.tag() == TAG_SEQUENCE) {
            Optional<Tlv> octets = t.find(TAG_OCTET_STRING);
            if (octets.isPresent() && octets.get().length() >= 2 && octets.get().length() % 2 == 0) {
                return Optional.of(octets.get().value());
            }
        }
        for (Tlv child : t.children()) {
            if (child.isConstructed()) {
                Optional<byte[]> p = path(child);
                if (p.isPresent()) {
                    return p;
                }
            }
        }
        return Optional.empty();
    }
}
