package org.scgateway.api.se;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A hold that keeps a Secure Element's other clients out, from {@link ApduChannel#holdExclusive()}. Closing it
 * lets them in again; closing is idempotent and never throws.
 */
@ProviderType
public interface ExclusiveHold extends AutoCloseable {

    /** A hold that holds nothing: for elements no client outside the gateway can reach. */
    ExclusiveHold NONE = () -> { };

    @Override
    void close();
}
