package org.scgateway.lwm2m.client.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.scgateway.api.credential.CredentialStore;

/** The configuration of the LwM2M client (PID {@value LeshanClientComponent#PID}); the Web Console shows it as a form. */
@ObjectClassDefinition(name = "SC Gateway LwM2M client",
        description = "The gateway's LwM2M 1.1 client (Eclipse Leshan). A change restarts the client: it deregisters and "
                + "registers again. Secrets are never kept here: a PSK entered below is moved into the credential store "
                + "and removed from this configuration.")
public @interface ClientConfiguration {

    @AttributeDefinition(name = "Endpoint name", description = "The endpoint client name the gateway registers with. Empty: the host name.")
    String endpoint() default "";

    @AttributeDefinition(name = "Server URI", description = "The LwM2M server, coap://host:5683 or coaps://host:5684. "
            + "Empty, with no bootstrap server either: the client waits for configuration.")
    String serverUri() default "";

    @AttributeDefinition(name = "Short server id", description = "The Short Server ID of that server (1 to 65534).")
    int shortServerId() default 123;

    @AttributeDefinition(name = "Security mode", description = "How the client authenticates to the server over DTLS. "
            + "PSK needs the identity below and a key in the credential store; RPK and X.509 need their keys there too.",
            options = {
                @Option(label = "No security (coap://)", value = "NO_SEC"),
                @Option(label = "Pre-shared key", value = "PSK"),
                @Option(label = "Raw public key", value = "RPK"),
                @Option(label = "X.509 certificate", value = "X509")})
    String securityMode() default "NO_SEC";

    @AttributeDefinition(name = "PSK identity", description = "The PSK identity (security mode PSK).")
    String pskIdentity() default "";

    @AttributeDefinition(name = "PSK key (hex)", type = AttributeType.PASSWORD, required = false,
            description = "A pre-shared key to provision, in hexadecimal. It is moved into the credential store at once and "
                    + "removed from this configuration; leave empty to keep the key already stored.")
    String pskKey() default "";

    @AttributeDefinition(name = "Bootstrap server URI", description = "A bootstrap server to ask for the server configuration "
            + "(client-initiated bootstrap). Used when no server URI is set.")
    String bootstrapServerUri() default "";

    @AttributeDefinition(name = "Lifetime (s)", description = "Registration lifetime; the client updates before it runs out.")
    long lifetime() default 300;

    @AttributeDefinition(name = "Minimum lifetime a server may set (s)", description = "A Lifetime a server writes into a "
            + "Server instance below this is refused (4.00): the client updates before each lifetime runs out, and a lifetime "
            + "of a second would have it send an Update a second. The configured lifetime and a card's bootstrap file are not "
            + "bounded by it.")
    long minLifetime() default 30;

    @AttributeDefinition(name = "Binding", description = "Binding mode of the Server object: U (UDP), or UQ for queue mode.")
    String binding() default "U";

    @AttributeDefinition(name = "Local address", description = "The address the client's CoAP endpoint binds to. Empty: any.")
    String localAddress() default "";

    @AttributeDefinition(name = "Request timeout (ms)", description = "How long to wait for the answer to a Register or Update.")
    long requestTimeoutMs() default 30000;

    @AttributeDefinition(name = "DTLS handshake before each Register and Update", description = "Resume the DTLS "
            + "session (an abbreviated handshake; a full one if the server no longer has the session) before each Register "
            + "and Registration Update. A server that restarted lost its sessions and drops, without a word, what comes on "
            + "one: without this the first Register or Update after a short outage waits out the request timeout above. "
            + "Costs about one and a half round trips per Update; no effect on coap://.")
    boolean handshakeBeforeRegistration() default true;

    @AttributeDefinition(name = "Retry wait (ms)", description = "First wait before the client tries again after a failed "
            + "registration; the wait doubles with each failure, up to the maximum below.")
    int retryWaitMs() default 5000;

    @AttributeDefinition(name = "Maximum retry wait (ms)", description = "The longest wait between two attempts.")
    int maxRetryWaitMs() default 300000;

    @AttributeDefinition(name = "CoAP ACK timeout (ms)", description = "CoAP initial retransmission timeout (RFC 7252 ACK_TIMEOUT).")
    int coapAckTimeoutMs() default 2000;

    @AttributeDefinition(name = "CoAP maximum retransmissions", description = "RFC 7252 MAX_RETRANSMIT.")
    int coapMaxRetransmit() default 4;

    @AttributeDefinition(name = "Longest retransmission wait (ms)", description = "The wait between two retransmissions "
            + "doubles from the timeouts above up to this, for CoAP messages and DTLS handshake flights alike (Californium's "
            + "MAX_ACK_TIMEOUT and DTLS_MAX_RETRANSMISSION_TIMEOUT, 60 s there): once a server is back after an outage, what "
            + "is in flight reaches it within this wait.")
    int maxRetransmissionWaitMs() default 8000;

    @AttributeDefinition(name = "Largest request body (bytes)", description = "The largest payload a server may send in one "
            + "request, block-wise (Californium's MAX_RESOURCE_BODY_SIZE, 8,192 by default there): an admin script larger than "
            + "this is refused with 4.13. Each request being assembled holds up to this much.")
    int maxRequestBodyBytes() default 65536;

    @AttributeDefinition(name = "DTLS retransmission timeout (ms)", description = "Initial DTLS handshake retransmission timeout.")
    int dtlsRetransmissionTimeoutMs() default 2000;

    @AttributeDefinition(name = "Manufacturer", description = "Device object (3) resource 0.")
    String manufacturer() default "SC Gateway";

    @AttributeDefinition(name = "Model number", description = "Device object (3) resource 1.")
    String model() default "SC Gateway";

    @AttributeDefinition(name = "Serial number", description = "Device object (3) resource 2. Empty: the endpoint name.")
    String serialNumber() default "";

    @AttributeDefinition(name = "Allow reboot", description = "Whether the server's Reboot (/3/0/4) restarts the OSGi framework. "
            + "Off: Reboot is refused with 4.05.")
    boolean rebootAllowed() default false;

    @AttributeDefinition(name = "Credential store filter", required = false,
            description = "An LDAP filter choosing the credential store, e.g. " + CredentialStore.IN_SECURE_COMPONENT
                    + " for a Secure Component's only. Empty: the highest-ranked store.")
    String credentialStore_target() default "";
}
