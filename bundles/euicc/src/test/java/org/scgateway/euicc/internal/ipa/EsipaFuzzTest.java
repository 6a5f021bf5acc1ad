package org.scgateway.euicc.internal.ipa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.scgateway.euicc.internal.ipa.Esipa.InvalidPackage;
import org.scgateway.euicc.internal.ipa.Esipa.PackageRequest;
import org.scgateway.globalplatform.tlv.BerTlv;
import org.scgateway.globalplatform.tlv.Tlv;

/**
 * An EuiccPackageRequest ({@code BF51}) from an eIM, anything at all: it is read with its signed part exactly the
 * bytes that came (what the eIM signed) and every field as the ASN.1 has it, so that what the IPA echoes in its
 * results (eimId, counter, transaction id) encodes back to what came; or it is an {@link InvalidPackage} naming what
 * is wrong — never another exception, never a hang. Regression inputs: {@code src/test/resources/.../EsipaFuzzTestInputs/}.
 */
class EsipaFuzzTest {

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void packageRequestIsReadAsItCameOrSaysWhy(byte[] der) {
        PackageRequest p;
        try {
            p = Esipa.packageRequest(der);
        } catch (InvalidPackage e) {
            assertFalse(e.getMessage() == null || e.getMessage().isEmpty(), "an InvalidPackage says what is wrong");
            return;
        }
        Tlv whole = BerTlv.parseOneStrict(der);
        assertEquals(Esipa.EUICC_PACKAGE, whole.tag());
        Tlv signed = whole.children().get(0);
        assertEquals(signed, BerTlv.parseOneStrict(p.signed), "the signed part is the euiccPackageSigned that came");
        assertTrue(contains(der, p.signed), "the signed part is bytes of the message, not a re-encoding");
        assertArrayEquals(whole.children().get(1).value(), p.signature);

        List<Tlv> fields = signed.children();
        assertArrayEquals(fields.get(0).value(), p.eimId.getBytes(StandardCharsets.UTF_8), "eimId encodes back to what came");
        assertArrayEquals(fields.get(1).value(), p.eid);
        assertEquals(16, p.eid.length);
        assertEquals(new BigInteger(fields.get(2).value()), p.counter);
        assertTrue(p.counter.bitLength() < 64, "counterValue fits 8 bytes");
        Tlv pkg = fields.get(fields.size() - 1);
        assertEquals(pkg.tag() == 0xA1, p.ecos);
        assertEquals(p.ecos ? List.of() : pkg.children(), p.psmos);
        p.transactionId.ifPresent(t -> assertArrayEquals(fields.get(3).value(), t));

        // What goes back to the eIM names the package as it came.
        Tlv unsigned = BerTlv.parseOneStrict(Esipa.errorUnsigned(p)).children().get(0);
        assertArrayEquals(fields.get(0).value(), unsigned.find(0x80).orElseThrow().value(), "the eimId echoed is the one that came");
        Tlv data = BerTlv.parseOneStrict(Esipa.resultData(p, 1, List.of(Esipa.result(Esipa.RESULT_ENABLE, 0))));
        assertArrayEquals(fields.get(0).value(), data.find(0x80).orElseThrow().value());
        assertEquals(p.counter, new BigInteger(data.find(0x81).orElseThrow().value()), "the counter echoed is the one that came");
        assertEquals(p.transactionId.isPresent(), data.find(0x82).isPresent());
        Tlv error = BerTlv.parseOneStrict(Esipa.errorData(p, Esipa.REPLAY_ERROR));
        assertArrayEquals(fields.get(0).value(), error.find(0x80).orElseThrow().value());
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
