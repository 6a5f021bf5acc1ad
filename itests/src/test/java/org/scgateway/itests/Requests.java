package org.scgateway.itests;

import org.scgateway.peers.leshan.core.request.DownlinkRequest;
import org.scgateway.peers.leshan.core.request.exception.RequestCanceledException;
import org.scgateway.peers.leshan.core.response.LwM2mResponse;
import org.scgateway.peers.leshan.server.LeshanServer;
import org.scgateway.peers.leshan.server.registration.Registration;

/** A server's requests to the gateway, as the suites that restart its client send them. */
final class Requests {

    private Requests() {
    }

    /**
     * Sends to the endpoint's current registration. A card inserted restarts the client more than once (its
     * bootstrap source, then its credential store), and a request to a registration that ends meanwhile is
     * cancelled by Leshan: it is sent again to the next one.
     */
    static <T extends LwM2mResponse> T send(LeshanServer to, String endpoint, DownlinkRequest<T> request, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            Registration r = to.getRegistrationService().getByEndpoint(endpoint);
            try {
                if (r != null) {
                    T response = to.send(r, request, 10_000);
                    if (response != null) {
                        return response;
                    }
                }
            } catch (RequestCanceledException e) {
                // that registration ended
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(endpoint + " gave no answer to " + request + " within " + timeoutMillis + " ms");
            }
            Thread.sleep(100);
        }
    }
}
