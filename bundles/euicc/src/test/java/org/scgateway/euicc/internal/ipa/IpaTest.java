package org.scgateway.euicc.internal.ipa;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import static org.scgateway.euicc.internal.ipa.EimPackages.EID;
import static org.scgateway.euicc.internal.ipa.EimPackages.EIM;
import static org.scgateway.euicc.internal.ipa.EimPackages.ONE;
import static org.scgateway.euicc.internal.ipa.EimPackages.TWO;
import static org.scgateway.euicc.internal.ipa.EimPackages.disable;
import static org.scgateway.euicc.internal.ipa.EimPackages.enable;
import static org.scgateway.euicc.internal.ipa.EimPackages.pair;
import static org.scgateway.euicc.internal.ipa.EimPackages.request;
import static org.scgateway.euicc.internal.ipa.EimPackages.transfer;
import static org.scgateway.euicc.internal.ipa.EimPackages.verifies;

import java.math.BigInteger;
import java.security.KeyPair;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;

import org.junit.Test;
import org.scgateway.api.euicc.Eid;
import org.scgateway.euicc.internal.ipa.EimPackages.Euicc;
import org.scgateway.euicc.internal.ipa.EimPackages.Memory;
import org.scgateway.euicc.internal.ipa.Esipa.InvalidPackage;
import org.scgateway.globalplatform.tlv.BerTlv;
import org.scgateway.globalplatform.tlv.Tlv;

/**
 * The IPA as an SGP.32 eUICC judges an eUICC package: the eIM, its signature, the EID, the counter; the
 * PSMOs carried out in order until one fails; every result signed with the IPA's key. The eUICC is an
 * in-memory one that records what it was asked.
 */
public class IpaTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final KeyPair eim = pair();
    private final KeyPair ipa = pair();
    private final Memory memory = new Memory();
    private final Euicc euicc = new Euicc();

    @Test
    public void aSignedPackageIsCarriedOutAndItsResultSigned() throws Exception {
        Tlv result = transferred(request(EIM, EID, 1, eim, enable(TWO)));
        Tlv data = signedData(result);
        assertEquals(List.of("enable " + TWO), euicc.done);
        assertEquals("enableResult ok", "830100", HEX.formatHex(data.find(0x30).get().children().get(0).encode()));
        assertEquals("the counter comes back", "810101", HEX.formatHex(data.find(0x81).get().encode()));
        assertEquals("the first result sequence number", "830101", HEX.formatHex(data.find(0x83).get().encode()));
        assertTrue("signed by the IPA", verifies(ipa.getPublic(), data.encode(), result.children().get(0).find(0x5F37).get().value()));
        assertEquals(BigInteger.ONE, memory.counters.get(0));
    }

    @Test
    public void aReplayedPackageIsRefusedSignedAndChangesNothing() throws Exception {
        byte[] pkg = request(EIM, EID, 5, eim, enable(TWO));
        transferred(pkg);
        euicc.done.clear();
        Tlv replay = transferred(pkg);
        assertEquals("euiccPackageErrorSigned", 0xA1, replay.children().get(0).tag());
        assertEquals("replayError", "020104", HEX.formatHex(replay.children().get(0).children().get(0).children().get(2).encode()));
        assertEquals(List.of(), euicc.done);
        Tlv lower = transferred(request(EIM, EID, 4, eim, enable(TWO)));
        assertEquals("a lower counter is a replay too", 0xA1, lower.children().get(0).tag());
    }

    @Test
    public void aForgedSignatureOrAnotherEimIsAnsweredUnsignedAndChangesNothing() throws Exception {
        Tlv forged = transferred(request(EIM, EID, 1, pair(), enable(TWO)));
        assertEquals("euiccPackageErrorUnsigned", 0xA2, forged.children().get(0).tag());
        Tlv stranger = transferred(request("another-eim", EID, 1, eim, enable(TWO)));
        assertEquals(0xA2, stranger.children().get(0).tag());
        assertEquals(List.of(), euicc.done);
        assertEquals("no counter was taken from a package not verified", List.of(), memory.counters);
    }

    @Test
    public void aPackageForAnotherEidIsRefused() throws Exception {
        Tlv other = transferred(request(EIM, Eid.of("89049044900000000000000000102452"), 1, eim, enable(TWO)));
        assertEquals("invalidEid", "020103", HEX.formatHex(other.children().get(0).children().get(0).children().get(2).encode()));
        assertEquals(List.of(), euicc.done);
    }

    @Test
    public void aCounterThatCannotBeKeptIsNotCarriedOut() throws Exception {
        memory.full = true;
        Tlv refused = transferred(request(EIM, EID, 1, eim, enable(TWO)));
        assertEquals("undefinedError", "02017F", HEX.formatHex(refused.children().get(0).children().get(0).children().get(2).encode()));
        assertEquals("not carried out: it could be replayed after a restart", List.of(), euicc.done);
    }

    @Test
    public void thePsmosRunInOrderUntilOneFails() throws Exception {
        euicc.refuse = TWO;
        Tlv result = transferred(request(EIM, EID, 1, eim, disable(ONE), enable(TWO),
                Tlv.constructed(Esipa.PSMO_LIST_PROFILE_INFO).encode()));
        List<Tlv> results = signedData(result).find(0x30).get().children();
        assertEquals(List.of("disable " + ONE, "enable " + TWO), euicc.done);
        assertEquals("two results: the list was not asked", 2, results.size());
        assertEquals("disableResult ok", "840100", HEX.formatHex(results.get(0).encode()));
        assertEquals("enableResult: the eUICC's code (3, disallowed by policy)", "830103", HEX.formatHex(results.get(1).encode()));
    }

    @Test
    public void listProfileInfoListsEveryProfile() throws Exception {
        Tlv result = transferred(request(EIM, EID, 1, eim, Tlv.constructed(Esipa.PSMO_LIST_PROFILE_INFO).encode()));
        Tlv list = signedData(result).find(0x30).get().children().get(0);
        assertEquals(Esipa.PSMO_LIST_PROFILE_INFO, list.tag());
        assertEquals(2, list.find(0xA0).get().findAll(0xE3).size());
    }

    @Test
    public void anAcknowledgementNeedsNoAnswerAndGarbageIsNamed() throws Exception {
        assertNull(ipa().answer(HEX.parseHex("BF50020500"), euicc));
        InvalidPackage e = assertThrows(InvalidPackage.class, () -> Ipa.check(HEX.parseHex("BF2D00")));
        assertTrue(e.getMessage(), e.getMessage().contains("BF4E, BF4F or BF50"));
        assertThrows(InvalidPackage.class, () -> Ipa.check(HEX.parseHex("BF4E05")));
    }

    private Ipa ipa() {
        return new Ipa(EIM, eim.getPublic(), OptionalLong.empty(), ipa.getPrivate(), memory);
    }

    /** A TransferEimPackageRequest with the package, answered; the EuiccPackageResult inside the response. */
    private Tlv transferred(byte[] euiccPackage) throws Exception {
        Tlv response = BerTlv.parseOneStrict(ipa().answer(transfer(euiccPackage), euicc));
        assertEquals(Esipa.TRANSFER_EIM_PACKAGE, response.tag());
        Tlv result = response.children().get(0);
        assertEquals(Esipa.EUICC_PACKAGE, result.tag());
        return result;
    }

    private static Tlv signedData(Tlv result) {
        Tlv signed = result.children().get(0);
        assertEquals("euiccPackageResultSigned", 0xA0, signed.tag());
        return signed.children().get(0);
    }
}
