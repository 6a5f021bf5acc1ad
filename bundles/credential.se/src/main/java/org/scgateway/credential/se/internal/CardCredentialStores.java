package org.scgateway.credential.se.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scgateway.api.config.Pids;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.CredentialUpdate;
import org.scgateway.api.credential.PskKeys;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.se.ElementServices;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.se.SecureElementProbe;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.globalplatform.scp03.CardKeys;
import org.scgateway.globalplatform.scp03.CardKeysException;
import org.scgateway.globalplatform.scp03.Scp03Keys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers a {@link CredentialStore} inside each Secure Element that has SC Gateway's credential application and
 * whose SCP03 keys the host store holds, ranked above the host's own store so that the LwM2M client keeps its
 * secrets there (LwM2M-SCS-4). On arrival, the client's entries ({@code lwm2m/...}) still in the host store
 * are moved into the card. The host store (the one outside any Secure Component) keeps what cannot move: the
 * SCP03 keys that open the card.
 */
@Component(configurationPid = Pids.CREDENTIAL_SE, immediate = true, service = SecureElementProbe.class)
@Designate(ocd = CardCredentialStores.Config.class)
public class CardCredentialStores implements SecureElementProbe {

    @ObjectClassDefinition(name = "SC Gateway credential store in a Secure Element",
            description = "Keeps the LwM2M client's secrets (Security and OSCORE keys) in the credential application of a "
                    + "Secure Element, over SCP03 level 33, instead of the local file.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Off: the secrets stay in the local file store.")
        boolean enabled() default true;

        @AttributeDefinition(name = "Move entries", description = "Move the client's entries (lwm2m/...) from the local file "
                + "into the card when the card arrives.")
        boolean moveEntries() default true;

        @AttributeDefinition(name = "Start afresh when damaged", description = "Ids of cards (scgw.component.id) whose credential "
                + "store, damaged in both slots, the operator chooses to start afresh, empty: its entries are lost. Until a card is "
                + "named here, its damaged store is refused, and nothing is written over it. Remove the id once it is done.")
        String[] resetDamaged() default {};
    }

    /** Above the file store (-1000) and any store without a Secure Component. */
    static final int RANKING = 100;
    /** What moves from the host store into the card: everything the client keeps, not the keys that open the card. */
    static final String CLIENT_ENTRIES = "lwm2m/";
    /** How the client names a PSK entry ({@code lwm2m/server/1/psk}). */
    static final String PSK_ENTRY = "/psk";

    private static final Logger LOG = LoggerFactory.getLogger(CardCredentialStores.class);

    /** The store outside any Secure Component: where the client's entries come from. */
    @Reference(target = CredentialStore.HOST_STORE, policyOption = ReferencePolicyOption.GREEDY)
    private CredentialStore host;

    /** The SCP03 keys that open each card's credential application. */
    @Reference
    private CardKeys cardKeys;

    /**
     * Looks at each card and offers its store off the thread that bound the card: looking takes APDUs, and a new
     * store restarts the LwM2M client there and then.
     */
    private final ElementServices<CredentialStore> stores = new ElementServices<>("credential-se", CredentialStore.class,
            (se, props) -> offer(se), se -> LOG.info("card {} is gone: the LwM2M credentials in it are out of reach until it is back",
                    se.id()));
    private volatile Config config;

    @Activate
    void activate(BundleContext context, Config config) {
        this.config = config;
        stores.activate(config.enabled() ? context : null);
    }

    @Override
    public boolean awaitProbed(long timeout, TimeUnit unit) throws InterruptedException {
        return stores.awaitProbed(timeout, unit);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        stores.deactivate();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addSecureElement(SecureElement se, Map<String, Object> props) {
        stores.add(se, props);
    }

    void removeSecureElement(SecureElement se) {
        stores.remove(se);
    }

    private Optional<ElementServices.Offered<CredentialStore>> offer(SecureElement se) {
        try {
            if (!CardCredentialStore.hasApplication(se)) {
                return Optional.empty();
            }
            Optional<Scp03Keys> keys = cardKeys.lookup(se.id());
            if (keys.isEmpty()) {
                LOG.warn("card {} has SC Gateway's credential application, but no SCP03 keys are provisioned for it ({}): the "
                        + "credentials stay in {}", se.id(), cardKeys.howToProvision(se.id()), host.location());
                return Optional.empty();
            }
            keys.get().destroy();
        } catch (SecureElementException | CardKeysException e) {
            LOG.warn("card {} cannot keep the credentials ({}); they stay in {}", se.id(), e.getMessage(), host.location());
            return Optional.empty();
        }
        CardCredentialStore store = new CardCredentialStore(se, cardKeys, java.util.Arrays.asList(config.resetDamaged()).contains(se.id()));
        Set<String> inCard = null; // read once: the move below needs it too, and each read is an SCP03 session
        try {
            inCard = store.names(CLIENT_ENTRIES);
        } catch (CardCredentialStore.Damaged e) {
            // Offered all the same: whatever needs its entries fails saying so, rather than finding a host store without them.
            LOG.error("{}", e.getMessage());
            return Optional.of(offered(store, se));
        } catch (CredentialStoreException e) {
            // an unreachable card: what follows says so
        }
        if (config.moveEntries()) {
            try {
                move(store, inCard);
            } catch (CredentialStoreException e) {
                LOG.error("the LwM2M credentials could not be moved into card {} ({}); they stay in {}, and the card is not used for "
                        + "them", se.id(), e.getMessage(), host.location());
                return Optional.empty();
            }
        }
        LOG.info("the LwM2M credentials are kept in {}", store.location());
        return Optional.of(offered(store, se));
    }

    private static ElementServices.Offered<CredentialStore> offered(CardCredentialStore store, SecureElement se) {
        return new ElementServices.Offered<>(store, Map.of(CredentialStore.PROP_SECURE_COMPONENT_ID, se.id(), Constants.SERVICE_RANKING, RANKING));
    }

    /**
     * Copies the client's entries into the card, then deletes them from the host: a crash in between leaves a copy
     * in both. A PSK ({@code .../psk}) goes into the card's keys when it has them, where it is used and never read.
     */
    private void move(CardCredentialStore store, Set<String> alreadyInCard) throws CredentialStoreException {
        Set<String> names = host.names(CLIENT_ENTRIES);
        if (names.isEmpty()) {
            return;
        }
        Set<String> inCard = alreadyInCard != null ? alreadyInCard : store.names(CLIENT_ENTRIES);
        Optional<PskKeys> keys = store.pskKeys();
        CredentialUpdate.Builder into = CredentialUpdate.builder();
        CredentialUpdate.Builder out = CredentialUpdate.builder();
        List<Secret> read = new ArrayList<>();
        try {
            for (String n : names) {
                Secret s = host.read(n).orElse(null);
                if (s == null) {
                    // gone meanwhile
                } else if (keys.isPresent() && n.endsWith(PSK_ENTRY)) {
                    read.add(s);
                    if (keys.get().identity(n).isEmpty()) { // what the card has already is newer than the host's copy
                        keys.get().put(n, new byte[0], s); // the identity is the client's configuration's
                    }
                } else if (!inCard.contains(n)) {
                    into.put(n, s);
                }
                out.delete(n);
            }
            store.apply(into.build());
        } finally {
            read.forEach(Secret::destroy);
        }
        host.apply(out.build());
        LOG.info("moved {} from {} into {}", names, host.location(), store.location());
    }
}
