package org.scgateway.console.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.servlet.http.HttpServletRequest;

import org.junit.Test;

public class ConsoleGuardTest {

    private final AtomicLong now = new AtomicLong();
    private final ConsoleGuard guard = new ConsoleGuard(now::get);

    {
        guard.configure(config(5, 300, "/system/console"));
    }

    @Test
    public void theFifthWrongPasswordInARowLocksTheAddressForASecondThenTwiceAsLong() {
        for (int i = 0; i < 4; i++) {
            guard.loginOutcome("10.0.0.1", false);
            assertEquals("after " + (i + 1), 0, guard.secondsRefused("10.0.0.1"));
        }
        guard.loginOutcome("10.0.0.1", false);
        assertEquals(1, guard.secondsRefused("10.0.0.1"));
        assertEquals("another address is not held back", 0, guard.secondsRefused("10.0.0.2"));
        now.addAndGet(1_000_000_000L);
        assertEquals(0, guard.secondsRefused("10.0.0.1"));
        guard.loginOutcome("10.0.0.1", false);
        assertEquals(2, guard.secondsRefused("10.0.0.1"));
        for (int i = 0; i < 20; i++) {
            guard.loginOutcome("10.0.0.1", false);
        }
        assertEquals("never longer than the longest refusal", 300, guard.secondsRefused("10.0.0.1"));
    }

    @Test
    public void theRightPasswordForgetsTheFailures() {
        for (int i = 0; i < 4; i++) {
            guard.loginOutcome("10.0.0.1", false);
        }
        guard.loginOutcome("10.0.0.1", true);
        for (int i = 0; i < 4; i++) {
            guard.loginOutcome("10.0.0.1", false);
        }
        assertEquals(0, guard.secondsRefused("10.0.0.1"));
    }

    @Test
    public void remembersABoundedNumberOfAddresses() {
        for (int i = 0; i < 5; i++) {
            guard.loginOutcome("first", false);
        }
        for (int a = 0; a < ConsoleGuard.MAX_ADDRESSES; a++) {
            guard.loginOutcome("address-" + a, false);
        }
        assertEquals("the least recently seen address was forgotten", 0, guard.secondsRefused("first"));
    }

    @Test
    public void guardsTheConsolePathsAndNothingElse() {
        assertTrue(guard.guarded("/system/console"));
        assertTrue(guard.guarded("/system/console/bundles/12"));
        assertFalse(guard.guarded("/system/consolex"));
        assertFalse(guard.guarded("/api/clients"));
        assertFalse(guard.guarded(null));
    }

    @Test
    public void sameOriginTakesOriginThenRefererAndRefusesNullAndOtherHosts() {
        assertTrue(SameOrigin.of(request("127.0.0.1:8080", "http://127.0.0.1:8080", null)));
        assertTrue(SameOrigin.of(request("127.0.0.1:8080", null, "http://127.0.0.1:8080/system/console/bundles")));
        assertTrue("a tool that sends neither", SameOrigin.of(request("127.0.0.1:8080", null, null)));
        assertFalse(SameOrigin.of(request("127.0.0.1:8080", "http://evil.example", null)));
        assertFalse("the port counts", SameOrigin.of(request("127.0.0.1:8080", "http://127.0.0.1:9090", null)));
        assertFalse("Origin wins over a Referer", SameOrigin.of(request("127.0.0.1:8080", "http://evil.example", "http://127.0.0.1:8080/")));
        assertFalse("an opaque origin", SameOrigin.of(request("127.0.0.1:8080", "null", null)));
        assertFalse("an opaque origin with a forged-looking Referer", SameOrigin.of(request("127.0.0.1:8080", "null", "http://127.0.0.1:8080/")));
        assertFalse(SameOrigin.of(request("127.0.0.1:8080", "not a uri", null)));
    }

    @Test
    public void cookiesBecomeSameSiteStrictHeaders() {
        javax.servlet.http.Cookie c = new javax.servlet.http.Cookie("felix-webconsole-locale", "en");
        c.setPath("/system/console");
        c.setMaxAge(60);
        c.setHttpOnly(true);
        assertEquals("felix-webconsole-locale=en; Path=/system/console; Expires=Thu, 01 Jan 1970 00:01:00 GMT; Max-Age=60; HttpOnly; SameSite=Strict",
                SameSiteCookies.header(c, java.time.Instant.EPOCH));
        assertEquals("JSESSIONID=x; Path=/; SameSite=Strict", SameSiteCookies.strict("JSESSIONID=x; Path=/"));
        assertEquals("a=b; SameSite=Lax", SameSiteCookies.strict("a=b; SameSite=Lax"));
    }

    private static HttpServletRequest request(String host, String origin, String referer) {
        Map<String, String> headers = new java.util.HashMap<>();
        headers.put("Host", host);
        headers.put("Origin", origin);
        headers.put("Referer", referer);
        return (HttpServletRequest) Proxy.newProxyInstance(ConsoleGuardTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getHeader")) {
                        return headers.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    static ConsoleGuard.Config config(int failures, int maxSeconds, String... paths) {
        return new ConsoleGuard.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ConsoleGuard.Config.class;
            }

            @Override
            public String[] paths() {
                return paths;
            }

            @Override
            public int failuresBeforeLock() {
                return failures;
            }

            @Override
            public int maxLockSeconds() {
                return maxSeconds;
            }
        };
    }
}
