package org.scgateway.lwm2m.client.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;

import org.eclipse.leshan.core.request.BindingMode;

/**
 * The client's configuration, checked: every problem is found here, before anything starts, and named in
 * terms of the setting a person would change.
 */
final class ClientSettings {

    enum SecurityMode {
        NO_SEC, PSK, RPK, X509
    }

    final String endpoint;
    final String serverUri;
    final int shortServerId;
    final SecurityMode securityMode;
    final String pskIdentity;
    final byte[] pskKeyToImport;
    final String bootstrapServerUri;
    final long lifetime;
    /** The shortest lifetime a server may write into a Server instance. */
    final long minLifetime;
    final EnumSet<BindingMode> binding;
    final InetAddress localAddress;
    final ClientConfiguration raw;

    private ClientSettings(ClientConfiguration c, String endpoint, String serverUri, SecurityMode mode, byte[] pskKey,
            String bootstrapServerUri, EnumSet<BindingMode> binding, InetAddress localAddress) {
        this.raw = c;
        this.endpoint = endpoint;
        this.serverUri = serverUri;
        this.shortServerId = c.shortServerId();
        this.securityMode = mode;
        this.pskIdentity = c.pskIdentity().strip();
        this.pskKeyToImport = pskKey;
        this.bootstrapServerUri = bootstrapServerUri;
        this.lifetime = c.lifetime();
        this.minLifetime = c.minLifetime();
        this.binding = binding;
        this.localAddress = localAddress;
    }

    /** Whether neither a server nor a bootstrap server is configured. */
    boolean isUnconfigured() {
        return serverUri.isEmpty() && bootstrapServerUri.isEmpty();
    }

    static ClientSettings from(ClientConfiguration c) throws InvalidConfigurationException {
        String endpoint = c.endpoint().strip();
        if (endpoint.isEmpty()) {
            endpoint = hostName();
        }
        SecurityMode mode;
        try {
            mode = SecurityMode.valueOf(c.securityMode().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("securityMode '" + c.securityMode() + "' is not one of NO_SEC, PSK, RPK, X509");
        }
        String serverUri = checkUri("serverUri", c.serverUri(), mode);
        String bootstrapUri = checkUri("bootstrapServerUri", c.bootstrapServerUri(), mode);
        if (c.shortServerId() < 1 || c.shortServerId() > 65534) {
            throw new InvalidConfigurationException("shortServerId must be 1 to 65534, not " + c.shortServerId());
        }
        if (c.lifetime() < 1) {
            throw new InvalidConfigurationException("lifetime must be at least 1 second, not " + c.lifetime());
        }
        if (c.minLifetime() < 1) {
            throw new InvalidConfigurationException("minLifetime must be at least 1 second, not " + c.minLifetime());
        }
        if (mode == SecurityMode.PSK && c.pskIdentity().isBlank()) {
            throw new InvalidConfigurationException("securityMode PSK needs pskIdentity");
        }
        byte[] pskKey = null;
        if (!c.pskKey().isBlank()) {
            try {
                pskKey = HexFormat.of().parseHex(c.pskKey().strip().replace(" ", ""));
            } catch (IllegalArgumentException e) {
                // The value itself is a secret: never repeat it.
                throw new InvalidConfigurationException("pskKey is not hexadecimal (its value is not shown)");
            }
            if (pskKey.length == 0) {
                throw new InvalidConfigurationException("pskKey is empty");
            }
        }
        EnumSet<BindingMode> binding;
        try {
            binding = BindingMode.parse(c.binding().strip());
        } catch (RuntimeException e) {
            throw new InvalidConfigurationException("binding '" + c.binding() + "' is not a binding mode (U, UQ, T, S, N)");
        }
        if (binding.isEmpty()) {
            throw new InvalidConfigurationException("binding must name at least one mode, e.g. U");
        }
        InetAddress local = null;
        if (!c.localAddress().isBlank()) {
            try {
                local = InetAddress.getByName(c.localAddress().strip());
            } catch (UnknownHostException e) {
                throw new InvalidConfigurationException("localAddress '" + c.localAddress() + "' is not an address of this host");
            }
        }
        if (c.retryWaitMs() < 1 || c.maxRetryWaitMs() < c.retryWaitMs()) {
            throw new InvalidConfigurationException("retryWaitMs must be at least 1 and maxRetryWaitMs at least retryWaitMs");
        }
        return new ClientSettings(c, endpoint, serverUri, mode, pskKey, bootstrapUri, binding, local);
    }

    private static String checkUri(String setting, String value, SecurityMode mode) throws InvalidConfigurationException {
        String v = value.strip();
        if (v.isEmpty()) {
            return v;
        }
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw new InvalidConfigurationException(setting + " '" + v + "' is not a URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("coap") && !scheme.equals("coaps")) {
            throw new InvalidConfigurationException(setting + " '" + v + "' must start with coap:// or coaps://");
        }
        if (uri.getHost() == null) {
            throw new InvalidConfigurationException(setting + " '" + v + "' names no host");
        }
        if (scheme.equals("coap") && mode != SecurityMode.NO_SEC) {
            throw new InvalidConfigurationException(setting + " '" + v + "' is plain coap:// but securityMode is " + mode
                    + ": use coaps://");
        }
        if (scheme.equals("coaps") && mode == SecurityMode.NO_SEC) {
            throw new InvalidConfigurationException(setting + " '" + v + "' is coaps:// but securityMode is NO_SEC");
        }
        return v;
    }

    static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            if (name != null && !name.isBlank()) {
                return name;
            }
        } catch (UnknownHostException e) {
            // fall through
        }
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "scgateway" : env;
    }
}
