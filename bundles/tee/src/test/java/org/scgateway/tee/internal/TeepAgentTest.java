package org.scgateway.tee.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scgateway.api.tee.TeepAnswer;
import org.scgateway.tee.internal.soft.FileTeeStore;
import org.scgateway.teep.CoseSign1;
import org.scgateway.teep.TeepMessage;

public class TeepAgentTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final Map<String, PublicKey> anchors = new LinkedHashMap<>();
    private FileTeeStore store;
    private AgentKeys keys;
    private TeepAgent agent;
    private TestTam tam;

    @Before
    public void setUp() throws Exception {
        Path dir = tmp.newFolder("tee").toPath();
        store = new FileTeeStore(dir);
        keys = AgentKeys.in(dir);
        agent = new TeepAgent(store, () -> anchors, keys);
        tam = TestTam.p256("tam-a");
        anchors.put(tam.name, tam.key.getPublic());
    }

    @Test
    public void aTaIsInstalledListedUpdatedAndUninstalled() throws Exception {
        assertEquals(List.of(), listed(tam));

        TeepAnswer installed = agent.process(tam.install("ta1", 1, "version one"));
        assertEquals(installed.description(), TeepAnswer.Kind.SUCCESS, installed.kind());
        TeepMessage success = answer(installed, keys.p256());
        assertEquals(TeepMessage.Type.SUCCESS, success.type());
        assertArrayEquals(tam.lastToken, success.token().orElseThrow());
        assertEquals(List.of(hexId("ta1")), listed(tam));
        assertEquals("tam-a", store.components().get(0).component.securityDomain());
        assertEquals("version one", new String(store.image(store.components().get(0)), StandardCharsets.UTF_8));

        assertEquals(TeepAnswer.Kind.SUCCESS, agent.process(tam.install("ta1", 2, "version two")).kind());
        assertEquals(2, store.components().get(0).component.sequenceNumber());
        assertEquals("version two", new String(store.image(store.components().get(0)), StandardCharsets.UTF_8));
        assertEquals(1, store.components().size());

        assertEquals(TeepAnswer.Kind.SUCCESS, agent.process(tam.uninstall("ta1")).kind());
        assertEquals(List.of(), listed(tam));
    }

    @Test
    public void anEd25519TamIsAnsweredWithEd25519() throws Exception {
        TestTam ed = TestTam.ed25519("tam-ed");
        anchors.put(ed.name, ed.key.getPublic());
        TeepAnswer a = agent.process(ed.install("ta-ed", 1, "x"));
        assertEquals(a.description(), TeepAnswer.Kind.SUCCESS, a.kind());
        answer(a, keys.ed25519());
    }

    @Test
    public void aLowerOrEqualSequenceNumberIsRefusedAndChangesNothing() throws Exception {
        agent.process(tam.install("ta1", 5, "five"));
        for (long seq : new long[] {4, 5}) {
            TeepAnswer a = agent.process(tam.install("ta1", seq, "older"));
            assertError(a, 11, "sequence number " + seq + " is not above the installed 5");
        }
        assertEquals("five", new String(store.image(store.components().get(0)), StandardCharsets.UTF_8));
    }

    @Test
    public void aBadSignatureOrAnotherTamsKeyIsBadCertificate() throws Exception {
        byte[] signed = tam.install("ta1", 1, "x");
        signed[signed.length - 3] ^= 0x01;
        assertError(agent.process(signed), 6, "verifies with no trust anchor");

        TestTam stranger = TestTam.p256("stranger");
        assertError(agent.process(stranger.install("ta1", 1, "x")), 6, "verifies with no trust anchor");
        assertTrue(store.components().isEmpty());
    }

    @Test
    public void aManifestSignedByAnotherKeyThanTheMessageFailsProcessing() throws Exception {
        TestTam other = TestTam.p256("other");
        byte[] update = tam.sign(TeepMessage.update(tam.token(), List.of(other.manifest("ta1", 1, "x")), List.of()));
        assertError(agent.process(update), 11, "manifest 0: the ESP256 signature verifies with no trust anchor");
        assertTrue(store.components().isEmpty());
    }

    @Test
    public void aReplayedMessageIsRefusedAndChangesNothing() throws Exception {
        byte[] install = tam.install("ta1", 1, "one");
        assertEquals(TeepAnswer.Kind.SUCCESS, agent.process(install).kind());
        agent.process(tam.uninstall("ta1"));
        assertError(agent.process(install), 1, "used before: a replay");
        assertTrue(store.components().isEmpty());

        // The nonce is remembered across a restart of the store.
        FileTeeStore reopened = new FileTeeStore(tmp.getRoot().toPath().resolve("tee"));
        assertError(new TeepAgent(reopened, () -> anchors, keys).process(install), 1, "a replay");
    }

    @Test
    public void unsignedMalformedAndUnknownMessagesArePermanentErrors() throws Exception {
        assertError(agent.process(TeepMessage.queryRequest(tam.token(), 2).encode()), 1, "unsigned");
        assertError(agent.process(HexFormat.of().parseHex("D28443A10128A0")), 1, "not well-formed CBOR");
        assertError(agent.process(new byte[] {(byte) 0xD2, (byte) 0x84}), 1, "not well-formed CBOR");
        assertError(agent.process(CoseSign1.sign(HexFormat.of().parseHex("82"), tam.key.getPrivate())), 1, "not well-formed CBOR");
        assertError(agent.process(CoseSign1.sign(HexFormat.of().parseHex("8209A0"), tam.key.getPrivate())), 1,
                "unknown TEEP message type 9");
        assertError(agent.process(tam.sign(TeepMessage.success(tam.token(), null))), 1, "a TAM sends QueryRequest or Update, not SUCCESS");
        assertTrue(store.components().isEmpty());
    }

    @Test
    public void anUpdateIsAllOrNothing() throws Exception {
        agent.process(tam.install("keep", 1, "kept"));
        // The second manifest's payload does not match its digest: neither it nor the first one, nor the removal, is applied.
        byte[] good = tam.manifest("new", 1, "fine");
        byte[] bad = tam.manifest("broken", 1, "original");
        String hex = HexFormat.of().formatHex(bad).replace(HexFormat.of().formatHex("original".getBytes(StandardCharsets.US_ASCII)),
                HexFormat.of().formatHex("Original".getBytes(StandardCharsets.US_ASCII)));
        byte[] update = tam.sign(TeepMessage.update(tam.token(), List.of(good, HexFormat.of().parseHex(hex)), List.of(TestTam.id("keep"))));
        assertError(agent.process(update), 11, "manifest 1: the integrated payload does not match the manifest's image digest");
        assertEquals(List.of(hexId("keep")), listed(tam));
    }

    @Test
    public void aTamCannotTouchAnotherTamsComponents() throws Exception {
        TestTam b = TestTam.p256("tam-b");
        anchors.put(b.name, b.key.getPublic());
        agent.process(tam.install("ta1", 1, "a's"));
        assertError(agent.process(b.uninstall("ta1")), 11, "belongs to security domain tam-a, not to TAM tam-b");
        assertError(agent.process(b.install("ta1", 9, "b's")), 11, "belongs to security domain tam-a");
        assertError(agent.process(b.uninstall("absent")), 11, "is not installed");
        assertEquals(1, store.components().size());
    }

    @Test
    public void versionsFreshnessAndCipherSuitesTheAgentDoesNotTakeAreNamed() throws Exception {
        // [1, {19: token, 3: [7]}, [[[18, -9]]], [[-16, -9, -29, -65534]], 2]
        assertError(agent.process(tam.sign(TeepMessage.decode(cbor("8501A2135010101010101010101010101010101010038107"
                + "81818212288184 2F28381C39FFFD 02")))), 4, "versions [7]");
        // The same with 20: [1] (timestamps only).
        assertError(agent.process(tam.sign(TeepMessage.decode(cbor("8501A21350202020202020202020202020202020201481 01"
                + "81818212288184 2F28381C39FFFD 02")))), 3, "freshness mechanisms [1]");
        // Cipher suites: COSE_Sign1 with ES384 only.
        assertError(agent.process(tam.sign(TeepMessage.decode(cbor("8501A1135030303030303030303030303030303030"
                + "8181821238 22 8184 2F28381C39FFFD 02")))), 5, "none of the offered cipher suites");
    }

    private static byte[] cbor(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    private List<String> listed(TestTam t) throws Exception {
        TeepAnswer a = agent.process(t.query());
        assertEquals(a.description(), TeepAnswer.Kind.QUERY_RESPONSE, a.kind());
        TeepMessage r = answer(a, keys.p256());
        assertArrayEquals(t.lastToken, r.token().orElseThrow());
        return r.tcList().stream().map(tc -> tc.componentIdText()).collect(Collectors.toList());
    }

    private static String hexId(String ta) {
        return TestTam.id(ta).stream().map(HexFormat.of()::formatHex).collect(Collectors.joining("/"));
    }

    /** Checks the agent's signature and returns the message it signed. */
    private static TeepMessage answer(TeepAnswer a, PublicKey agentKey) throws Exception {
        return TeepMessage.decode(CoseSign1.verify(a.message(), Map.of("agent", agentKey)).payload());
    }

    private void assertError(TeepAnswer a, int code, String why) throws Exception {
        assertEquals(a.description(), TeepAnswer.Kind.ERROR, a.kind());
        assertEquals(a.description(), code, a.errorCode());
        TeepMessage m = answer(a, keys.p256());
        assertEquals(TeepMessage.Type.ERROR, m.type());
        assertEquals(code, m.errCode().getAsLong());
        assertTrue(a.description(), m.errMsg().orElseThrow().contains(why));
        assertFalse(a.description().isEmpty());
    }
}
