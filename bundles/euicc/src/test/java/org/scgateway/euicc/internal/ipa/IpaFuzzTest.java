package org.scgateway.euicc.internal.ipa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.scgateway.api.euicc.Eid;
import org.scgateway.api.euicc.EuiccService;
import org.scgateway.api.euicc.Iccid;
import org.scgateway.api.euicc.Profile;
import org.scgateway.api.se.Aid;
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
 * </ul>
 * Never another exception, never a hang. Regression inputs: {@code src/test/resources/.../IpaFuzzTestInputs/}.
 */
class IpaFuzzTest {

    private static final Set<Integer> EIM_MESSAGES = Set.of(Esipa.TRANSFER_EIM_PACKAGE, Esipa.GET_EIM_PACKAGE,
            Esipa.PROVIDE_EIM_PACKAGE_RESULT);
    private static final KeyPair EIM_KEY = pair();
    private static final KeyPair IPA_KEY = pair();

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
        Ipa ipa = new Ipa("eim-1", EIM_KEY.getPublic(), OptionalLong.empty(), IPA_KEY.getPrivate(), memory);
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
        assertEquals(List.of(), memory.accepted, "nothing signed by the eIM, so no counter taken");
    }

    private static KeyPair pair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static final class Memory implements Ipa.Memory {
        final List<BigInteger> accepted = new ArrayList<>();

        @Override
        public BigInteger lastCounter(String eimId) {
            return BigInteger.valueOf(-1);
        }

        @Override
        public boolean accept(String eimId, BigInteger counter) {
            accepted.add(counter);
            return true;
        }

        @Override
        public long nextSequenceNumber() {
            return 1;
        }
    }

    /** One profile; records each operation asked for. */
    private static final class Euicc implements EuiccService {
        static final Eid EID = Eid.of("89049044900000000000000000102355");
        static final Iccid ICCID = Iccid.of("89000123456789012341");
        final List<String> done = new ArrayList<>();

        @Override
        public String secureElementId() {
            return "fuzz-euicc";
        }

        @Override
        public Eid eid() {
            return EID;
        }

        @Override
        public List<Profile> profiles() {
            done.add("profiles");
            return List.of(Profile.builder(ICCID, Aid.fromHex("A0000005591010FFFFFFFF8900001000")).state(Profile.State.ENABLED).build());
        }

        @Override
        public void enable(Iccid iccid) {
            done.add("enable " + iccid);
        }

        @Override
        public void disable(Iccid iccid) {
            done.add("disable " + iccid);
        }

        @Override
        public void delete(Iccid iccid) {
            done.add("delete " + iccid);
        }

        @Override
        public void setFallback(Iccid iccid) {
            done.add("fallback " + iccid);
        }

        @Override
        public void setNickname(Iccid iccid, String nickname) {
            done.add("nickname " + iccid);
        }
    }
}
