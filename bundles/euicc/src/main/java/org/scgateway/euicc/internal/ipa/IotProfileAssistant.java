package org.scgateway.euicc.internal.ipa;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
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
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.CredentialUpdate;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.euicc.Eid;
import org.scgateway.api.euicc.EsipaException;
import org.scgateway.api.euicc.EsipaException.Reason;
import org.scgateway.api.euicc.EuiccException;
import org.scgateway.api.euicc.EuiccService;
import org.scgateway.api.euicc.ProfileAssistant;
import org.scgateway.euicc.internal.ipa.Esipa.InvalidPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's IPA: the {@link Ipa} for the eUICC and the eIM of its configuration, with the IPA's result-signing
 * key made on first need and kept in the credential store with the client's secrets (a card's, when there is one),
 * and the eIM's counters beside it ({@link IpaMemory}). Not registered until an eIM is configured.
 */
@Component(configurationPid = ProfileAssistant.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = IotProfileAssistant.Config.class)
public class IotProfileAssistant implements ProfileAssistant {

    /** Under lwm2m/, so that it moves into a card's credential store with the client's other secrets. */
    static final String IPA_KEY = "lwm2m/esim-iot/ipa-key";
    /** Not secret; kept beside the key so that it can be shown to whoever configures the eIM. */
    static final String IPA_PUBLIC_KEY = "lwm2m/esim-iot/ipa-public-key";
    private static final Logger LOG = LoggerFactory.getLogger(IotProfileAssistant.class);

    @ObjectClassDefinition(name = "SC Gateway IoT Profile Assistant (SGP.32 IPA)",
            description = "The IPA of the gateway's eUICC: an eIM manages the eUICC's profiles through it (over LwM2M object 3443). "
                    + "Packages are taken only from the eIM configured here, signed with its key.")
    public @interface Config {
        @AttributeDefinition(name = "eIM id", description = "The eimId the eIM puts in its packages.")
        String eimId();

        @AttributeDefinition(name = "eIM public key", description = "The key that verifies the eIM's package signatures: a "
                + "PEM public key or certificate, or the base64 of a SubjectPublicKeyInfo (P-256).")
        String eimPublicKey();

        @AttributeDefinition(name = "Association token", description = "The association token of the eIM configuration, "
                + "appended to what is signed (SGP.32 v1.2); -1: none.")
        long associationToken() default -1;

        @AttributeDefinition(name = "eUICC", description = "Filter on the EuiccService to serve, such as "
                + "(scgw.euicc.se.id=sim-89490000000000000019). The default takes any.")
        String euicc_target() default "(" + EuiccService.PROP_SECURE_ELEMENT_ID + "=*)";
    }

    private final EuiccService euicc;
    private final String eimId;
    private final PublicKey eimKey;
    private final OptionalLong associationToken;
    /** Where earlier versions kept the counters; taken over once. */
    private final java.nio.file.Path legacyMemory;

    /**
     * The store the client keeps its secrets in: a card's when there is one. Optional, though the gateway always has one
     * (the file store): mandatory, the IPA could not be made while a pulled card's store was going, and Felix logged
     * "Service factory returned null" as a FrameworkEvent ERROR to the eSIM IoT object that asked for it (4 to 7 times in
     * 1,000 soak cycles). Without one, what needs it says so ({@link #store}).
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile CredentialStore secrets;

    private CredentialStore store() throws EsipaException {
        CredentialStore s = secrets;
        if (s == null) {
            throw new EsipaException(Reason.UNAVAILABLE, "no credential store is there: the IPA's key and its memory against replay are out "
                    + "of reach until one is");
        }
        return s;
    }

    @Activate
    public IotProfileAssistant(@Reference(name = "euicc", policyOption = ReferencePolicyOption.GREEDY) EuiccService euicc, Config config,
            BundleContext bundle) {
        this.euicc = euicc;
        this.eimId = config.eimId().strip();
        if (eimId.isEmpty()) {
            throw new IllegalArgumentException("no eimId in configuration " + PID + ": no eIM package is taken");
        }
        try {
            this.eimKey = publicKey(config.eimPublicKey());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            LOG.error("the eIM public key in {} cannot be used ({}); no eIM package is taken", PID, e.getMessage());
            throw new IllegalArgumentException("the eIM public key in " + PID + " cannot be used: " + e.getMessage(), e);
        }
        this.associationToken = config.associationToken() < 0 ? OptionalLong.empty() : OptionalLong.of(config.associationToken());
        this.legacyMemory = bundle.getDataFile("esim-iot.properties").toPath();
        LOG.info("IPA for the eUICC in {} takes packages from eIM '{}'", euicc.secureElementId(), eimId);
    }

    @Override
    public Eid eid() throws EuiccException {
        return euicc.eid();
    }

    @Override
    public void check(byte[] message) throws EsipaException {
        try {
            Ipa.check(message);
        } catch (InvalidPackage e) {
            throw new EsipaException(Reason.INVALID_MESSAGE, e.getMessage());
        }
    }

    @Override
    public synchronized Optional<byte[]> carryOut(byte[] message) throws EsipaException {
        try {
            IpaMemory memory = memory(); // before the key: a key without a memory is taken for a lost memory
            return Optional.ofNullable(new Ipa(eimId, eimKey, associationToken, ipaKey(), memory).answer(message, euicc));
        } catch (InvalidPackage e) {
            LOG.warn("an eIM message was refused: {}", e.getMessage());
            throw new EsipaException(Reason.INVALID_MESSAGE, e.getMessage());
        }
    }

    private IpaMemory memory() throws EsipaException {
        CredentialStore store = store();
        try {
            return IpaMemory.open(store, legacyMemory, IPA_KEY);
        } catch (CredentialStoreException e) {
            throw new EsipaException(Reason.UNAVAILABLE, "the IPA's memory against replay is out of reach: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<BigInteger> lastCounter() throws EsipaException {
        IpaMemory memory = memory();
        if (memory.damage().isPresent()) {
            throw new EsipaException(Reason.UNAVAILABLE, memory.damage().get());
        }
        BigInteger last = memory.lastCounter(eimId);
        return last.signum() < 0 ? Optional.empty() : Optional.of(last);
    }

    @Override
    public synchronized void resetReplayProtection(BigInteger lastCounter) throws EsipaException {
        CredentialStore store = store();
        try {
            IpaMemory.reset(store, legacyMemory, eimId, lastCounter);
        } catch (CredentialStoreException e) {
            throw new EsipaException(Reason.UNAVAILABLE, "the IPA's memory against replay could not be reset: " + e.getMessage(), e);
        }
        LOG.warn("the IPA's memory against replay in {} was reset by an operator: the next package from eIM '{}' must carry a "
                + "counter above {}", store.location(), eimId, lastCounter);
    }

    /** The IPA's result-signing key: made and kept on first need, its public half logged for the eIM. */
    private PrivateKey ipaKey() throws EsipaException {
        CredentialStore store = store();
        try {
            Optional<Secret> kept = store.read(IPA_KEY);
            if (kept.isPresent()) {
                byte[] pkcs8 = kept.get().bytes();
                try {
                    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                } finally {
                    Arrays.fill(pkcs8, (byte) 0);
                }
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = g.generateKeyPair();
            store.apply(CredentialUpdate.builder().put(IPA_KEY, Secret.of(pair.getPrivate().getEncoded()))
                    .put(IPA_PUBLIC_KEY, Secret.of(pair.getPublic().getEncoded())).build());
            LOG.info("the IPA's result-signing key was made and kept in {}; give the eIM its public key: {}", store.location(),
                    Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
            return pair.getPrivate();
        } catch (CredentialStoreException e) {
            throw new EsipaException(Reason.UNAVAILABLE, "the IPA's key is out of reach: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new EsipaException(Reason.UNAVAILABLE, "the IPA's key cannot be used: " + e.getMessage(), e);
        }
    }

    static PublicKey publicKey(String text) throws GeneralSecurityException {
        String t = text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("it is empty");
        }
        if (t.contains("BEGIN CERTIFICATE")) {
            return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(t.getBytes(StandardCharsets.US_ASCII)))
                    .getPublicKey();
        }
        String base64 = t.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
