package org.scgateway.api.lwm2m.bootstrap;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;
import org.scgateway.api.credential.Secret;

public class ServerAccountTest {

    private static final byte[] KEY = {0x13, 0x37, 0x42};

    @Test
    public void defaultsToNoSecWithALifetimeAndBinding() {
        ServerAccount a = ServerAccount.server("coap://host:5683", 123).build();
        assertEquals(ServerAccount.SecurityMode.NO_SEC, a.securityMode());
        assertEquals(3, a.securityMode().code());
        assertEquals(300, a.lifetime());
        assertEquals("U", a.binding());
        assertFalse(a.secretKey().isPresent());
        assertEquals(0, a.identity().length);
    }

    @Test
    public void keepsPskMaterialAndNeverPrintsIt() {
        ServerAccount a = ServerAccount.server("coaps://host:5684", 1).psk("id-1".getBytes(), Secret.of(KEY)).build();
        assertEquals(0, a.securityMode().code());
        assertArrayEquals(KEY, a.secretKey().orElseThrow().bytes());
        assertArrayEquals("id-1".getBytes(), a.identity());
        assertFalse(a.toString(), a.toString().contains("id-1") || a.toString().contains("1337"));
    }

    @Test
    public void rejectsWhatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> ServerAccount.server("http://host", 1));
        assertThrows(IllegalArgumentException.class, () -> ServerAccount.server("coap://host", 0));
        assertThrows(IllegalArgumentException.class, () -> ServerAccount.server("coap://host", 65535));
        assertThrows(IllegalArgumentException.class, () -> ServerAccount.server("coap://host", 1).psk(new byte[0], Secret.of(KEY)));
        assertThrows(IllegalArgumentException.class,
                () -> ServerAccount.server("coaps://host", 1).rpk(KEY, Secret.of(KEY), new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> ServerAccount.server("coap://host", 1).lifetime(0));
        // Found by the fuzzed bootstrap files of SmartcardBootstrapIT: a URI Java parses and Leshan cannot use.
        assertThrows(IllegalArgumentException.class, () -> ServerAccount.server("coap://127.0.0.1:372*9", 1));
        assertThrows(IllegalArgumentException.class, () -> ServerAccount.server("coap:", 1));
        ServerAccount.server("coaps://[::1]:5684", 1).build();
        ServerAccount.bootstrapServer("coap://bs:5783").build(); // a bootstrap server has no short server id
    }

    @Test
    public void bootstrapInfoAllowsOneBootstrapServerAndDistinctIds() {
        ServerAccount bs = ServerAccount.bootstrapServer("coap://bs").build();
        ServerAccount s1 = ServerAccount.server("coap://a", 1).build();
        ServerAccount s2 = ServerAccount.server("coap://b", 2).build();
        BootstrapInfo info = BootstrapInfo.of(List.of(bs, s1, s2));
        assertEquals(List.of(s1, s2), info.servers());
        assertTrue(info.bootstrapServer().isPresent());
        assertThrows(IllegalArgumentException.class, () -> BootstrapInfo.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> BootstrapInfo.of(List.of(bs, ServerAccount.bootstrapServer("coap://bs2").build())));
        assertThrows(IllegalArgumentException.class, () -> BootstrapInfo.of(List.of(s1, ServerAccount.server("coap://c", 1).build())));
    }
}
