package org.scgateway.api.euicc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import org.junit.Test;
import org.scgateway.api.euicc.EuiccException.Result;

public class EuiccExceptionTest {

    @Test
    public void ofCodeMapsKnownCodes() {
        assertSame(Result.ICCID_OR_AID_NOT_FOUND, Result.ofCode(1));
        assertSame(Result.WRONG_PROFILE_STATE, Result.ofCode(2));
        assertSame(Result.DISALLOWED_BY_POLICY, Result.ofCode(3));
        assertSame(Result.WRONG_PROFILE_REENABLING, Result.ofCode(4));
        assertSame(Result.CAT_BUSY, Result.ofCode(5));
        assertSame(Result.UNDEFINED, Result.ofCode(127));
    }

    @Test
    public void ofCodeMapsUnknownCodesToUndefined() {
        for (int code : new int[] {0, 6, 126, 128, 255, -2, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertSame("code " + code, Result.UNDEFINED, Result.ofCode(code));
        }
    }

    @Test
    public void cardCodeMinusOneIsNeverSecureElementFailure() {
        assertSame(Result.UNDEFINED, Result.ofCode(-1));
        assertNotEquals(Result.SECURE_ELEMENT_FAILURE, Result.ofCode(Result.SECURE_ELEMENT_FAILURE.code()));
    }

    @Test
    public void codesRoundTripForCardResults() {
        for (Result r : Result.values()) {
            if (r != Result.SECURE_ELEMENT_FAILURE) {
                assertSame(r, Result.ofCode(r.code()));
            }
        }
        assertEquals(-1, Result.SECURE_ELEMENT_FAILURE.code());
    }

    @Test
    public void exceptionCarriesResult() {
        EuiccException e = new EuiccException(Result.DISALLOWED_BY_POLICY, "profile 8900... may not be disabled");
        assertSame(Result.DISALLOWED_BY_POLICY, e.result());
        assertEquals("profile 8900... may not be disabled", e.getMessage());
        assertThrows(NullPointerException.class, () -> new EuiccException(null, "x"));
        assertThrows(NullPointerException.class, () -> new EuiccException(null, "x", new RuntimeException()));
    }
}
