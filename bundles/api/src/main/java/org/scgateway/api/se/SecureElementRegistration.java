package org.scgateway.api.se;

import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.scgateway.api.component.SecureComponent;

/**
 * How a driver offers an element: one service under both names, so that consumers of any Secure Component (the admin
 * object) see it too, with the identity properties every consumer filters on taken from the element itself.
 */
public final class SecureElementRegistration {

    private SecureElementRegistration() {
    }

    /**
     * @param driverProperties the driver's own properties (its reader, its port); they cannot override the identity ones
     */
    public static ServiceRegistration<?> register(BundleContext context, SecureElement element, Map<String, ?> driverProperties) {
        Hashtable<String, Object> props = new Hashtable<>(driverProperties);
        props.put(SecureComponent.PROP_ID, element.id());
        props.put(SecureComponent.PROP_KIND, element.kind().name());
        props.put(SecureComponent.PROP_BACKEND, element.backend());
        return context.registerService(new String[] {SecureElement.class.getName(), SecureComponent.class.getName()}, element, props);
    }
}
