package org.scgateway.lwm2m.client.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * <p>
 * Not twice within {@link #FRESH} of each other towards one server while its requests get answers: the session is
 * new, and Californium 4.0.0-M6 can lose what waited for one handshake when a second resumption is asked for during
 * it (the connection's context reset before the waiting records went out: a NullPointerException in
 * {@code DTLSConnector.sendMessage}, and a Register followed at once by an Update and a Deregister lost both). A request
 * that failed or timed out lifts the wait: the next one resumes.
 */
final class ResumingRequestSender implements UplinkRequestSender {

    /** How long a resumed session counts as new. */
    static final Duration FRESH = Duration.ofSeconds(5);

    private final UplinkRequestSender delegate;
    private final EndpointsManager endpoints;
    private final long freshNanos;
    /** Per server, until when (System.nanoTime) its session counts as new. */
    private final Map<LwM2mServer, Long> freshUntil = new ConcurrentHashMap<>();

    ResumingRequestSender(UplinkRequestSender delegate, EndpointsManager endpoints) {
        this(delegate, endpoints, FRESH);
    }

    ResumingRequestSender(UplinkRequestSender delegate, EndpointsManager endpoints, Duration fresh) {
        this.delegate = delegate;
        this.endpoints = endpoints;
        this.freshNanos = fresh.toNanos();
    }

    @Override
    public <T extends LwM2mResponse> T send(LwM2mServer server, UplinkRequest<T> request, long timeoutInMs) throws InterruptedException {
        resumeBefore(server, request);
        try {
            T response = delegate.send(server, request, timeoutInMs);
            if (response == null) {
                freshUntil.remove(server);
            }
            return response;
        } catch (RuntimeException e) {
            freshUntil.remove(server);
            throw e;
        }
    }

    @Override
    public <T extends LwM2mResponse> void send(LwM2mServer server, UplinkRequest<T> request, long timeoutInMs,
            ResponseCallback<T> responseCallback, ErrorCallback errorCallback) {
        resumeBefore(server, request);
        delegate.send(server, request, timeoutInMs, responseCallback, e -> {
            freshUntil.remove(server);
            errorCallback.onError(e);
        });
    }

    private void resumeBefore(LwM2mServer server, UplinkRequest<?> request) {
        if (request instanceof RegisterRequest || request instanceof UpdateRequest) {
            long now = System.nanoTime();
            Long until = freshUntil.get(server);
            if (until != null && now - until < 0) {
                return;
            }
            endpoints.forceReconnection(server, true);
            freshUntil.put(server, now + freshNanos);
        }
    }
}
