package org.scgateway.api.se;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class SecureElementExceptionTest {

    @Test
    public void aRemovalIsFoundThroughTheCausesAndNothingElseIsOne() {
        SecureElementException removed = new SecureElementException(SecureElementException.Reason.CARD_REMOVED, "the card was removed");
        assertTrue(SecureElementException.isRemoval(removed));
        assertTrue(SecureElementException.isRemoval(new Exception("GetEID failed", new RuntimeException("wrapped", removed))));
        assertFalse(SecureElementException.isRemoval(new SecureElementException(SecureElementException.Reason.TIMEOUT, "no answer")));
        assertFalse(SecureElementException.isRemoval(new Exception("no cause")));
        assertFalse(SecureElementException.isRemoval(null));
    }
}
