package org.scgateway.lwm2m.client.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.leshan.client.servers.ServerInfo;
import org.eclipse.leshan.core.SecurityMode;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.scgateway.api.credential.Secret;

/**
 * The DTLS configuration of a server whose client key stays in a component, as Scandium builds it when the client
 * starts: the component's identity, taken without the key pair check Scandium cannot make off the connector's threads,
 * and so without its warning.
 */
public class HeldKeyEndpointsTest {

    /** Where Scandium warns of a key pair whose check failed. */
    private final Logger scandium = Logger.getLogger(SingleCertificateProvider.class.getName());
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler listener = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(r.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeClass
    public static void dtls() {
        DtlsConfig.register();
    }

    @Before
    public void listen() {
        scandium.addHandler(listener);
    }

    @After
    public void stopListening() {
        scandium.removeHandler(listener);
    }

    @Test
    public void anRpkKeyInTheComponentIsTheIdentityAndNoMismatchIsWarnedOf() throws Exception {
        SoftwareSigningKeys component = new SoftwareSigningKeys();
        HeldKeys held = new HeldKeys();
        Secret marker = held.holdSigning(new ComponentPrivateKey("lwm2m/server/1/client-private-key", component, "the test's component"));
        ServerInfo server = new ServerInfo();
        server.serverId = 1;
        server.serverUri = URI.create("coaps://127.0.0.1:5684");
        server.secureMode = SecurityMode.RPK;
        server.publicKey = component.pair.getPublic();
        server.serverPublicKey = new SoftwareSigningKeys().pair.getPublic();
        server.privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(marker.bytes())); // as Leshan decodes it

        Configuration coap = Configuration.createStandardWithoutFile();
        HeldKeyEndpoints.Factory factory = (HeldKeyEndpoints.Factory) new HeldKeyEndpoints(held).createDefaultEndpointFactory();
        DtlsConnectorConfig config = factory.createEffectiveDtlsConnectorConfigBuilder(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                server, new DtlsConnectorConfig.Builder(coap), coap, true, List.of()).build();

        assertEquals("Scandium warned: " + warnings, List.of(), warnings);
        assertTrue("the component's key stands in for the marker", server.privateKey instanceof ComponentPrivateKey);
        assertEquals(List.of(CertificateType.RAW_PUBLIC_KEY), config.getCertificateIdentityProvider().getSupportedCertificateTypes());
        assertEquals("nothing was signed to build it", List.of(), component.signed);
    }
}
