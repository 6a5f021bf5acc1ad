package org.scgateway.lwm2m.client.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.SecurityMode;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.PskKeys;
import org.scgateway.api.credential.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Security instance a bootstrap server creates. The PSK it writes goes into the credential store's Secure
 * Component when the store can keep it there ({@code lwm2m/bootstrapped/<instance>/psk}), and the instance keeps a
 * marker in its place; the handshake then asks the component for the master secret. Otherwise the key stays here, as
 * in Leshan's Security instance, and the client says so.
 */
final class BootstrappedSecurity extends Security {

    private static final Logger LOG = LoggerFactory.getLogger(BootstrappedSecurity.class);

    private final CredentialStore credentials;
    private final HeldKeys held;
    /** Set while a whole instance is written, under Leshan's lock of the object. */
    private boolean writingInstance;

    BootstrappedSecurity(int id, ObjectModel model, CredentialStore credentials, HeldKeys held) {
        this.credentials = credentials;
        this.held = held;
        setId(id);
        setModel(model);
    }

    /** A whole instance (Bootstrap-Write of /0/x): the key is taken first, so a component that fails leaves nothing written. */
    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, LwM2mObjectInstance value) {
        LwM2mResource key = value.getResource(LwM2mId.SEC_SECRET_KEY);
        LwM2mResource mode = value.getResource(LwM2mId.SEC_SECURITY_MODE);
        LwM2mResource identity = value.getResource(LwM2mId.SEC_PUBKEY_IDENTITY);
        if (!server.isLwm2mBootstrapServer() || key == null || !isPsk(mode == null ? mode() : mode.getValue())) {
            return super.write(server, replace, value);
        }
        LwM2mResource kept;
        try {
            kept = keep(key, identity != null && identity.getValue() instanceof byte[] ? (byte[]) identity.getValue() : identity());
        } catch (CredentialStoreException | RuntimeException e) {
            return refused(e);
        }
        Map<Integer, LwM2mResource> resources = new HashMap<>(value.getResources());
        resources.put(LwM2mId.SEC_SECRET_KEY, kept);
        writingInstance = true; // Leshan writes it resource by resource: the marker is not a key to take again
        try {
            return super.write(server, replace, new LwM2mObjectInstance(value.getId(), resources.values()));
        } finally {
            writingInstance = false;
        }
    }

    /** One resource (Bootstrap-Write of /0/x/5). */
    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resource, LwM2mResource value) {
        if (writingInstance || resource != LwM2mId.SEC_SECRET_KEY || !server.isLwm2mBootstrapServer() || !isPsk(mode())) {
            return super.write(server, replace, resource, value);
        }
        try {
            return super.write(server, replace, resource, keep(value, identity()));
        } catch (CredentialStoreException | RuntimeException e) {
            return refused(e);
        }
    }

    /** What the instance keeps in place of a PSK: a marker when the component took the key, else the key itself. */
    private LwM2mResource keep(LwM2mResource key, byte[] identity) throws CredentialStoreException {
        Optional<PskKeys> keys = credentials.pskKeys();
        if (keys.isEmpty() || !(key.getValue() instanceof byte[])) {
            LOG.warn("the PSK the bootstrap server wrote into /0/{} is in gateway memory while the client runs: {} cannot use a PSK inside "
                    + "a Secure Component", getId(), credentials.location());
            return key;
        }
        String name = "lwm2m/bootstrapped/" + getId() + "/psk";
        Secret psk = Secret.of((byte[]) key.getValue());
        try {
            keys.get().put(name, identity, psk);
        } finally {
            psk.destroy();
        }
        LOG.info("the PSK the bootstrap server wrote into /0/{} is kept in {} as {}, used there and never read out", getId(),
                credentials.location(), name);
        // Not wiped: the marker is not secret, and Leshan's instance keeps this very array.
        return LwM2mSingleResource.newBinaryResource(LwM2mId.SEC_SECRET_KEY,
                held.hold(new HeldKeys.Held(name, keys.get(), credentials.location())).bytes());
    }

    private WriteResponse refused(Exception e) {
        LOG.error("the PSK the bootstrap server wrote into /0/{} could not be put into {}: {}", getId(), credentials.location(),
                e.getMessage());
        return WriteResponse.internalServerError("the PSK could not be kept in the Secure Component: " + e.getMessage());
    }

    private static boolean isPsk(Object mode) {
        return mode instanceof Long && SecurityMode.fromCode((Long) mode) == SecurityMode.PSK;
    }

    /** The Security Mode the instance has now. */
    private Object mode() {
        ReadResponse r = read(LwM2mServer.SYSTEM, LwM2mId.SEC_SECURITY_MODE);
        return r.isSuccess() && r.getContent() instanceof LwM2mResource ? ((LwM2mResource) r.getContent()).getValue() : null;
    }

    private byte[] identity() {
        ReadResponse r = read(LwM2mServer.SYSTEM, LwM2mId.SEC_PUBKEY_IDENTITY);
        Object v = r.isSuccess() && r.getContent() instanceof LwM2mResource ? ((LwM2mResource) r.getContent()).getValue() : null;
        return v instanceof byte[] ? (byte[]) v : new byte[0];
    }
}
