package org.scgateway.bootstrap.smartcard.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.scgateway.api.config.Pids;
import org.scgateway.api.component.SecureComponent;
import org.scgateway.api.lwm2m.bootstrap.BootstrapSource;
import org.scgateway.api.se.ElementServices;
import org.scgateway.api.se.SecureElement;
import org.scgateway.globalplatform.scp03.CardKeys;
import org.scgateway.api.se.SecureElementProbe;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Bootstrap from smartcard: offers a {@link BootstrapSource} for each Secure Element, which the LwM2M client
 * consults before any bootstrap server or configured server. A card that appears adds a source (and so
 * restarts the client, which then reads it); a card that goes takes its source with it.
 * <p>
 * The SCP03 keys come from {@link CardKeys} (the gateway's keeps them in the host credential store: entries
 * {@code scp03/<component id>/enc, mac, dek, version}, or {@code scp03/default/...}), never from configuration.
 */
@Component(configurationPid = Pids.BOOTSTRAP_SMARTCARD, immediate = true, service = SecureElementProbe.class)
@Designate(ocd = SmartcardBootstrap.Config.class)
public class SmartcardBootstrap implements SecureElementProbe {

    @ObjectClassDefinition(name = "SC Gateway bootstrap from smartcard",
            description = "Reads the LwM2M bootstrap file of each Secure Element's PKCS#15 application over SCP03 (level 33) "
                    + "and gives its servers to the LwM2M client, before any configured server. The SCP03 keys come from "
                    + "the credential store: scp03/<component id>/enc, mac, dek, version, or scp03/default/...")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Off: no card is consulted, and the client uses its configuration.")
        boolean enabled() default true;
    }

    /** Ranked above other sources: the appendix has the card consulted first. */
    static final int RANKING = 100;

    /** The SCP03 keys that open each card: they cannot live in the card. */
    @Reference
    private CardKeys cardKeys;

    /**
     * Registers and unregisters the sources, in the order the cards came and went, off the thread that bound the
     * card: a new source restarts the LwM2M client, which reads the card there and then.
     */
    private final ElementServices<BootstrapSource> sources = new ElementServices<>("bootstrap-smartcard", BootstrapSource.class,
            this::offer, se -> { });

    @Activate
    void activate(BundleContext context, Config config) {
        sources.activate(config.enabled() ? context : null);
    }

    @Override
    public boolean awaitProbed(long timeout, TimeUnit unit) throws InterruptedException {
        return sources.awaitProbed(timeout, unit);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        sources.deactivate();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addSecureElement(SecureElement se, Map<String, Object> props) {
        sources.add(se, props);
    }

    void removeSecureElement(SecureElement se) {
        sources.remove(se);
    }

    private Optional<ElementServices.Offered<BootstrapSource>> offer(SecureElement se, Map<String, Object> props) {
        Map<String, Object> p = new HashMap<>();
        p.put(SecureComponent.PROP_ID, se.id());
        p.put(org.osgi.framework.Constants.SERVICE_RANKING, RANKING);
        Object backend = props.get(SecureComponent.PROP_BACKEND);
        if (backend != null) {
            p.put(SecureComponent.PROP_BACKEND, backend);
        }
        return Optional.of(new ElementServices.Offered<>(new CardBootstrapSource(se, cardKeys), p));
    }
}
