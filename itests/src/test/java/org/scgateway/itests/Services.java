package org.scgateway.itests;

import static org.junit.Assert.assertNotNull;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/** Service and bundle lookups the suites share: wait for a service, find a bundle. */
final class Services {

    private Services() {
    }

    /** The best {@code type} service matching {@code filter} (may be empty), waited for up to {@code timeoutMillis}. */
    static <T> T await(BundleContext context, Class<T> type, String filter, long timeoutMillis) throws Exception {
        String f = "(&(objectClass=" + type.getName() + ")" + filter + ")";
        ServiceTracker<T, T> t = new ServiceTracker<>(context, context.createFilter(f), null);
        t.open();
        try {
            T s = t.waitForService(timeoutMillis);
            assertNotNull("no service " + f + " within " + timeoutMillis + " ms", s);
            return s;
        } finally {
            t.close();
        }
    }

    static Bundle bundle(BundleContext context, String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    /** The state of each DS component of a bundle and its unsatisfied references: for a failure's message. */
    static String components(BundleContext context, String symbolicName) {
        org.osgi.framework.ServiceReference<org.osgi.service.component.runtime.ServiceComponentRuntime> ref =
                context.getServiceReference(org.osgi.service.component.runtime.ServiceComponentRuntime.class);
        if (ref == null) {
            return "no SCR";
        }
        org.osgi.service.component.runtime.ServiceComponentRuntime scr = context.getService(ref);
        StringBuilder b = new StringBuilder();
        try {
            for (org.osgi.service.component.runtime.dto.ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(bundle(context, symbolicName))) {
                b.append(d.name).append(scr.isComponentEnabled(d) ? "" : " (disabled)");
                for (org.osgi.service.component.runtime.dto.ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    b.append(" state ").append(c.state);
                    for (org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO u : c.unsatisfiedReferences) {
                        b.append(" unsatisfied ").append(u.name).append(' ').append(u.target);
                    }
                    for (org.osgi.service.component.runtime.dto.SatisfiedReferenceDTO r : c.satisfiedReferences) {
                        b.append(' ').append(r.name).append('=').append(r.boundServices.length);
                    }
                }
                b.append("; ");
            }
        } finally {
            context.ungetService(ref);
        }
        return b.toString();
    }
}
