package org.scgateway.lwm2m.client.internal;

import static org.junit.Assert.assertEquals;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.leshan.client.EndpointsManager;
import org.eclipse.leshan.client.request.UplinkRequestSender;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.request.BootstrapRequest;
import org.eclipse.leshan.core.request.DeregisterRequest;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;
import org.eclipse.leshan.core.request.UplinkRequest;
import org.eclipse.leshan.core.response.ErrorCallback;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ResponseCallback;
import org.junit.Test;

/** {@link ResumingRequestSender}: the session resumed before a Register or an Update, and before nothing else. */
public class ResumingRequestSenderTest {

    private final List<String> seen = new ArrayList<>();
    private final LwM2mServer server = new LwM2mServer(new IpPeer(new InetSocketAddress("127.0.0.1", 5684)), 123L,
            URI.create("coaps://127.0.0.1:5684"));

    private final UplinkRequestSender plain = new UplinkRequestSender() {
        @Override
        public <T extends LwM2mResponse> T send(LwM2mServer srv, UplinkRequest<T> request, long timeoutInMs) {
            seen.add("sent " + request.getClass().getSimpleName() + " in " + timeoutInMs);
            return null;
        }

        @Override
        public <T extends LwM2mResponse> void send(LwM2mServer srv, UplinkRequest<T> request, long timeoutInMs,
                ResponseCallback<T> responseCallback, ErrorCallback errorCallback) {
            seen.add("sent async " + request.getClass().getSimpleName());
        }
    };

    private final EndpointsManager endpoints = new RecordingEndpoints(server, seen, 0);

    private final ResumingRequestSender sender = new ResumingRequestSender(plain, endpoints, java.time.Duration.ZERO);

    @Test
    public void aRegisterAndAnUpdateGoOnAResumedSession() throws Exception {
        sender.send(server, new RegisterRequest("ep", 60L, "1.1", null, false, null,
                new Link[] {new Link("/1/0"), new Link("/3/0")}, null), 30_000);
        sender.send(server, new UpdateRequest("/rd/1", null, null, null, null, null), 30_000);
        assertEquals(List.of("resume", "sent RegisterRequest in 30000", "resume", "sent UpdateRequest in 30000"), seen);
    }

    @Test
    public void theAsynchronousSendResumesToo() {
        sender.send(server, new UpdateRequest("/rd/1", null, null, null, null, null), 30_000, r -> { }, e -> { });
        assertEquals(List.of("resume", "sent async UpdateRequest"), seen);
    }

    @Test
    public void notTwiceWhileTheResumedSessionIsNewAndAnswers() throws Exception {
        UplinkRequestSender answering = new UplinkRequestSender() {
            @SuppressWarnings("unchecked")
            @Override
            public <T extends LwM2mResponse> T send(LwM2mServer srv, UplinkRequest<T> request, long timeoutInMs) {
                seen.add("sent " + request.getClass().getSimpleName());
                return (T) org.eclipse.leshan.core.response.UpdateResponse.success();
            }

            @Override
            public <T extends LwM2mResponse> void send(LwM2mServer srv, UplinkRequest<T> request, long timeoutInMs,
                    ResponseCallback<T> responseCallback, ErrorCallback errorCallback) {
                seen.add("sent async " + request.getClass().getSimpleName());
                errorCallback.onError(new org.eclipse.leshan.core.request.exception.TimeoutException(
                        org.eclipse.leshan.core.request.exception.TimeoutException.Type.RESPONSE_TIMEOUT, "no answer"));
            }
        };
        ResumingRequestSender s = new ResumingRequestSender(answering, endpoints, java.time.Duration.ofMinutes(1));
        UpdateRequest update = new UpdateRequest("/rd/1", null, null, null, null, null);
        s.send(server, update, 30_000);
        s.send(server, update, 30_000); // answered, and the session new: as it is
        s.send(server, update, 30_000, r -> { }, e -> { }); // as it is, and times out
        s.send(server, update, 30_000); // after a failure: resumed
        assertEquals(List.of("resume", "sent UpdateRequest", "sent UpdateRequest", "sent async UpdateRequest", "resume",
                "sent UpdateRequest"), seen);
    }

    @Test
    public void otherRequestsGoAsTheyAre() throws Exception {
        sender.send(server, new DeregisterRequest("/rd/1"), 1000);
        sender.send(server, new BootstrapRequest("ep"), 1000);
        assertEquals(List.of("sent DeregisterRequest in 1000", "sent BootstrapRequest in 1000"), seen);
    }
}
