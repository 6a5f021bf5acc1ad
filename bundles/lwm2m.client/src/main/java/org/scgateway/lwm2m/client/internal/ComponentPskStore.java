package org.scgateway.lwm2m.client.internal;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Optional;

import javax.crypto.SecretKey;

import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.PskStore;
import org.eclipse.californium.scandium.util.SecretUtil;
import org.eclipse.californium.scandium.util.ServerNames;
import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.PskKeys.PrfHash;
import org.scgateway.api.credential.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scandium's PSK store for a key that stays in a Secure Component: the handshake gets the master secret, which the
 * component computes, never the PSK. A component
 * that fails gives no secret, so the handshake ends with an alert and the registration engine tries again later.
 */
final class ComponentPskStore implements PskStore {

    private static final Logger LOG = LoggerFactory.getLogger(ComponentPskStore.class);

    private final PskPublicInformation identity;
    private final HeldKeys.Held held;
    private final String server;

    ComponentPskStore(String identity, HeldKeys.Held held, String server) {
        this.identity = new PskPublicInformation(identity);
        this.held = held;
        this.server = server;
    }

    @Override
    public boolean hasEcdhePskSupported() {
        return true; // the component takes the ECDH shared secret as RFC 5489's other_secret
    }

    @Override
    public PskSecretResult requestPskSecretResult(ConnectionId cid, ServerNames serverName, PskPublicInformation asked,
            String hmacAlgorithm, SecretKey otherSecret, byte[] seed, boolean useExtendedMasterSecret) {
        if (!identity.equals(asked)) {
            return new PskSecretResult(cid, asked); // not ours: Scandium names the unknown identity
        }
        Optional<PrfHash> hash = prfHash(hmacAlgorithm);
        if (hash.isEmpty()) {
            LOG.warn("the DTLS handshake with {} wants a PRF with {}, which {} does not compute", server, hmacAlgorithm, held.location);
            return new PskSecretResult(cid, asked);
        }
        byte[] other = otherSecret == null ? null : otherSecret.getEncoded();
        Optional<Secret> ecdhe = Optional.ofNullable(other).map(Secret::of);
        try {
            Secret master = held.keys.masterSecret(held.name, hash.get(), ecdhe, seed, useExtendedMasterSecret);
            byte[] bytes = master.bytes();
            try {
                // a master secret, destroyed by Scandium once the handshake has its keys
                return new PskSecretResult(cid, asked, SecretUtil.create(bytes, PskSecretResult.ALGORITHM_MAC), true, true);
            } finally {
                Arrays.fill(bytes, (byte) 0);
                master.destroy();
            }
        } catch (CredentialStoreException | RuntimeException e) {
            LOG.warn("the DTLS handshake with {} has no master secret: {} could not compute it from {} ({})", server, held.location,
                    held.name, e.getMessage());
            return new PskSecretResult(cid, asked);
        } finally {
            if (other != null) {
                Arrays.fill(other, (byte) 0);
            }
            ecdhe.ifPresent(Secret::destroy);
        }
    }

    @Override
    public PskPublicInformation getIdentity(InetSocketAddress peer, ServerNames virtualHost) {
        return identity;
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        // answers at once, on the handshake's thread: the component's few APDUs take less than a retransmission
    }

    /** The PRF hash of a cipher suite's HMAC, as Scandium names it. */
    static Optional<PrfHash> prfHash(String hmacAlgorithm) {
        switch (hmacAlgorithm) {
            case "HmacSHA256":
                return Optional.of(PrfHash.SHA256);
            case "HmacSHA384":
                return Optional.of(PrfHash.SHA384);
            default:
                return Optional.empty();
        }
    }
}
