package org.scgateway.api.se;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** The worker's contract, with a framework played by proxies that record what is registered and unregistered. */
public class ElementServicesTest {

    private final List<String> framework = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private final List<String> withdrawn = new CopyOnWriteArrayList<>();

    private final ElementServices<String> services = new ElementServices<>("test-worker", String.class, (se, props) -> {
        threads.add(Thread.currentThread().getName());
        return se.id().startsWith("card") ? Optional.of(new ElementServices.Offered<>("store of " + se.id(), Map.of("id", se.id())))
                : Optional.empty();
    }, se -> withdrawn.add(se.id()));

    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class}, (p, m, a) -> {
            if (!m.getName().equals("registerService")) {
                throw new UnsupportedOperationException(m.getName());
            }
            String service = String.valueOf(a[1]);
            framework.add("register " + service + " " + Collections.list(((java.util.Dictionary<?, ?>) a[2]).keys()));
            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class}, (r, rm, ra) -> {
                if (rm.getName().equals("unregister")) {
                    framework.add("unregister " + service);
                    return null;
                }
                throw new UnsupportedOperationException(rm.getName());
            });
        });
    }

    private static SecureElement element(String id) {
        return (SecureElement) Proxy.newProxyInstance(ElementServicesTest.class.getClassLoader(), new Class<?>[] {SecureElement.class},
                (p, m, a) -> {
                    switch (m.getName()) {
                        case "id": return id;
                        case "hashCode": return id.hashCode();
                        case "equals": return p == a[0];
                        case "toString": return id;
                        default: throw new UnsupportedOperationException(m.getName());
                    }
                });
    }

    @Test
    public void elementsBoundBeforeActivationAreOfferedAfterItInOrderOffTheBindingThread() throws Exception {
        services.add(element("card-1"), Map.of());
        services.add(element("modem"), Map.of());
        services.add(element("card-2"), Map.of());
        assertTrue("nothing before activation", framework.isEmpty());
        services.activate(context());
        assertTrue(services.awaitProbed(5, TimeUnit.SECONDS));
        assertEquals(List.of("register store of card-1 [id]", "register store of card-2 [id]"), framework);
        assertEquals(List.of("test-worker", "test-worker", "test-worker"), threads);
        assertNotEquals(Thread.currentThread().getName(), threads.get(0));
        services.deactivate();
    }

    @Test
    public void aRemovedElementsServiceGoesAndIsSaidToHaveGone() throws Exception {
        services.activate(context());
        SecureElement card = element("card-1");
        services.add(card, Map.of());
        services.add(element("other"), Map.of());
        services.remove(card);
        services.remove(element("never-offered"));
        assertTrue(services.awaitProbed(5, TimeUnit.SECONDS));
        assertEquals(List.of("register store of card-1 [id]", "unregister store of card-1"), framework);
        assertEquals(List.of("card-1"), withdrawn);
        services.deactivate();
    }

    @Test
    public void aDisabledComponentOffersNothingAndDeactivationWithdrawsEverything() throws Exception {
        services.add(element("card-1"), Map.of());
        services.activate(null);
        services.add(element("card-2"), Map.of());
        assertTrue(services.awaitProbed(5, TimeUnit.SECONDS));
        assertTrue(framework.isEmpty());

        ElementServices<String> enabled = new ElementServices<>("test-worker-2", String.class,
                (se, props) -> Optional.of(new ElementServices.Offered<>("s " + se.id(), Map.of())), se -> { });
        enabled.activate(context());
        enabled.add(element("card-3"), Map.of());
        assertTrue(enabled.awaitProbed(5, TimeUnit.SECONDS));
        enabled.deactivate();
        assertEquals(List.of("register s card-3 []", "unregister s card-3"), framework);
        assertTrue("probed after deactivation: nothing more comes", enabled.awaitProbed(1, TimeUnit.SECONDS));
    }

    @Test
    public void probingWaitsForActivation() throws Exception {
        assertEquals(false, services.awaitProbed(50, TimeUnit.MILLISECONDS));
    }
}
