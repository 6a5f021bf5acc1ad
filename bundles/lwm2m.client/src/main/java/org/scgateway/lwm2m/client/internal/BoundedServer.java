package org.scgateway.lwm2m.client.internal;

import java.util.EnumSet;

import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.response.WriteResponse;

/**
 * Leshan's Server object (1), refusing a Lifetime a server writes below the client's floor ({@code minLifetime}): the
 * registration engine sends an Update before each lifetime runs out, so a server that wrote 1 (or 0, or -1, which
 * Leshan took) had the gateway send one a second, for ever (issue 22, finding 6). The configured lifetime and the
 * card's bootstrap file are the operator's, not bounded here.
 */
final class BoundedServer extends Server {

    static final int LIFETIME = 1;

    private final long minLifetime;

    /** An instance a bootstrap server creates. */
    BoundedServer(long minLifetime) {
        this.minLifetime = minLifetime;
    }

    BoundedServer(int shortServerId, long lifetime, EnumSet<BindingMode> binding, long minLifetime) {
        super(shortServerId, lifetime, binding, false, BindingMode.U);
        this.minLifetime = minLifetime;
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        if (resourceId == LIFETIME && !server.isSystem() && value.getValue() instanceof Long lifetime && lifetime < minLifetime) {
            return WriteResponse.badRequest("a lifetime of " + lifetime + " s is below this client's minimum of " + minLifetime
                    + " s (minLifetime in org.scgateway.lwm2m.client)");
        }
        return super.write(server, replace, resourceId, value);
    }
}
