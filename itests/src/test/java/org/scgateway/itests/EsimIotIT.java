package org.scgateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.scgateway.peers.leshan.core.ResponseCode;
import org.scgateway.peers.leshan.core.node.LwM2mSingleResource;
import org.scgateway.peers.leshan.core.request.ExecuteRequest;
import org.scgateway.peers.leshan.core.request.ReadRequest;
import org.scgateway.peers.leshan.core.request.WriteRequest;
import org.scgateway.peers.leshan.core.response.ReadResponse;
import org.scgateway.peers.leshan.core.response.WriteResponse;
import org.scgateway.peers.leshan.server.LeshanServer;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.euicc.EuiccService;
import org.scgateway.api.euicc.Iccid;
import org.scgateway.api.euicc.Profile;
import org.scgateway.api.euicc.ProfileAssistant;
import org.scgateway.api.se.SecureElement;
import org.scgateway.globalplatform.tlv.BerTlv;
import org.scgateway.globalplatform.tlv.Tlv;

/**
 * Object 3443 (eSIM IoT) from a real Leshan server playing the eIM: eUICC packages signed with the eIM's key,
 * written as ESipa messages, carried out on the simulated eUICC; the IPA's answers read back, their
 * signatures checked; refusals (a replay, a forged signature, another EID, unsupported packages, garbage)
 * answered as SGP.32 says, and nothing changed by them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EsimIotIT {

    private static final int OBJECT = 3443;
    private static final long TIMEOUT = 30_000;
    private static final String ENDPOINT = "itest-esim-iot";
    private static final String EIM_ID = "itest-eim";
    private static final byte[] EID = HexFormat.of().parseHex("89049044900000000000000000102355");
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    /** The gateway and a Leshan server of its own for each test; the server destroyed after it, whatever the outcome. */
    @Rule
    public final GatewayWithServer gateway = new GatewayWithServer(() -> context, () -> configAdmin, ENDPOINT, TIMEOUT);
    private ServerEvents events;
    private LeshanServer server;
    private AdminObject admin;
    private KeyPair eim;
    private static long counter = 1;

    @Configuration
    public Option[] config() throws IOException {
        return FelixDistribution.withLeshanServerAndFreshCard("esim-iot");
    }

    @Before
    public void start() throws Exception {
        admin = gateway.admin();
        events = gateway.events();
        server = admin.server();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        eim = g.generateKeyPair();
        configAdmin.getConfiguration(ProfileAssistant.PID, null).update(new Hashtable<>(Map.of(
                "eimId", EIM_ID, "eimPublicKey", Base64.getEncoder().encodeToString(eim.getPublic().getEncoded()))));
        awaitState(0);
    }

    @After
    public void stop() throws Exception {
        configAdmin.getConfiguration(ProfileAssistant.PID, null).delete();
    }

    @Test
    public void aSignedPackageEnablesAProfileAndListsThemWithASignedResult() throws Exception {
        assertEquals(HEX.formatHex(EID), value(1));
        String other = disabledOperational();
        byte[] answer = transfer(signed(psmos(enable(other), Tlv.constructed(0xBF2D)), counter++, EID, eim));

        Tlv result = BerTlv.parseOneStrict(answer);
        assertEquals("TransferEimPackageResponse", 0xBF4E, result.tag());
        Tlv signedResult = child(child(result, 0xBF51), 0xA0);
        Tlv data = signedResult.children().get(0);
        assertEquals(EIM_ID, new String(child(data, 0x80).value(), StandardCharsets.UTF_8));
        List<Tlv> results = child(data, 0x30).children();
        assertEquals("enableResult ok", "830100", HEX.formatHex(results.get(0).encode()));
        Tlv list = results.get(1);
        assertEquals(0xBF2D, list.tag());
        assertEquals(3, child(list, 0xA0).findAll(0xE3).size());
        assertTrue("the IPA's signature on the result verifies with its public key",
                verify(ipaPublicKey(), data.encode(), child(signedResult, 0x5F37).value()));
        assertEquals(other, enabledOnCard());
    }

    @Test
    public void aReplayAForgeryAndAnotherEidChangeNothing() throws Exception {
        String before = enabledOnCard();
        String other = disabledOperational();
        byte[] pkg = signed(psmos(enable(other)), counter++, EID, eim);
        byte[] first = transfer(pkg);
        assertEquals("830100", HEX.formatHex(child(child(child(child(BerTlv.parseOneStrict(first), 0xBF51), 0xA0), 0x30), 0x30)
                .children().get(0).encode()));
        assertTrue(admin.send(new WriteRequest(OBJECT, 0, 2, reEnable(before))).isSuccess()); // put back for the rest
        awaitAnswer();

        Tlv replay = child(BerTlv.parseOneStrict(transfer(pkg)), 0xBF51);
        assertEquals("a replayed package: euiccPackageErrorSigned replayError", "020104",
                HEX.formatHex(child(replay, 0xA1).children().get(0).children().get(2).encode()));

        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair forger = g.generateKeyPair();
        Tlv forged = child(BerTlv.parseOneStrict(transfer(signed(psmos(enable(other)), counter++, EID, forger))), 0xBF51);
        assertEquals("a forged signature: euiccPackageErrorUnsigned", 0xA2, forged.children().get(0).tag());

        byte[] otherEid = HexFormat.of().parseHex("89049044900000000000000000102355".replace("0102355", "0000000"));
        Tlv wrongEid = child(BerTlv.parseOneStrict(transfer(signed(psmos(enable(other)), counter++, otherEid, eim))), 0xBF51);
        assertEquals("another EID: invalidEid", "020103", HEX.formatHex(child(wrongEid, 0xA1).children().get(0).children().get(2).encode()));

        assertEquals("nothing refused changed the eUICC", before, enabledOnCard());
    }

    /**
     * Issue 22, finding 1: the anti-replay counter outlives the bundle's data area (what run/gateway --clean deletes),
     * and a damaged one refuses every package, signed, changing nothing, until an operator resets it knowingly.
     */
    @Test
    public void theCounterOutlivesTheBundleCacheAndADamagedOneRefusesUntilAnOperatorResetsIt() throws Exception {
        String before = enabledOnCard();
        String other = disabledOperational();
        long taken = counter++;
        byte[] pkg = signed(psmos(enable(other)), taken, EID, eim);
        assertEquals("enableResult ok", "830100", HEX.formatHex(results(transfer(pkg)).get(0).encode()));
        assertTrue(admin.send(new WriteRequest(OBJECT, 0, 2, reEnable(before))).isSuccess());
        awaitAnswer();
        assertEquals(before, enabledOnCard());

        org.osgi.framework.Bundle ipaBundle = java.util.Arrays.stream(context.getBundles())
                .filter(b -> "org.scgateway.euicc".equals(b.getSymbolicName())).findFirst().orElseThrow();
        java.nio.file.Path dataArea = ipaBundle.getBundleContext().getDataFile("").toPath();
        ipaBundle.stop();
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dataArea)) {
            files.sorted(java.util.Comparator.reverseOrder()).filter(f -> !f.equals(dataArea)).forEach(f -> f.toFile().delete());
        }
        ipaBundle.start();
        awaitState(0);
        assertEquals("the old package after the bundle's data area was lost: replayError", "020104", HEX.formatHex(refusal(transfer(pkg))));
        assertEquals(before, enabledOnCard());

        CredentialStore store = ipaStore();
        store.apply(org.scgateway.api.credential.CredentialUpdate.builder()
                .put("lwm2m/esim-iot/memory", org.scgateway.api.credential.Secret.of("garbled\u0000".getBytes(StandardCharsets.UTF_8))).build());
        long fresh = counter + 10;
        counter += 20;
        assertEquals("a new package while the memory is damaged: undefinedError", "02017F",
                HEX.formatHex(refusal(transfer(signed(psmos(enable(other)), fresh, EID, eim)))));
        assertEquals("nothing was carried out", before, enabledOnCard());
        ProfileAssistant ipa = Services.await(context, ProfileAssistant.class, "", TIMEOUT);
        try {
            ipa.lastCounter();
            throw new AssertionError("a damaged memory was read as a counter");
        } catch (org.scgateway.api.euicc.EsipaException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("damaged") && e.getMessage().contains(store.location()));
        }

        ipa.resetReplayProtection(BigInteger.valueOf(fresh));
        assertEquals(java.util.Optional.of(BigInteger.valueOf(fresh)), ipa.lastCounter());
        assertEquals("at the counter the operator set: replayError", "020104",
                HEX.formatHex(refusal(transfer(signed(psmos(enable(other)), fresh, EID, eim)))));
        assertEquals("above it: carried out", "830100", HEX.formatHex(results(transfer(signed(psmos(enable(other)), fresh + 1, EID, eim)))
                .get(0).encode()));
        assertEquals(other, enabledOnCard());
        assertTrue(admin.send(new WriteRequest(OBJECT, 0, 2, reEnable(before))).isSuccess());
        awaitAnswer();
    }

    /** The results of a package carried out: TransferEimPackageResponse / euiccPackageResultSigned / data / results. */
    private static List<Tlv> results(byte[] answer) {
        return child(child(child(child(BerTlv.parseOneStrict(answer), 0xBF51), 0xA0), 0x30), 0x30).children();
    }

    /** The error of a package refused, signed: TransferEimPackageResponse / euiccPackageErrorSigned / data's error. */
    private static byte[] refusal(byte[] answer) {
        return child(BerTlv.parseOneStrict(answer), 0xBF51).find(0xA1).orElseThrow(() -> new AssertionError("carried out, not refused: "
                + HEX.formatHex(answer))).children().get(0).children().get(2).encode();
    }

    /** The store holding the IPA's key: the one the IPA writes its memory to. */
    private CredentialStore ipaStore() throws Exception {
        for (org.osgi.framework.ServiceReference<CredentialStore> r : context.getServiceReferences(CredentialStore.class, null)) {
            CredentialStore s = context.getService(r);
            if (s.read("lwm2m/esim-iot/ipa-key").isPresent()) {
                return s;
            }
        }
        throw new AssertionError("no store holds the IPA's key");
    }

    @Test
    public void aFailingPsmoStopsThePackageAndUnsupportedPackagesGetTheirError() throws Exception {
        String enabled = enabledOnCard();
        String other = disabledOperational();
        Tlv answer = BerTlv.parseOneStrict(transfer(signed(psmos(psmo(0xA5, enabled), enable(other)), counter++, EID, eim)));
        List<Tlv> results = child(child(child(child(answer, 0xBF51), 0xA0), 0x30), 0x30).children();
        assertEquals("the delete of the enabled profile fails (2), and the enable after it is not tried", List.of("850102"),
                results.stream().map(t -> HEX.formatHex(t.encode())).collect(java.util.stream.Collectors.toList()));
        assertEquals(enabled, enabledOnCard());

        assertEquals("a profile download trigger: unknownPackage", "BF4E03020102",
                HEX.formatHex(transfer(Tlv.constructed(0xBF54).encode())));
        assertEquals("an IPA eUICC data request after polling: eimPackageResultResponseError unknownPackage",
                "BF5017" + "5A10" + HEX.formatHex(EID) + "A003020102",
                HEX.formatHex(send(Tlv.constructed(0xBF4F, Tlv.constructed(0xBF52, Tlv.primitive(0x5C, new byte[] {0x5A}))).encode())));

        WriteResponse garbage = admin.send(new WriteRequest(OBJECT, 0, 2, new byte[] {0x30, 0x05, 0x01}));
        assertEquals(garbage.toString(), ResponseCode.BAD_REQUEST, garbage.getCode());
        assertEquals(0L, value(0));

        assertTrue(admin.send(new ExecuteRequest(OBJECT + "/0/4")).isSuccess());
        assertEquals(0, ((byte[]) value(3)).length);
    }

    // --- the eIM's side

    private byte[] transfer(byte[] euiccPackageOrOther) throws Exception {
        return send(Tlv.constructed(0xBF4E, BerTlv.parseOneStrict(euiccPackageOrOther)).encode());
    }

    private byte[] send(byte[] eimMessage) throws Exception {
        assertTrue(admin.send(new ExecuteRequest(OBJECT + "/0/4")).isSuccess());
        WriteResponse w = admin.send(new WriteRequest(OBJECT, 0, 2, eimMessage));
        assertTrue(w.toString(), w.isSuccess());
        return awaitAnswer();
    }

    private byte[] awaitAnswer() throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT;
        byte[] answer;
        while (((answer = (byte[]) value(3)).length == 0 || (Long) value(0) != 0L) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertTrue("no IPA message", answer.length > 0);
        return answer;
    }

    private byte[] reEnable(String iccid) throws Exception {
        return Tlv.constructed(0xBF4E, BerTlv.parseOneStrict(signed(psmos(enable(iccid)), counter++, EID, eim))).encode();
    }

    /** EuiccPackageRequest: euiccPackageSigned { eimId, eidValue, counterValue, psmoList }, eimSignature over it. */
    private static byte[] signed(Tlv psmoList, long counterValue, byte[] eid, KeyPair key) throws Exception {
        byte[] signedPart = Tlv.constructed(0x30, Tlv.primitive(0x80, EIM_ID.getBytes(StandardCharsets.UTF_8)), Tlv.primitive(0x5A, eid),
                Tlv.primitive(0x81, BigInteger.valueOf(counterValue).toByteArray()), psmoList).encode();
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(key.getPrivate());
        s.update(signedPart);
        return Tlv.constructed(0xBF51, BerTlv.parseOneStrict(signedPart), Tlv.primitive(0x5F37, s.sign())).encode();
    }

    private static Tlv psmos(Tlv... psmos) {
        return Tlv.constructed(0xA0, psmos);
    }

    private static Tlv enable(String iccid) {
        return psmo(0xA3, iccid);
    }

    private static Tlv psmo(int tag, String iccid) {
        return Tlv.constructed(tag, Tlv.primitive(0x5A, Iccid.of(iccid).toBcd()));
    }

    private static boolean verify(PublicKey key, byte[] data, byte[] signature) throws Exception {
        Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
        v.initVerify(key);
        v.update(data);
        return v.verify(signature);
    }

    private PublicKey ipaPublicKey() throws Exception {
        CredentialStore store = Services.await(context, CredentialStore.class, "", TIMEOUT);
        byte[] spki = store.read("lwm2m/esim-iot/ipa-public-key").orElseThrow().bytes();
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
    }

    private static Tlv child(Tlv t, int tag) {
        return t.find(tag).orElseThrow(() -> new AssertionError(String.format("no %X in %s", tag, t)));
    }

    private void awaitState(long state) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while (System.currentTimeMillis() < deadline) {
            ReadResponse r = admin.send(new ReadRequest(OBJECT, 0, 0));
            if (r.isSuccess() && ((Long) ((LwM2mSingleResource) r.getContent()).getValue()) == state) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("/3443/0/0 never became " + state + ": " + Services.components(context, "org.scgateway.lwm2m.objects"));
    }

    private Object value(int resource) throws Exception {
        ReadResponse r = admin.send(new ReadRequest(OBJECT, 0, resource));
        assertTrue("/3443/0/" + resource + " reads: " + r, r.isSuccess());
        return ((LwM2mSingleResource) r.getContent()).getValue();
    }

    private String disabledOperational() throws Exception {
        List<String> out = new ArrayList<>();
        for (Profile p : euicc().profiles()) {
            if (!p.isEnabled() && p.profileClass() == Profile.ProfileClass.OPERATIONAL) {
                out.add(p.iccid().digits());
            }
        }
        return out.get(0);
    }

    private String enabledOnCard() throws Exception {
        return euicc().profiles().stream().filter(Profile::isEnabled).findFirst().orElseThrow().iccid().digits();
    }

    private EuiccService euicc() throws Exception {
        SecureElement card = Services.await(context, SecureElement.class, "(scgw.component.backend=se.sim)", TIMEOUT);
        return Services.await(context, EuiccService.class, "(" + EuiccService.PROP_SECURE_ELEMENT_ID + "=" + card.id() + ")", TIMEOUT);
    }
}
