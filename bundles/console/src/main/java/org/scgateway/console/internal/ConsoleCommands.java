package org.scgateway.console.internal;

import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scgateway.api.credential.CertificationRequest;
import org.scgateway.api.euicc.EuiccException;
import org.scgateway.api.euicc.Profile;
import org.scgateway.api.lwm2m.AdminInstanceView;
import org.scgateway.api.lwm2m.ComponentAdmin;
import org.scgateway.api.lwm2m.LwM2mOperationException;
import org.scgateway.api.tee.TrustedComponent;

/**
 * Gogo commands for what the Secure Components page shows and does (scope {@code scgw}; plain
 * {@code osgi.command.*} properties, which Karaf's shell picks up too), over the page's own view model
 * ({@link Overview}). Each prints an aligned table or one line saying what was done or why not; {@code help
 * scgw:NAME} describes each. The client's commands are {@link ClientCommands}.
 */
@Component(service = ConsoleCommands.class, property = {
    "osgi.command.scope=scgw",
    "osgi.command.function=profiles",
    "osgi.command.function=enable",
    "osgi.command.function=disable",
    "osgi.command.function=tees",
    "osgi.command.function=backend",
    "osgi.command.function=components",
    "osgi.command.function=script",
    "osgi.command.function=keys",
    "osgi.command.function=keygen",
    "osgi.command.function=csr",
    "osgi.command.function=certificate",
    "osgi.command.function=eim",
    "osgi.command.function=eimreset"})
public class ConsoleCommands {

    @Reference
    private Overview overview;

    /** The IPA, when an eIM is configured. */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    private volatile org.scgateway.api.euicc.ProfileAssistant ipa;

    /** scgw:eim — the IPA's memory against replay. */
    @Descriptor("shows the last counter the IPA took from its eIM (a package must carry one above it), or why it takes none")
    public String eim() {
        org.scgateway.api.euicc.ProfileAssistant assistant = ipa;
        if (assistant == null) {
            return "no IPA: no eIM is configured (" + org.scgateway.api.euicc.ProfileAssistant.PID + ")";
        }
        try {
            return assistant.lastCounter().map(c -> "last counter taken: " + c + "; a package must carry one above it")
                    .orElse("no package taken yet");
        } catch (org.scgateway.api.euicc.EsipaException e) {
            return "no package is taken: " + e.getMessage();
        }
    }

    /** scgw:eimreset COUNTER — the operator's knowing reset of the IPA's memory against replay. */
    @Descriptor("resets the IPA's memory against replay, damaged or not: the next package must carry a counter above the one given. "
            + "Give the last counter the eIM sent (its own record): a lower one lets its earlier packages be carried out again")
    public String eimreset(@Descriptor("the last counter the eIM sent") String counter) {
        org.scgateway.api.euicc.ProfileAssistant assistant = ipa;
        if (assistant == null) {
            return "no IPA: no eIM is configured (" + org.scgateway.api.euicc.ProfileAssistant.PID + ")";
        }
        java.math.BigInteger last;
        try {
            last = new java.math.BigInteger(counter.strip());
        } catch (NumberFormatException e) {
            return "not reset: " + counter + " is not a number";
        }
        if (last.signum() < 0) {
            return "not reset: a counter is not negative";
        }
        try {
            assistant.resetReplayProtection(last);
            return "reset: the next package must carry a counter above " + last;
        } catch (org.scgateway.api.euicc.EsipaException e) {
            return "not reset: " + e.getMessage();
        }
    }

    /** scgw:keys — the keys used inside the credential store's component, with their public parts. */
    @Descriptor("lists the keys used inside the credential store's Secure Component, never read out: PSKs with their identity, "
            + "key pairs with their public key (SubjectPublicKeyInfo, DER, hex)")
    public String keys() {
        Optional<String> where = overview.keysLocation();
        if (where.isEmpty()) {
            return "no credential store";
        }
        List<Overview.KeyRow> rows;
        try {
            rows = overview.keys();
        } catch (org.scgateway.api.credential.CredentialStoreException e) {
            return "the keys of " + where.get() + " could not be listed: " + e.getMessage();
        }
        if (rows.isEmpty()) {
            return "no key is used inside " + where.get();
        }
        StringBuilder sb = new StringBuilder("keys used inside " + where.get() + ", never read out:\n");
        String format = "%-44s %-18s %s%n";
        sb.append(String.format(format, "name", "kind", "public part"));
        rows.forEach(r -> sb.append(String.format(format, r.name, r.kind, r.publicPart)));
        return trimmed(sb);
    }

    /** scgw:keygen — a key pair made inside the credential store's component. */
    @Descriptor("makes an EC P-256 key pair inside the credential store's Secure Component, replacing one of that name, and prints "
            + "its public key: what an LwM2M server is given for RPK")
    public String keygen(@Descriptor("the key's name, such as lwm2m/server/123/client-private-key for the client's RPK key") String name) {
        try {
            java.security.PublicKey key = overview.generateKeyPair(name);
            return "made an EC P-256 key pair as " + name + " in " + overview.keysLocation().orElse("the credential store")
                    + "; its private key never leaves it. Public key (SubjectPublicKeyInfo, DER, hex):\n"
                    + HexFormat.of().formatHex(key.getEncoded());
        } catch (org.scgateway.api.credential.CredentialStoreException e) {
            return "no key pair was made: " + e.getMessage();
        }
    }

    /** scgw:csr — a certificate signing request for a key pair of the component, signed there, for the client's endpoint. */
    @Descriptor("prints a certificate signing request (PKCS#10, PEM) for a key pair inside the credential store's Secure Component, "
            + "signed there, with the subject CN=<the client's endpoint name>: what a CA is given for the client's X.509 certificate")
    public String csr(@Descriptor("the key pair's name, such as lwm2m/server/123/client-private-key") String name) {
        return csr(name, null);
    }

    /** scgw:csr with a subject of the operator's. */
    @Descriptor("prints a certificate signing request (PKCS#10, PEM) for a key pair inside the credential store's Secure Component, "
            + "signed there, with the given subject")
    public String csr(@Descriptor("the key pair's name, such as lwm2m/server/123/client-private-key") String name,
            @Descriptor("the subject, RFC 4514, such as CN=urn:imei:490154203237518,O=ACME") String subject) {
        try {
            return CertificationRequest.pem(overview.certificationRequest(name, Optional.ofNullable(subject))).strip();
        } catch (org.scgateway.api.credential.CredentialStoreException e) {
            return "no certificate request: " + e.getMessage();
        }
    }

    /** scgw:certificate — the certificate a CA issued for a key pair of the component, kept beside it. */
    @Descriptor("keeps the X.509 certificate a CA issued for a key pair inside the credential store's Secure Component, once it is "
            + "checked to certify that key: as .../client-certificate beside .../client-private-key, what the client uses in X.509 mode")
    public String certificate(@Descriptor("the key pair's name, such as lwm2m/server/123/client-private-key") String name,
            @Descriptor("a file with the certificate, PEM or DER") String file) {
        byte[] certificate;
        try {
            certificate = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(file));
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return "no certificate kept: " + file + " cannot be read (" + e.getMessage() + ")";
        }
        try {
            String entry = overview.storeCertificate(name, certificate);
            return "kept the certificate of " + name + " as " + entry + " in " + overview.keysLocation().orElse("the credential store");
        } catch (org.scgateway.api.credential.CredentialStoreException e) {
            return "no certificate kept: " + e.getMessage();
        }
    }

    /** scgw:profiles — the profiles of every eUICC. */
    @Descriptor("lists the profiles of every eUICC: ICCID, state, class, fall-back, name, policy rules")
    public String profiles() {
        List<Overview.EuiccRow> rows = overview.euiccs();
        if (rows.isEmpty()) {
            return "no eUICC";
        }
        StringBuilder sb = new StringBuilder();
        for (Overview.EuiccRow e : rows) {
            sb.append(e.secureElement).append(e.eid.isEmpty() ? "" : "  EID " + e.eid).append('\n');
            if (e.problem != null) {
                sb.append("  ").append(e.problem).append('\n');
                continue;
            }
            String format = "  %-20s %-8s %-12s %-9s %-24s %s%n";
            sb.append(String.format(format, "ICCID", "state", "class", "fall-back", "name", "policy rules"));
            for (Profile p : e.profiles) {
                sb.append(String.format(format, p.iccid().digits(), p.isEnabled() ? "enabled" : "disabled",
                        p.profileClass().name().toLowerCase(), p.isFallback() ? "yes" : "", p.name().orElse(""),
                        p.policyRules().stream().map(r -> r.name().toLowerCase().replace('_', ' ')).collect(Collectors.joining(", "))));
            }
        }
        return trimmed(sb);
    }

    /** scgw:enable SECURE_ELEMENT ICCID — enables a profile (the one enabled before is disabled). */
    @Descriptor("enables a profile of an eUICC; the one enabled before is disabled")
    public String enable(@Descriptor("the Secure Element of the eUICC (scgw:profiles names it)") String secureElement,
            @Descriptor("the profile's ICCID") String iccid) {
        return change(secureElement, iccid, true);
    }

    /** scgw:disable SECURE_ELEMENT ICCID — disables a profile (SGP.02: the fall-back profile takes over). */
    @Descriptor("disables a profile of an eUICC; SGP.02: the fall-back profile takes over")
    public String disable(@Descriptor("the Secure Element of the eUICC (scgw:profiles names it)") String secureElement,
            @Descriptor("the profile's ICCID") String iccid) {
        return change(secureElement, iccid, false);
    }

    private String change(String secureElement, String iccid, boolean enable) {
        try {
            overview.switchProfile(secureElement, iccid, enable);
            return "profile " + iccid + (enable ? " enabled" : " disabled");
        } catch (EuiccException e) {
            return "not " + (enable ? "enabled" : "disabled") + " (" + e.result().name().toLowerCase().replace('_', ' ') + "): " + e.getMessage();
        }
    }

    /** scgw:tees — the trusted components of every TEE. */
    @Descriptor("lists the trusted components of every TEE")
    public String tees() {
        List<Overview.TeeRow> rows = overview.tees();
        if (rows.isEmpty()) {
            return "no TEE";
        }
        StringBuilder sb = new StringBuilder();
        for (Overview.TeeRow t : rows) {
            sb.append(t.id).append(" (").append(t.backend).append(")\n");
            if (t.problem != null) {
                sb.append("  ").append(t.problem).append('\n');
            } else if (t.trustedComponents.isEmpty()) {
                sb.append("  no trusted component\n");
            } else {
                String format = "  %-40s %-20s %s%n";
                sb.append(String.format(format, "component", "security domain", "sequence"));
                for (TrustedComponent c : t.trustedComponents) {
                    sb.append(String.format(format, c.componentIdText(), c.securityDomain(), c.sequenceNumber()));
                }
            }
        }
        return trimmed(sb);
    }

    /** A table without the spaces padding its last column. */
    private static String trimmed(StringBuilder table) {
        return table.toString().replaceAll(" +\n", "\n");
    }

    /** scgw:backend — which backends the Secure Component Admin object shows, and which there are. */
    @Descriptor("shows which backends the Secure Component Admin object shows, and which there are")
    public String backend() throws IOException {
        return "the admin object shows " + overview.adminBackend().map(b -> b + " only").orElse("every backend") + "; backends present: "
                + String.join(", ", overview.backends());
    }

    /** scgw:backend BACKEND — the admin object shows that backend only; {@code all} shows every one again. */
    @Descriptor("makes the Secure Component Admin object show one backend only, or every one again")
    public String backend(@Descriptor("a backend such as se.sim, se.pcsc, tee.soft; all for every one") String backend) throws IOException {
        try {
            overview.chooseAdminBackend("all".equals(backend) ? "" : backend);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return backend();
    }

    /** scgw:components — the Secure Components, by their instance of object 42769. */
    @Descriptor("lists the Secure Components by their instance of the Secure Component Admin object (42769), with the last script's outcome")
    public String components() {
        List<AdminInstanceView> all = overview.adminInstances();
        if (all.isEmpty()) {
            return overview.admin().isPresent() ? "no Secure Component" : "the Secure Component Admin object is not there";
        }
        String format = "%-9s %-28s %-12s %-8s %-6s %s%n";
        StringBuilder sb = new StringBuilder(String.format(format, "instance", "component", "kind", "backend", "state", "last script"));
        all.forEach(i -> sb.append(String.format(format, "/42769/" + i.instanceId(), i.componentId(), i.kind(), i.backend(), i.state(),
                i.description())));
        return trimmed(sb);
    }

    /** scgw:script COMPONENT SCRIPT — a script on the component's default application, without a secure channel. */
    @Descriptor("runs a remote command script (ETSI TS 102 226, AA or AE, in hex) on a component's default application")
    public String script(@Descriptor("the component's id, or its instance id (scgw:components names them)") String component,
            @Descriptor("the script in hex, such as AA072205 80E2900000") String scriptHex) throws InterruptedException {
        return script(component, scriptHex, "-", 0);
    }

    /**
     * scgw:script COMPONENT SCRIPT AID LEVEL — a script through the component's admin instance, as a server's would run
     * (the server sees its result too); waits for its end.
     */
    @Descriptor("runs a remote command script through a component's admin instance, as a server would, and prints its response")
    public String script(@Descriptor("the component's id, or its instance id (scgw:components names them)") String component,
            @Descriptor("the script in hex, such as AA072205 80E2900000") String scriptHex,
            @Descriptor("the target application's AID in hex, or - for the default one") String aid,
            @Descriptor("SCP03 security level: 0 none, 1, 3, 17, 19, 51 (full)") int level) throws InterruptedException {
        Optional<ComponentAdmin> admin = overview.admin();
        if (admin.isEmpty()) {
            return "the Secure Component Admin object is not there";
        }
        HexFormat hex = HexFormat.of();
        byte[] script;
        byte[] target;
        try {
            script = hex.parseHex(scriptHex.replace(" ", ""));
            target = "-".equals(aid) ? new byte[0] : hex.parseHex(aid);
        } catch (IllegalArgumentException e) {
            return "not hex: " + e.getMessage();
        }
        AdminInstanceView after;
        try {
            after = admin.get().run(component, script, target, level).toCompletableFuture().get(SCRIPT_WAIT_S, TimeUnit.SECONDS);
        } catch (LwM2mOperationException e) {
            return "refused (" + e.code() + "): " + e.getMessage();
        } catch (ExecutionException e) {
            return "failed: " + e.getCause();
        } catch (TimeoutException e) {
            return "the script still runs after " + SCRIPT_WAIT_S + " s; scgw:components shows its outcome once it ends";
        }
        return "result   " + after.resultCode() + " (" + after.result() + ")\n" + "         " + after.description() + "\n" + "response "
                + HexFormat.of().withUpperCase().formatHex(after.response());
    }

    private static final long SCRIPT_WAIT_S = 120;
}
