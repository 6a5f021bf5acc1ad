package org.scgateway.console.internal;

import java.net.URI;

import javax.servlet.http.HttpServletRequest;

/**
 * Whether a request comes from a page of this host, as the browser says: its {@code Origin}, or failing that its
 * {@code Referer}, names the host the request was sent to.
 * <p>
 * A request with neither is not a browser's cross-site request (browsers send Origin with every cross-origin POST),
 * so scripts and command-line tools pass. {@code Origin: null} — a sandboxed frame, a page that hides its referrer
 * — does not: a page of this console never sends it.
 */
final class SameOrigin {

    private SameOrigin() {
    }

    static boolean of(HttpServletRequest req) {
        String origin = req.getHeader("Origin");
        String from = origin != null ? origin : req.getHeader("Referer");
        if (from == null) {
            return true;
        }
        if (from.equals("null")) {
            return false;
        }
        try {
            URI u = URI.create(from);
            String host = req.getHeader("Host");
            return u.getHost() != null && host != null
                    && host.equalsIgnoreCase(u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
