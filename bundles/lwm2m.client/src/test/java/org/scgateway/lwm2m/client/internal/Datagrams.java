package org.scgateway.lwm2m.client.internal;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.MessageCallback;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.scandium.DTLSConnector;

/** One datagram through a DTLS connector, for the handshake tests: a handshake that fails completes {@code arrived} so. */
final class Datagrams {

    private Datagrams() {
    }

    static void send(DTLSConnector from, InetSocketAddress to, CompletableFuture<?> arrived) {
        from.send(RawData.outbound(new byte[] {1, 2, 3}, new AddressEndpointContext(to), new MessageCallback() {
            @Override
            public void onConnecting() {
            }

            @Override
            public void onDtlsRetransmission(int flight) {
            }

            @Override
            public void onContextEstablished(EndpointContext context) {
            }

            @Override
            public void onSent() {
            }

            @Override
            public void onError(Throwable error) {
                arrived.completeExceptionally(error);
            }
        }, false));
    }
}
