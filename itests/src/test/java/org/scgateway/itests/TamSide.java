package org.scgateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.scgateway.api.tee.TrustedComponent;
import org.scgateway.api.tee.TrustedExecutionEnvironment;
import org.scgateway.teep.CoseSign1;
import org.scgateway.teep.SuitEnvelope;
import org.scgateway.teep.TeepMessage;

/**
 * A test TAM managing one TEE through its Secure Component Admin instance: a security domain of its own,
 * with a fresh P-256 key, TEEP messages it signs, written to the instance and run, and the agent's signed
 * answers verified with the agent's key.
 */
final class TamSide {

    /** What one TEEP message came to: the instance's Result and Result Description, and the agent's answer. */
    static final class Exchange {
        long result;
        String description;
        TeepMessage answer;
    }

    final String name;
    final KeyPair key;
    private final AdminObject admin;
    private TrustedExecutionEnvironment tee;
    private int instance;
    private final PublicKey agentKey;
    private final SecureRandom random = new SecureRandom();

    private TamSide(String name, KeyPair key, TrustedExecutionEnvironment tee, AdminObject admin, int instance, PublicKey agentKey) {
        this.name = name;
        this.key = key;
        this.tee = tee;
        this.admin = admin;
        this.instance = instance;
        this.agentKey = agentKey;
    }

    /** Finds the TEE's admin instance and creates the TAM's security domain in the TEE. */
    static TamSide of(TrustedExecutionEnvironment tee, AdminObject admin) throws Exception {
        // First the instance: once the client shows it to the test's server, the gateway has taken the test's
        // configuration, and with it the credential store the anchor goes to. Created before, the anchor once
        // went to the card's store, which then went (OpTeeAdminIT, the first test of its container).
        int instance = admin.awaitInstanceOf(tee.id());
        byte[] suffix = new byte[4];
        new SecureRandom().nextBytes(suffix);
        String name = "itest-tam-" + HexFormat.of().formatHex(suffix);
        KeyPair key = p256();
        tee.createSecurityDomain(name, key.getPublic().getEncoded());
        PublicKey agentKey = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(
                HexFormat.of().parseHex(tee.deviceState().properties().get("teep.agent.key.p256"))));
        return new TamSide(name, key, tee, admin, instance, agentKey);
    }

    int instance() {
        return instance;
    }

    /** Follows the TEE to a new service object and admin instance: after its backend went and came back. */
    void rebind(TrustedExecutionEnvironment again) throws Exception {
        tee = again;
        instance = admin.awaitInstanceOf(again.id());
    }

    /** Uninstalls what the TAM installed and deletes its security domain. */
    void cleanUp() throws Exception {
        for (TrustedComponent tc : tee.trustedComponents()) {
            if (tc.securityDomain().equals(name)) {
                exchange(sign(TeepMessage.update(bytes(16), List.of(), List.of(tc.componentId()))));
            }
        }
        tee.deleteSecurityDomain(name);
    }

    Exchange exchange(byte[] message) throws Exception {
        admin.start(instance, HexFormat.of().formatHex(message));
        Exchange e = new Exchange();
        e.result = admin.awaitResult(instance);
        e.description = (String) admin.value(instance, 10);
        byte[] answer = (byte[]) admin.value(instance, 8);
        e.answer = TeepMessage.decode(CoseSign1.verify(answer, Map.of("agent", agentKey)).payload());
        return e;
    }

    byte[] update(String ta, long sequence, byte[] payload) {
        return sign(TeepMessage.update(bytes(16), List.of(manifest(ta, sequence, payload)), List.of()));
    }

    byte[] manifest(String ta, long sequence, byte[] payload) {
        return SuitEnvelope.build(id(ta), sequence, payload, key.getPrivate());
    }

    byte[] uninstall(String ta) {
        return sign(TeepMessage.update(bytes(16), List.of(), List.of(id(ta))));
    }

    /** The TAM's components the agent lists in its QueryResponse, as id texts. */
    List<String> listed() throws Exception {
        Exchange e = exchange(sign(TeepMessage.queryRequest(bytes(16), TeepMessage.TRUSTED_COMPONENTS)));
        assertEquals(e.description, 2, e.result);
        assertEquals(TeepMessage.Type.QUERY_RESPONSE, e.answer.type());
        String prefix = HexFormat.of().formatHex(name.getBytes(StandardCharsets.US_ASCII));
        return e.answer.tcList().stream().map(tc -> tc.componentIdText()).filter(t -> t.startsWith(prefix)).collect(Collectors.toList());
    }

    /** The sequence numbers of the TAM's components, as the TEE service tells them. */
    List<Long> sequences() throws Exception {
        return tee.trustedComponents().stream().filter(tc -> tc.securityDomain().equals(name))
                .map(TrustedComponent::sequenceNumber).collect(Collectors.toList());
    }

    byte[] sign(TeepMessage m) {
        return CoseSign1.sign(m.encode(), key.getPrivate());
    }

    List<byte[]> id(String ta) {
        return List.of(name.getBytes(StandardCharsets.US_ASCII), ta.getBytes(StandardCharsets.US_ASCII));
    }

    String idText(String ta) {
        return id(ta).stream().map(HexFormat.of()::formatHex).collect(Collectors.joining("/"));
    }

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static void assertError(Exchange e, long result, long code, String why) {
        assertEquals(e.description, result, e.result);
        assertEquals(TeepMessage.Type.ERROR, e.answer.type());
        assertEquals(e.description, code, e.answer.errCode().getAsLong());
        assertTrue(e.description, e.answer.errMsg().orElseThrow().contains(why));
    }

    static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }
}
