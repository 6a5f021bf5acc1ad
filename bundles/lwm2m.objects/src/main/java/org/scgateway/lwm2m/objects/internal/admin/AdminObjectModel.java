package org.scgateway.lwm2m.objects.internal.admin;

import org.scgateway.api.lwm2m.ObjectDefinition;
import org.scgateway.api.lwm2m.Operations;
import org.scgateway.api.lwm2m.ResourceDefinition;
import org.scgateway.api.lwm2m.ResourceType;

/**
 * The Secure Component Admin object. OMA has assigned it no id yet: it lives in the OMA test range
 * (42769-42800) until it does. {@code models/42769.xml} is the same model in OMA's DDF, for servers; a test
 * holds the two together. The table with result codes is in docs/secure-component-admin.md.
 */
public final class AdminObjectModel {

    public static final int OBJECT_ID = 42769;

    static final int COMPONENT_ID = 0;
    static final int TYPE = 1;
    static final int IDENTIFICATION = 2;
    static final int BACKEND = 3;
    static final int STATE = 4;
    static final int PROTOCOLS = 5;
    static final int ADMIN_REQUEST = 6;
    static final int RUN = 7;
    static final int ADMIN_RESPONSE = 8;
    static final int RESULT = 9;
    static final int RESULT_DESCRIPTION = 10;
    static final int TARGET_APPLICATION = 11;
    static final int SECURE_CHANNEL = 12;
    static final int SERVICES = 13;
    static final int HOSTED_INSTANCES = 14;
    static final int PUBLIC_KEYS = 15;
    static final int CERTIFICATE_REQUESTS = 16;

    /** Resource instances of Identification: one fixed id per kind of data, so that a server can ask for one. */
    static final String[] IDENTIFICATION_ITEMS = {"atr", "cplc", "eid", "iccid", "properties"};

    public static final ObjectDefinition DEFINITION = ObjectDefinition.builder(OBJECT_ID, "Secure Component Admin")
            .version("1.0").multiple(true).mandatory(false)
            .description("One instance per Secure Component of the device (Secure Element or TEE): its identification "
                    + "(LwM2M-SCS-2) and the remote administration of it (SCS-3, SCS-6). Object id from the OMA test range "
                    + "42769-42800 until OMA assigns one.")
            .resource(r(COMPONENT_ID, "Component ID", Operations.READ, ResourceType.STRING, true)
                    .description("Stable identifier of the component (from its EID, ICCID or CPLC).").build())
            .resource(r(TYPE, "Component Type", Operations.READ, ResourceType.STRING, true)
                    .rangeEnumeration("UICC, EUICC, EMBEDDED_SE, TEE").build())
            .resource(r(IDENTIFICATION, "Identification", Operations.READ, ResourceType.OPAQUE, true).multiple(true)
                    .description("Identification data: instance 0 ATR, 1 CPLC, 2 EID, 3 ICCID, 4 TEE properties; only those the "
                            + "component has.").build())
            .resource(r(BACKEND, "Backend", Operations.READ, ResourceType.STRING, true)
                    .description("The driver that reaches the component, such as se.sim or se.pcsc.").build())
            .resource(r(STATE, "State", Operations.READ, ResourceType.STRING, true).rangeEnumeration("READY, BUSY, LOCKED, FAULT").build())
            .resource(r(PROTOCOLS, "Management Protocols", Operations.READ, ResourceType.STRING, true).multiple(true)
                    .description("The admin request formats this instance takes.").build())
            .resource(r(ADMIN_REQUEST, "Admin Request", Operations.WRITE, ResourceType.OPAQUE, true)
                    .description("For a Secure Element: an expanded remote command script (ETSI TS 102 226), AA or AE with 22 "
                            + "C-APDUs, as GP SERAM 1.0.1 / Amendment B carry it. For a TEE: a TEEP message from a TAM "
                            + "(QueryRequest or Update), COSE_Sign1-signed.").build())
            .resource(r(RUN, "Run", Operations.EXECUTE, ResourceType.NONE, true)
                    .description("Runs the admin request on the component; the result follows in Result and Admin Response.").build())
            .resource(r(ADMIN_RESPONSE, "Admin Response", Operations.READ, ResourceType.OPAQUE, true)
                    .description("For a Secure Element: the response scripting template (AB or AF): executed count (80), "
                            + "R-APDUs (23), or bad format (90: 01 unknown tag, 02 wrong length, 03 length not found). For a TEE: "
                            + "the agent's TEEP answer (QueryResponse, Success or Error), COSE_Sign1-signed.").build())
            .resource(r(RESULT, "Result", Operations.READ, ResourceType.INTEGER, true).rangeEnumeration("0..8")
                    .description("0 none, 1 running, 2 ok, 3 stopped at an error status (a TEE: a TEEP Error), 4 bad format, "
                            + "5 unknown application, 6 security error (a TEE: TEEP Error 5, 6 or 9), 7 component lost, "
                            + "8 not supported by this component.").build())
            .resource(r(RESULT_DESCRIPTION, "Result Description", Operations.READ, ResourceType.STRING, true).build())
            .resource(r(TARGET_APPLICATION, "Target Application", Operations.READ_WRITE, ResourceType.OPAQUE, false)
                    .description("AID of the application the script is for; empty: the application a new logical channel "
                            + "selects (usually the ISD).").build())
            .resource(r(SECURE_CHANNEL, "Secure Channel", Operations.READ_WRITE, ResourceType.INTEGER, false)
                    .rangeEnumeration("0, 1, 3, 17, 19, 51")
                    .description("GlobalPlatform security level of an SCP03 session the script runs in (51 = C-MAC, C-DEC, "
                            + "R-MAC, R-ENC); 0: no secure channel.").build())
            .resource(r(SERVICES, "Services", Operations.READ, ResourceType.STRING, false).multiple(true)
                    .description("Services the component provides to the client, such as smartcard-bootstrap and "
                            + "credential-store.").build())
            .resource(r(HOSTED_INSTANCES, "Hosted Instances", Operations.READ, ResourceType.OBJLNK, false).multiple(true)
                    .description("The client's object instances whose data live in this component (LwM2M-SCS-4), such as the "
                            + "Security instances read from its bootstrap file or whose keys it keeps.").build())
            .resource(r(PUBLIC_KEYS, "Public Keys", Operations.READ, ResourceType.STRING, false).multiple(true)
                    .description("The keys the component uses for the client and never gives out, one per instance, with their "
                            + "public part only: 'NAME PSK IDENTITY' for a pre-shared key, 'NAME EC-P256 SPKI' for a key pair made in "
                            + "or written into it, SPKI being its SubjectPublicKeyInfo (DER) in hex, what a server is given for RPK.")
                    .build())
            .resource(r(CERTIFICATE_REQUESTS, "Certificate Requests", Operations.READ, ResourceType.OPAQUE, false).multiple(true)
                    .description("Certificate signing requests (PKCS#10, DER) for the key pairs the component keeps, signed inside it, each with the subject CN=<the client's endpoint name>: instance i is the request for the key pair listed as instance i of Public Keys. What a CA is given for the client's X.509 certificate; no private part leaves the component.")
                    .build())
            .build();

    private AdminObjectModel() {
    }

    private static ResourceDefinition.Builder r(int id, String name, Operations ops, ResourceType type, boolean mandatory) {
        return ResourceDefinition.builder(id, name, ops, type).mandatory(mandatory);
    }
}
