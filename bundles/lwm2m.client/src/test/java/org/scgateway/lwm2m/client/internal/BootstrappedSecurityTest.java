package org.scgateway.lwm2m.client.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.client.servers.ServerInfo;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.SecurityMode;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.peer.IpPeer;
import org.junit.Test;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.CredentialUpdate;
import org.scgateway.api.credential.PskKeys;
import org.scgateway.api.credential.Secret;

/**
 * A PSK that a bootstrap server writes goes into the store's component when it can keep it, and the Security instance
 * keeps a marker the handshake recognises; otherwise the key stays in the instance as in Leshan's.
 */
public class BootstrappedSecurityTest {

    private static final org.eclipse.leshan.core.model.ObjectModel MODEL = new org.eclipse.leshan.core.model.StaticModel(
            org.eclipse.leshan.core.model.ObjectLoader.loadDefault()).getObjectModel(LwM2mId.SECURITY);
    private static final byte[] PSK = {0x0b, 0x0a, 0x0d, 0x0c};
    private static final LwM2mServer BOOTSTRAP_SERVER = new LwM2mServer(new IpPeer(new InetSocketAddress("127.0.0.1", 5783)),
            URI.create("coap://127.0.0.1:5783"));

    @Test
    public void aBootstrapWrittenPskGoesIntoTheComponentAndTheInstanceKeepsAMarker() {
        Keys keys = new Keys(false);
        HeldKeys held = new HeldKeys();
        BootstrappedSecurity security = new BootstrappedSecurity(3, MODEL, new Store(Optional.of(keys)), held);

        assertTrue(security.write(BOOTSTRAP_SERVER, true, pskInstance(3)).isSuccess());

        assertEquals(Set.of("lwm2m/bootstrapped/3/psk"), keys.kept.keySet());
        assertArrayEquals("the component has the key", PSK, keys.kept.get("lwm2m/bootstrapped/3/psk"));
        byte[] inInstance = (byte[]) ((LwM2mResource) security.read(LwM2mServer.SYSTEM, LwM2mId.SEC_SECRET_KEY).getContent()).getValue();
        assertFalse("the instance does not", java.util.Arrays.equals(PSK, inInstance));
        ServerInfo info = new ServerInfo();
        info.secureMode = SecurityMode.PSK;
        info.pskKey = inInstance;
        assertEquals("the handshake asks the component", "lwm2m/bootstrapped/3/psk", held.of(info).orElseThrow().name);
        assertEquals("gateway-7", new String(keys.identities.get("lwm2m/bootstrapped/3/psk"), StandardCharsets.UTF_8));
    }

    @Test
    public void withoutKeysInAComponentTheKeyStaysInTheInstance() {
        BootstrappedSecurity security = new BootstrappedSecurity(0, MODEL, new Store(Optional.empty()), new HeldKeys());
        assertTrue(security.write(BOOTSTRAP_SERVER, true, pskInstance(0)).isSuccess());
        assertArrayEquals(PSK, (byte[]) ((LwM2mResource) security.read(LwM2mServer.SYSTEM, LwM2mId.SEC_SECRET_KEY).getContent()).getValue());
    }

    @Test
    public void aComponentThatFailsFailsTheWriteAndWritesNothing() {
        BootstrappedSecurity security = new BootstrappedSecurity(1, MODEL, new Store(Optional.of(new Keys(true))), new HeldKeys());
        org.eclipse.leshan.core.response.WriteResponse r = security.write(BOOTSTRAP_SERVER, true, pskInstance(1));
        assertEquals(ResponseCode.INTERNAL_SERVER_ERROR, r.getCode());
        assertTrue(r.getErrorMessage(), r.getErrorMessage().contains("card was pulled"));
        try {
            Object uri = ((LwM2mResource) security.read(LwM2mServer.SYSTEM, LwM2mId.SEC_SERVER_URI).getContent()).getValue();
            throw new AssertionError("the instance was written (URI " + uri + ") though its key was refused");
        } catch (org.eclipse.leshan.core.node.LwM2mNodeException expected) {
            // Leshan's instance has no URI to read: nothing was written
        }
    }

    private static LwM2mObjectInstance pskInstance(int id) {
        return new LwM2mObjectInstance(id, LwM2mSingleResource.newStringResource(0, "coaps://127.0.0.1:5684"),
                LwM2mSingleResource.newBooleanResource(1, false), LwM2mSingleResource.newIntegerResource(2, SecurityMode.PSK.code),
                LwM2mSingleResource.newBinaryResource(3, "gateway-7".getBytes(StandardCharsets.UTF_8)),
                LwM2mSingleResource.newBinaryResource(4, new byte[0]), LwM2mSingleResource.newBinaryResource(5, PSK.clone()),
                LwM2mSingleResource.newIntegerResource(10, 7));
    }

    private static final class Keys implements PskKeys {
        final Map<String, byte[]> kept = new HashMap<>();
        final Map<String, byte[]> identities = new HashMap<>();
        final boolean failing;

        Keys(boolean failing) {
            this.failing = failing;
        }

        @Override
        public void put(String name, byte[] identity, Secret psk) throws CredentialStoreException {
            if (failing) {
                throw new CredentialStoreException("the card was pulled");
            }
            kept.put(name, psk.bytes());
            identities.put(name, identity.clone());
        }

        @Override
        public Optional<byte[]> identity(String name) {
            return Optional.ofNullable(identities.get(name));
        }

        @Override
        public Secret masterSecret(String name, PrfHash hash, Optional<Secret> otherSecret, byte[] seed, boolean extended) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.SortedSet<String> pskNames() {
            return new java.util.TreeSet<>();
        }

        @Override
        public void delete(String name) {
            kept.remove(name);
        }
    }

    private static final class Store implements CredentialStore {
        private final Optional<PskKeys> keys;

        Store(Optional<PskKeys> keys) {
            this.keys = keys;
        }

        @Override
        public String location() {
            return "the test's store";
        }

        @Override
        public Optional<String> secureComponentId() {
            return Optional.empty();
        }

        @Override
        public Set<String> names(String prefix) {
            return Set.of();
        }

        @Override
        public Optional<Secret> read(String name) {
            return Optional.empty();
        }

        @Override
        public void apply(CredentialUpdate update) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<PskKeys> pskKeys() {
            return keys;
        }
    }
}
