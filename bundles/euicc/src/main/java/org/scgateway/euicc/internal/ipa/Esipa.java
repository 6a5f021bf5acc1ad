package org.scgateway.euicc.internal.ipa;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.scgateway.api.euicc.Profile;
import org.scgateway.globalplatform.tlv.BerTlv;
import org.scgateway.globalplatform.tlv.Tlv;
import org.scgateway.globalplatform.tlv.TlvException;

/**
 * The GSMA SGP.32 ESipa messages (§6.3.1) the IPA side of object 3443 takes and gives, in the DER the
 * specification's ASN.1 (module SGP32Definitions, AUTOMATIC TAGS) makes of them. Decoding is strict: what is
 * not as the ASN.1 says is an {@link InvalidPackage}, naming what was wrong.
 */
final class Esipa {

    // EsipaMessageFromEimToIpa / FromIpaToEim
    static final int TRANSFER_EIM_PACKAGE = 0xBF4E;
    static final int GET_EIM_PACKAGE = 0xBF4F;
    static final int PROVIDE_EIM_PACKAGE_RESULT = 0xBF50;
    // eIM packages
    static final int EUICC_PACKAGE = 0xBF51;
    static final int IPA_EUICC_DATA = 0xBF52;
    static final int EIM_ACKNOWLEDGEMENTS = 0xBF53;
    static final int PROFILE_DOWNLOAD_TRIGGER = 0xBF54;
    static final int SIGNATURE = 0x5F37;
    static final int EID = 0x5A;
    static final int ICCID = 0x5A;

    // PSMOs (Psmo CHOICE) and their results (EuiccResultData CHOICE)
    static final int PSMO_ENABLE = 0xA3;
    static final int PSMO_DISABLE = 0xA4;
    static final int PSMO_DELETE = 0xA5;
    static final int PSMO_LIST_PROFILE_INFO = 0xBF2D;
    static final int PSMO_SET_FALLBACK = 0xA8;
    static final int RESULT_ENABLE = 0x83;
    static final int RESULT_DISABLE = 0x84;
    static final int RESULT_DELETE = 0x85;
    static final int RESULT_SET_FALLBACK = 0x8D;

    // TransferEimPackageResponse.eimPackageError, EimPackageResultErrorCode
    static final int INVALID_PACKAGE_FORMAT = 1;
    static final int UNKNOWN_PACKAGE = 2;
    // EuiccPackageErrorCode
    static final int INVALID_EID = 3;
    static final int REPLAY_ERROR = 4;
    static final int UNDEFINED_ERROR = 127;
    // processingTerminated
    static final int UNKNOWN_OR_DAMAGED_COMMAND = 2;

    /** Something in an eIM message is not as SGP.32 defines it. */
    static final class InvalidPackage extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidPackage(String message) {
            super(message);
        }
    }

    /** An EuiccPackageRequest: what was signed, exactly as it came, and its parts. */
    static final class PackageRequest {
        final byte[] signed;
        final byte[] signature;
        final String eimId;
        final byte[] eid;
        final BigInteger counter;
        final Optional<byte[]> transactionId;
        /** The PSMOs, or empty with {@link #ecos} true for an eIM configuration package. */
        final List<Tlv> psmos;
        final boolean ecos;

        PackageRequest(byte[] signed, byte[] signature, String eimId, byte[] eid, BigInteger counter, Optional<byte[]> transactionId,
                List<Tlv> psmos, boolean ecos) {
            this.signed = signed;
            this.signature = signature;
            this.eimId = eimId;
            this.eid = eid;
            this.counter = counter;
            this.transactionId = transactionId;
            this.psmos = psmos;
            this.ecos = ecos;
        }
    }

    private Esipa() {
    }

    /**
     * An EuiccPackageRequest ({@code BF51}) in DER. The signed part is taken as the bytes that came, not as
     * re-encoded, since that is what the eIM signed.
     */
    static PackageRequest packageRequest(byte[] der) throws InvalidPackage {
        int[] outer = header(der, 0, "EuiccPackageRequest");
        if (tagAt(der, 0) != EUICC_PACKAGE || outer[1] != der.length) {
            throw new InvalidPackage("an EuiccPackageRequest is one BF51 data object");
        }
        int signedEnd = header(der, outer[0], "euiccPackageSigned")[1];
        byte[] signed = Arrays.copyOfRange(der, outer[0], signedEnd);
        Tlv whole = parse(der, "EuiccPackageRequest");
        List<Tlv> parts = whole.children();
        if (parts.size() != 2 || parts.get(0).tag() != 0x30 || parts.get(1).tag() != SIGNATURE) {
            throw new InvalidPackage("an EuiccPackageRequest is euiccPackageSigned (30) and eimSignature (5F37)");
        }
        List<Tlv> fields = parts.get(0).children();
        Tlv eimId = field(fields, 0, 0x80, "eimId");
        Tlv eid = field(fields, 1, EID, "eidValue");
        Tlv counter = field(fields, 2, 0x81, "counterValue");
        int next = 3;
        Optional<byte[]> transaction = Optional.empty();
        if (fields.size() > next && fields.get(next).tag() == 0x82) {
            transaction = Optional.of(fields.get(next).value());
            next++;
        }
        if (fields.size() != next + 1) {
            throw new InvalidPackage("euiccPackageSigned ends with one euiccPackage (A0 psmoList or A1 ecoList)");
        }
        Tlv pkg = fields.get(next);
        if (pkg.tag() != 0xA0 && pkg.tag() != 0xA1) {
            throw new InvalidPackage(String.format("euiccPackage is A0 (psmoList) or A1 (ecoList), not %X", pkg.tag()));
        }
        if (eid.length() != 16) {
            throw new InvalidPackage("eidValue is 16 bytes, not " + eid.length());
        }
        if (eimId.length() < 1 || eimId.length() > 128) {
            throw new InvalidPackage("eimId is 1 to 128 bytes of UTF-8");
        }
        if (counter.length() < 1 || counter.length() > 8) {
            throw new InvalidPackage("counterValue is an INTEGER of 1 to 8 bytes");
        }
        String id;
        try {
            // Strictly: a replacement character would make the eimId echoed in the results differ from the one that came.
            id = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(eimId.value())).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidPackage("eimId is 1 to 128 bytes of UTF-8; these bytes are not UTF-8");
        }
        return new PackageRequest(signed, parts.get(1).value(), id, eid.value(),
                new BigInteger(counter.value()), transaction, pkg.tag() == 0xA0 ? pkg.children() : List.of(), pkg.tag() == 0xA1);
    }

    /** EuiccPackageResult with euiccPackageResultSigned: the data the IPA signed and its signature. */
    static byte[] resultSigned(byte[] dataSigned, byte[] signature) {
        return Tlv.constructed(EUICC_PACKAGE, Tlv.constructed(0xA0, parse(dataSigned), Tlv.primitive(SIGNATURE, signature))).encode();
    }

    /** EuiccPackageResultDataSigned: eimId, counterValue, eimTransactionId, seqNumber and the results. */
    static byte[] resultData(PackageRequest request, long seqNumber, List<Tlv> results) {
        List<Tlv> fields = new ArrayList<>();
        fields.add(Tlv.primitive(0x80, request.eimId.getBytes(StandardCharsets.UTF_8)));
        fields.add(Tlv.primitive(0x81, request.counter.toByteArray()));
        request.transactionId.ifPresent(t -> fields.add(Tlv.primitive(0x82, t)));
        fields.add(Tlv.primitive(0x83, BigInteger.valueOf(seqNumber).toByteArray()));
        fields.add(Tlv.constructed(0x30, results));
        return Tlv.constructed(0x30, fields).encode();
    }

    /** EuiccPackageErrorSigned's data: eimId, counterValue, eimTransactionId, the error code. */
    static byte[] errorData(PackageRequest request, int code) {
        List<Tlv> fields = new ArrayList<>();
        fields.add(Tlv.primitive(0x80, request.eimId.getBytes(StandardCharsets.UTF_8)));
        fields.add(Tlv.primitive(0x81, request.counter.toByteArray()));
        request.transactionId.ifPresent(t -> fields.add(Tlv.primitive(0x82, t)));
        fields.add(integer(0x02, code));
        return Tlv.constructed(0x30, fields).encode();
    }

    static byte[] errorSigned(byte[] errorData, byte[] signature) {
        return Tlv.constructed(EUICC_PACKAGE, Tlv.constructed(0xA1, parse(errorData), Tlv.primitive(SIGNATURE, signature))).encode();
    }

    /** EuiccPackageErrorUnsigned: for a package whose signature did not verify, or from an eIM not known. */
    static byte[] errorUnsigned(PackageRequest request) {
        List<Tlv> fields = new ArrayList<>();
        fields.add(Tlv.primitive(0x80, request.eimId.getBytes(StandardCharsets.UTF_8)));
        request.transactionId.ifPresent(t -> fields.add(Tlv.primitive(0x82, t)));
        return Tlv.constructed(EUICC_PACKAGE, Tlv.constructed(0xA2, fields)).encode();
    }

    /** A result of one PSMO: {@code [n] INTEGER}. */
    static Tlv result(int tag, int code) {
        return integer(tag, code);
    }

    /** processingTerminated: the PSMO at this place could not be processed, and nothing after it was. */
    static Tlv processingTerminated(int code) {
        return integer(0x02, code);
    }

    /** listProfileInfoResult: SGP.22 ProfileInfoListResponse with each profile's ProfileInfo. */
    static Tlv profileInfoList(List<Profile> profiles) {
        List<Tlv> infos = new ArrayList<>();
        for (Profile p : profiles) {
            List<Tlv> f = new ArrayList<>();
            f.add(Tlv.primitive(0x5A, p.iccid().toBcd()));
            f.add(Tlv.primitive(0x4F, p.isdpAid().bytes()));
            f.add(Tlv.primitive(0x9F70, new byte[] {(byte) (p.isEnabled() ? 1 : 0)}));
            p.nickname().ifPresent(v -> f.add(Tlv.primitive(0x90, v.getBytes(StandardCharsets.UTF_8))));
            p.serviceProvider().ifPresent(v -> f.add(Tlv.primitive(0x91, v.getBytes(StandardCharsets.UTF_8))));
            p.name().ifPresent(v -> f.add(Tlv.primitive(0x92, v.getBytes(StandardCharsets.UTF_8))));
            f.add(Tlv.primitive(0x95, new byte[] {(byte) p.profileClass().ordinal()}));
            f.add(Tlv.primitive(0x99, pprIds(p)));
            infos.add(Tlv.constructed(0xE3, f));
        }
        return Tlv.constructed(PSMO_LIST_PROFILE_INFO, Tlv.constructed(0xA0, infos));
    }

    /** TransferEimPackageResponse carrying an EuiccPackageResult. */
    static byte[] transferResponse(byte[] euiccPackageResult) {
        return Tlv.constructed(TRANSFER_EIM_PACKAGE, parse(euiccPackageResult)).encode();
    }

    /** TransferEimPackageResponse: eimPackageReceived. */
    static byte[] transferReceived() {
        return Tlv.constructed(TRANSFER_EIM_PACKAGE, Tlv.primitive(0x05, new byte[0])).encode();
    }

    /** TransferEimPackageResponse: eimPackageError. */
    static byte[] transferError(int code) {
        return Tlv.constructed(TRANSFER_EIM_PACKAGE, integer(0x02, code)).encode();
    }

    /** ProvideEimPackageResult with an EuiccPackageResult, after a GetEimPackageResponse. */
    static byte[] provideResult(byte[] eid, byte[] euiccPackageResult) {
        return Tlv.constructed(PROVIDE_EIM_PACKAGE_RESULT, Tlv.primitive(EID, eid), parse(euiccPackageResult)).encode();
    }

    /** ProvideEimPackageResult with eimPackageResultResponseError. */
    static byte[] provideError(byte[] eid, int code) {
        return Tlv.constructed(PROVIDE_EIM_PACKAGE_RESULT, Tlv.primitive(EID, eid), Tlv.constructed(0xA0, integer(0x02, code))).encode();
    }

    /** Parses an eIM message, strictly; garbage is named as such. */
    static Tlv message(byte[] der) throws InvalidPackage {
        return parse(der, "the eIM message");
    }

    private static Tlv parse(byte[] der, String what) throws InvalidPackage {
        try {
            return BerTlv.parseOneStrict(der);
        } catch (TlvException e) {
            throw new InvalidPackage(what + " is not one BER-TLV data object: " + e.getMessage());
        }
    }

    private static Tlv parse(byte[] der) {
        return BerTlv.parseOneStrict(der);
    }

    private static Tlv field(List<Tlv> fields, int at, int tag, String name) throws InvalidPackage {
        if (fields.size() <= at || fields.get(at).tag() != tag) {
            throw new InvalidPackage(String.format("euiccPackageSigned has no %s (%X) at place %d", name, tag, at + 1));
        }
        return fields.get(at);
    }

    /** Header length and end of the data object at {@code at}: DER only, so no indefinite length. */
    private static int[] header(byte[] d, int at, String what) throws InvalidPackage {
        int i = at;
        if (i >= d.length) {
            throw new InvalidPackage(what + " is missing");
        }
        if ((d[i++] & 0x1F) == 0x1F) {
            while (i < d.length && (d[i] & 0x80) != 0) {
                i++;
            }
            i++;
        }
        if (i >= d.length) {
            throw new InvalidPackage(what + " is cut short");
        }
        int first = d[i++] & 0xFF;
        long length;
        if (first < 0x80) {
            length = first;
        } else if (first == 0x80 || first > 0x84) {
            throw new InvalidPackage(what + " has a length DER does not allow");
        } else {
            length = 0;
            for (int n = first & 0x7F; n > 0; n--) {
                if (i >= d.length) {
                    throw new InvalidPackage(what + " is cut short");
                }
                length = (length << 8) | (d[i++] & 0xFF);
            }
        }
        if (i + length > d.length) {
            throw new InvalidPackage(what + " is cut short");
        }
        return new int[] {i, (int) (i + length)};
    }

    private static int tagAt(byte[] d, int at) {
        return d.length > at + 1 ? ((d[at] & 0xFF) << 8) | (d[at + 1] & 0xFF) : -1;
    }

    private static Tlv integer(int tag, long value) {
        return Tlv.primitive(tag, BigInteger.valueOf(value).toByteArray());
    }

    private static byte[] pprIds(Profile p) {
        int bits = (p.policyRules().contains(Profile.PolicyRule.DISABLING_NOT_ALLOWED) ? 0x40 : 0)
                | (p.policyRules().contains(Profile.PolicyRule.DELETION_NOT_ALLOWED) ? 0x20 : 0)
                | (p.policyRules().contains(Profile.PolicyRule.DELETION_REQUIRED_ON_DISABLE) ? 0x10 : 0);
        return bits == 0 ? new byte[] {0} : new byte[] {(byte) Integer.numberOfTrailingZeros(bits), (byte) bits};
    }
}
