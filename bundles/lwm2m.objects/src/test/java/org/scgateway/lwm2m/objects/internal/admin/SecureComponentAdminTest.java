package org.scgateway.lwm2m.objects.internal.admin;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;
import org.scgateway.api.component.AbstractSecureComponent;
import org.scgateway.api.component.ComponentKind;
import org.scgateway.api.component.Identification;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.euicc.EuiccService;
import org.scgateway.api.lwm2m.AdminInstanceView;
import org.scgateway.api.lwm2m.LwM2mObjectContext;
import org.scgateway.api.lwm2m.LwM2mOperationException;
import org.scgateway.api.lwm2m.ObjectLink;
import org.scgateway.api.component.SecureComponent;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.tee.SecurityDomain;
import org.scgateway.api.tee.TeeDeviceState;
import org.scgateway.api.tee.TeeException;
import org.scgateway.api.tee.TeepAnswer;
import org.scgateway.api.tee.TrustedComponent;
import org.scgateway.api.tee.TrustedExecutionEnvironment;
import org.scgateway.se.sim.internal.TestCards;

/**
 * The admin object as components come and go, without LwM2M: an instance per component, the protocol its kind
 * speaks, the services the gateway takes from it, and the last outcome kept for a component that comes back.
 */
public class SecureComponentAdminTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private final SecureComponentAdmin admin = new SecureComponentAdmin();

    @After
    public void stop() {
        admin.deactivate();
    }

    @Test
    public void eachComponentHasAnInstanceThatGoesWithIt() throws Exception {
        SecureElement card = TestCards.builtIn();
        Tee tee = new Tee();
        admin.addComponent(card);
        admin.addComponent(tee);
        assertEquals(Set.of(0, 1), admin.instanceIds());
        assertEquals(card.id(), admin.read(0, AdminObjectModel.COMPONENT_ID).value());
        assertEquals(Map.of(0, ScriptProtocol.NAME), admin.read(0, AdminObjectModel.PROTOCOLS).instances());
        assertEquals("TEE", admin.read(1, AdminObjectModel.TYPE).value());
        assertEquals(Map.of(0, TeepProtocol.NAME), admin.read(1, AdminObjectModel.PROTOCOLS).instances());

        admin.removeComponent(card);
        assertEquals(Set.of(1), admin.instanceIds());
        LwM2mOperationException e = assertThrows(LwM2mOperationException.class, () -> admin.read(0, AdminObjectModel.COMPONENT_ID));
        assertEquals(LwM2mOperationException.Code.NOT_FOUND, e.code());
        admin.addComponent(card);
        assertEquals("back under its id", card.id(), admin.read(0, AdminObjectModel.COMPONENT_ID).value());
    }

    @Test
    public void aTeepMessageGoesToTheTeeAndItsErrorsAreTold() throws Exception {
        Tee tee = new Tee();
        admin.addComponent(tee);
        tee.answer = new TeepAnswer(HEX.parseHex("8405"), TeepAnswer.Kind.ERROR, 5, "the TAM's signature does not verify");
        run(0, "8401");
        assertEquals("a TAM signature error is a security error", 6L, admin.read(0, AdminObjectModel.RESULT).value());
        assertEquals("8405", HEX.formatHex((byte[]) admin.read(0, AdminObjectModel.ADMIN_RESPONSE).value()));
        assertEquals("8401", HEX.formatHex(tee.received));

        tee.answer = new TeepAnswer(HEX.parseHex("8406"), TeepAnswer.Kind.ERROR, 1, "unsupported extension");
        run(0, "8401");
        assertEquals("another error stops", 3L, admin.read(0, AdminObjectModel.RESULT).value());
        tee.answer = new TeepAnswer(HEX.parseHex("8405"), TeepAnswer.Kind.SUCCESS, 0, "installed");
        run(0, "8401");
        assertEquals(2L, admin.read(0, AdminObjectModel.RESULT).value());
        tee.unreachable = true;
        run(0, "8401");
        assertEquals("a TEE out of reach is a lost component", 7L, admin.read(0, AdminObjectModel.RESULT).value());
    }

    @Test
    public void aComponentBackAfterBeingPulledShowsItsLastOutcome() throws Exception {
        SecureElement card = TestCards.builtIn();
        admin.addComponent(card);
        run(0, "AA00"); // no C-APDU: a bad format, told at once
        assertEquals(4L, admin.read(0, AdminObjectModel.RESULT).value());
        admin.removeComponent(card);
        admin.addComponent(card);
        assertEquals(4L, admin.read(0, AdminObjectModel.RESULT).value());
        assertTrue(admin.read(0, AdminObjectModel.RESULT_DESCRIPTION).value().toString().startsWith("bad format"));
    }

    @Test
    public void theServicesTakenFromAComponentAreListed() throws Exception {
        SecureElement card = TestCards.builtIn();
        admin.addComponent(card);
        admin.addBootstrapSource(null, Map.of(SecureComponent.PROP_ID, card.id()));
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair pair = g.generateKeyPair();
        java.security.PublicKey pub = pair.getPublic();
        admin.addCardStore(KeysOnly.store(pair), Map.of(CredentialStore.PROP_SECURE_COMPONENT_ID, card.id()));
        admin.addEuicc(null, Map.of(EuiccService.PROP_SECURE_ELEMENT_ID, "another-card"));
        assertEquals(Map.of(0, "smartcard-bootstrap", 1, "credential-store"), admin.read(0, AdminObjectModel.SERVICES).instances());
        assertEquals("the store's keys, public parts only", Map.of(0, "lwm2m/server/1/psk PSK gateway-1",
                1, "lwm2m/server/1/client-private-key EC-P256 " + java.util.HexFormat.of().formatHex(pub.getEncoded())),
                admin.read(0, AdminObjectModel.PUBLIC_KEYS).instances());
        admin.removeBootstrapSource(null, Map.of(SecureComponent.PROP_ID, card.id()));
        assertEquals(Map.of(0, "credential-store"), admin.read(0, AdminObjectModel.SERVICES).instances());
    }

    /**
     * A server reads a certificate request for each key pair of the component, signed there, for the client's endpoint
     * name, which comes from the object's context; the request is at the key's instance id in Public Keys.
     */
    @Test
    public void certificateRequestsAreSignedInTheComponentForTheEndpoint() throws Exception {
        SecureElement card = TestCards.builtIn();
        admin.addComponent(card);
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair pair = g.generateKeyPair();
        admin.addCardStore(KeysOnly.store(pair), Map.of(CredentialStore.PROP_SECURE_COMPONENT_ID, card.id()));
        assertEquals("no client yet, no endpoint name: no request", Map.of(), admin.read(0, AdminObjectModel.CERTIFICATE_REQUESTS).instances());
        admin.attached(clientContext(Map.of(), Optional.of("urn:dev:itest,1")));
        Map<Integer, ?> requests = admin.read(0, AdminObjectModel.CERTIFICATE_REQUESTS).instances();
        assertEquals("the key pair's instance of Public Keys", java.util.Set.of(1), requests.keySet());
        org.bouncycastle.pkcs.PKCS10CertificationRequest csr = new org.bouncycastle.pkcs.PKCS10CertificationRequest((byte[]) requests.get(1));
        assertTrue("signed with the component's key", csr.isSignatureValid(new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
                .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).build(csr.getSubjectPublicKeyInfo())));
        assertArrayEquals(pair.getPublic().getEncoded(), csr.getSubjectPublicKeyInfo().getEncoded());
        assertEquals("CN=urn:dev:itest\\,1", csr.getSubject().toString());
    }

    /** The client's hosted instances come through the object's context: the admin object never binds the client. */
    @Test
    public void hostedInstancesComeFromTheClientsContext() throws Exception {
        SecureElement card = TestCards.builtIn();
        admin.addComponent(card);
        assertEquals("not shown by a client: none", Map.of(), admin.read(0, AdminObjectModel.HOSTED_INSTANCES).instances());
        admin.attached(clientContext(Map.of(card.id(), List.of(ObjectLink.of(0, 1), ObjectLink.of(1, 1)), "another", List.of(ObjectLink.of(0, 2))),
                Optional.empty()));
        assertEquals(Map.of(0, ObjectLink.of(0, 1), 1, ObjectLink.of(1, 1)), admin.read(0, AdminObjectModel.HOSTED_INSTANCES).instances());
    }

    /** Runs a request as the operator's tools do (ComponentAdmin), through instance {@code instance}, and waits for its end. */
    private void run(int instance, String request) throws Exception {
        AdminInstanceView after = admin.run(String.valueOf(instance), HEX.parseHex(request), new byte[0], 0).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        assertEquals(instance, after.instanceId());
        assertTrue("the request ended", !admin.instance(instance).running());
    }

    @Test
    public void toolsSeeTheInstancesAndRunThroughThemAsAServerWould() throws Exception {
        SecureElement card = TestCards.builtIn();
        admin.addComponent(card);
        admin.addComponent(new Tee());
        List<AdminInstanceView> views = admin.instances();
        assertEquals(2, views.size());
        assertEquals(card.id(), views.get(0).componentId());
        assertEquals("NONE", views.get(0).result());

        // SELECT EF ICCID, READ BINARY: answered without SCP03
        AdminInstanceView after = admin.run(card.id(), HEX.parseHex("AA10" + "2207" + "00A4000C022FE2" + "2205" + "00B000000A"), new byte[0], 0)
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(after.description(), 2, after.resultCode());
        assertEquals("the server reads the same outcome", 2L, admin.read(0, AdminObjectModel.RESULT).value());
        assertEquals("AB15" + "800102" + "23029000" + "230C" + "98940000000000000091" + "9000", HEX.formatHex(after.response()));

        LwM2mOperationException none = assertThrows(LwM2mOperationException.class, () -> admin.run("no-such-card", new byte[0], new byte[0], 0));
        assertEquals(LwM2mOperationException.Code.NOT_FOUND, none.code());
        LwM2mOperationException level = assertThrows(LwM2mOperationException.class,
                () -> admin.run(card.id(), HEX.parseHex("AA00"), new byte[0], 2));
        assertEquals("a level SCP03 has not is refused as a server's write is", LwM2mOperationException.Code.BAD_REQUEST, level.code());
    }

    /** A TEE whose agent answers what the test says, or cannot be reached. */
    private static final class Tee extends AbstractSecureComponent implements TrustedExecutionEnvironment {
        volatile TeepAnswer answer;
        volatile byte[] received;
        volatile boolean unreachable;

        Tee() {
            super("tee-test", ComponentKind.TEE, "test", Identification.empty());
        }

        @Override
        public TeepAnswer processTeepMessage(byte[] message) throws TeeException {
            received = message;
            if (unreachable) {
                throw new TeeException("the agent does not answer");
            }
            return answer;
        }

        @Override
        public TeeDeviceState deviceState() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SecurityDomain> securityDomains() {
            return List.of();
        }

        @Override
        public SecurityDomain createSecurityDomain(String name, byte[] trustAnchor) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deleteSecurityDomain(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<TrustedComponent> trustedComponents() {
            return List.of();
        }
    }

    /** What a client shows its objects: its hosted instances and endpoint name; changes reported go nowhere. */
    private static LwM2mObjectContext clientContext(Map<String, List<ObjectLink>> hosted, Optional<String> endpoint) {
        return new LwM2mObjectContext() {
            @Override
            public void resourcesChanged(int instanceId, int... resourceIds) {
            }

            @Override
            public void instancesChanged() {
            }

            @Override
            public Map<String, List<ObjectLink>> hostedInstances() {
                return hosted;
            }

            @Override
            public Optional<String> endpointName() {
                return endpoint;
            }
        };
    }
}
