package org.scgateway.lwm2m.objects.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scgateway.api.util.DaemonThreads;
import org.scgateway.api.io.AtomicFiles;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.CredentialUpdate;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.euicc.EuiccException;
import org.scgateway.api.euicc.EuiccService;
import org.scgateway.api.lwm2m.LwM2mObjectContext;
import org.scgateway.api.lwm2m.LwM2mObjectProvider;
import org.scgateway.api.lwm2m.LwM2mOperationException;
import org.scgateway.api.lwm2m.LwM2mOperationException.Code;
import org.scgateway.api.lwm2m.ObjectDefinition;
import org.scgateway.api.lwm2m.ResourceValue;
import org.scgateway.lwm2m.objects.internal.Esipa.InvalidPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Object 3443, eSIM IoT: the IPA of SGP.32 for the gateway's eUICC, reached by an eIM through LwM2M. The eIM
 * writes an ESipa message; the IPA checks and carries it out off the client's threads, and its answer waits in
 * IPA message until the eIM clears it. The eIM's key and id are configuration; the IPA's own result-signing key
 * is made on first need and kept in the credential store with the client's secrets.
 */
@Component(service = LwM2mObjectProvider.class, property = LwM2mObjectProvider.PROP_OBJECT_ID + ":Integer=" + EsimIotModel.OBJECT_ID,
        configurationPid = EsimIot.PID)
@Designate(ocd = EsimIot.Config.class)
public class EsimIot implements LwM2mObjectProvider {

    static final String PID = "org.scgateway.lwm2m.objects.esimiot";
    /** Under lwm2m/, so that it moves into a card's credential store with the client's other secrets. */
    static final String IPA_KEY = "lwm2m/esim-iot/ipa-key";
    /** Not secret; kept beside the key so that it can be shown to whoever configures the eIM. */
    static final String IPA_PUBLIC_KEY = "lwm2m/esim-iot/ipa-public-key";
    private static final Logger LOG = LoggerFactory.getLogger(EsimIot.class);

    @ObjectClassDefinition(name = "SC Gateway eSIM IoT object (SGP.32 IPA)",
            description = "Object 3443: an eIM manages the eUICC's profiles through LwM2M. Packages are taken only from the eIM "
                    + "configured here, signed with its key.")
    public @interface Config {
        @AttributeDefinition(name = "eIM id", description = "The eimId the eIM puts in its packages.")
        String eimId() default "";

        @AttributeDefinition(name = "eIM public key", description = "The key that verifies the eIM's package signatures: a "
                + "PEM public key or certificate, or the base64 of a SubjectPublicKeyInfo (P-256). Empty: no package is taken.")
        String eimPublicKey() default "";

        @AttributeDefinition(name = "Association token", description = "The association token of the eIM configuration, "
                + "appended to what is signed (SGP.32 v1.2); -1: none.")
        long associationToken() default -1;

        @AttributeDefinition(name = "eUICC", description = "Filter on the EuiccService to serve, such as "
                + "(scgw.euicc.se.id=sim-89490000000000000019). The default takes any.")
        String euicc_target() default "(" + EuiccService.PROP_SECURE_ELEMENT_ID + "=*)";
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile EuiccService euicc;

    /** The store the client keeps its secrets in: a card's when there is one. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile CredentialStore secrets;

    private final ExecutorService worker = DaemonThreads.singleThread("esim-iot");
    private final ObjectReports reports = new ObjectReports("esim-iot-notify");
    private volatile String eimId = "";
    private volatile PublicKey eimKey;
    private volatile OptionalLong associationToken = OptionalLong.empty();
    private Path memoryFile;
    private boolean busy;
    private byte[] ipaMessage = new byte[0];

    @Activate
    void activate(BundleContext bundle, Config config) {
        memoryFile = bundle.getDataFile("esim-iot.properties").toPath();
        modified(config);
    }

    @Modified
    void modified(Config config) {
        eimId = config.eimId().strip();
        associationToken = config.associationToken() < 0 ? OptionalLong.empty() : OptionalLong.of(config.associationToken());
        eimKey = null;
        if (!config.eimPublicKey().isBlank()) {
            try {
                eimKey = publicKey(config.eimPublicKey());
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                LOG.error("eSIM IoT: the eIM public key in {} cannot be used ({}); no eIM package is taken", PID, e.getMessage());
            }
        }
        if (eimKey == null || eimId.isEmpty()) {
            LOG.info("eSIM IoT (3443) not ready for an eIM: set eimId and eimPublicKey in configuration {}", PID);
        }
        report(EsimIotModel.STATE);
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
        reports.close();
    }

    @Override
    public ObjectDefinition definition() {
        return EsimIotModel.DEFINITION;
    }

    @Override
    public SortedSet<Integer> instanceIds() {
        return new TreeSet<>(java.util.Set.of(0));
    }

    @Override
    public ResourceValue read(int instanceId, int resourceId) throws LwM2mOperationException {
        instance(instanceId);
        switch (resourceId) {
            case EsimIotModel.STATE:
                return ResourceValue.integer(ready() ? EsimIotModel.READY : EsimIotModel.NOT_ABLE);
            case EsimIotModel.EID:
                return ResourceValue.string(eid());
            case EsimIotModel.IPA_MESSAGE:
                synchronized (this) {
                    return ResourceValue.opaque(ipaMessage);
                }
            case EsimIotModel.EIM_MESSAGE:
            case EsimIotModel.CLEAR_IPA_MESSAGE:
                throw new LwM2mOperationException(Code.METHOD_NOT_ALLOWED, "resource " + resourceId + " of object 3443 is not readable");
            default:
                throw new LwM2mOperationException(Code.NOT_FOUND, "object 3443 has no resource " + resourceId);
        }
    }

    @Override
    public void write(int instanceId, int resourceId, ResourceValue value) throws LwM2mOperationException {
        instance(instanceId);
        if (resourceId != EsimIotModel.EIM_MESSAGE) {
            throw new LwM2mOperationException(Code.METHOD_NOT_ALLOWED, "resource " + resourceId + " of object 3443 cannot be written");
        }
        byte[] message = (byte[]) value.value();
        try {
            int tag = Esipa.message(message).tag();
            if (tag != Esipa.TRANSFER_EIM_PACKAGE && tag != Esipa.GET_EIM_PACKAGE && tag != Esipa.PROVIDE_EIM_PACKAGE_RESULT) {
                throw new InvalidPackage(String.format("an eIM message is BF4E, BF4F or BF50 (SGP.32 6.3.1), not %X", tag));
            }
        } catch (InvalidPackage e) {
            throw new LwM2mOperationException(Code.BAD_REQUEST, "eIM message: " + e.getMessage());
        }
        EuiccService target = euicc;
        synchronized (this) {
            if (!ready()) {
                throw new LwM2mOperationException(Code.SERVICE_UNAVAILABLE, "State is 1: " + whyNotReady());
            }
            busy = true;
        }
        report(EsimIotModel.STATE);
        String id = eimId;
        PublicKey key = eimKey;
        OptionalLong token = associationToken;
        try {
            worker.execute(() -> carryOut(id, key, token, message, target));
        } catch (RejectedExecutionException e) {
            finish(null);
            throw new LwM2mOperationException(Code.SERVICE_UNAVAILABLE, "the object is stopping");
        }
    }

    /** On the worker: the credential store (a card's, perhaps) and the eUICC take APDUs. */
    private void carryOut(String id, PublicKey key, OptionalLong token, byte[] message, EuiccService target) {
        byte[] answer = null;
        try {
            answer = new Ipa(id, key, token, ipaKey(), new FileMemory()).answer(message, target);
        } catch (LwM2mOperationException e) {
            LOG.error("eSIM IoT: an eIM message was not carried out: {}", e.getMessage());
        } catch (InvalidPackage e) {
            LOG.warn("eSIM IoT: an eIM message was refused: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("eSIM IoT: an eIM message could not be carried out", e);
        }
        finish(answer);
    }

    private void finish(byte[] answer) {
        synchronized (this) {
            busy = false;
            if (answer != null) {
                ipaMessage = answer;
            }
        }
        report(EsimIotModel.STATE, EsimIotModel.IPA_MESSAGE);
    }

    @Override
    public void execute(int instanceId, int resourceId, String arguments) throws LwM2mOperationException {
        instance(instanceId);
        if (resourceId != EsimIotModel.CLEAR_IPA_MESSAGE) {
            throw new LwM2mOperationException(Code.METHOD_NOT_ALLOWED, "resource " + resourceId + " of object 3443 is not executable");
        }
        synchronized (this) {
            ipaMessage = new byte[0];
        }
        report(EsimIotModel.IPA_MESSAGE);
    }

    @Override
    public void attached(LwM2mObjectContext context) {
        reports.attached(context);
    }

    @Override
    public void detached() {
        reports.detached();
    }

    private synchronized boolean ready() {
        return !busy && euicc != null && eimKey != null && !eimId.isEmpty() && secrets != null;
    }

    private String whyNotReady() {
        if (busy) {
            return "the last eIM message is still being carried out";
        }
        if (euicc == null) {
            return "there is no eUICC";
        }
        if (secrets == null) {
            return "there is no credential store for the IPA's key";
        }
        return "no eIM is configured (eimId, eimPublicKey in " + PID + ")";
    }

    private String eid() {
        EuiccService e = euicc;
        if (e == null) {
            return "";
        }
        try {
            return e.eid().digits();
        } catch (EuiccException ex) {
            return "";
        }
    }

    /** The IPA's result-signing key: made and kept on first need, its public half logged for the eIM. */
    private PrivateKey ipaKey() throws LwM2mOperationException {
        CredentialStore store = secrets;
        try {
            java.util.Optional<Secret> kept = store.read(IPA_KEY);
            if (kept.isPresent()) {
                byte[] pkcs8 = kept.get().bytes();
                try {
                    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                } finally {
                    java.util.Arrays.fill(pkcs8, (byte) 0);
                }
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = g.generateKeyPair();
            store.apply(CredentialUpdate.builder().put(IPA_KEY, Secret.of(pair.getPrivate().getEncoded()))
                    .put(IPA_PUBLIC_KEY, Secret.of(pair.getPublic().getEncoded())).build());
            LOG.info("eSIM IoT: the IPA's result-signing key was made and kept in {}; give the eIM its public key: {}", store.location(),
                    Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
            return pair.getPrivate();
        } catch (CredentialStoreException e) {
            throw new LwM2mOperationException(Code.SERVICE_UNAVAILABLE, "the IPA's key is out of reach: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new LwM2mOperationException(Code.INTERNAL_SERVER_ERROR, "the IPA's key cannot be used: " + e.getMessage());
        }
    }

    static PublicKey publicKey(String text) throws GeneralSecurityException {
        String t = text.strip();
        if (t.contains("BEGIN CERTIFICATE")) {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(t.getBytes(StandardCharsets.US_ASCII))).getPublicKey();
        }
        String base64 = t.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    /** The counter of each eIM and the result sequence number, in the bundle's data area, replaced whole on each change. */
    private final class FileMemory implements Ipa.Memory {
        @Override
        public BigInteger lastCounter(String eim) {
            String v = load().getProperty("counter." + eim);
            return v == null ? BigInteger.valueOf(-1) : new BigInteger(v);
        }

        @Override
        public boolean accept(String eim, BigInteger counter) {
            Properties p = load();
            p.setProperty("counter." + eim, counter.toString());
            return store(p);
        }

        @Override
        public long nextSequenceNumber() {
            Properties p = load();
            long next = Long.parseLong(p.getProperty("seqNumber", "0")) + 1;
            p.setProperty("seqNumber", Long.toString(next));
            store(p);
            return next;
        }

        private Properties load() {
            Properties p = new Properties();
            if (Files.exists(memoryFile)) {
                try (var in = Files.newInputStream(memoryFile)) {
                    p.load(in);
                } catch (IOException e) {
                    LOG.error("eSIM IoT: {} could not be read: {}", memoryFile, e.toString());
                }
            }
            return p;
        }

        private boolean store(Properties p) {
            try {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                p.store(out, "eSIM IoT: the last counter of each eIM, and the result sequence number");
                AtomicFiles.write(memoryFile, out.toByteArray());
                return true;
            } catch (IOException e) {
                LOG.error("eSIM IoT: {} could not be written ({}); the package is not carried out", memoryFile, e.toString());
                return false;
            }
        }
    }

    private static void instance(int instanceId) throws LwM2mOperationException {
        if (instanceId != 0) {
            throw new LwM2mOperationException(Code.NOT_FOUND, "object 3443 has instance 0 only");
        }
    }

    private void report(int... resources) {
        reports.resourcesChanged(0, resources);
    }
}
