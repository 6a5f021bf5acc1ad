package org.scgateway.lwm2m.client.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;


import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.ExtendedMasterSecretMode;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.SinglePskStore;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Test;
import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.PskKeys;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.credential.Tls12Prf;

/**
 * Real Scandium handshakes between a client whose PSK store asks {@link PskKeys} for the master secret and a server
 * that has the PSK itself: the handshake completes only if the master secret the keys compute is the one the server
 * derives, for each key exchange and master secret the client offers.
 */
public class ComponentPskStoreTest {

    private static final byte[] PSK = "component-held-psk".getBytes(StandardCharsets.US_ASCII);
    private static final String IDENTITY = "gateway-1";

    private final List<DTLSConnector> connectors = new CopyOnWriteArrayList<>();

    @BeforeClass
    public static void modules() {
        DtlsConfig.register();
    }

    @After
    public void stop() {
        connectors.forEach(DTLSConnector::destroy);
    }

    @Test
    public void aPskHandshakeCompletesWithTheMasterSecretFromTheComponent() throws Exception {
        SoftwareKeys keys = new SoftwareKeys();
        handshake(keys, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, ExtendedMasterSecretMode.ENABLED, ExtendedMasterSecretMode.NONE)
                .get(20, TimeUnit.SECONDS);
        assertEquals(List.of("SHA256 plain, no other secret"), keys.asked);
    }

    @Test
    public void theExtendedMasterSecretIsAskedForWhenBothSidesUseIt() throws Exception {
        SoftwareKeys keys = new SoftwareKeys();
        handshake(keys, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, ExtendedMasterSecretMode.REQUIRED).get(20, TimeUnit.SECONDS);
        assertEquals(List.of("SHA256 extended, no other secret"), keys.asked);
    }

    @Test
    public void ecdhePskGivesTheSharedSecretAsOtherSecret() throws Exception {
        SoftwareKeys keys = new SoftwareKeys();
        handshake(keys, CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256, ExtendedMasterSecretMode.ENABLED).get(20, TimeUnit.SECONDS);
        assertEquals(List.of("SHA256 extended, other secret of 32 bytes"), keys.asked);
    }

    @Test
    public void aSha384SuiteAsksForTheSha384Prf() throws Exception {
        SoftwareKeys keys = new SoftwareKeys();
        handshake(keys, CipherSuite.TLS_PSK_WITH_AES_256_GCM_SHA384, ExtendedMasterSecretMode.ENABLED).get(20, TimeUnit.SECONDS);
        assertEquals(List.of("SHA384 extended, no other secret"), keys.asked);
    }

    @Test
    public void aComponentThatFailsFailsTheHandshake() throws Exception {
        SoftwareKeys keys = new SoftwareKeys();
        keys.failing = true;
        CompletableFuture<EndpointContext> done = handshake(keys, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, ExtendedMasterSecretMode.ENABLED);
        try {
            done.get(20, TimeUnit.SECONDS);
            throw new AssertionError("the handshake completed without a master secret");
        } catch (java.util.concurrent.ExecutionException expected) {
            assertTrue(expected.getCause().toString(), expected.getCause().getMessage() != null);
        }
        assertFalse("the component was asked", keys.asked.isEmpty());
    }

    @Test
    public void aWrongMasterSecretFailsTheHandshake() throws Exception {
        SoftwareKeys keys = new SoftwareKeys();
        keys.psk = "another-psk".getBytes(StandardCharsets.US_ASCII);
        CompletableFuture<EndpointContext> done = handshake(keys, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, ExtendedMasterSecretMode.ENABLED);
        try {
            done.get(20, TimeUnit.SECONDS);
            throw new AssertionError("the server accepted a master secret of another key");
        } catch (java.util.concurrent.ExecutionException expected) {
            // the Finished messages do not match
        }
    }

    @Test
    public void prfHashesAreTheSuites() {
        assertEquals(Optional.of(PskKeys.PrfHash.SHA256), ComponentPskStore.prfHash("HmacSHA256"));
        assertEquals(Optional.of(PskKeys.PrfHash.SHA384), ComponentPskStore.prfHash("HmacSHA384"));
        assertFalse(ComponentPskStore.prfHash("HmacSHA1").isPresent());
    }

    @Test
    public void anotherIdentityIsNotAnswered() {
        ComponentPskStore store = new ComponentPskStore(IDENTITY, new HeldKeys.Held("lwm2m/server/1/psk", new SoftwareKeys(), "test"), "s");
        assertNull(store.requestPskSecretResult(org.eclipse.californium.scandium.dtls.ConnectionId.EMPTY, null, new org.eclipse.californium.scandium.dtls.PskPublicInformation("other"),
                "HmacSHA256", null, new byte[64], false).getSecret());
    }

    /** Sends one datagram from a client using the store to a server knowing the PSK; completes when it arrives. */
    private CompletableFuture<EndpointContext> handshake(SoftwareKeys keys, CipherSuite suite, ExtendedMasterSecretMode ems) throws Exception {
        return handshake(keys, suite, ems, ExtendedMasterSecretMode.ENABLED);
    }

    /**
     * The same, with the server's own extended master secret mode. (A client that offers no extension at all is not
     * tried: Scandium 3.12's server fails on such a hello while making its cookie, an empty Mac.update.)
     */
    private CompletableFuture<EndpointContext> handshake(SoftwareKeys keys, CipherSuite suite, ExtendedMasterSecretMode ems,
            ExtendedMasterSecretMode serverEms) throws Exception {
        CompletableFuture<EndpointContext> arrived = new CompletableFuture<>();
        DTLSConnector server = connector(DtlsRole.SERVER_ONLY, suite, serverEms, new SinglePskStore(IDENTITY, PSK));
        server.setRawDataReceiver(raw -> arrived.complete(raw.getEndpointContext()));
        server.start();
        DTLSConnector client = connector(DtlsRole.CLIENT_ONLY, suite, ems,
                new ComponentPskStore(IDENTITY, new HeldKeys.Held("lwm2m/server/1/psk", keys, "the test's keys"), "the test server"));
        client.setRawDataReceiver(raw -> { });
        client.start();
        Datagrams.send(client, server.getAddress(), arrived);
        return arrived;
    }

    private DTLSConnector connector(DtlsRole role, CipherSuite suite, ExtendedMasterSecretMode ems,
            org.eclipse.californium.scandium.dtls.pskstore.PskStore store) {
        Configuration c = Configuration.createStandardWithoutFile();
        c.set(DtlsConfig.DTLS_ROLE, role);
        c.set(DtlsConfig.DTLS_CIPHER_SUITES, List.of(suite));
        c.set(DtlsConfig.DTLS_EXTENDED_MASTER_SECRET_MODE, ems);
        c.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 1);
        DTLSConnector d = new DTLSConnector(DtlsConnectorConfig.builder(c)
                .setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).setPskStore(store).build());
        connectors.add(d);
        return d;
    }

    /** A component in software: the TLS 1.2 PRF over RFC 4279's premaster secret, as the card and the TEE compute it. */
    private static final class SoftwareKeys implements PskKeys {
        byte[] psk = PSK;
        boolean failing;
        final List<String> asked = new CopyOnWriteArrayList<>();

        @Override
        public Secret masterSecret(String name, PrfHash hash, Optional<Secret> otherSecret, byte[] seed, boolean extended)
                throws CredentialStoreException {
            asked.add(hash + (extended ? " extended" : " plain") + ", "
                    + otherSecret.map(o -> "other secret of " + o.length() + " bytes").orElse("no other secret"));
            if (failing) {
                throw new CredentialStoreException("the card was pulled");
            }
            return Secret.of(Tls12Prf.masterSecret(hash, psk, otherSecret.map(Secret::bytes).orElse(null), seed, extended));
        }

        @Override
        public void put(String name, byte[] identity, Secret psk) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<byte[]> identity(String name) {
            return Optional.of(IDENTITY.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public java.util.SortedSet<String> pskNames() {
            return new java.util.TreeSet<>();
        }

        @Override
        public void delete(String name) {
            throw new UnsupportedOperationException();
        }
    }
}
