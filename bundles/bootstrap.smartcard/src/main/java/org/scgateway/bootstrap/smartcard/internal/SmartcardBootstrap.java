package org.scgateway.bootstrap.smartcard.internal;

import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.scgateway.api.component.SecureComponent;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.lwm2m.BootstrapSource;
import org.scgateway.api.se.SecureElement;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Bootstrap from smartcard: offers a {@link BootstrapSource} for each Secure Element, which the LwM2M client
 * consults before any bootstrap server or configured server. A card that appears adds a source (and so
 * restarts the client, which then reads it); a card that goes takes its source with it.
 * <p>
 * The SCP03 keys come from the {@link CredentialStore} (entries {@code scp03/<component id>/enc, mac, dek,
 * version}, or {@code scp03/default/...}), never from configuration.
 */
@Component(configurationPid = "org.scgateway.bootstrap.smartcard", immediate = true)
@Designate(ocd = SmartcardBootstrap.Config.class)
public class SmartcardBootstrap {

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

    /** The store outside any Secure Component: the SCP03 keys that open a card cannot live in the card. */
    @Reference(target = "(!(" + CredentialStore.PROP_SECURE_COMPONENT_ID + "=*))", policyOption = ReferencePolicyOption.GREEDY)
    private CredentialStore store;

    private final Map<SecureElement, ServiceRegistration<BootstrapSource>> sources = new HashMap<>();
    private final Map<SecureElement, Map<String, Object>> pending = new HashMap<>();
    private BundleContext context;

    @Activate
    synchronized void activate(BundleContext context, Config config) {
        if (!config.enabled()) {
            pending.clear();
            return;
        }
        this.context = context;
        for (Map.Entry<SecureElement, Map<String, Object>> e : pending.entrySet()) {
            offer(e.getKey(), e.getValue());
        }
        pending.clear();
    }

    @Deactivate
    synchronized void deactivate() {
        for (ServiceRegistration<BootstrapSource> r : sources.values()) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // the bundle is stopping
            }
        }
        sources.clear();
        context = null;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    synchronized void addSecureElement(SecureElement se, Map<String, Object> props) {
        if (context == null) {
            pending.put(se, props); // before activation; dropped there if disabled
        } else {
            offer(se, props);
        }
    }

    synchronized void removeSecureElement(SecureElement se) {
        pending.remove(se);
        ServiceRegistration<BootstrapSource> r = sources.remove(se);
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // the bundle is stopping
            }
        }
    }

    private void offer(SecureElement se, Map<String, Object> props) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(SecureComponent.PROP_ID, se.id());
        p.put(org.osgi.framework.Constants.SERVICE_RANKING, RANKING);
        Object backend = props.get(SecureComponent.PROP_BACKEND);
        if (backend != null) {
            p.put(SecureComponent.PROP_BACKEND, backend);
        }
        sources.put(se, context.registerService(BootstrapSource.class, new CardBootstrapSource(se, store), p));
    }
}
