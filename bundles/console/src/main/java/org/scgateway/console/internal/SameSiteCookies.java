package org.scgateway.console.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

/**
 * Marks every cookie a console page sets {@code SameSite=Strict}, so that a browser does not send it along with a
 * request another site makes. javax's {@link Cookie} has no SameSite, so a cookie is written as its header.
 */
final class SameSiteCookies extends HttpServletResponseWrapper {

    private static final String SET_COOKIE = "Set-Cookie";
    /** RFC 6265's sane-cookie-date: a two-digit day, always GMT. */
    private static final DateTimeFormatter EXPIRES = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    SameSiteCookies(HttpServletResponse response) {
        super(response);
    }

    @Override
    public void addCookie(Cookie cookie) {
        super.addHeader(SET_COOKIE, header(cookie, Instant.now()));
    }

    @Override
    public void addHeader(String name, String value) {
        super.addHeader(name, SET_COOKIE.equalsIgnoreCase(name) ? strict(value) : value);
    }

    @Override
    public void setHeader(String name, String value) {
        super.setHeader(name, SET_COOKIE.equalsIgnoreCase(name) ? strict(value) : value);
    }

    static String strict(String setCookie) {
        return setCookie == null || setCookie.toLowerCase(java.util.Locale.ROOT).contains("samesite=") ? setCookie : setCookie + "; SameSite=Strict";
    }

    static String header(Cookie c, Instant now) {
        StringBuilder h = new StringBuilder(c.getName()).append('=').append(c.getValue() == null ? "" : c.getValue());
        if (c.getPath() != null) {
            h.append("; Path=").append(c.getPath());
        }
        if (c.getDomain() != null) {
            h.append("; Domain=").append(c.getDomain());
        }
        if (c.getMaxAge() >= 0) {
            h.append("; Expires=").append(EXPIRES.format(now.plusSeconds(c.getMaxAge()))).append("; Max-Age=").append(c.getMaxAge());
        }
        if (c.getSecure()) {
            h.append("; Secure");
        }
        if (c.isHttpOnly()) {
            h.append("; HttpOnly");
        }
        return h.append("; SameSite=Strict").toString();
    }
}
