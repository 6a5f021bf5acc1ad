package org.scgateway.api.se;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class StatusWordExceptionTest {

    @Test
    public void messageNamesContextStatusWordAndDescription() {
        StatusWordException e = new StatusWordException(StatusWord.of(0x6985), "SET STATUS");
        assertEquals("SET STATUS: 6985 (conditions of use not satisfied)", e.getMessage());
        assertSame(SecureElementException.Reason.STATUS_WORD, e.reason());
        assertEquals(StatusWord.CONDITIONS_NOT_SATISFIED, e.statusWord());
    }

    @Test
    public void secureElementExceptionNeedsReason() {
        assertThrows(NullPointerException.class, () -> new SecureElementException(null, "x"));
        SecureElementException e = new SecureElementException(SecureElementException.Reason.CARD_REMOVED, "gone",
                new RuntimeException("cause"));
        assertSame(SecureElementException.Reason.CARD_REMOVED, e.reason());
        assertEquals("cause", e.getCause().getMessage());
    }
}
