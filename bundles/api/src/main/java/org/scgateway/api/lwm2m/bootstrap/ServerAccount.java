package org.scgateway.api.lwm2m.bootstrap;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.scgateway.api.credential.Secret;

/**
 * One server the client may talk to, as a Security (0) instance and, for an LwM2M server, its Server (1)
 * instance describe it. Key material: for PSK the identity and the key; for RPK the client's public key
 * (SubjectPublicKeyInfo, DER), its private key (PKCS#8, DER) and the server's public key; for X.509 the
 * client certificate, its private key and the server certificate (DER). {@link #toString()} shows no key.
 */
public final class ServerAccount {

    /** The Security object's Security Mode (resource 2) values this project uses. */
    public enum SecurityMode {
        PSK(0), RPK(1), NO_SEC(3), X509(2);

        private final int code;

        SecurityMode(int code) {
            this.code = code;
        }

        /** The value of resource /0/x/2. */
        public int code() {
            return code;
        }
    }

    private final String uri;
    private final boolean bootstrapServer;
    private final int shortServerId;
    private final SecurityMode securityMode;
    private final byte[] identity;
    private final Secret secretKey;
    private final byte[] serverKey;
    private final long lifetime;
    private final String binding;
    private final OscoreContext oscore;
    private final RegistrationPolicy registrationPolicy;
    private final Boolean muteSend;

    private ServerAccount(Builder b) {
        this.uri = b.uri;
        this.bootstrapServer = b.bootstrapServer;
        this.shortServerId = b.shortServerId;
        this.securityMode = b.securityMode;
        this.identity = b.identity;
        this.secretKey = b.secretKey;
        this.serverKey = b.serverKey;
        this.lifetime = b.lifetime;
        this.binding = b.binding;
        this.oscore = b.oscore;
        this.registrationPolicy = b.registrationPolicy;
        this.muteSend = b.muteSend;
    }

    /** An LwM2M server account. */
    public static Builder server(String uri, int shortServerId) {
        return new Builder(uri, false, shortServerId);
    }

    /** The bootstrap server account. */
    public static Builder bootstrapServer(String uri) {
        return new Builder(uri, true, 0);
    }

    /**
     * A builder holding everything this account holds, to change one thing (its key for a marker, say) and keep the
     * rest — registration policy and Mute Send included.
     *
     * @since 1.1
     */
    public Builder toBuilder() {
        Builder b = new Builder(uri, bootstrapServer, shortServerId);
        b.securityMode = securityMode;
        b.identity = identity;
        b.secretKey = secretKey;
        b.serverKey = serverKey;
        b.lifetime = lifetime;
        b.binding = binding;
        b.oscore = oscore;
        b.registrationPolicy = registrationPolicy;
        b.muteSend = muteSend;
        return b;
    }

    public String uri() {
        return uri;
    }

    public boolean isBootstrapServer() {
        return bootstrapServer;
    }

    /** The Short Server ID (1 to 65534); 0 for the bootstrap server. */
    public int shortServerId() {
        return shortServerId;
    }

    public SecurityMode securityMode() {
        return securityMode;
    }

    /** PSK identity, client public key or client certificate; empty for NoSec. A copy. */
    public byte[] identity() {
        return identity.clone();
    }

    /** PSK or client private key; empty for NoSec. */
    public Optional<Secret> secretKey() {
        return Optional.ofNullable(secretKey);
    }

    /** Server public key or certificate; empty for NoSec and PSK. A copy. */
    public byte[] serverKey() {
        return serverKey.clone();
    }

    /** Registration lifetime in seconds (Server object); 0 for the bootstrap server. */
    public long lifetime() {
        return lifetime;
    }

    /** Binding of the Server object, such as {@code U}. */
    public String binding() {
        return binding;
    }

    /**
     * The OSCORE context that protects this server's messages (the Security instance's OSCORE Security Mode
     * link, resource 17); empty when there is none. Such an account is NoSec on the transport.
     */
    public Optional<OscoreContext> oscore() {
        return Optional.ofNullable(oscore);
    }

    /**
     * How the client registers to this server (Server object resources 13 to 20); {@link RegistrationPolicy#defaults()}
     * when the account says nothing of it, and for the bootstrap server, which has no Server instance.
     *
     * @since 1.1
     */
    public RegistrationPolicy registrationPolicy() {
        return registrationPolicy;
    }

    /**
     * Mute Send (Server object resource 23): false lets the client Send to this server; true, or none given, keeps it
     * from doing so (LwM2M 1.1 Core E.2).
     *
     * @since 1.1
     */
    public Optional<Boolean> muteSend() {
        return Optional.ofNullable(muteSend);
    }

    @Override
    public String toString() {
        return (bootstrapServer ? "bootstrap server " : "server " + shortServerId + " ") + uri + " "
                + (oscore == null ? securityMode : "OSCORE");
    }

    /** Builds a {@link ServerAccount}; defaults: NoSec, lifetime 300, binding U, the TS's registration policy. */
    public static final class Builder {
        private final String uri;
        private final boolean bootstrapServer;
        private final int shortServerId;
        private SecurityMode securityMode = SecurityMode.NO_SEC;
        private byte[] identity = new byte[0];
        private Secret secretKey;
        private byte[] serverKey = new byte[0];
        private long lifetime = 300;
        private String binding = "U";
        private OscoreContext oscore;
        private RegistrationPolicy registrationPolicy = RegistrationPolicy.defaults();
        private Boolean muteSend;

        private Builder(String uri, boolean bootstrapServer, int shortServerId) {
            String scheme;
            try {
                URI parsed = new URI(Objects.requireNonNull(uri, "uri"));
                scheme = parsed.getScheme();
                // A host and a numeric port, not just any authority: Leshan cannot reach "coap://host:12*4" and
                // would sit on it without ever registering.
                if (parsed.parseServerAuthority().getHost() == null) {
                    throw new IllegalArgumentException("a server URI names a host: " + uri);
                }
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a server URI: " + uri, e);
            }
            if (scheme == null || !(scheme.toLowerCase(Locale.ROOT).equals("coap") || scheme.toLowerCase(Locale.ROOT).equals("coaps"))) {
                throw new IllegalArgumentException("a server URI starts with coap:// or coaps://: " + uri);
            }
            if (!bootstrapServer && (shortServerId < 1 || shortServerId > 65534)) {
                throw new IllegalArgumentException("a short server id is 1 to 65534, not " + shortServerId);
            }
            this.uri = uri;
            this.bootstrapServer = bootstrapServer;
            this.shortServerId = shortServerId;
        }

        public Builder psk(byte[] identity, Secret key) {
            return keys(SecurityMode.PSK, identity, key, new byte[0]);
        }

        public Builder rpk(byte[] clientPublicKey, Secret clientPrivateKey, byte[] serverPublicKey) {
            return keys(SecurityMode.RPK, clientPublicKey, clientPrivateKey, serverPublicKey);
        }

        public Builder x509(byte[] clientCertificate, Secret clientPrivateKey, byte[] serverCertificate) {
            return keys(SecurityMode.X509, clientCertificate, clientPrivateKey, serverCertificate);
        }

        /** Protects the messages with OSCORE over plain CoAP (a coap:// URI, Security Mode NoSec). */
        public Builder oscore(OscoreContext context) {
            this.oscore = Objects.requireNonNull(context, "context");
            return this;
        }

        public Builder lifetime(long seconds) {
            if (seconds < 1) {
                throw new IllegalArgumentException("a lifetime is at least 1 second, not " + seconds);
            }
            this.lifetime = seconds;
            return this;
        }

        public Builder binding(String binding) {
            if (binding == null || binding.isBlank()) {
                throw new IllegalArgumentException("a binding names at least one mode, e.g. U");
            }
            this.binding = binding;
            return this;
        }

        /** @since 1.1 */
        public Builder registrationPolicy(RegistrationPolicy policy) {
            this.registrationPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** @since 1.1 */
        public Builder muteSend(boolean mute) {
            this.muteSend = mute;
            return this;
        }

        /** @throws IllegalArgumentException for OSCORE with DTLS, which this client does not combine */
        public ServerAccount build() {
            if (oscore != null && securityMode != SecurityMode.NO_SEC) {
                throw new IllegalArgumentException("OSCORE goes over plain CoAP here, not with security mode " + securityMode);
            }
            return new ServerAccount(this);
        }

        private Builder keys(SecurityMode mode, byte[] identity, Secret key, byte[] serverKey) {
            if (identity == null || identity.length == 0 || key == null || serverKey == null) {
                throw new IllegalArgumentException("security mode " + mode + " needs its identity and key");
            }
            if (mode != SecurityMode.PSK && serverKey.length == 0) {
                throw new IllegalArgumentException("security mode " + mode + " needs the server's key or certificate");
            }
            this.securityMode = mode;
            this.identity = identity.clone();
            this.secretKey = key;
            this.serverKey = serverKey.clone();
            return this;
        }
    }
}
