package org.scgateway.console.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import javax.security.auth.x500.X500Principal;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.scgateway.api.component.SecureComponent;
import org.scgateway.api.euicc.EuiccException;
import org.scgateway.api.euicc.EuiccService;
import org.scgateway.api.euicc.Iccid;
import org.scgateway.api.euicc.Profile;
import org.scgateway.api.config.Pids;
import org.scgateway.api.credential.CertificationRequest;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.CredentialUpdate;
import org.scgateway.api.credential.KeyInUse;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.credential.SigningKeys;
import org.scgateway.api.lwm2m.AdminInstanceView;
import org.scgateway.api.lwm2m.ClientStatus;
import org.scgateway.api.lwm2m.ComponentAdmin;
import org.scgateway.api.lwm2m.LwM2mClientService;
import org.scgateway.api.tee.TeeException;
import org.scgateway.api.tee.TrustedComponent;
import org.scgateway.api.tee.TrustedExecutionEnvironment;

/**
 * What an operator sees of the gateway, and what they may do to it, for the Web Console page and the shell
 * alike: the Secure Components, the LwM2M client, the eUICCs' profiles (enable, disable), the TEEs' trusted
 * components, which backends the Secure Component Admin object shows (its reference target), and the keys used
 * inside the credential store's component with their public parts. Nothing here reads or shows a secret:
 * identification data, profile metadata, PSK identities and public keys are public by nature.
 */
@Component(service = Overview.class)
public class Overview {

    private static final String ADMIN_PID = Pids.ADMIN_OBJECT;
    private static final String ADMIN_TARGET = Pids.ADMIN_COMPONENTS_TARGET;

    private final Map<SecureComponent, Boolean> components = new ConcurrentHashMap<>();
    private final Map<EuiccService, Boolean> euiccs = new ConcurrentHashMap<>();
    private final Map<TrustedExecutionEnvironment, Boolean> tees = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile LwM2mClientService client;

    @Reference
    private ConfigurationAdmin configurations;

    /** The admin object, for its instances and a request run through one. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ComponentAdmin admin;

    /** The client's credential store (the highest ranked): whose keys the page and scgw:keys list. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile CredentialStore credentials;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addComponent(SecureComponent c) {
        components.put(c, true);
    }

    void removeComponent(SecureComponent c) {
        components.remove(c);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addEuicc(EuiccService e) {
        euiccs.put(e, true);
    }

    void removeEuicc(EuiccService e) {
        euiccs.remove(e);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTee(TrustedExecutionEnvironment t) {
        tees.put(t, true);
    }

    void removeTee(TrustedExecutionEnvironment t) {
        tees.remove(t);
    }

    /** One Secure Component as the page lists it. */
    static final class ComponentRow {
        final String id;
        final String kind;
        final String backend;
        final String state;
        /** Identification items by name, in hex (a TEE's properties are CBOR: hex too). */
        final Map<String, String> identification;

        ComponentRow(SecureComponent c) {
            this.id = c.id();
            this.kind = c.kind().name();
            this.backend = c.backend();
            this.state = c.state().name();
            Map<String, String> ids = new java.util.TreeMap<>();
            for (String name : c.identification().names()) {
                byte[] v = c.identification().get(name).orElse(new byte[0]);
                ids.put(name, HexFormat.of().withUpperCase().formatHex(v));
            }
            this.identification = ids;
        }
    }

    List<ComponentRow> components() {
        List<ComponentRow> rows = new ArrayList<>();
        components.keySet().forEach(c -> rows.add(new ComponentRow(c)));
        rows.sort(Comparator.comparing(r -> r.id));
        return rows;
    }

    /** A key used inside the credential store's component, with its public part: a PSK's identity, a key pair's public key. */
    static final class KeyRow {
        final String name;
        final String kind;
        final String publicPart;

        KeyRow(String name, String kind, String publicPart) {
            this.name = name;
            this.kind = kind;
            this.publicPart = publicPart;
        }
    }

    /** Where the keys are kept: the credential store's location; empty when there is no store. */
    Optional<String> keysLocation() {
        CredentialStore c = credentials;
        return c == null ? Optional.empty() : Optional.of(c.location());
    }

    /**
     * The keys used inside the credential store's component, by name; empty when the store keeps none there (a file,
     * a card without the key commands).
     */
    List<KeyRow> keys() throws CredentialStoreException {
        CredentialStore c = credentials;
        List<KeyRow> rows = new ArrayList<>();
        if (c == null) {
            return rows;
        }
        for (KeyInUse k : KeyInUse.of(c)) {
            if (k.kind() == KeyInUse.Kind.PSK) {
                String identity = new String(k.publicPart(), StandardCharsets.UTF_8);
                rows.add(new KeyRow(k.name(), "PSK", identity.isEmpty() ? "(identity from the client's configuration)" : "identity " + identity));
            } else {
                rows.add(new KeyRow(k.name(), "EC P-256 key pair", HexFormat.of().formatHex(k.publicPart())));
            }
        }
        rows.sort(Comparator.comparing(r -> r.name));
        return rows;
    }

    /** Makes a key pair in the credential store's component; its public key. */
    PublicKey generateKeyPair(String name) throws CredentialStoreException {
        return signingKeys().generate(name);
    }

    /**
     * A certificate signing request (PKCS#10, DER) for the key pair kept as {@code name} in the credential store's
     * component, signed there; the subject is {@code subject}, or {@code CN=} the client's endpoint name when empty.
     */
    byte[] certificationRequest(String name, Optional<String> subject) throws CredentialStoreException {
        X500Principal who;
        try {
            if (subject.isPresent()) {
                who = new X500Principal(subject.get());
            } else {
                who = CertificationRequest.commonName(client().map(ClientStatus::endpoint)
                        .orElseThrow(() -> new IllegalArgumentException("no client runs to take the endpoint name from: give a subject")));
            }
        } catch (IllegalArgumentException e) {
            throw new CredentialStoreException("the subject cannot be used: " + e.getMessage());
        }
        return CertificationRequest.of(signingKeys(), name, who);
    }

    /**
     * Keeps {@code certificate} (DER) in the credential store as the certificate of the key pair kept as {@code keyName},
     * after checking that it certifies that key; the entry's name: {@code .../client-certificate} beside
     * {@code .../client-private-key}, what the client reads in X.509 mode.
     */
    String storeCertificate(String keyName, byte[] certificate) throws CredentialStoreException {
        CredentialStore c = store();
        PublicKey key = signingKeys().publicKey(keyName)
                .orElseThrow(() -> new CredentialStoreException("no key pair is kept as '" + keyName + "' in " + c.location()));
        java.security.cert.X509Certificate x509;
        try {
            x509 = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(certificate));
        } catch (java.security.cert.CertificateException | ClassCastException e) {
            throw new CredentialStoreException("not an X.509 certificate (PEM or DER): " + e.getMessage());
        }
        if (!java.util.Arrays.equals(key.getEncoded(), x509.getPublicKey().getEncoded())) {
            throw new CredentialStoreException("the certificate (" + x509.getSubjectX500Principal().getName() + ") is not of the key pair '"
                    + keyName + "': its public key differs");
        }
        String entry = keyName.endsWith("private-key") ? keyName.substring(0, keyName.length() - "private-key".length()) + "certificate"
                : keyName + ".certificate";
        try {
            c.apply(CredentialUpdate.put(entry, Secret.of(x509.getEncoded())));
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new CredentialStoreException("the certificate cannot be encoded: " + e.getMessage());
        }
        return entry;
    }

    private CredentialStore store() throws CredentialStoreException {
        CredentialStore c = credentials;
        if (c == null) {
            throw new CredentialStoreException("no credential store");
        }
        return c;
    }

    private SigningKeys signingKeys() throws CredentialStoreException {
        CredentialStore c = store();
        return c.signingKeys().orElseThrow(() -> new CredentialStoreException(c.location()
                + " makes no key pairs inside a Secure Component (a file, or a card without SC Gateway's key commands)"));
    }

    Optional<ClientStatus> client() {
        LwM2mClientService c = client;
        return c == null ? Optional.empty() : Optional.of(c.status());
    }

    /** Sends a Registration Update now; false when no client runs. */
    boolean triggerUpdate() {
        LwM2mClientService c = client;
        if (c == null) {
            return false;
        }
        c.triggerUpdate();
        return true;
    }

    /** The Secure Component Admin object's instances; empty when the object is not there. */
    List<AdminInstanceView> adminInstances() {
        ComponentAdmin a = admin;
        return a == null ? List.of() : a.instances();
    }

    /** The admin object, to run a request through one of its instances. */
    Optional<ComponentAdmin> admin() {
        return Optional.ofNullable(admin);
    }

    /** The eUICC of one Secure Element: its profiles, or why they could not be read. */
    static final class EuiccRow {
        final String secureElement;
        final String eid;
        final List<Profile> profiles;
        final String problem;

        EuiccRow(String secureElement, String eid, List<Profile> profiles, String problem) {
            this.secureElement = secureElement;
            this.eid = eid;
            this.profiles = profiles;
            this.problem = problem;
        }
    }

    List<EuiccRow> euiccs() {
        List<EuiccRow> rows = new ArrayList<>();
        for (EuiccService e : euiccs.keySet()) {
            try {
                rows.add(new EuiccRow(e.secureElementId(), e.eid().digits(), e.profiles(), null));
            } catch (EuiccException ex) {
                rows.add(new EuiccRow(e.secureElementId(), "", List.of(), ex.getMessage()));
            }
        }
        rows.sort(Comparator.comparing(r -> r.secureElement));
        return rows;
    }

    /** Enables ({@code enable} true) or disables a profile of the eUICC in a Secure Element. */
    void switchProfile(String secureElement, String iccid, boolean enable) throws EuiccException {
        EuiccService e = euiccs.keySet().stream().filter(s -> s.secureElementId().equals(secureElement)).findFirst()
                .orElseThrow(() -> new EuiccException(EuiccException.Result.SECURE_ELEMENT_FAILURE, "no eUICC in " + secureElement));
        Iccid i;
        try {
            i = Iccid.of(iccid);
        } catch (IllegalArgumentException ex) {
            throw new EuiccException(EuiccException.Result.ICCID_OR_AID_NOT_FOUND, ex.getMessage());
        }
        if (enable) {
            e.enable(i);
        } else {
            e.disable(i);
        }
    }

    /** One TEE and its trusted components, or why they could not be read. */
    static final class TeeRow {
        final String id;
        final String backend;
        final List<TrustedComponent> trustedComponents;
        final String problem;

        TeeRow(String id, String backend, List<TrustedComponent> trustedComponents, String problem) {
            this.id = id;
            this.backend = backend;
            this.trustedComponents = trustedComponents;
            this.problem = problem;
        }
    }

    List<TeeRow> tees() {
        List<TeeRow> rows = new ArrayList<>();
        for (TrustedExecutionEnvironment t : tees.keySet()) {
            try {
                rows.add(new TeeRow(t.id(), t.backend(), t.trustedComponents(), null));
            } catch (TeeException ex) {
                rows.add(new TeeRow(t.id(), t.backend(), List.of(), ex.getMessage()));
            }
        }
        rows.sort(Comparator.comparing(r -> r.id));
        return rows;
    }

    /** The backends present, for the choice of what the admin object shows. */
    List<String> backends() {
        TreeSet<String> b = new TreeSet<>();
        components.keySet().forEach(c -> b.add(c.backend()));
        return new ArrayList<>(b);
    }

    /** The backend the admin object is limited to, or empty when it shows every component. */
    Optional<String> adminBackend() throws IOException {
        Configuration c = configurations.getConfiguration(ADMIN_PID, null);
        Dictionary<String, Object> p = c.getProperties();
        Object target = p == null ? null : p.get(ADMIN_TARGET);
        if (target == null || target.toString().isBlank()) {
            return Optional.empty();
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(" + java.util.regex.Pattern.quote(SecureComponent.PROP_BACKEND)
                + "=([^)]*)\\)").matcher(target.toString());
        return Optional.of(m.matches() ? m.group(1) : target.toString());
    }

    /**
     * Limits the admin object to one backend ({@code (scgw.component.backend=BACKEND)} as its reference
     * target), or shows every component again for an empty one (the target removed). Through Configuration Admin, as an operator
     * would in the configuration form, so that the choice is kept.
     */
    void chooseAdminBackend(String backend) throws IOException {
        if (!backend.isEmpty() && !backend.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("a backend is a name such as se.sim or se.pcsc, not '" + backend + "'");
        }
        Configuration c = configurations.getConfiguration(ADMIN_PID, null);
        Dictionary<String, Object> p = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
        if (backend.isEmpty()) {
            p.remove(ADMIN_TARGET); // no target: every component (an empty filter would bind none)
        } else {
            p.put(ADMIN_TARGET, "(" + SecureComponent.PROP_BACKEND + "=" + backend + ")");
        }
        c.update(p);
    }
}
