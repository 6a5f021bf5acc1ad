package org.scgateway.console.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.http.whiteboard.Preprocessor;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scgateway.api.config.Pids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards the whole Web Console, not only this bundle's page, against what a browser can be made to do by another
 * site while it holds the console's credentials (issue 22, finding 3): a state-changing request whose Origin or
 * Referer names another site is refused (403), as Sling's referrer filter does; every answer forbids framing by
 * other sites; and an address that gives wrong passwords in a row is refused (429) for a time that doubles.
 * <p>
 * A whiteboard {@link Preprocessor}, because it runs before the console's own authentication (a filter would not see
 * a failed login), and a javax one, because Felix's HTTP service and Karaf's Pax Web both take it.
 */
@Component(configurationPid = Pids.CONSOLE_GUARD, service = Preprocessor.class)
@Designate(ocd = ConsoleGuard.Config.class)
public class ConsoleGuard implements Preprocessor {

    @ObjectClassDefinition(name = "SC Gateway console guard",
            description = "Protects the Web Console from cross-site requests, framing and password guessing.")
    public @interface Config {
        @AttributeDefinition(name = "Paths", description = "Request paths guarded (each with everything below it).")
        String[] paths() default {"/system/console"};

        @AttributeDefinition(name = "Wrong passwords before refusing", description = "Wrong passwords in a row from one address "
                + "before that address is refused for a while.")
        int failuresBeforeLock() default 5;

        @AttributeDefinition(name = "Longest refusal (s)", description = "The refusal starts at 1 s and doubles with each "
                + "further wrong password, up to this.")
        int maxLockSeconds() default 300;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleGuard.class);
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    /** Addresses remembered at most: an attacker with many addresses cannot grow the heap. */
    static final int MAX_ADDRESSES = 1024;

    private final LongSupplier clock;
    private volatile Config config;
    private final Map<String, Failures> failures = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    /** Wrong passwords in a row from one address, and until when it is refused. */
    private static final class Failures {
        int count;
        long lockedUntil;
    }

    public ConsoleGuard() {
        this(System::nanoTime);
    }

    ConsoleGuard(LongSupplier nanoClock) {
        this.clock = nanoClock;
    }

    @Activate
    @Modified
    void configure(Config config) {
        this.config = config;
    }

    @Override
    public void init(FilterConfig filterConfig) {
        // nothing to set up
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest) || !guarded(((HttpServletRequest) request).getRequestURI())) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = new SameSiteCookies((HttpServletResponse) response);
        resp.setHeader("X-Frame-Options", "SAMEORIGIN");
        resp.setHeader("Content-Security-Policy", "frame-ancestors 'self'");
        String address = req.getRemoteAddr();
        long wait = secondsRefused(address);
        if (wait > 0) {
            resp.setHeader("Retry-After", Long.toString(wait));
            resp.sendError(429, "too many wrong passwords from " + address + ": try again in " + wait + " s");
            return;
        }
        if (!SAFE_METHODS.contains(req.getMethod().toUpperCase(java.util.Locale.ROOT)) && !SameOrigin.of(req)) {
            LOG.warn("console: a {} to {} from another site was refused (Origin or Referer names another host)",
                    req.getMethod(), req.getRequestURI());
            resp.sendError(HttpServletResponse.SC_FORBIDDEN, "refused: this request came from another site");
            return;
        }
        chain.doFilter(request, resp);
        if (req.getHeader("Authorization") != null) {
            loginOutcome(address, resp.getStatus() != HttpServletResponse.SC_UNAUTHORIZED);
        }
    }

    boolean guarded(String uri) {
        if (uri == null) {
            return false;
        }
        for (String path : config.paths()) {
            if (uri.equals(path) || uri.startsWith(path.endsWith("/") ? path : path + "/")) {
                return true;
            }
        }
        return false;
    }

    /** Seconds left before this address may try again, 0 if it may now. */
    long secondsRefused(String address) {
        synchronized (failures) {
            Failures f = failures.get(address);
            long left = f == null ? 0 : f.lockedUntil - clock.getAsLong();
            return left <= 0 ? 0 : (left + 999_999_999L) / 1_000_000_000L;
        }
    }

    /** Counts a wrong password, or forgets the address's failures on a right one. */
    void loginOutcome(String address, boolean accepted) {
        long seconds;
        int count;
        synchronized (failures) {
            if (accepted) {
                failures.remove(address);
                return;
            }
            Failures f = failures.computeIfAbsent(address, a -> new Failures());
            count = ++f.count;
            int over = count - Math.max(1, config.failuresBeforeLock());
            if (over < 0) {
                return;
            }
            seconds = Math.min(Math.max(1, config.maxLockSeconds()), 1L << Math.min(over, 30));
            f.lockedUntil = clock.getAsLong() + seconds * 1_000_000_000L;
        }
        LOG.warn("console: {} wrong passwords in a row from {}: refusing it for {} s", count, address, seconds);
    }

    @Override
    public void destroy() {
        // nothing held
    }
}
