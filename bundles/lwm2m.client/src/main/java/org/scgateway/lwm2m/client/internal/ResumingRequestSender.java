package org.scgateway.lwm2m.client.internal;

import org.eclipse.leshan.client.EndpointsManager;
import org.eclipse.leshan.client.request.UplinkRequestSender;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;
import org.eclipse.leshan.core.request.UplinkRequest;
import org.eclipse.leshan.core.response.ErrorCallback;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ResponseCallback;

/**
 * The registration engine's sender, which has the DTLS session resumed before each Register and Update (issue 22,
 * finding 10).
 * <p>
 * A server that restarted lost its DTLS sessions and drops, without a word, the records that come on one, so a
 * Register or Update on the session the client still holds waits out the whole request timeout (30 s) before Leshan
 * handshakes again. Leshan's own {@code reconnectOnUpdate} covers Updates only; after an outage the Register retries
 * went on the old session too, since a resumption that fails while the server is down leaves the client with the
 * session it had. Resuming asks the server for an abbreviated handshake (no key of the Secure Component used); a
 * server that no longer has the session answers with a full one. On coap:// there is nothing to resume.
 */
final class ResumingRequestSender implements UplinkRequestSender {

    private final UplinkRequestSender delegate;
    private final EndpointsManager endpoints;

    ResumingRequestSender(UplinkRequestSender delegate, EndpointsManager endpoints) {
        this.delegate = delegate;
        this.endpoints = endpoints;
    }

    @Override
    public <T extends LwM2mResponse> T send(LwM2mServer server, UplinkRequest<T> request, long timeoutInMs) throws InterruptedException {
        resumeBefore(server, request);
        return delegate.send(server, request, timeoutInMs);
    }

    @Override
    public <T extends LwM2mResponse> void send(LwM2mServer server, UplinkRequest<T> request, long timeoutInMs,
            ResponseCallback<T> responseCallback, ErrorCallback errorCallback) {
        resumeBefore(server, request);
        delegate.send(server, request, timeoutInMs, responseCallback, errorCallback);
    }

    private void resumeBefore(LwM2mServer server, UplinkRequest<?> request) {
        if (request instanceof RegisterRequest || request instanceof UpdateRequest) {
            endpoints.forceReconnection(server, true);
        }
    }
}
