package org.scgateway.lwm2m.client.internal;

import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Optional;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.util.ExecutorsUtil;
import org.eclipse.californium.elements.util.ProtocolScheduledExecutorService;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.dtls.SignatureAndHashAlgorithm;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.leshan.transport.californium.client.endpoint.CaliforniumClientEndpointFactory;
import org.eclipse.leshan.transport.californium.client.endpoint.coaps.CoapsClientEndpointFactory;
import org.eclipse.leshan.transport.californium.client.endpoint.coaps.CoapsClientProtocolProvider;
import org.eclipse.leshan.client.servers.ServerInfo;
import org.eclipse.leshan.core.SecurityMode;
import org.slf4j.LoggerFactory;

/**
 * Leshan's CoAP-over-DTLS endpoints, with the PSK store of {@link ComponentPskStore} for the accounts whose key stays in
 * a Secure Component, and for an RPK or X.509 account whose private key does, its handle ({@link ComponentPrivateKey}) and
 * DTLS threads bound to the provider that signs with it; everything else (cipher suites, DTLS role, certificates) is
 * Leshan's.
 */
final class HeldKeyEndpoints extends CoapsClientProtocolProvider {

    private final HeldKeys held;

    /** DTLS worker threads whose Signature is bound to the gateway's provider first ({@link ComponentKeysProvider#prime()}). */
    private static final ThreadFactory PRIMED = new ThreadFactory() {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(() -> {
                try {
                    ComponentKeysProvider.prime();
                } catch (RuntimeException e) {
                    // The thread still works: its handshakes then cannot sign with the component's key, and say so.
                    LoggerFactory.getLogger(HeldKeyEndpoints.class).error("a DTLS thread could not be bound to the gateway's signing "
                            + "provider: {}", e.getMessage());
                }
                r.run();
            }, "dtls-held-key-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    };

    HeldKeyEndpoints(HeldKeys held) {
        this.held = held;
    }

    @Override
    public CaliforniumClientEndpointFactory createDefaultEndpointFactory() {
        return new Factory();
    }

    /** Leshan's CoAP-over-DTLS endpoint factory, with the component's keys where they stay in one. */
    final class Factory extends CoapsClientEndpointFactory {

        @Override
        protected DtlsConnectorConfig.Builder createEffectiveDtlsConnectorConfigBuilder(InetSocketAddress address, ServerInfo server,
                DtlsConnectorConfig.Builder root, Configuration coapConfig, boolean clientInitiatedOnly, List<Certificate> trustStore) {
            // The marker Leshan decoded is a throwaway key: the handle of the key in the component stands in for it.
            Optional<ComponentPrivateKey> signing = held.signingKeyOf(server);
            signing.ifPresent(k -> server.privateKey = k);
            DtlsConnectorConfig.Builder b = super.createEffectiveDtlsConnectorConfigBuilder(address, server, root, coapConfig,
                    clientInitiatedOnly, trustStore);
            Optional<HeldKeys.Held> key = b == null ? Optional.empty() : held.of(server);
            key.ifPresent(k -> b.setPskStore(new ComponentPskStore(server.pskId, k, server.getFullUri().toString())));
            if (b != null && signing.isPresent()) {
                b.setCertificateIdentityProvider(server.secureMode == SecurityMode.X509
                        ? ComponentIdentity.certificates(signing.get(), server.clientCertificates)
                        : ComponentIdentity.rawPublicKey(signing.get(), server.publicKey));
                // The component signs SHA-256 digests of P-256 keys.
                b.set(DtlsConfig.DTLS_SIGNATURE_AND_HASH_ALGORITHMS, List.of(SignatureAndHashAlgorithm.SHA256_WITH_ECDSA));
            }
            return b;
        }

        @Override
        protected Connector createSecuredConnector(DtlsConnectorConfig config) {
            if (!held.signs()) {
                return super.createSecuredConnector(config);
            }
            ComponentKeysProvider.install();
            ProtocolScheduledExecutorService primed = ExecutorsUtil.newProtocolScheduledThreadPool(2, PRIMED);
            DTLSConnector connector = new DTLSConnector(config) {
                @Override
                public void destroy() {
                    super.destroy();
                    primed.shutdownNow();
                }
            };
            connector.setExecutor(primed);
            return connector;
        }
    }
}
