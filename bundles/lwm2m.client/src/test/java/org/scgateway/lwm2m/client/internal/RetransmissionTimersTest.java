package org.scgateway.lwm2m.client.internal;

import static org.junit.Assert.assertEquals;

import java.util.concurrent.TimeUnit;

import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.junit.Test;

/**
 * {@link ClientAssembly#timers}: the waits between retransmissions of CoAP messages and DTLS handshake flights stop
 * doubling at {@code maxRetransmissionWaitMs}, so that what is in flight when a server comes back reaches it within
 * that wait (issue 22, finding 10; Californium's own cap is 60 s).
 */
public class RetransmissionTimersTest {

    static {
        CoapConfig.register();
        DtlsConfig.register();
    }

    private static Configuration timers(Object... nameValue) {
        return ClientAssembly.timers(ClientSettingsTest.config(nameValue), new Configuration());
    }

    @Test
    public void byDefaultNoWaitIsLongerThanEightSeconds() {
        Configuration cf = timers();
        assertEquals(2000L, (long) cf.get(CoapConfig.ACK_TIMEOUT, TimeUnit.MILLISECONDS));
        assertEquals(8000L, (long) cf.get(CoapConfig.MAX_ACK_TIMEOUT, TimeUnit.MILLISECONDS));
        assertEquals(2000L, (long) cf.get(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, TimeUnit.MILLISECONDS));
        assertEquals(8000L, (long) cf.get(DtlsConfig.DTLS_MAX_RETRANSMISSION_TIMEOUT, TimeUnit.MILLISECONDS));
        assertEquals(4, (int) cf.get(CoapConfig.MAX_RETRANSMIT));
    }

    @Test
    public void theLongestWaitIsTheConfiguredOne() {
        Configuration cf = timers("maxRetransmissionWaitMs", 16000);
        assertEquals(16000L, (long) cf.get(CoapConfig.MAX_ACK_TIMEOUT, TimeUnit.MILLISECONDS));
        assertEquals(16000L, (long) cf.get(DtlsConfig.DTLS_MAX_RETRANSMISSION_TIMEOUT, TimeUnit.MILLISECONDS));
    }

    @Test
    public void aLongestWaitBelowTheFirstIsTheFirst() {
        Configuration cf = timers("maxRetransmissionWaitMs", 500, "coapAckTimeoutMs", 3000, "dtlsRetransmissionTimeoutMs", 4000);
        assertEquals(3000L, (long) cf.get(CoapConfig.MAX_ACK_TIMEOUT, TimeUnit.MILLISECONDS));
        assertEquals(4000L, (long) cf.get(DtlsConfig.DTLS_MAX_RETRANSMISSION_TIMEOUT, TimeUnit.MILLISECONDS));
    }
}
