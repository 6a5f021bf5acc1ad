package org.scgateway.api.credential;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.Test;

public class CertificationRequestTest {

    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    /** Key pairs whose private keys this test holds and signs with, as a component would inside. */
    private static class Pairs implements SigningKeys {
        final Map<String, KeyPair> pairs = new java.util.HashMap<>();

        @Override
        public PublicKey generate(String name) {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair p = g.generateKeyPair();
                pairs.put(name, p);
                return p.getPublic();
            } catch (java.security.GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public void put(String name, Secret privateKey, PublicKey publicKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<PublicKey> publicKey(String name) {
            return Optional.ofNullable(pairs.get(name)).map(KeyPair::getPublic);
        }

        @Override
        public byte[] signDigest(String name, byte[] sha256) throws CredentialStoreException {
            try {
                Signature s = Signature.getInstance("NONEwithECDSA");
                s.initSign(pairs.get(name).getPrivate());
                s.update(sha256);
                return s.sign();
            } catch (java.security.GeneralSecurityException e) {
                throw new CredentialStoreException(e.getMessage());
            }
        }

        @Override
        public SortedSet<String> keyPairNames() {
            return new TreeSet<>(pairs.keySet());
        }

        @Override
        public void delete(String name) {
            pairs.remove(name);
        }
    }

    @Test
    public void aCaReadsTheSubjectAndKeyAndTheComponentsSignatureVerifies() throws Exception {
        Pairs keys = new Pairs();
        PublicKey key = keys.generate("lwm2m/server/1/client-private-key");
        X500Principal subject = new X500Principal("CN=urn:imei:490154203237518,O=SC Gateway");

        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(
                CertificationRequest.of(keys, "lwm2m/server/1/client-private-key", subject));

        assertTrue("the signature verifies with the request's own key",
                csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC).build(csr.getSubjectPublicKeyInfo())));
        assertEquals("ecdsa-with-SHA256", "1.2.840.10045.4.3.2", csr.getSignatureAlgorithm().getAlgorithm().getId());
        assertArrayEquals("the component's public key", key.getEncoded(), csr.getSubjectPublicKeyInfo().getEncoded());
        assertEquals(X500Name.getInstance(subject.getEncoded()), csr.getSubject());
        assertEquals("no attributes", 0, csr.getAttributes().length);
    }

    @Test
    public void aSignatureByAnotherKeyDoesNotVerify() throws Exception {
        Pairs keys = new Pairs();
        keys.generate("a");
        keys.generate("b");
        SigningKeys crossed = new Pairs() {
            @Override
            public Optional<PublicKey> publicKey(String name) {
                return keys.publicKey("a");
            }

            @Override
            public byte[] signDigest(String name, byte[] sha256) throws CredentialStoreException {
                return keys.signDigest("b", sha256);
            }
        };
        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(CertificationRequest.of(crossed, "a", new X500Principal("CN=x")));
        assertTrue("the check above can fail", !csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC).build(csr.getSubjectPublicKeyInfo())));
    }

    @Test
    public void openSslVerifiesThePem() throws Exception {
        Path openssl = Path.of("/usr/bin/openssl");
        org.junit.Assume.assumeTrue("openssl is installed (.ci/run installs it)", Files.isExecutable(openssl));
        Pairs keys = new Pairs();
        keys.generate("k");
        String pem = CertificationRequest.pem(CertificationRequest.of(keys, "k", new X500Principal("CN=itest-endpoint")));
        Path file = Files.createTempFile("csr", ".pem");
        try {
            Files.writeString(file, pem);
            Process p = new ProcessBuilder(openssl.toString(), "req", "-in", file.toString(), "-verify", "-noout", "-subject")
                    .redirectErrorStream(true).start();
            try {
                assertTrue("openssl ends", p.waitFor(30, TimeUnit.SECONDS));
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(out, 0, p.exitValue());
                assertTrue(out, out.contains("verify OK") || out.contains("Certificate request self-signature verify OK"));
                assertTrue(out, out.contains("CN = itest-endpoint") || out.contains("CN=itest-endpoint"));
            } finally {
                p.destroyForcibly();
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    public void aNameWithoutKeyPairIsNamed() {
        try {
            CertificationRequest.of(new Pairs(), "lwm2m/server/9/client-private-key", new X500Principal("CN=x"));
            fail();
        } catch (CredentialStoreException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("lwm2m/server/9/client-private-key"));
        }
    }

    @Test
    public void anEndpointNameStaysOneCommonName() {
        X500Principal p = CertificationRequest.commonName("#urn:dev, ops+1=\"x\";<y> ");
        javax.naming.ldap.LdapName parsed;
        try {
            parsed = new javax.naming.ldap.LdapName(p.getName(X500Principal.RFC2253));
        } catch (javax.naming.InvalidNameException e) {
            throw new AssertionError(e);
        }
        assertEquals(1, parsed.size());
        assertEquals("#urn:dev, ops+1=\"x\";<y> ", parsed.getRdn(0).getValue());
    }

    @Test
    public void longSubjectsGetLongForms() throws Exception {
        Pairs keys = new Pairs();
        keys.generate("k");
        String cn = "x".repeat(300); // info and request above 255 bytes: two-byte lengths
        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(CertificationRequest.of(keys, "k", new X500Principal("CN=" + cn)));
        assertTrue(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC).build(csr.getSubjectPublicKeyInfo())));
    }
}
