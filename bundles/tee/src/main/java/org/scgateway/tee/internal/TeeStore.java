package org.scgateway.tee.internal;

import java.io.IOException;
import java.util.List;

import org.scgateway.api.tee.TrustedComponent;

/**
 * What a TEE backend keeps: the trusted components installed, and the nonces its agent has accepted, so
 * that a replayed message is known across restarts. {@link #apply(Change)} is all-or-nothing, also across
 * a kill.
 */
public interface TeeStore {

    /**
     * An installed component: what TMF lists, the digest and size of its image, and, where the TEE names the
     * image otherwise (OP-TEE: by the TA's UUID), that name.
     */
    final class Installed {
        public final TrustedComponent component;
        public final byte[] sha256;
        public final long size;
        public final byte[] handle;

        public Installed(TrustedComponent component, byte[] sha256, long size) {
            this(component, sha256, size, null);
        }

        public Installed(TrustedComponent component, byte[] sha256, long size, byte[] handle) {
            this.component = component;
            this.sha256 = sha256.clone();
            this.size = size;
            this.handle = handle == null ? null : handle.clone();
        }
    }

    /**
     * The TEE refused the change for what it is (an image it will not take, a downgrade, an operation it
     * does not have), not for a passing fault: sending it again will not help.
     */
    final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }

    /** A component to install or replace, with its image. */
    final class Install {
        public final TrustedComponent component;
        public final byte[] image;

        public Install(TrustedComponent component, byte[] image) {
            this.component = component;
            this.image = image;
        }
    }

    /** Everything one message changes: removals first, then installs, and the nonce it was sent with. */
    final class Change {
        public final List<List<byte[]>> removals;
        public final List<Install> installs;
        public final byte[] nonce;

        public Change(List<List<byte[]>> removals, List<Install> installs, byte[] nonce) {
            this.removals = List.copyOf(removals);
            this.installs = List.copyOf(installs);
            this.nonce = nonce;
        }
    }

    /** A stable id for the TEE, made when the store was. */
    String id();

    List<Installed> components();

    /** Whether a message carried this nonce (token or challenge) before. */
    boolean used(byte[] nonce);

    /**
     * Applies the change whole or not at all; on an exception nothing of it is kept.
     *
     * @throws Refused if the TEE will not take this change
     * @throws IOException if it could not be made now
     */
    void apply(Change change) throws IOException;
}
