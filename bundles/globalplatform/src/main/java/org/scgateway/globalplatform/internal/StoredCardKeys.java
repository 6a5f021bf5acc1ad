package org.scgateway.globalplatform.internal;

import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.globalplatform.scp03.CardKeys;
import org.scgateway.globalplatform.scp03.CardKeysException;
import org.scgateway.globalplatform.scp03.Scp03Keys;

/**
 * The gateway's {@link CardKeys}: the keys kept in the credential store outside any Secure Component, under the
 * names {@link Scp03KeyEntries} gives them. Looked up afresh on every call, so keys provisioned on a running
 * gateway are found at the next use.
 */
@Component
public class StoredCardKeys implements CardKeys {

    /**
     * Optional, so that this library bundle resolves (Karaf's resolver checks a mandatory reference's service
     * requirement) without a store in its feature; the distributions always have the file store.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = CredentialStore.HOST_STORE)
    private volatile CredentialStore host;

    public StoredCardKeys() {
    }

    /** For a caller outside the framework. */
    StoredCardKeys(CredentialStore host) {
        this.host = host;
    }

    @Override
    public Optional<Scp03Keys> lookup(String componentId) throws CardKeysException {
        try {
            return Scp03KeyEntries.lookup(store(), componentId);
        } catch (CredentialStoreException e) {
            throw new CardKeysException(e.getMessage(), e);
        }
    }

    @Override
    public String howToProvision(String componentId) {
        CredentialStore store = host;
        return store == null ? "install a credential store outside any Secure Component (the file store), then "
                + Scp03KeyEntries.howToProvision(componentId, "it") : Scp03KeyEntries.howToProvision(componentId, store.location());
    }

    private CredentialStore store() throws CardKeysException {
        CredentialStore store = host;
        if (store == null) {
            throw new CardKeysException("no credential store outside a Secure Component is there to keep the SCP03 keys");
        }
        return store;
    }
}
