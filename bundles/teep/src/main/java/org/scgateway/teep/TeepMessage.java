package org.scgateway.teep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;

/**
 * One TEEP message, unsigned: the CBOR array {@code [type, options, ...]} of the TEEP protocol, with the
 * numbers of IANA's TEEP registries (message types, CBOR labels, error codes: RFC-ietf-teep-protocol-26).
 * Decoding checks the shape of every field this side reads and keeps everything else as it came, so that a
 * message re-encodes to the bytes it was decoded from (when those used CBOR's preferred encoding, as every
 * TEEP example does).
 */
public final class TeepMessage {

    /** The message types. */
    public enum Type {
        QUERY_REQUEST(1, 5), QUERY_RESPONSE(2, 2), UPDATE(3, 2), SUCCESS(4, 2), ERROR(5, 3);

        final int code;
        final int arity;

        Type(int code, int arity) {
            this.code = code;
            this.arity = arity;
        }

        public int code() {
            return code;
        }

        public static Optional<Type> of(long code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    /** The err-code values of a TEEP Error. */
    public enum ErrorCode {
        PERMANENT_ERROR(1), UNSUPPORTED_EXTENSION(2), UNSUPPORTED_FRESHNESS_MECHANISMS(3), UNSUPPORTED_MSG_VERSION(4),
        UNSUPPORTED_CIPHER_SUITES(5), BAD_CERTIFICATE(6), ATTESTATION_REQUIRED(7), UNSUPPORTED_SUIT_REPORT(8),
        CERTIFICATE_EXPIRED(9), TEMPORARY_ERROR(10), MANIFEST_PROCESSING_FAILED(11);

        final int code;

        ErrorCode(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        public static Optional<ErrorCode> of(long code) {
            for (ErrorCode c : values()) {
                if (c.code == code) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Option labels of the options map, as IANA's TEEP CBOR Labels registry has them (RFC-ietf-teep-protocol-26);
     * drafts up to the late ones numbered them one higher.
     */
    public static final class Label {
        public static final int SUPPORTED_TEEP_CIPHER_SUITES = 1;
        public static final int CHALLENGE = 2;
        public static final int VERSIONS = 3;
        public static final int SUPPORTED_SUIT_COSE_PROFILES = 4;
        public static final int SELECTED_VERSION = 5;
        public static final int ATTESTATION_PAYLOAD = 6;
        public static final int TC_LIST = 7;
        public static final int EXT_LIST = 8;
        public static final int MANIFEST_LIST = 9;
        public static final int MSG = 10;
        public static final int ERR_MSG = 11;
        public static final int ATTESTATION_PAYLOAD_FORMAT = 12;
        public static final int REQUESTED_TC_LIST = 13;
        public static final int UNNEEDED_MANIFEST_LIST = 14;
        public static final int COMPONENT_ID = 15;
        public static final int TC_MANIFEST_SEQUENCE_NUMBER = 16;
        public static final int HAVE_BINARY = 17;
        public static final int SUIT_REPORTS = 18;
        public static final int TOKEN = 19;
        public static final int SUPPORTED_FRESHNESS_MECHANISMS = 20;
        public static final int ERR_LANG = 21;
        public static final int ERR_CODE = 22;

        private Label() {
        }
    }

    /** Bits of a QueryRequest's data-item-requested. */
    public static final int ATTESTATION = 1;
    public static final int TRUSTED_COMPONENTS = 2;
    public static final int EXTENSIONS = 4;
    public static final int SUIT_REPORTS = 8;

    /** The freshness mechanism this side implements: a nonce (challenge or token). */
    public static final int FRESHNESS_NONCE = 0;

    /** COSE_Sign1 (COSE type 18) with ESP256, and with Ed25519: TEEP's two mandatory cipher suites. */
    private static final int[] MANDATORY_SIGN1_ALGORITHMS = {CoseAlgorithm.ESP256.id(), CoseAlgorithm.ED25519.id()};

    private final CBORObject array;
    private final Type type;

    private TeepMessage(CBORObject array, Type type) {
        this.array = array;
        this.type = type;
    }

    /** Decodes an unsigned TEEP message, checking the fields of its type. */
    public static TeepMessage decode(byte[] cbor) throws TeepFormatException {
        CBORObject a = Cbor.decode(cbor);
        if (a.isTagged() || a.getType() != CBORType.Array || a.size() < 2) {
            throw new TeepFormatException("a TEEP message is an array [type, options, ...]");
        }
        long code = Cbor.uint(a.get(0), "the message type");
        Type type = Type.of(code).orElseThrow(() -> new TeepFormatException("unknown TEEP message type " + code));
        if (a.size() != type.arity) {
            throw new TeepFormatException("a TEEP " + type + " is an array of " + type.arity + ", not " + a.size());
        }
        TeepMessage m = new TeepMessage(a, type);
        m.check();
        return m;
    }

    /** A QueryRequest, as a TAM sends it, offering both mandatory cipher suites. */
    public static TeepMessage queryRequest(byte[] token, int dataItemRequested) {
        CBORObject suites = CBORObject.NewArray();
        for (int alg : MANDATORY_SIGN1_ALGORITHMS) {
            suites.Add(CBORObject.NewArray().Add(CBORObject.NewArray().Add(CoseSign1.TAG).Add(alg)));
        }
        // The SUIT COSE profiles the protocol lists: SHA-256, the signature algorithm, ECDH-ES + A128KW, and
        // A128CTR, A128GCM or ChaCha20/Poly1305 for encrypted payloads.
        CBORObject profiles = CBORObject.NewArray();
        for (int[] p : new int[][] {{-9, -65534}, {-19, -65534}, {-9, 1}, {-19, 24}}) {
            profiles.Add(CBORObject.NewArray().Add(-16).Add(p[0]).Add(-29).Add(p[1]));
        }
        CBORObject options = CBORObject.NewOrderedMap().Add(Label.TOKEN, token)
                .Add(Label.VERSIONS, CBORObject.NewArray().Add(0));
        return build(Type.QUERY_REQUEST, options, suites, profiles, CBORObject.FromObject(dataItemRequested));
    }

    /** A QueryResponse listing the trusted components installed and those the agent asks for. */
    public static TeepMessage queryResponse(byte[] token, List<TcInfo> tcList, List<TcInfo> requestedTcList) {
        CBORObject options = CBORObject.NewOrderedMap();
        if (token != null) {
            options.Add(Label.TOKEN, token);
        }
        options.Add(Label.SELECTED_VERSION, 0);
        if (!tcList.isEmpty()) {
            CBORObject list = CBORObject.NewArray();
            tcList.forEach(tc -> list.Add(tc.toCbor()));
            options.Add(Label.TC_LIST, list);
        }
        if (!requestedTcList.isEmpty()) {
            CBORObject list = CBORObject.NewArray();
            requestedTcList.forEach(tc -> list.Add(tc.toRequestedCbor()));
            options.Add(Label.REQUESTED_TC_LIST, list);
        }
        return build(Type.QUERY_RESPONSE, options);
    }

    /** An Update that installs the SUIT envelopes and deletes the components named. */
    public static TeepMessage update(byte[] token, List<byte[]> manifests, List<List<byte[]>> unneeded) {
        CBORObject options = CBORObject.NewOrderedMap().Add(Label.TOKEN, token);
        if (!unneeded.isEmpty()) {
            CBORObject list = CBORObject.NewArray();
            unneeded.forEach(id -> list.Add(Cbor.componentId(id)));
            options.Add(Label.UNNEEDED_MANIFEST_LIST, list);
        }
        if (!manifests.isEmpty()) {
            CBORObject list = CBORObject.NewArray();
            manifests.forEach(m -> list.Add(CBORObject.FromObject(m)));
            options.Add(Label.MANIFEST_LIST, list);
        }
        return build(Type.UPDATE, options);
    }

    /** A Success, echoing the token of the message it answers, if it had one. */
    public static TeepMessage success(byte[] token, String msg) {
        CBORObject options = CBORObject.NewOrderedMap();
        if (token != null) {
            options.Add(Label.TOKEN, token);
        }
        if (msg != null) {
            options.Add(Label.MSG, truncate(msg));
        }
        return build(Type.SUCCESS, options);
    }

    /**
     * An Error; one about versions, cipher suites or freshness mechanisms lists what the agent does take, as
     * the protocol requires.
     */
    public static TeepMessage error(byte[] token, ErrorCode code, String message) {
        CBORObject options = CBORObject.NewOrderedMap();
        if (token != null) {
            options.Add(Label.TOKEN, token);
        }
        if (message != null) {
            options.Add(Label.ERR_MSG, truncate(message));
        }
        switch (code) {
            case UNSUPPORTED_CIPHER_SUITES:
                CBORObject suites = CBORObject.NewArray();
                for (int alg : MANDATORY_SIGN1_ALGORITHMS) {
                    suites.Add(CBORObject.NewArray().Add(CBORObject.NewArray().Add(CoseSign1.TAG).Add(alg)));
                }
                options.Add(Label.SUPPORTED_TEEP_CIPHER_SUITES, suites);
                break;
            case UNSUPPORTED_FRESHNESS_MECHANISMS:
                options.Add(Label.SUPPORTED_FRESHNESS_MECHANISMS, CBORObject.NewArray().Add(FRESHNESS_NONCE));
                break;
            case UNSUPPORTED_MSG_VERSION:
                options.Add(Label.VERSIONS, CBORObject.NewArray().Add(0));
                break;
            default:
                break;
        }
        return build(Type.ERROR, options, CBORObject.FromObject(code.code));
    }

    public Type type() {
        return type;
    }

    public byte[] encode() {
        return array.EncodeToBytes();
    }

    public Optional<byte[]> token() {
        CBORObject t = option(Label.TOKEN);
        return t == null ? Optional.empty() : Optional.of(t.GetByteString());
    }

    public Optional<byte[]> challenge() {
        CBORObject c = option(Label.CHALLENGE);
        return c == null ? Optional.empty() : Optional.of(c.GetByteString());
    }

    /** The protocol versions the sender takes; absent means version 0 only. */
    public List<Long> versions() {
        return uints(Label.VERSIONS, List.of(0L));
    }

    /** The freshness mechanisms the sender takes; absent means nonce only. */
    public List<Long> supportedFreshnessMechanisms() {
        return uints(Label.SUPPORTED_FRESHNESS_MECHANISMS, List.of((long) FRESHNESS_NONCE));
    }

    /**
     * The COSE algorithms of the QueryRequest's cipher suites that consist of one COSE_Sign1 and nothing
     * else, in the sender's order.
     */
    public List<Long> sign1Algorithms() {
        List<Long> algs = new ArrayList<>();
        if (type != Type.QUERY_REQUEST) {
            return algs;
        }
        CBORObject suites = array.get(2);
        for (int i = 0; i < suites.size(); i++) {
            CBORObject suite = suites.get(i);
            if (suite.getType() == CBORType.Array && suite.size() == 1 && suite.get(0).getType() == CBORType.Array
                    && suite.get(0).size() == 2 && suite.get(0).get(0).getType() == CBORType.Integer
                    && suite.get(0).get(1).getType() == CBORType.Integer
                    && suite.get(0).get(0).AsNumber().CanFitInInt64() && suite.get(0).get(0).AsNumber().ToInt64Checked() == CoseSign1.TAG
                    && suite.get(0).get(1).AsNumber().CanFitInInt64()) {
                algs.add(suite.get(0).get(1).AsNumber().ToInt64Checked());
            }
        }
        return algs;
    }

    /** The QueryRequest's data-item-requested bits. */
    public long dataItemRequested() {
        return type == Type.QUERY_REQUEST ? array.get(4).AsNumber().ToInt64Checked() : 0;
    }

    /** The SUIT envelopes of an Update, as the TAM sent them. */
    public List<byte[]> manifestList() {
        CBORObject list = option(Label.MANIFEST_LIST);
        List<byte[]> out = new ArrayList<>();
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                out.add(list.get(i).GetByteString());
            }
        }
        return out;
    }

    /** The component ids an Update or QueryResponse names as no longer needed. */
    public List<List<byte[]>> unneededManifestList() {
        CBORObject list = option(Label.UNNEEDED_MANIFEST_LIST);
        List<List<byte[]>> out = new ArrayList<>();
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                out.add(componentIdUnchecked(list.get(i)));
            }
        }
        return out;
    }

    /** The trusted components a QueryResponse lists. */
    public List<TcInfo> tcList() {
        return tcInfos(Label.TC_LIST, false);
    }

    /** The trusted components a QueryResponse asks for. */
    public List<TcInfo> requestedTcList() {
        return tcInfos(Label.REQUESTED_TC_LIST, true);
    }

    /** The err-code of an Error. */
    public OptionalLong errCode() {
        return type == Type.ERROR ? OptionalLong.of(array.get(2).AsNumber().ToInt64Checked()) : OptionalLong.empty();
    }

    public Optional<String> errMsg() {
        CBORObject m = option(Label.ERR_MSG);
        return m == null ? Optional.empty() : Optional.of(m.AsString());
    }

    public Optional<String> msg() {
        CBORObject m = option(Label.MSG);
        return m == null ? Optional.empty() : Optional.of(m.AsString());
    }

    /** Whether the options map holds this label. */
    public boolean has(int label) {
        return option(label) != null;
    }

    @Override
    public String toString() {
        return "TeepMessage[" + type + "]";
    }

    private CBORObject option(int label) {
        return array.get(1).get(label);
    }

    private List<Long> uints(int label, List<Long> absent) {
        CBORObject list = option(label);
        if (list == null) {
            return absent;
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(list.get(i).AsNumber().ToInt64Checked());
        }
        return Collections.unmodifiableList(out);
    }

    private List<TcInfo> tcInfos(int label, boolean requested) {
        CBORObject list = option(label);
        List<TcInfo> out = new ArrayList<>();
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                try {
                    out.add(requested ? TcInfo.fromRequestedCbor(list.get(i), "") : TcInfo.fromCbor(list.get(i), ""));
                } catch (TeepFormatException e) {
                    throw new IllegalStateException("checked at decoding", e);
                }
            }
        }
        return out;
    }

    private static List<byte[]> componentIdUnchecked(CBORObject o) {
        List<byte[]> id = new ArrayList<>();
        for (int i = 0; i < o.size(); i++) {
            id.add(o.get(i).GetByteString());
        }
        return id;
    }

    /** Checks every field this class reads, so that the getters above cannot fail on a decoded message. */
    private void check() throws TeepFormatException {
        CBORObject options = Cbor.map(array.get(1), "the options of a " + type);
        for (CBORObject key : options.getKeys()) {
            Cbor.integer(key, "an option label");
        }
        if (option(Label.TOKEN) != null) {
            Cbor.bytes(option(Label.TOKEN), "token", 8, 64);
        }
        if (option(Label.CHALLENGE) != null) {
            Cbor.bytes(option(Label.CHALLENGE), "challenge", 8, 512);
        }
        checkUints(Label.VERSIONS, "versions");
        checkUints(Label.SUPPORTED_FRESHNESS_MECHANISMS, "supported-freshness-mechanisms");
        if (option(Label.MANIFEST_LIST) != null) {
            CBORObject list = Cbor.nonEmptyArray(option(Label.MANIFEST_LIST), "manifest-list");
            for (int i = 0; i < list.size(); i++) {
                Cbor.bytes(list.get(i), "manifest-list[" + i + "]");
            }
        }
        if (option(Label.UNNEEDED_MANIFEST_LIST) != null) {
            CBORObject list = Cbor.nonEmptyArray(option(Label.UNNEEDED_MANIFEST_LIST), "unneeded-manifest-list");
            for (int i = 0; i < list.size(); i++) {
                Cbor.componentId(list.get(i), "unneeded-manifest-list[" + i + "]");
            }
        }
        checkTcInfos(Label.TC_LIST, "tc-list", false);
        checkTcInfos(Label.REQUESTED_TC_LIST, "requested-tc-list", true);
        if (option(Label.MSG) != null) {
            Cbor.text(option(Label.MSG), "msg", 128);
        }
        if (option(Label.ERR_MSG) != null) {
            Cbor.text(option(Label.ERR_MSG), "err-msg", 128);
        }
        switch (type) {
            case QUERY_REQUEST:
                Cbor.nonEmptyArray(array.get(2), "supported-teep-cipher-suites");
                Cbor.nonEmptyArray(array.get(3), "supported-suit-cose-profiles");
                Cbor.uint(array.get(4), "data-item-requested");
                break;
            case ERROR:
                Cbor.uint(array.get(2), "err-code");
                break;
            default:
                break;
        }
    }

    private void checkUints(int label, String field) throws TeepFormatException {
        CBORObject list = option(label);
        if (list != null) {
            Cbor.nonEmptyArray(list, field);
            for (int i = 0; i < list.size(); i++) {
                Cbor.uint(list.get(i), field + "[" + i + "]");
            }
        }
    }

    private void checkTcInfos(int label, String field, boolean requested) throws TeepFormatException {
        CBORObject list = option(label);
        if (list == null) {
            return;
        }
        Cbor.nonEmptyArray(list, field);
        for (int i = 0; i < list.size(); i++) {
            if (requested) {
                TcInfo.fromRequestedCbor(list.get(i), field + "[" + i + "]");
            } else {
                TcInfo.fromCbor(list.get(i), field + "[" + i + "]");
            }
        }
    }

    private static String truncate(String s) {
        return s.length() <= 128 ? s : s.substring(0, 127) + "…";
    }

    private static TeepMessage build(Type type, CBORObject options, CBORObject... rest) {
        CBORObject a = CBORObject.NewArray().Add(type.code).Add(options);
        for (CBORObject r : rest) {
            a.Add(r);
        }
        return new TeepMessage(a, type);
    }
}
