package org.scgateway.euicc.internal.ipa;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.lang.reflect.Proxy;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;
import org.scgateway.api.euicc.EsipaException;
import org.scgateway.api.euicc.EuiccService;

/**
 * The IPA made without a credential store, as SCR makes it when a pulled card's store is going (its reference is
 * optional so that it can be made at all): a message that comes then is not carried out, and says why.
 */
public class IotProfileAssistantTest {

    @Rule
    public final TemporaryFolder data = new TemporaryFolder();

    @Test
    public void withoutACredentialStoreAMessageIsRefusedSayingWhy() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair eim = g.generateKeyPair();
        IotProfileAssistant ipa = new IotProfileAssistant(stub(EuiccService.class, "secureElementId", "sim-test"),
                config("test-eim", Base64.getEncoder().encodeToString(eim.getPublic().getEncoded())),
                stub(BundleContext.class, "getDataFile", new File(data.getRoot(), "esim-iot.properties")));

        byte[] message = EimPackages.transfer(EimPackages.request("test-eim", EimPackages.EID, 1, eim, EimPackages.enable(EimPackages.ONE)));
        EsipaException e = assertThrows(EsipaException.class, () -> ipa.carryOut(message));
        assertEquals(EsipaException.Reason.UNAVAILABLE, e.reason());
        assertTrue(e.getMessage(), e.getMessage().startsWith("no credential store is there"));
        assertEquals(EsipaException.Reason.UNAVAILABLE, assertThrows(EsipaException.class, ipa::lastCounter).reason());
    }

    /** An instance of {@code type} whose method {@code name} gives {@code value}; any other method is not expected. */
    private static <T> T stub(Class<T> type, String name, Object value) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            if (m.getName().equals(name)) {
                return value;
            }
            throw new UnsupportedOperationException(m.getName());
        }));
    }

    private static IotProfileAssistant.Config config(String eimId, String eimPublicKey) {
        return (IotProfileAssistant.Config) Proxy.newProxyInstance(IotProfileAssistant.Config.class.getClassLoader(),
                new Class<?>[] {IotProfileAssistant.Config.class}, (p, m, args) -> switch (m.getName()) {
                    case "eimId" -> eimId;
                    case "eimPublicKey" -> eimPublicKey;
                    case "associationToken" -> -1L;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
