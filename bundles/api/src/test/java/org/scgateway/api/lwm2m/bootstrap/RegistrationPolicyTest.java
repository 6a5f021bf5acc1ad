package org.scgateway.api.lwm2m.bootstrap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.OptionalLong;

import org.junit.Test;

public class RegistrationPolicyTest {

    @Test
    public void theDefaultsAreTheTsOnes() {
        RegistrationPolicy d = RegistrationPolicy.defaults();
        assertFalse(d.priorityOrder().isPresent());
        assertEquals(0, d.initialDelaySeconds());
        assertFalse(d.failureBlock());
        assertTrue(d.bootstrapOnFailure());
        assertEquals(5, d.retryCount());
        assertEquals(60, d.retryTimerSeconds());
        assertEquals(86400, d.sequenceDelaySeconds());
        assertEquals(1, d.sequenceRetryCount());
        assertEquals(d, RegistrationPolicy.builder().build());
    }

    @Test
    public void keepsEachValueAndComparesByThem() {
        RegistrationPolicy p = RegistrationPolicy.builder().priorityOrder(2).initialDelaySeconds(30).failureBlock(true)
                .bootstrapOnFailure(false).retryCount(3).retryTimerSeconds(10).sequenceDelaySeconds(600).sequenceRetryCount(4).build();
        assertEquals(OptionalLong.of(2), p.priorityOrder());
        assertEquals(30, p.initialDelaySeconds());
        assertTrue(p.failureBlock());
        assertFalse(p.bootstrapOnFailure());
        assertEquals(3, p.retryCount());
        assertEquals(10, p.retryTimerSeconds());
        assertEquals(600, p.sequenceDelaySeconds());
        assertEquals(4, p.sequenceRetryCount());
        assertEquals(p, p.toBuilder().build());
        assertEquals(p.hashCode(), p.toBuilder().build().hashCode());
        assertNotEquals(p, p.toBuilder().retryCount(2).build());
        assertEquals(RegistrationPolicy.defaults().priorityOrder(), p.toBuilder().unordered().build().priorityOrder());
        assertTrue(p.toString(), p.toString().contains("order 2"));
    }

    @Test
    public void refusesNegativesNamingTheResource() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegistrationPolicy.builder().retryCount(-1));
        assertEquals("Communication Retry Count (/1/x/17) must be 0 or more, was -1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RegistrationPolicy.builder().priorityOrder(-1));
        assertThrows(IllegalArgumentException.class, () -> RegistrationPolicy.builder().initialDelaySeconds(-1));
        assertThrows(IllegalArgumentException.class, () -> RegistrationPolicy.builder().retryTimerSeconds(-1));
        assertThrows(IllegalArgumentException.class, () -> RegistrationPolicy.builder().sequenceDelaySeconds(-1));
        e = assertThrows(IllegalArgumentException.class, () -> RegistrationPolicy.builder().sequenceRetryCount(1L << 31));
        assertEquals("Communication Sequence Retry Count (/1/x/20) must be at most 2147483647, was 2147483648", e.getMessage());
    }

    @Test
    public void anAccountWithoutOneHasTheDefaults() {
        assertSame(RegistrationPolicy.defaults(), ServerAccount.server("coap://host", 1).build().registrationPolicy());
        RegistrationPolicy p = RegistrationPolicy.builder().priorityOrder(1).build();
        assertEquals(p, ServerAccount.server("coap://host", 1).registrationPolicy(p).build().registrationPolicy());
        assertThrows(NullPointerException.class, () -> ServerAccount.server("coap://host", 1).registrationPolicy(null));
    }
}
