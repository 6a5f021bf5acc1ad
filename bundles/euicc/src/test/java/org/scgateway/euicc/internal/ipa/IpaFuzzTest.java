package org.scgateway.euicc.internal.ipa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.scgateway.euicc.internal.ipa.EimPackages.EID;
import static org.scgateway.euicc.internal.ipa.EimPackages.EIM;
import static org.scgateway.euicc.internal.ipa.EimPackages.pair;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.scgateway.api.euicc.Iccid;
import org.scgateway.euicc.internal.ipa.EimPackages.Euicc;
import org.scgateway.euicc.internal.ipa.EimPackages.Memory;
import org.scgateway.euicc.internal.ipa.Esipa.InvalidPackage;
import org.scgateway.globalplatform.tlv.BerTlv;
import org.scgateway.globalplatform.tlv.Tlv;
import org.scgateway.globalplatform.tlv.TlvException;

/**
 * ESipa messages from anyone who reaches the IPA (SGP.32 §6.3.1), anything at all:
 * <ul>
 * <li>{@link Ipa#check} takes exactly the messages that are one BER-TLV data object tagged BF4E, BF4F or BF50 (and
 * then their canonical encoding too), and refuses everything else with an {@link InvalidPackage} saying why;</li>
 * <li>{@link Ipa#answer} refuses what {@code check} refuses and nothing else, answers a BF4E with a BF4E and a BF4F
 * with a BF50 (or nothing), each one BER-TLV data object; and since nobody but the eIM can sign, it never asks
 * the eUICC to do anything nor takes a counter.</li>
 * <li>An eUICC package signed by the eIM's key, its signed contents anything at all
 * ({@link #signedPackageIsAnsweredAndOnlyAValidOneChangesAnything}): the answer is one DER TransferEimPackageResponse;
 * contents that are no EuiccPackageRequest get invalidPackageFormat, another eimId an unsigned error, another EID or
 * a counter not above the last one an error signed by the IPA, and none of these takes a counter or asks the eUICC
 * for anything; only a valid package gets a signed result, takes its counter (above the last) and has its PSMOs
 * carried out, in order, stopping at the first that fails.</li>
 * </ul>
 * Never another exception, never a hang. Regression inputs: {@code src/test/resources/.../IpaFuzzTestInputs/}.
 */
class IpaFuzzTest {

    private static final Set<Integer> EIM_MESSAGES = Set.of(Esipa.TRANSFER_EIM_PACKAGE, Esipa.GET_EIM_PACKAGE,
            Esipa.PROVIDE_EIM_PACKAGE_RESULT);
    private static final KeyPair EIM_KEY = pair();
    private static final KeyPair IPA_KEY = pair();
    /** The last counter the IPA has of the eIM in the signed-package target: a package at or below it is a replay. */
    private static final BigInteger LAST = BigInteger.valueOf(5);

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void checkTakesOnlyEimMessages(byte[] message) {
        Tlv parsed;
        try {
            parsed = BerTlv.parseOneStrict(message);
        } catch (TlvException e) {
            parsed = null;
        }
        if (parsed == null || !EIM_MESSAGES.contains(parsed.tag())) {
            InvalidPackage e = assertThrows(InvalidPackage.class, () -> Ipa.check(message));
            assertFalse(e.getMessage() == null || e.getMessage().isEmpty(), "an InvalidPackage says what is wrong");
            return;
        }
        byte[] canonical = parsed.encode();
        assertDoesNotThrow(() -> Ipa.check(message));
        assertDoesNotThrow(() -> Ipa.check(canonical), "the canonical form of a message taken is taken");
    }

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void answerIsAnEsipaMessageAndUnsignedChangesNothing(byte[] message) {
        boolean taken;
        try {
            Ipa.check(message);
            taken = true;
        } catch (InvalidPackage e) {
            taken = false;
        }
        Memory memory = new Memory();
        Euicc euicc = new Euicc();
        Ipa ipa = new Ipa(EIM, EIM_KEY.getPublic(), OptionalLong.empty(), IPA_KEY.getPrivate(), memory);
        byte[] answer;
        try {
            answer = ipa.answer(message, euicc);
        } catch (InvalidPackage e) {
            assertFalse(taken, "answer refuses only what check refuses: " + e.getMessage());
            assertNotNull(e.getMessage());
            return;
        }
        assertTrue(taken, "answer took a message check refuses");
        int tag = BerTlv.parseOneStrict(message).tag();
        if (answer == null) {
            assertTrue(tag != Esipa.TRANSFER_EIM_PACKAGE, "a TransferEimPackageRequest is always answered");
        } else {
            Tlv a = BerTlv.parseOneStrict(answer);
            assertEquals(tag == Esipa.TRANSFER_EIM_PACKAGE ? Esipa.TRANSFER_EIM_PACKAGE : Esipa.PROVIDE_EIM_PACKAGE_RESULT, a.tag());
            assertTrue(tag != Esipa.PROVIDE_EIM_PACKAGE_RESULT, "an acknowledgement is not answered");
            assertArrayEquals(answer, a.encode(), "the answer is DER");
        }
        assertEquals(List.of(), euicc.done, "nothing signed by the eIM, so nothing carried out");
        assertEquals(List.of(), memory.counters, "nothing signed by the eIM, so no counter taken");
    }

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "60m")
    void signedPackageIsAnsweredAndOnlyAValidOneChangesAnything(byte[] content) {
        Memory memory = new Memory(LAST);
        Euicc euicc = new Euicc();
        Ipa ipa = new Ipa(EIM, EIM_KEY.getPublic(), OptionalLong.empty(), IPA_KEY.getPrivate(), memory);
        byte[] message = EimPackages.transfer(EimPackages.signed(content, EIM_KEY));
        byte[] answer;
        try {
            answer = ipa.answer(message, euicc);
        } catch (InvalidPackage e) {
            assertThrows(TlvException.class, () -> BerTlv.parseOneStrict(message), "refused only when no BER-TLV: " + e.getMessage());
            assertChangedNothing(memory, euicc);
            return;
        }
        Tlv response = BerTlv.parseOneStrict(answer);
        assertArrayEquals(answer, response.encode(), "the answer is DER");
        assertEquals(Esipa.TRANSFER_EIM_PACKAGE, response.tag());
        assertEquals(1, response.children().size());
        Tlv result = response.children().get(0);
        if (result.tag() == 0x02) {
            assertEquals(Esipa.INVALID_PACKAGE_FORMAT, new BigInteger(result.value()).intValueExact(), "eimPackageError");
            assertChangedNothing(memory, euicc);
            return;
        }
        assertEquals(Esipa.EUICC_PACKAGE, result.tag());
        assertEquals(1, result.children().size());
        Tlv choice = result.children().get(0);
        // The IPA took the package for an EuiccPackageRequest: eimId, eidValue, counterValue, [eimTransactionId], euiccPackage.
        List<Tlv> fields = BerTlv.parseOneStrict(message).children().get(0).children().get(0).children();
        String eimId = new String(fields.get(0).value(), StandardCharsets.UTF_8);
        BigInteger counter = new BigInteger(fields.get(2).value());
        Tlv euiccPackage = fields.get(fields.size() - 1);
        switch (choice.tag()) {
            case 0xA2: // euiccPackageErrorUnsigned: the signature is the eIM's, so only for another eIM
                assertFalse(EIM.equals(eimId), "an unsigned error for a package the eIM signed");
                assertArrayEquals(fields.get(0).value(), choice.find(0x80).orElseThrow().value(), "the eimId echoed");
                assertChangedNothing(memory, euicc);
                return;
            case 0xA1: { // euiccPackageErrorSigned
                Tlv data = signedBy(choice);
                assertEquals(EIM, eimId);
                assertEquals(counter, new BigInteger(data.find(0x81).orElseThrow().value()), "the counter echoed");
                List<Tlv> errorFields = data.children();
                int code = new BigInteger(errorFields.get(errorFields.size() - 1).value()).intValueExact();
                if (code == Esipa.INVALID_EID) {
                    assertFalse(Arrays.equals(EID.toBcd(), fields.get(1).value()), "invalidEid for the eUICC's own EID");
                } else if (code == Esipa.REPLAY_ERROR) {
                    assertTrue(counter.compareTo(LAST) <= 0, "replayError for counter " + counter + " above " + LAST);
                } else {
                    fail("euiccPackageErrorSigned " + code + " with a memory that keeps every counter");
                }
                assertChangedNothing(memory, euicc);
                return;
            }
            case 0xA0: { // euiccPackageResultSigned
                Tlv data = signedBy(choice);
                assertEquals(EIM, eimId);
                assertArrayEquals(EID.toBcd(), fields.get(1).value(), "carried out only for the eUICC's own EID");
                assertTrue(counter.compareTo(LAST) > 0, "carried out with counter " + counter + ", not above " + LAST);
                assertEquals(List.of(counter), memory.counters, "the counter taken, once, before anything is done");
                assertEquals(counter, new BigInteger(data.find(0x81).orElseThrow().value()), "the counter echoed");
                List<Tlv> results = data.find(0x30).orElseThrow().children();
                List<Tlv> psmos = euiccPackage.tag() == 0xA0 ? euiccPackage.children() : List.of();
                assertTrue(euiccPackage.tag() == 0xA0 || euicc.done.isEmpty(), "an eCO list asks the eUICC for nothing");
                assertTrue(euicc.done.size() <= psmos.size() && results.size() >= euicc.done.size()
                        && results.size() <= psmos.size() + (euiccPackage.tag() == 0xA1 ? 1 : 0),
                        euicc.done + " for " + psmos.size() + " PSMOs, " + results.size() + " results");
                for (int i = 0; i < euicc.done.size(); i++) {
                    assertEquals(asked(psmos.get(i)), euicc.done.get(i), "PSMO " + i + " carried out, in order");
                }
                return;
            }
            default:
                fail(String.format("an EuiccPackageResult of tag %X", choice.tag()));
        }
    }

    /** The data of a signed result or error, after checking that the IPA's key signed it. */
    private static Tlv signedBy(Tlv choice) {
        assertEquals(2, choice.children().size());
        Tlv data = choice.children().get(0);
        Tlv signature = choice.children().get(1);
        assertEquals(0x30, data.tag());
        assertEquals(Esipa.SIGNATURE, signature.tag());
        assertTrue(EimPackages.verifies(IPA_KEY.getPublic(), data.encode(), signature.value()), "signed by the IPA");
        return data;
    }

    /** What {@link Euicc} records for a PSMO it is asked to carry out. */
    private static String asked(Tlv psmo) {
        if (psmo.tag() == Esipa.PSMO_LIST_PROFILE_INFO) {
            return "profiles";
        }
        String iccid = Iccid.fromBcd(psmo.find(Esipa.ICCID).orElseThrow().value()).toString();
        switch (psmo.tag()) {
            case Esipa.PSMO_ENABLE:
                return "enable " + iccid;
            case Esipa.PSMO_DISABLE:
                return "disable " + iccid;
            case Esipa.PSMO_DELETE:
                return "delete " + iccid;
            case Esipa.PSMO_SET_FALLBACK:
                return "fallback " + iccid;
            default:
                return fail(String.format("PSMO %X carried out", psmo.tag()));
        }
    }

    private static void assertChangedNothing(Memory memory, Euicc euicc) {
        assertEquals(List.of(), euicc.done, "nothing asked of the eUICC");
        assertEquals(List.of(), memory.counters, "no counter taken");
    }
}
