package org.scgateway.lwm2m.client.internal;

import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Optional;

import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;
import org.eclipse.leshan.client.servers.ServerInfo;

/**
 * Leshan's CoAP-over-DTLS endpoints, with the PSK store of {@link ComponentPskStore} for the accounts whose key
 * stays in a Secure Component; everything else (cipher suites, DTLS role, certificates) is Leshan's.
 */
final class HeldKeyEndpoints extends CoapsClientProtocolProvider {

    private final HeldKeys held;

    HeldKeyEndpoints(HeldKeys held) {
        this.held = held;
    }

    @Override
    public CaliforniumClientEndpointFactory createDefaultEndpointFactory() {
        return new CoapsClientEndpointFactory() {
            @Override
            protected DtlsConnectorConfig.Builder createEffectiveDtlsConnectorConfigBuilder(InetSocketAddress address, ServerInfo server,
                    DtlsConnectorConfig.Builder root, Configuration coapConfig, boolean clientInitiatedOnly, List<Certificate> trustStore) {
                DtlsConnectorConfig.Builder b = super.createEffectiveDtlsConnectorConfigBuilder(address, server, root, coapConfig,
                        clientInitiatedOnly, trustStore);
                Optional<HeldKeys.Held> key = b == null ? Optional.empty() : held.of(server);
                key.ifPresent(k -> b.setAdvancedPskStore(new ComponentPskStore(server.pskId, k, server.getFullUri().toString())));
                return b;
            }
        };
    }
}
