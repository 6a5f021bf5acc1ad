package org.scgateway.tee.internal;

import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.scgateway.api.tee.TeepAnswer;
import org.scgateway.api.tee.TrustedComponent;
import org.scgateway.teep.CoseAlgorithm;
import org.scgateway.teep.CoseException;
import org.scgateway.teep.CoseSign1;
import org.scgateway.teep.SuitEnvelope;
import org.scgateway.teep.TcInfo;
import org.scgateway.teep.TeepFormatException;
import org.scgateway.teep.TeepMessage;
import org.scgateway.teep.TeepMessage.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TEEP Agent: takes a signed message from a TAM, checks it, applies it to the store, and answers with
 * a message of its own, signed. Every check comes before any change, and the change is one
 * {@link TeeStore#apply}: a message is applied whole or not at all, and answered Success only then.
 * <p>
 * Each message must carry a nonce (its token, or its challenge) never seen before: a replayed message is
 * answered with an Error and changes nothing. The nonce of a message that verified is used up whatever the
 * message came to.
 */
public final class TeepAgent {

    /** Reads the TAMs' trust anchors afresh for each message, so that a provisioned anchor counts at once. */
    @FunctionalInterface
    public interface Anchors {
        Map<String, PublicKey> get() throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(TeepAgent.class);

    private final TeeStore store;
    private final Anchors anchors;
    private final AgentKeys keys;

    public TeepAgent(TeeStore store, Anchors anchors, AgentKeys keys) {
        this.store = store;
        this.anchors = anchors;
        this.keys = keys;
    }

    public synchronized TeepAnswer process(byte[] signed) {
        Map<String, PublicKey> tams;
        try {
            tams = anchors.get();
        } catch (Exception e) {
            return error(null, CoseAlgorithm.ESP256, ErrorCode.TEMPORARY_ERROR, "the TAM trust anchors cannot be read now: " + e.getMessage());
        }
        CoseSign1.Verified verified;
        try {
            verified = CoseSign1.verify(signed, tams);
        } catch (CoseException e) {
            switch (e.reason()) {
                case UNSUPPORTED_ALGORITHM:
                    return error(null, CoseAlgorithm.ESP256, ErrorCode.UNSUPPORTED_CIPHER_SUITES, e.getMessage());
                case NOT_TRUSTED:
                    return error(null, CoseAlgorithm.ESP256, ErrorCode.BAD_CERTIFICATE, e.getMessage());
                default:
                    return error(null, CoseAlgorithm.ESP256, ErrorCode.PERMANENT_ERROR, e.getMessage());
            }
        }
        CoseAlgorithm alg = verified.algorithm();
        String tam = verified.anchor();
        TeepMessage m;
        try {
            m = TeepMessage.decode(verified.payload());
        } catch (TeepFormatException e) {
            return error(null, alg, ErrorCode.PERMANENT_ERROR, e.getMessage());
        }
        byte[] token = m.token().orElse(null);
        Optional<byte[]> nonce = m.token().or(m::challenge);
        if (m.type() != TeepMessage.Type.QUERY_REQUEST && m.type() != TeepMessage.Type.UPDATE) {
            return consume(nonce, token, alg, ErrorCode.PERMANENT_ERROR, "a TAM sends QueryRequest or Update, not " + m.type());
        }
        if (nonce.isEmpty()) {
            return error(token, alg, ErrorCode.PERMANENT_ERROR, "the message has no token nor challenge: it could not be told from a replay");
        }
        if (store.used(nonce.get())) {
            LOG.warn("TEEP {} from TAM {} replays nonce {}; refused", m.type(), tam, HexFormat.of().formatHex(nonce.get()));
            return error(token, alg, ErrorCode.PERMANENT_ERROR, "the token (or challenge) was used before: a replay");
        }
        if (!m.versions().contains(0L)) {
            return consume(nonce, token, alg, ErrorCode.UNSUPPORTED_MSG_VERSION, "TEEP versions " + m.versions() + " offered; this agent speaks 0");
        }
        if (!m.supportedFreshnessMechanisms().contains((long) TeepMessage.FRESHNESS_NONCE)) {
            return consume(nonce, token, alg, ErrorCode.UNSUPPORTED_FRESHNESS_MECHANISMS,
                    "freshness mechanisms " + m.supportedFreshnessMechanisms() + " offered; this agent takes nonces (0)");
        }
        return m.type() == TeepMessage.Type.QUERY_REQUEST ? query(m, nonce.get(), token, alg)
                : update(m, tam, tams.get(tam), nonce.get(), token, alg);
    }

    private TeepAnswer query(TeepMessage m, byte[] nonce, byte[] token, CoseAlgorithm signedWith) {
        Optional<CoseAlgorithm> answerWith = m.sign1Algorithms().stream().map(CoseAlgorithm::of)
                .flatMap(Optional::stream).findFirst();
        if (answerWith.isEmpty()) {
            return consume(Optional.of(nonce), token, signedWith, ErrorCode.UNSUPPORTED_CIPHER_SUITES,
                    "none of the offered cipher suites is COSE_Sign1 with ESP256, ES256, Ed25519 or EdDSA");
        }
        List<TcInfo> tcs = new ArrayList<>();
        if ((m.dataItemRequested() & TeepMessage.TRUSTED_COMPONENTS) != 0) {
            for (TeeStore.Installed i : store.components()) {
                tcs.add(TcInfo.installed(i.component.componentId(), i.sha256, i.size));
            }
        }
        try {
            store.apply(new TeeStore.Change(List.of(), List.of(), nonce));
        } catch (IOException e) {
            return error(token, answerWith.get(), ErrorCode.TEMPORARY_ERROR, "the TEE's store could not record the nonce: " + e.getMessage());
        }
        byte[] answer = CoseSign1.sign(TeepMessage.queryResponse(token, tcs, List.of()).encode(),
                keys.signer(answerWith.get()), answerWith.get());
        return new TeepAnswer(answer, TeepAnswer.Kind.QUERY_RESPONSE, 0,
                "QueryResponse with " + tcs.size() + " trusted component(s)");
    }

    private TeepAnswer update(TeepMessage m, String tam, PublicKey anchor, byte[] nonce, byte[] token, CoseAlgorithm alg) {
        List<TeeStore.Installed> installed = store.components();
        List<List<byte[]>> removals = m.unneededManifestList();
        for (List<byte[]> id : removals) {
            Optional<TeeStore.Installed> found = find(installed, id);
            if (found.isEmpty()) {
                return consume(Optional.of(nonce), token, alg, ErrorCode.MANIFEST_PROCESSING_FAILED, "component " + ComponentIds.text(id) + " is not installed");
            }
            if (!found.get().component.securityDomain().equals(tam)) {
                return consume(Optional.of(nonce), token, alg, ErrorCode.MANIFEST_PROCESSING_FAILED, "component " + ComponentIds.text(id)
                        + " belongs to security domain " + found.get().component.securityDomain() + ", not to TAM " + tam);
            }
        }
        List<TeeStore.Install> installs = new ArrayList<>();
        int index = 0;
        for (byte[] bytes : m.manifestList()) {
            String which = "manifest " + index++;
            SuitEnvelope env;
            try {
                env = SuitEnvelope.decode(bytes);
                env.verify(Map.of(tam, anchor));
            } catch (TeepFormatException | CoseException e) {
                return consume(Optional.of(nonce), token, alg, ErrorCode.MANIFEST_PROCESSING_FAILED, which + ": " + e.getMessage());
            }
            Optional<TeeStore.Installed> before = find(installed, env.componentId());
            if (before.isPresent() && !before.get().component.securityDomain().equals(tam)) {
                return consume(Optional.of(nonce), token, alg, ErrorCode.MANIFEST_PROCESSING_FAILED, which + ": component "
                        + ComponentIds.text(env.componentId()) + " belongs to security domain " + before.get().component.securityDomain());
            }
            if (before.isPresent() && env.sequenceNumber() <= before.get().component.sequenceNumber()
                    && removals.stream().noneMatch(r -> ComponentIds.same(r, env.componentId()))) {
                return consume(Optional.of(nonce), token, alg, ErrorCode.MANIFEST_PROCESSING_FAILED, which + ": sequence number "
                        + env.sequenceNumber() + " is not above the installed " + before.get().component.sequenceNumber());
            }
            if (installs.stream().anyMatch(i -> ComponentIds.same(i.component.componentId(), env.componentId()))) {
                return consume(Optional.of(nonce), token, alg, ErrorCode.MANIFEST_PROCESSING_FAILED, which + ": component "
                        + ComponentIds.text(env.componentId()) + " is installed twice in one Update");
            }
            installs.add(new TeeStore.Install(new TrustedComponent(env.componentId(), tam, env.sequenceNumber()), env.payload()));
        }
        if (installs.isEmpty() && removals.isEmpty()) {
            return consume(Optional.of(nonce), token, alg, ErrorCode.PERMANENT_ERROR, "the Update has neither manifest-list nor unneeded-manifest-list");
        }
        try {
            store.apply(new TeeStore.Change(removals, installs, nonce));
        } catch (TeeStore.Refused e) {
            LOG.warn("TEEP Update from {} refused by the TEE: {}", tam, e.getMessage());
            // Short: err-msg holds 128 characters, and the TEE's reason is the part a TAM needs.
            return consume(Optional.of(nonce), token, alg, ErrorCode.MANIFEST_PROCESSING_FAILED, "refused by the TEE: " + e.getMessage());
        } catch (IOException e) {
            LOG.error("TEEP Update from {} not applied: {}", tam, e.toString());
            return error(token, alg, ErrorCode.TEMPORARY_ERROR, "not applied, nothing changed; try again later: " + e.getMessage());
        }
        String done = "installed " + installs.stream().map(i -> i.component.componentIdText() + " #" + i.component.sequenceNumber())
                .collect(Collectors.toList()) + ", removed " + removals.stream().map(ComponentIds::text).collect(Collectors.toList());
        LOG.info("TEEP Update from TAM {}: {}", tam, done);
        byte[] answer = CoseSign1.sign(TeepMessage.success(token, done).encode(), keys.signer(alg), alg);
        return new TeepAnswer(answer, TeepAnswer.Kind.SUCCESS, 0, "Success: " + done);
    }

    /** Uses up the nonce of a message that verified but is refused, then answers the Error. */
    private TeepAnswer consume(Optional<byte[]> nonce, byte[] token, CoseAlgorithm alg, ErrorCode code, String why) {
        if (nonce.isPresent() && !store.used(nonce.get())) {
            try {
                store.apply(new TeeStore.Change(List.of(), List.of(), nonce.get()));
            } catch (IOException e) {
                LOG.warn("the nonce of a refused TEEP message could not be recorded: {}", e.toString());
            }
        }
        return error(token, alg, code, why);
    }

    private TeepAnswer error(byte[] token, CoseAlgorithm alg, ErrorCode code, String why) {
        LOG.info("TEEP Error {} ({}): {}", code.code(), code, why);
        byte[] answer = CoseSign1.sign(TeepMessage.error(token, code, why).encode(), keys.signer(alg), alg);
        return new TeepAnswer(answer, TeepAnswer.Kind.ERROR, code.code(), "Error " + code.code() + " " + code + ": " + why);
    }

    private static Optional<TeeStore.Installed> find(List<TeeStore.Installed> installed, List<byte[]> id) {
        return installed.stream().filter(i -> ComponentIds.same(i.component.componentId(), id)).findFirst();
    }
}
