package org.scgateway.lwm2m.client.internal;

import org.eclipse.californium.scandium.dtls.pskstore.PskStore;
import org.scgateway.api.credential.PskKeys;

/** The client's PSK store for a key kept in a component, for the handshake bench (which runs without a framework). */
public final class BenchPskStores {

    private BenchPskStores() {
    }

    public static PskStore inComponent(String identity, String name, PskKeys keys, String location) {
        return new ComponentPskStore(identity, new HeldKeys.Held(name, keys, location), "the bench's server");
    }
}
