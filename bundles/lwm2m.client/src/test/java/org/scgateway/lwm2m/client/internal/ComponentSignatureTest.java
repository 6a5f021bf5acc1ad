package org.scgateway.lwm2m.client.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.auth.RawPublicKeyIdentity;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticCertificateVerifier;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The provider signs with a key that stays in a component, and nothing else: a real Scandium RPK handshake whose
 * client proves its key by a CertificateVerify the component signed (the server verifies it with the client's public
 * key alone), and the JDK's own signatures unchanged beside it.
 */
public class ComponentSignatureTest {

    private final List<DTLSConnector> connectors = new CopyOnWriteArrayList<>();
    private final List<java.util.concurrent.ExecutorService> executors = new CopyOnWriteArrayList<>();

    @BeforeClass
    public static void install() {
        DtlsConfig.register();
        ComponentKeysProvider.install();
    }

    @AfterClass
    public static void uninstall() {
        ComponentKeysProvider.uninstall();
    }

    @After
    public void stop() {
        connectors.forEach(DTLSConnector::destroy);
        executors.forEach(java.util.concurrent.ExecutorService::shutdownNow);
    }

    @Test
    public void anRpkHandshakeCompletesWithTheClientsSignatureFromTheComponent() throws Exception {
        SoftwareSigningKeys component = new SoftwareSigningKeys();
        handshake(component, component.pair.getPublic()).get(20, TimeUnit.SECONDS);
        assertFalse("the component signed the CertificateVerify", component.signed.isEmpty());
    }

    @Test
    public void aComponentThatSignsWithAnotherKeyFailsTheHandshake() throws Exception {
        SoftwareSigningKeys component = new SoftwareSigningKeys();
        PublicKey announced = new SoftwareSigningKeys().pair.getPublic(); // the server trusts this one; the component has another
        try {
            handshake(component, announced).get(20, TimeUnit.SECONDS);
            throw new AssertionError("the server took a signature made with another key");
        } catch (ExecutionException expected) {
            // the server refuses the CertificateVerify
        }
    }

    @Test
    public void jcaSignsWithTheHandleThroughTheComponent() throws Exception {
        SoftwareSigningKeys component = new SoftwareSigningKeys();
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(new ComponentPrivateKey("k", component, "the test's component"));
        s.update("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] signature = s.sign();
        assertEquals(ComponentKeysProvider.NAME, s.getProvider().getName());
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(component.pair.getPublic());
        v.update("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue("the JDK verifies what the component signed", v.verify(signature));
    }

    /**
     * Why the DTLS threads are primed: a Signature that verified with the JDK's key first stays the JDK's and refuses the
     * component's key; one bound to the gateway's provider first does both, the JDK's keys going to the JDK.
     */
    @Test
    public void aSignatureBoundToTheJdkFirstCannotSignWithAComponentKeyOneBoundHereDoesBoth() throws Exception {
        SoftwareSigningKeys component = new SoftwareSigningKeys();
        KeyPair jdkPair = new SoftwareSigningKeys().pair;
        ComponentPrivateKey handle = new ComponentPrivateKey("k", component, "the test's component");
        Signature jdkFirst = Signature.getInstance("SHA256withECDSA");
        jdkFirst.initVerify(jdkPair.getPublic());
        try {
            jdkFirst.initSign(handle);
            throw new AssertionError("the JDK's signature took a key it cannot use");
        } catch (java.security.InvalidKeyException expected) {
            // what Scandium's per-thread Signature meets on a thread that verified first
        }

        CompletableFuture<Boolean> both = new CompletableFuture<>();
        Thread primed = new Thread(() -> {
            try {
                ComponentKeysProvider.prime();
                Signature s = org.eclipse.californium.scandium.dtls.SignatureAndHashAlgorithm.SHA256_WITH_ECDSA.getThreadLocalSignature()
                        .currentWithCause();
                Signature signer = Signature.getInstance("SHA256withECDSA");
                signer.initSign(jdkPair.getPrivate());
                signer.update(new byte[] {7});
                byte[] byJdk = signer.sign();
                s.initVerify(jdkPair.getPublic());
                s.update(new byte[] {7});
                boolean verified = s.verify(byJdk);
                s.initSign(handle);
                s.update(new byte[] {7});
                s.sign();
                both.complete(verified && !component.signed.isEmpty());
            } catch (Exception e) {
                both.completeExceptionally(e);
            }
        });
        primed.start();
        assertTrue("verified the JDK's signature, then signed in the component", both.get(10, TimeUnit.SECONDS));
    }

    @Test
    public void theJdksSignaturesAreTheJdksStill() throws Exception {
        KeyPair pair = new SoftwareSigningKeys().pair;
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(pair.getPrivate());
        s.update(new byte[] {1});
        s.sign();
        assertTrue("the JDK signed: " + s.getProvider(), !ComponentKeysProvider.NAME.equals(s.getProvider().getName()));
        assertEquals("ours is last", ComponentKeysProvider.NAME, Security.getProviders()[Security.getProviders().length - 1].getName());
    }

    /** A client whose private key is a handle for {@code component} and whose certificate announces {@code publicKey}. */
    private CompletableFuture<EndpointContext> handshake(SoftwareSigningKeys component, PublicKey publicKey) throws Exception {
        KeyPair server = new SoftwareSigningKeys().pair;
        CompletableFuture<EndpointContext> arrived = new CompletableFuture<>();
        DTLSConnector s = connector(DtlsRole.SERVER_ONLY, new SingleCertificateProvider(server.getPrivate(), server.getPublic()),
                new RawPublicKeyIdentity(publicKey));
        s.setRawDataReceiver(raw -> arrived.complete(raw.getEndpointContext()));
        s.start();
        SingleCertificateProvider identity = new SingleCertificateProvider(new ComponentPrivateKey("lwm2m/server/1/client-private-key",
                component, "the test's component"), publicKey);
        identity.setVerifyKeyPair(false);
        DTLSConnector c = connector(DtlsRole.CLIENT_ONLY, identity, new RawPublicKeyIdentity(server.getPublic()));
        org.eclipse.californium.elements.util.ProtocolScheduledExecutorService primed = org.eclipse.californium.elements.util.ExecutorsUtil
                .newProtocolScheduledThreadPool(2, r -> {
            Thread t = new Thread(() -> {
                ComponentKeysProvider.prime();
                r.run();
            }, "primed-dtls");
            t.setDaemon(true);
            return t;
        });
        executors.add(primed);
        c.setExecutor(primed);
        c.setRawDataReceiver(raw -> { });
        c.start();
        Datagrams.send(c, s.getAddress(), arrived);
        return arrived;
    }

    private DTLSConnector connector(DtlsRole role, SingleCertificateProvider identity, RawPublicKeyIdentity trusted) {
        Configuration c = Configuration.createStandardWithoutFile();
        c.set(DtlsConfig.DTLS_ROLE, role);
        c.set(DtlsConfig.DTLS_CIPHER_SUITES, List.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8));
        c.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 1);
        DTLSConnector d = new DTLSConnector(DtlsConnectorConfig.builder(c).setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .setCertificateIdentityProvider(identity)
                .setCertificateVerifier(new StaticCertificateVerifier.Builder().setTrustedRPKs(trusted).build()).build());
        connectors.add(d);
        return d;
    }
}
