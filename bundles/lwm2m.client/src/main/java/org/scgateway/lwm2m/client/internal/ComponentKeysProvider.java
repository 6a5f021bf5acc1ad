package org.scgateway.lwm2m.client.internal;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.Map;

/**
 * The JCA provider that signs with keys kept in a Secure Component: one signature, SHA256withECDSA, for
 * {@link ComponentPrivateKey} alone (its SupportedKeyClasses). It is added after every provider of the JVM while the
 * client runs and removed after; as it takes no other key, JCA gives it nothing that another program asks for.
 */
final class ComponentKeysProvider extends Provider {

    static final String NAME = "SCGateway-SecureComponent";
    private static final long serialVersionUID = 1L;

    ComponentKeysProvider() {
        super(NAME, "1.0", "SC Gateway: signatures by keys kept in a Secure Component");
        putService(new Service(this, "Signature", "SHA256withECDSA", ComponentSignature.class.getName(), List.of(),
                Map.of("SupportedKeyClasses", ComponentPrivateKey.class.getName())) {
            @Override
            public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
                return new ComponentSignature(); // not by reflection: the class is the bundle's, not the JDK's to load
            }
        });
    }

    /** Stands for no key: binds a thread's Signature to this provider, never signs. */
    private static final ComponentPrivateKey PRIMER = new ComponentPrivateKey("(none)", null, "no component");

    /**
     * Binds the current thread's Scandium SHA256withECDSA to this provider. Scandium keeps one Signature per thread and
     * algorithm, and the JDK's Signature keeps the provider chosen at its first init: a thread that verified a server's
     * signature first (with the JDK's provider) could not sign with a component's key afterwards. Bound here first,
     * the Signature verifies and signs with the JDK's keys through {@link ComponentSignature}, which hands them to the
     * JDK. Called on the threads of the DTLS connectors whose client key stays in a component, before any handshake.
     */
    static void prime() {
        try {
            org.eclipse.californium.scandium.dtls.SignatureAndHashAlgorithm.SHA256_WITH_ECDSA.getThreadLocalSignature().currentWithCause()
                    .initSign(PRIMER);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the provider " + NAME + " is not installed: " + e.getMessage(), e);
        }
    }

    /** Adds the provider, last, unless it is there. */
    static void install() {
        if (Security.getProvider(NAME) == null) {
            Security.addProvider(new ComponentKeysProvider());
        }
    }

    static void uninstall() {
        Security.removeProvider(NAME);
    }
}
