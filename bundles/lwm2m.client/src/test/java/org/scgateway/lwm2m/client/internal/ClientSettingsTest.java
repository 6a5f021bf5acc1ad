package org.scgateway.lwm2m.client.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.leshan.core.request.BindingMode;
import org.junit.Test;

public class ClientSettingsTest {

    /**
     * A {@link ClientConfiguration} as the framework would make it: every method answers its default
     * unless {@code values} overrides it (by method name).
     */
    static ClientConfiguration config(Map<String, Object> values) {
        Map<String, Object> copy = new HashMap<>(values);
        for (String name : copy.keySet()) {
            try {
                ClientConfiguration.class.getMethod(name);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException("ClientConfiguration has no " + name);
            }
        }
        return (ClientConfiguration) Proxy.newProxyInstance(ClientConfiguration.class.getClassLoader(),
                new Class<?>[] {ClientConfiguration.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "annotationType": return ClientConfiguration.class;
                        case "toString": return "ClientConfiguration" + copy;
                        case "hashCode": return System.identityHashCode(proxy);
                        case "equals": return proxy == args[0];
                        default:
                            return copy.containsKey(m.getName()) ? copy.get(m.getName()) : m.getDefaultValue();
                    }
                });
    }

    /** Pairs of name and value. */
    static ClientConfiguration config(Object... nameValue) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], nameValue[i + 1]);
        }
        return config(m);
    }

    private static String rejected(Object... nameValue) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> ClientSettings.from(config(nameValue)));
        assertNotNull(e.getMessage());
        return e.getMessage();
    }

    private static void assertMentions(String message, String... words) {
        for (String w : words) {
            assertTrue("'" + message + "' should mention " + w, message.contains(w));
        }
    }

    @Test
    public void proxyAnswersDefaultsAndOverrides() {
        ClientConfiguration c = config("lifetime", 60L);
        assertEquals(ClientConfiguration.class, c.annotationType());
        assertEquals(60L, c.lifetime());
        assertEquals(123, c.shortServerId());
        assertEquals("NO_SEC", c.securityMode());
    }

    @Test
    public void defaultsAreUnconfiguredWithHostNameEndpoint() throws Exception {
        ClientSettings s = ClientSettings.from(config());
        assertTrue(s.isUnconfigured());
        assertNotNull(s.endpoint);
        assertFalse(s.endpoint.isBlank());
        assertEquals(ClientSettings.hostName(), s.endpoint);
        assertEquals("", s.serverUri);
        assertEquals("", s.bootstrapServerUri);
        assertEquals(123, s.shortServerId);
        assertEquals(ClientSettings.SecurityMode.NO_SEC, s.securityMode);
        assertEquals(300, s.lifetime);
        assertEquals(EnumSet.of(BindingMode.U), s.binding);
        assertNull(s.localAddress);
        assertNull(s.pskKeyToImport);
    }

    @Test
    public void endpointIsStrippedAndKept() throws Exception {
        ClientSettings s = ClientSettings.from(config("endpoint", "  gw-7 "));
        assertEquals("gw-7", s.endpoint);
    }

    @Test
    public void blankEndpointIsTheHostName() throws Exception {
        ClientSettings s = ClientSettings.from(config("endpoint", "   "));
        assertFalse(s.endpoint.isBlank());
        assertEquals(ClientSettings.hostName(), s.endpoint);
    }

    @Test
    public void coapServerWithNoSecIsAccepted() throws Exception {
        ClientSettings s = ClientSettings.from(config("serverUri", " coap://lwm2m.example:5683 ", "securityMode", "NO_SEC"));
        assertFalse(s.isUnconfigured());
        assertEquals("coap://lwm2m.example:5683", s.serverUri);
        assertEquals(ClientSettings.SecurityMode.NO_SEC, s.securityMode);
    }

    @Test
    public void coapsServerWithPskIsAccepted() throws Exception {
        ClientSettings s = ClientSettings.from(config("serverUri", "coaps://lwm2m.example:5684", "securityMode", "psk",
                "pskIdentity", " id-1 ", "pskKey", "00ff"));
        assertEquals(ClientSettings.SecurityMode.PSK, s.securityMode);
        assertEquals("id-1", s.pskIdentity);
        assertArrayEquals(new byte[] {0, (byte) 0xFF}, s.pskKeyToImport);
    }

    @Test
    public void httpServerUriIsRejected() {
        assertMentions(rejected("serverUri", "http://x"), "serverUri");
    }

    @Test
    public void uriWithoutHostIsRejected() {
        assertMentions(rejected("serverUri", "coap:///path"), "serverUri");
        assertMentions(rejected("serverUri", "coap://"), "serverUri");
    }

    @Test
    public void plainCoapWithPskIsRejected() {
        String m = rejected("serverUri", "coap://lwm2m.example:5683", "securityMode", "PSK", "pskIdentity", "id");
        assertMentions(m, "serverUri", "coaps");
    }

    @Test
    public void coapsWithNoSecIsRejected() {
        String m = rejected("serverUri", "coaps://lwm2m.example:5684", "securityMode", "NO_SEC");
        assertMentions(m, "serverUri", "NO_SEC");
    }

    @Test
    public void bootstrapUriIsCheckedToo() {
        assertMentions(rejected("bootstrapServerUri", "http://bs.example"), "bootstrapServerUri");
        assertMentions(rejected("bootstrapServerUri", "coaps://bs.example:5684"), "bootstrapServerUri");
    }

    @Test
    public void unknownSecurityModeIsRejected() {
        assertMentions(rejected("securityMode", "FOO"), "securityMode", "FOO");
    }

    @Test
    public void shortServerIdOutOfRangeIsRejected() {
        assertMentions(rejected("shortServerId", 0), "shortServerId");
        assertMentions(rejected("shortServerId", 65535), "shortServerId");
        assertMentions(rejected("shortServerId", -1), "shortServerId");
    }

    @Test
    public void shortServerIdBoundsAreAccepted() throws Exception {
        assertEquals(1, ClientSettings.from(config("shortServerId", 1)).shortServerId);
        assertEquals(65534, ClientSettings.from(config("shortServerId", 65534)).shortServerId);
    }

    @Test
    public void lifetimeZeroIsRejected() {
        assertMentions(rejected("lifetime", 0L), "lifetime");
    }

    @Test
    public void pskWithoutIdentityIsRejected() {
        assertMentions(rejected("serverUri", "coaps://lwm2m.example:5684", "securityMode", "PSK"), "pskIdentity");
        assertMentions(rejected("serverUri", "coaps://lwm2m.example:5684", "securityMode", "PSK", "pskIdentity", "  "),
                "pskIdentity");
    }

    @Test
    public void badPskKeyIsRejectedWithoutShowingIt() {
        String m = rejected("pskKey", "zz");
        assertMentions(m, "pskKey");
        assertFalse("the secret key must not appear in '" + m + "'", m.contains("zz"));
    }

    @Test
    public void oddLengthPskKeyIsRejectedWithoutShowingIt() {
        String m = rejected("pskKey", "abcdef123");
        assertMentions(m, "pskKey");
        assertFalse(m.contains("abcdef123"));
    }

    @Test
    public void hexPskKeyWithSpacesIsImported() throws Exception {
        ClientSettings s = ClientSettings.from(config("pskKey", "0A0b 0c"));
        assertArrayEquals(new byte[] {0x0A, 0x0B, 0x0C}, s.pskKeyToImport);
    }

    @Test
    public void unknownBindingIsRejected() {
        assertMentions(rejected("binding", "X"), "binding");
    }

    @Test
    public void emptyBindingIsRejected() {
        assertMentions(rejected("binding", ""), "binding");
    }

    @Test
    public void bindingUqParses() throws Exception {
        ClientSettings s = ClientSettings.from(config("binding", "UQ"));
        assertTrue(s.binding.contains(BindingMode.U));
        assertTrue(s.binding.contains(BindingMode.Q));
        assertEquals(2, s.binding.size());
    }

    @Test
    public void retryWaitZeroIsRejected() {
        assertMentions(rejected("retryWaitMs", 0), "retryWaitMs");
    }

    @Test
    public void maxRetryWaitBelowRetryWaitIsRejected() {
        assertMentions(rejected("retryWaitMs", 5000, "maxRetryWaitMs", 4999), "maxRetryWaitMs");
    }

    @Test
    public void maxRetryWaitEqualToRetryWaitIsAccepted() throws Exception {
        assertNotNull(ClientSettings.from(config("retryWaitMs", 5000, "maxRetryWaitMs", 5000)));
    }

    @Test
    public void unknownLocalAddressIsRejected() {
        assertMentions(rejected("localAddress", "no.such.host.invalid"), "localAddress");
    }

    @Test
    public void literalLocalAddressIsAccepted() throws Exception {
        ClientSettings s = ClientSettings.from(config("localAddress", " 127.0.0.1 "));
        assertNotNull(s.localAddress);
        assertEquals("127.0.0.1", s.localAddress.getHostAddress());
    }

    @Test
    public void bootstrapServerAloneIsConfigured() throws Exception {
        ClientSettings s = ClientSettings.from(config("bootstrapServerUri", "coap://bs.example:5683"));
        assertFalse(s.isUnconfigured());
        assertEquals("", s.serverUri);
        assertEquals("coap://bs.example:5683", s.bootstrapServerUri);
    }

    @Test
    public void rawConfigurationIsKept() throws Exception {
        ClientConfiguration c = config("manufacturer", "ACME");
        ClientSettings s = ClientSettings.from(c);
        assertTrue(s.raw == c);
        assertEquals("ACME", s.raw.manufacturer());
    }

    @Test
    public void everyAttributeHasADefault() {
        for (Method m : ClientConfiguration.class.getDeclaredMethods()) {
            assertNotNull(m.getName() + " has a default", m.getDefaultValue());
        }
    }
}
