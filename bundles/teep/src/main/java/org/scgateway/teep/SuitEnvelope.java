package org.scgateway.teep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;

/**
 * A SUIT envelope (draft-ietf-suit-manifest) as TEEP carries a trusted component: an authentication
 * wrapper (the SHA-256 digest of the manifest, signed by the TAM with COSE_Sign1), the manifest, and the
 * component's bytes as an integrated payload.
 * <p>
 * This side takes the subset a TAM needs to install one component: one component id, a sequence number,
 * parameters set with override-parameters (vendor id, class id, image digest, image size, uri), an install
 * sequence that fetches an integrated payload ({@code "#name"}) and checks the image digest. What the
 * envelope asks beyond that (a payload from a remote URI, other commands, several components) is refused
 * by {@link #decode(byte[])} with a message that names it, never half-done.
 */
public final class SuitEnvelope {

    /** CBOR tag of SUIT_Envelope_Tagged. */
    public static final int TAG = 107;

    private static final int ENV_AUTHENTICATION = 2;
    private static final int ENV_MANIFEST = 3;
    private static final int MAN_VERSION = 1;
    private static final int MAN_SEQUENCE = 2;
    private static final int MAN_COMMON = 3;
    private static final int MAN_COMPONENT_ID = 5;
    /** suit-install; 17 in drafts before the renumbering, which older TAMs still send. */
    private static final int MAN_INSTALL = 20;
    private static final int MAN_INSTALL_OLD = 17;
    private static final int MAN_UNINSTALL = 24;
    private static final int COMMON_COMPONENTS = 2;
    private static final int COMMON_SHARED_SEQUENCE = 4;

    private static final int CONDITION_VENDOR_ID = 1;
    private static final int CONDITION_CLASS_ID = 2;
    private static final int CONDITION_IMAGE_MATCH = 3;
    private static final int DIRECTIVE_OVERRIDE_PARAMETERS = 20;
    private static final int DIRECTIVE_FETCH = 21;
    private static final int DIRECTIVE_UNLINK = 33;

    private static final int PARAM_VENDOR_ID = 1;
    private static final int PARAM_CLASS_ID = 2;
    private static final int PARAM_IMAGE_DIGEST = 3;
    private static final int PARAM_IMAGE_SIZE = 14;
    private static final int PARAM_URI = 21;

    /** SUIT reporting policy "report on failure and success, with the current parameters". */
    private static final int REPORT_ALL = 15;
    private static final int SHA256 = -16;

    private final byte[] encoded;
    private final byte[] authentication;
    private final byte[] manifest;
    private final List<byte[]> componentId;
    private final long sequenceNumber;
    private final byte[] payload;
    private final Optional<byte[]> vendorId;
    private final Optional<byte[]> classId;

    private SuitEnvelope(byte[] encoded, byte[] authentication, byte[] manifest, List<byte[]> componentId,
            long sequenceNumber, byte[] payload, Optional<byte[]> vendorId, Optional<byte[]> classId) {
        this.encoded = encoded;
        this.authentication = authentication;
        this.manifest = manifest;
        this.componentId = componentId;
        this.sequenceNumber = sequenceNumber;
        this.payload = payload;
        this.vendorId = vendorId;
        this.classId = classId;
    }

    /**
     * Decodes an envelope and checks that its payload matches the digest and size the manifest gives. The
     * signature is checked by {@link #verify(Map)}.
     */
    public static SuitEnvelope decode(byte[] bytes) throws TeepFormatException {
        CBORObject env = Cbor.decode(bytes);
        if (env.HasMostOuterTag(TAG)) {
            env = env.UntagOne();
        }
        Cbor.map(env, "the SUIT envelope");
        byte[] authentication = Cbor.bytes(env.get(ENV_AUTHENTICATION), "the SUIT authentication wrapper");
        byte[] manifestBytes = Cbor.bytes(env.get(ENV_MANIFEST), "the SUIT manifest");
        CBORObject manifest = Cbor.map(Cbor.decode(manifestBytes), "the SUIT manifest");
        if (Cbor.uint(manifest.get(MAN_VERSION), "manifest-version") != 1) {
            throw new TeepFormatException("SUIT manifest-version " + manifest.get(MAN_VERSION) + " is not 1");
        }
        long sequence = Cbor.uint(manifest.get(MAN_SEQUENCE), "manifest-sequence-number");
        CBORObject common = Cbor.map(Cbor.embedded(manifest.get(MAN_COMMON), "suit-common"), "suit-common");
        CBORObject components = Cbor.nonEmptyArray(common.get(COMMON_COMPONENTS), "suit-components");
        if (components.size() != 1) {
            throw new TeepFormatException("the manifest names " + components.size() + " components; one is taken");
        }
        List<byte[]> componentId = Cbor.componentId(components.get(0), "suit-components[0]");

        Parameters params = new Parameters();
        if (common.get(COMMON_SHARED_SEQUENCE) != null) {
            run(Cbor.embedded(common.get(COMMON_SHARED_SEQUENCE), "suit-shared-sequence"), "suit-shared-sequence", params, null);
        }
        CBORObject install = manifest.get(MAN_INSTALL) != null ? manifest.get(MAN_INSTALL) : manifest.get(MAN_INSTALL_OLD);
        if (install == null) {
            throw new TeepFormatException("the manifest has no install sequence (20, or 17 in earlier drafts); a severed install is not taken");
        }
        Fetched fetched = new Fetched(env);
        run(Cbor.embedded(install, "suit-install"), "suit-install", params, fetched);
        if (fetched.payload == null) {
            throw new TeepFormatException("the install sequence fetches no payload");
        }
        if (params.digest == null) {
            throw new TeepFormatException("the manifest gives no image digest (parameter 3) to check the payload against");
        }
        if (!fetched.matched) {
            throw new TeepFormatException("the install sequence does not check the image digest (condition-image-match)");
        }
        return new SuitEnvelope(bytes.clone(), authentication, manifestBytes, Collections.unmodifiableList(componentId),
                sequence, fetched.payload, Optional.ofNullable(params.vendor), Optional.ofNullable(params.clazz));
    }

    /**
     * Checks the authentication wrapper: its digest is that of the manifest and one of its COSE_Sign1
     * blocks verifies against a trust anchor. Returns the name of that anchor.
     */
    public String verify(Map<String, PublicKey> anchors) throws CoseException {
        CBORObject auth;
        try {
            auth = Cbor.nonEmptyArray(Cbor.decode(authentication), "the SUIT authentication wrapper");
            if (auth.size() < 2) {
                throw new CoseException(CoseException.Reason.UNSIGNED, "the SUIT manifest is not signed");
            }
            byte[] digestBytes = Cbor.bytes(auth.get(0), "the manifest digest");
            byte[] expected = digest(Cbor.decode(digestBytes));
            if (!MessageDigest.isEqual(expected, sha256(wrapped(manifest)))) {
                throw new CoseException(CoseException.Reason.NOT_TRUSTED, "the SUIT manifest does not match the digest that was signed");
            }
            CoseException last = null;
            for (int i = 1; i < auth.size(); i++) {
                try {
                    return CoseSign1.verifyDetached(Cbor.bytes(auth.get(i), "authentication block " + i), digestBytes, anchors).anchor();
                } catch (CoseException e) {
                    last = e;
                }
            }
            throw last;
        } catch (TeepFormatException e) {
            throw new CoseException(CoseException.Reason.MALFORMED, e.getMessage());
        }
    }

    /** The envelope as it came. */
    public byte[] encoded() {
        return encoded.clone();
    }

    public List<byte[]> componentId() {
        return componentId.stream().map(byte[]::clone).collect(java.util.stream.Collectors.toUnmodifiableList());
    }

    public long sequenceNumber() {
        return sequenceNumber;
    }

    /** The component's bytes, which matched the manifest's digest and size. */
    public byte[] payload() {
        return payload.clone();
    }

    public Optional<byte[]> vendorId() {
        return vendorId.map(byte[]::clone);
    }

    public Optional<byte[]> classId() {
        return classId.map(byte[]::clone);
    }

    /**
     * Builds and signs an envelope that installs {@code payload} as component {@code componentId}: what a
     * TAM sends.
     */
    public static byte[] build(List<byte[]> componentId, long sequenceNumber, byte[] payload, PrivateKey tamKey) {
        String uri = "#tc";
        CBORObject shared = CBORObject.NewArray()
                .Add(DIRECTIVE_OVERRIDE_PARAMETERS).Add(CBORObject.NewOrderedMap()
                        .Add(PARAM_IMAGE_DIGEST, CBORObject.FromObject(digestOf(payload)))
                        .Add(PARAM_IMAGE_SIZE, payload.length));
        CBORObject common = CBORObject.NewOrderedMap()
                .Add(COMMON_COMPONENTS, CBORObject.NewArray().Add(Cbor.componentId(componentId)))
                .Add(COMMON_SHARED_SEQUENCE, CBORObject.FromObject(shared.EncodeToBytes()));
        CBORObject install = CBORObject.NewArray()
                .Add(DIRECTIVE_OVERRIDE_PARAMETERS).Add(CBORObject.NewOrderedMap().Add(PARAM_URI, uri))
                .Add(DIRECTIVE_FETCH).Add(REPORT_ALL)
                .Add(CONDITION_IMAGE_MATCH).Add(REPORT_ALL);
        CBORObject uninstall = CBORObject.NewArray().Add(DIRECTIVE_UNLINK).Add(REPORT_ALL);
        byte[] manifest = CBORObject.NewOrderedMap()
                .Add(MAN_VERSION, 1)
                .Add(MAN_SEQUENCE, sequenceNumber)
                .Add(MAN_COMMON, CBORObject.FromObject(common.EncodeToBytes()))
                .Add(MAN_INSTALL, CBORObject.FromObject(install.EncodeToBytes()))
                .Add(MAN_UNINSTALL, CBORObject.FromObject(uninstall.EncodeToBytes()))
                .EncodeToBytes();
        byte[] digest = digestOf(wrapped(manifest));
        byte[] authentication = CBORObject.NewArray().Add(CBORObject.FromObject(digest))
                .Add(CBORObject.FromObject(CoseSign1.signDetached(digest, tamKey))).EncodeToBytes();
        CBORObject env = CBORObject.NewOrderedMap()
                .Add(ENV_AUTHENTICATION, CBORObject.FromObject(authentication))
                .Add(ENV_MANIFEST, CBORObject.FromObject(manifest))
                .Add(uri, CBORObject.FromObject(payload));
        return CBORObject.FromObjectAndTag(env, TAG).EncodeToBytes();
    }

    @Override
    public String toString() {
        return "SuitEnvelope[" + new TcInfo(componentId, OptionalLong.of(sequenceNumber), Optional.empty(), OptionalLong.empty())
                + ", " + payload.length + " bytes]";
    }

    /** The manifest's digest covers it as the envelope holds it: a byte string, head included. */
    private static byte[] wrapped(byte[] manifest) {
        return CBORObject.FromObject(manifest).EncodeToBytes();
    }

    /** An encoded SUIT_Digest {@code [-16, SHA-256(bytes)]}. */
    private static byte[] digestOf(byte[] bytes) {
        return suitDigest(sha256(bytes));
    }

    /** An encoded SUIT_Digest of a SHA-256 value already computed. */
    static byte[] suitDigest(byte[] sha256) {
        return CBORObject.NewArray().Add(SHA256).Add(CBORObject.FromObject(sha256)).EncodeToBytes();
    }

    static byte[] digest(CBORObject suitDigest) throws TeepFormatException {
        Cbor.array(suitDigest, "a SUIT digest");
        if (suitDigest.size() != 2 || Cbor.integer(suitDigest.get(0), "the digest algorithm") != SHA256) {
            throw new TeepFormatException("a SUIT digest here is [-16 (SHA-256), bytes]");
        }
        return Cbor.bytes(suitDigest.get(1), "the digest bytes", 32, 32);
    }

    /** The SHA-256 digest of {@code bytes}, as manifests and tc-lists give it. */
    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    /** The parameters a command sequence has set so far. */
    private static final class Parameters {
        byte[] vendor;
        byte[] clazz;
        byte[] digest;
        Long size;
        String uri;
    }

    /** What the install sequence fetched from the envelope, and whether it checked it. */
    private static final class Fetched {
        final CBORObject envelope;
        byte[] payload;
        boolean matched;

        Fetched(CBORObject envelope) {
            this.envelope = envelope;
        }
    }

    /** Runs the commands of a sequence this side takes; {@code fetched} is null where fetching is not allowed. */
    private static void run(CBORObject seq, String name, Parameters params, Fetched fetched) throws TeepFormatException {
        Cbor.array(seq, name);
        if (seq.size() % 2 != 0) {
            throw new TeepFormatException(name + " has an odd number of items; commands come with an argument each");
        }
        for (int i = 0; i < seq.size(); i += 2) {
            long command = Cbor.integer(seq.get(i), name + "[" + i + "]");
            if (command != (int) command) {
                // Its low 32 bits may be a command taken here (2^32 + 20 is not override-parameters).
                throw new TeepFormatException("SUIT command " + command + " in " + name + "[" + i + "] is out of range: none taken here is beyond 32 bits");
            }
            CBORObject arg = seq.get(i + 1);
            switch ((int) command) {
                case DIRECTIVE_OVERRIDE_PARAMETERS:
                    override(Cbor.map(arg, name + " override-parameters"), params);
                    break;
                case CONDITION_VENDOR_ID:
                case CONDITION_CLASS_ID:
                    // Checked by the agent against the TEE's own identifiers, from vendorId()/classId().
                    break;
                case DIRECTIVE_FETCH:
                    if (fetched == null) {
                        throw new TeepFormatException("directive-fetch in " + name + ", where it is not taken");
                    }
                    if (params.uri == null || !params.uri.startsWith("#")) {
                        throw new TeepFormatException("directive-fetch of " + (params.uri == null ? "no uri" : "'" + params.uri + "'")
                                + ": only integrated payloads (\"#name\") are taken");
                    }
                    fetched.payload = Cbor.bytes(fetched.envelope.get(params.uri), "integrated payload '" + params.uri + "'");
                    break;
                case CONDITION_IMAGE_MATCH:
                    if (fetched == null || fetched.payload == null || params.digest == null) {
                        throw new TeepFormatException("condition-image-match in " + name + " before a fetch and an image digest");
                    }
                    if (!MessageDigest.isEqual(sha256(fetched.payload), params.digest)) {
                        throw new TeepFormatException("the integrated payload does not match the manifest's image digest");
                    }
                    if (params.size != null && params.size != fetched.payload.length) {
                        throw new TeepFormatException("the integrated payload has " + fetched.payload.length
                                + " bytes; the manifest says " + params.size);
                    }
                    fetched.matched = true;
                    break;
                default:
                    throw new TeepFormatException("SUIT command " + command + " in " + name + " is not taken here");
            }
        }
    }

    private static void override(CBORObject map, Parameters params) throws TeepFormatException {
        for (CBORObject key : map.getKeys()) {
            long label = Cbor.integer(key, "a SUIT parameter label");
            if (label != (int) label) {
                // Its low 32 bits may be a parameter taken here (2^32 + 21 is not parameter-uri).
                throw new TeepFormatException("SUIT parameter " + label + " is out of range: none taken here is beyond 32 bits");
            }
            CBORObject v = map.get(key);
            switch ((int) label) {
                case PARAM_VENDOR_ID:
                    params.vendor = Cbor.bytes(v, "parameter-vendor-identifier");
                    break;
                case PARAM_CLASS_ID:
                    params.clazz = Cbor.bytes(v, "parameter-class-identifier");
                    break;
                case PARAM_IMAGE_DIGEST:
                    params.digest = digest(Cbor.embedded(v, "parameter-image-digest"));
                    break;
                case PARAM_IMAGE_SIZE:
                    params.size = Cbor.uint(v, "parameter-image-size");
                    break;
                case PARAM_URI:
                    params.uri = Cbor.text(v, "parameter-uri", 2048);
                    break;
                default:
                    throw new TeepFormatException("SUIT parameter " + label + " is not taken here");
            }
        }
    }
}
