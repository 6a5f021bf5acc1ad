package org.scgateway.euicc.internal.ipa;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

import org.scgateway.api.euicc.EuiccException;
import org.scgateway.api.euicc.EuiccService;
import org.scgateway.api.euicc.Iccid;
import org.scgateway.globalplatform.tlv.Tlv;
import org.scgateway.euicc.internal.ipa.Esipa.InvalidPackage;
import org.scgateway.euicc.internal.ipa.Esipa.PackageRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IoT profile assistant (SGP.32 IPA) for an eUICC whose ISD-R speaks ES10c: it takes eIM messages, checks
 * an eUICC package as an SGP.32 eUICC would (the eIM known, its signature, the EID, the counter against
 * replay) and carries out its PSMOs through the {@link EuiccService}, one after the other, stopping at the
 * first that fails.
 * <p>
 * An SGP.02 eUICC has no key to sign SGP.32 results; the IPA signs them with a key of its own, kept in the
 * gateway's credential store, whose public key the eIM is given instead of the eUICC certificate's.
 * <p>
 * Signatures are ECDSA with SHA-256 on P-256, as r||s (BSI TR-03111), as SGP.22 and SGP.32 have them. What
 * is signed follows SGP.32 v1.2: the signed data, then the association token ({@code 84}) where the eIM
 * configuration has one.
 */
final class Ipa {

    private static final Logger LOG = LoggerFactory.getLogger(Ipa.class);
    static final String ALGORITHM = "SHA256withECDSAinP1363Format";

    /** What the IPA keeps between packages: the last counter of the eIM, and the result sequence number. */
    interface Memory {
        BigInteger lastCounter(String eimId);

        /** Keeps the counter of a package about to be carried out; false if it could not be kept. */
        boolean accept(String eimId, BigInteger counter);

        long nextSequenceNumber();

        /** Why no package may be taken, when what is kept against replay is damaged or lost. */
        default java.util.Optional<String> damage() {
            return java.util.Optional.empty();
        }
    }

    private final String eimId;
    private final PublicKey eimKey;
    private final OptionalLong associationToken;
    private final PrivateKey ipaKey;
    private final Memory memory;

    Ipa(String eimId, PublicKey eimKey, OptionalLong associationToken, PrivateKey ipaKey, Memory memory) {
        this.eimId = eimId;
        this.eimKey = eimKey;
        this.associationToken = associationToken;
        this.ipaKey = ipaKey;
        this.memory = memory;
    }

    /** Checks that a message is an EsipaMessageFromEimToIpa the IPA takes, without carrying it out. */
    static void check(byte[] message) throws InvalidPackage {
        int tag = Esipa.message(message).tag();
        if (tag != Esipa.TRANSFER_EIM_PACKAGE && tag != Esipa.GET_EIM_PACKAGE && tag != Esipa.PROVIDE_EIM_PACKAGE_RESULT) {
            throw new InvalidPackage(String.format("an eIM message is BF4E, BF4F or BF50 (SGP.32 6.3.1), not %X", tag));
        }
    }

    /**
     * The IPA message answering an eIM message, or null when there is nothing to answer (an acknowledgement).
     *
     * @throws InvalidPackage when the message is no ESipa message from an eIM the IPA takes
     */
    byte[] answer(byte[] message, EuiccService euicc) throws InvalidPackage {
        Tlv m = Esipa.message(message);
        List<Tlv> content = m.isConstructed() ? m.children() : List.of();
        int inner = content.size() == 1 ? content.get(0).tag() : -1;
        switch (m.tag()) {
            case Esipa.TRANSFER_EIM_PACKAGE:
                if (inner == Esipa.EUICC_PACKAGE) {
                    try {
                        return Esipa.transferResponse(euiccPackage(innerBytes(message), euicc));
                    } catch (InvalidPackage e) {
                        LOG.warn("an eUICC package was refused: {}", e.getMessage());
                        return Esipa.transferError(Esipa.INVALID_PACKAGE_FORMAT);
                    }
                }
                if (inner == Esipa.EIM_ACKNOWLEDGEMENTS) {
                    return Esipa.transferReceived(); // nothing is kept to be acknowledged: results go straight back
                }
                return Esipa.transferError(inner == Esipa.IPA_EUICC_DATA || inner == Esipa.PROFILE_DOWNLOAD_TRIGGER
                        ? Esipa.UNKNOWN_PACKAGE : Esipa.INVALID_PACKAGE_FORMAT);
            case Esipa.GET_EIM_PACKAGE:
                byte[] eid = eid(euicc);
                if (inner == Esipa.EUICC_PACKAGE) {
                    try {
                        return Esipa.provideResult(eid, euiccPackage(innerBytes(message), euicc));
                    } catch (InvalidPackage e) {
                        LOG.warn("an eUICC package was refused: {}", e.getMessage());
                        return Esipa.provideError(eid, Esipa.INVALID_PACKAGE_FORMAT);
                    }
                }
                if (inner == 0x02) {
                    return null; // eimPackageError, such as noEimPackageAvailable: nothing to do
                }
                return Esipa.provideError(eid, inner == Esipa.IPA_EUICC_DATA || inner == Esipa.PROFILE_DOWNLOAD_TRIGGER
                        ? Esipa.UNKNOWN_PACKAGE : Esipa.INVALID_PACKAGE_FORMAT);
            case Esipa.PROVIDE_EIM_PACKAGE_RESULT:
                return null; // the eIM's acknowledgement of a result
            default:
                throw new InvalidPackage(String.format("the eIM message is %X; the IPA takes TransferEimPackageRequest (BF4E), "
                        + "GetEimPackageResponse (BF4F) and ProvideEimPackageResultResponse (BF50)", m.tag()));
        }
    }

    /**
     * The EuiccPackageResult of one EuiccPackageRequest.
     *
     * @throws InvalidPackage when the package is not one: without its eimId there is nobody to address an
     *         EuiccPackageError to, and the message it came in answers instead
     */
    byte[] euiccPackage(byte[] der, EuiccService euicc) throws InvalidPackage {
        PackageRequest request = Esipa.packageRequest(der);
        if (!request.eimId.equals(eimId)) {
            LOG.warn("an eUICC package from eIM '{}' was refused: the eIM configured is '{}'", request.eimId, eimId);
            return Esipa.errorUnsigned(request);
        }
        if (!verifies(request)) {
            LOG.warn("an eUICC package from eIM '{}' was refused: its signature does not verify with the eIM key", eimId);
            return Esipa.errorUnsigned(request);
        }
        byte[] eid;
        try {
            eid = euicc.eid().toBcd();
        } catch (EuiccException e) {
            return signedError(request, Esipa.UNDEFINED_ERROR);
        }
        if (!Arrays.equals(eid, request.eid)) {
            LOG.warn("an eUICC package from eIM '{}' was refused: it is for another EID", eimId);
            return signedError(request, Esipa.INVALID_EID);
        }
        java.util.Optional<String> damage = memory.damage();
        if (damage.isPresent()) {
            LOG.error("an eUICC package from eIM '{}' was refused: {}", eimId, damage.get());
            return signedError(request, Esipa.UNDEFINED_ERROR); // fails closed: a counter forgotten lets old packages in
        }
        if (request.counter.compareTo(memory.lastCounter(eimId)) <= 0) {
            LOG.warn("an eUICC package from eIM '{}' was refused: counter {} is not above the last one, {} (a replay?)", eimId,
                    request.counter, memory.lastCounter(eimId));
            return signedError(request, Esipa.REPLAY_ERROR);
        }
        if (!memory.accept(eimId, request.counter)) {
            return signedError(request, Esipa.UNDEFINED_ERROR); // not carried out: it could be replayed after a restart
        }
        List<Tlv> results = new ArrayList<>();
        if (request.ecos) {
            results.add(Esipa.processingTerminated(Esipa.UNKNOWN_OR_DAMAGED_COMMAND)); // the eIM list is not the IPA's to change
        }
        for (Tlv psmo : request.psmos) {
            Tlv result = carryOut(psmo, euicc);
            results.add(result);
            if (!succeeded(result)) {
                break;
            }
        }
        byte[] data = Esipa.resultData(request, memory.nextSequenceNumber(), results);
        return Esipa.resultSigned(data, sign(data));
    }

    private Tlv carryOut(Tlv psmo, EuiccService euicc) {
        try {
            switch (psmo.tag()) {
                case Esipa.PSMO_ENABLE:
                    Iccid enableTarget = iccid(psmo);
                    return outcome(Esipa.RESULT_ENABLE, () -> euicc.enable(enableTarget));
                case Esipa.PSMO_DISABLE:
                    Iccid disableTarget = iccid(psmo);
                    return outcome(Esipa.RESULT_DISABLE, () -> euicc.disable(disableTarget));
                case Esipa.PSMO_DELETE:
                    Iccid deleteTarget = iccid(psmo);
                    return outcome(Esipa.RESULT_DELETE, () -> euicc.delete(deleteTarget));
                case Esipa.PSMO_SET_FALLBACK:
                    Iccid setFallbackTarget = iccid(psmo);
                    return outcome(Esipa.RESULT_SET_FALLBACK, () -> euicc.setFallback(setFallbackTarget));
                case Esipa.PSMO_LIST_PROFILE_INFO:
                    try {
                        return Esipa.profileInfoList(euicc.profiles());
                    } catch (EuiccException e) {
                        return Tlv.constructed(Esipa.PSMO_LIST_PROFILE_INFO, Tlv.primitive(0x81, new byte[] {127}));
                    }
                default:
                    LOG.warn("an eUICC package asked for PSMO {}, which this IPA does not carry out", String.format("%X", psmo.tag()));
                    return Esipa.processingTerminated(Esipa.UNKNOWN_OR_DAMAGED_COMMAND);
            }
        } catch (InvalidPackage e) {
            LOG.warn("a PSMO was refused: {}", e.getMessage());
            return Esipa.processingTerminated(Esipa.UNKNOWN_OR_DAMAGED_COMMAND);
        }
    }

    private interface Operation {
        void run() throws EuiccException;
    }

    private static Tlv outcome(int tag, Operation operation) {
        try {
            operation.run();
            return Esipa.result(tag, 0);
        } catch (EuiccException e) {
            LOG.info("a PSMO ({}) ended in {}: {}", String.format("%X", tag), e.result(), e.getMessage());
            int code = e.result().code();
            return Esipa.result(tag, code < 0 ? Esipa.UNDEFINED_ERROR : code);
        }
    }

    private static boolean succeeded(Tlv result) {
        if (result.tag() == Esipa.PSMO_LIST_PROFILE_INFO) {
            return result.find(0xA0).isPresent();
        }
        return !result.isConstructed() && result.tag() != 0x02 && new BigInteger(result.value()).signum() == 0;
    }

    private static Iccid iccid(Tlv psmo) throws InvalidPackage {
        Tlv i = psmo.find(Esipa.ICCID).orElseThrow(() -> new InvalidPackage(String.format("PSMO %X names no ICCID (5A)", psmo.tag())));
        try {
            return Iccid.fromBcd(i.value());
        } catch (IllegalArgumentException e) {
            throw new InvalidPackage(String.format("PSMO %X: %s", psmo.tag(), e.getMessage()));
        }
    }

    private byte[] signedError(PackageRequest request, int code) {
        byte[] data = Esipa.errorData(request, code);
        return Esipa.errorSigned(data, sign(data));
    }

    private boolean verifies(PackageRequest request) {
        try {
            Signature v = Signature.getInstance(ALGORITHM);
            v.initVerify(eimKey);
            v.update(request.signed);
            v.update(associationTokenTlv());
            return v.verify(request.signature);
        } catch (GeneralSecurityException e) {
            return false; // a malformed signature is a signature that does not verify
        }
    }

    private byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(ipaKey);
            s.update(data);
            s.update(associationTokenTlv());
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the IPA key cannot sign: " + e.getMessage(), e);
        }
    }

    private byte[] associationTokenTlv() {
        return associationToken.isPresent() ? Tlv.primitive(0x84, BigInteger.valueOf(associationToken.getAsLong()).toByteArray()).encode()
                : new byte[0];
    }

    private static byte[] eid(EuiccService euicc) {
        try {
            return euicc.eid().toBcd();
        } catch (EuiccException e) {
            return new byte[16];
        }
    }

    /** The one data object inside the outer one, as the bytes that came. */
    private static byte[] innerBytes(byte[] message) throws InvalidPackage {
        int i = 2; // BF4E and BF4F are two-byte tags
        int first = message[i++] & 0xFF;
        if (first >= 0x80) {
            if (first == 0x80 || first > 0x84) {
                throw new InvalidPackage("the eIM message has a length DER does not allow");
            }
            i += first & 0x7F;
        }
        return Arrays.copyOfRange(message, i, message.length);
    }
}
