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
}
