package org.scgateway.api.se;

import java.util.concurrent.TimeUnit;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Registered by a bundle that looks at each Secure Element as it arrives and offers services for it (a
 * credential store in its credential application, a bootstrap source for its PKCS#15 file), so that a consumer
 * of those services can wait until the elements present have been looked at and start once, with what they
 * offer, instead of once before and again after. The LwM2M client waits, bounded, before each start.
 */
@ProviderType
public interface SecureElementProbe {

    /**
     * Waits until every Secure Element this probe has been given so far has been looked at, and what it offers
     * for them is registered.
     *
     * @return false when the time ran out first
     */
    boolean awaitProbed(long timeout, TimeUnit unit) throws InterruptedException;
}
