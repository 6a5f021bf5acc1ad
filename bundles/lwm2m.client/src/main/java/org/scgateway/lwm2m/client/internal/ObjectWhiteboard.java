package org.scgateway.lwm2m.client.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.TreeMap;

import org.eclipse.leshan.client.LwM2mClient;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.LwM2mObjectTree;
import org.eclipse.leshan.client.util.LinkFormatHelper;
import org.osgi.framework.ServiceReference;
import org.scgateway.api.lwm2m.ClientStatus;
import org.scgateway.api.lwm2m.LwM2mObjectProvider;
import org.scgateway.api.lwm2m.ObjectDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers the service registry offers, and which of them the client's tree shows. Providers may
 * come and go at any time, before the client exists, while it registers, while it is registered: the tree
 * is brought up to date whenever either side changes. Where several providers offer one object id, the
 * highest-ranked one that can be shown is shown, and the others wait.
 */
final class ObjectWhiteboard {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectWhiteboard.class);

    /** A provider and the definition it gave when it appeared (the API promises one read). */
    private static final class Offer {
        final LwM2mObjectProvider provider;
        final ObjectDefinition definition;

        Offer(LwM2mObjectProvider provider, ObjectDefinition definition) {
            this.provider = provider;
            this.definition = definition;
        }
    }

    /** Objects the client itself owns: a provider cannot replace them. */
    private final Set<Integer> reserved;
    /** Highest ranking first (ServiceReference's natural order is lowest first). */
    private final Map<ServiceReference<?>, Offer> offers = new TreeMap<>((a, b) -> b.compareTo(a));
    private final Map<Integer, ProviderObject> shown = new TreeMap<>();
    /** One provided object changes its instances at a time (see {@link ProviderObject#of}). */
    private final java.util.concurrent.locks.ReentrantLock treeChanges = new java.util.concurrent.locks.ReentrantLock();
    private LwM2mObjectTree tree;
    private LwM2mClient client;
    private LinkFormatHelper linkFormat;

    private volatile Supplier<ClientStatus> status = () -> null;

    /**
     * Where the objects' contexts find the client's status: its endpoint name and its instances that live in Secure
     * Components.
     */
    void statusFrom(Supplier<ClientStatus> status) {
        this.status = status;
    }

    ObjectWhiteboard(Set<Integer> reserved) {
        this.reserved = reserved;
    }

    synchronized void add(ServiceReference<?> ref, LwM2mObjectProvider provider) {
        ObjectDefinition definition;
        try {
            definition = provider.definition();
        } catch (RuntimeException e) {
            LOG.warn("object provider {} failed to give its definition; it is not shown", provider, e);
            return;
        }
        if (reserved.contains(definition.id())) {
            LOG.warn("object {} belongs to the LwM2M client itself; the provider {} is not shown", definition.id(), provider);
            return;
        }
        offers.put(ref, new Offer(provider, definition));
        refresh();
    }

    synchronized void remove(ServiceReference<?> ref) {
        if (offers.remove(ref) != null) {
            refresh();
        }
    }

    /**
     * Shows the offered objects in {@code tree}. Leshan's tree initialises only the enablers it was built
     * with, so those added later get the client and link-format helper here (Discover needs the helper).
     */
    synchronized void attach(LwM2mObjectTree tree, LwM2mClient client, LinkFormatHelper linkFormat) {
        this.tree = tree;
        this.client = client;
        this.linkFormat = linkFormat;
        refresh();
    }

    synchronized void detach() {
        for (Integer id : shown.keySet().toArray(new Integer[0])) {
            hide(id);
        }
        tree = null;
        client = null;
    }

    private void refresh() {
        if (tree == null) {
            return;
        }
        Map<Integer, List<Offer>> candidates = new TreeMap<>();
        for (Offer o : offers.values()) {
            candidates.computeIfAbsent(o.definition.id(), id -> new ArrayList<>()).add(o);
        }
        for (Integer id : shown.keySet().toArray(new Integer[0])) {
            List<Offer> c = candidates.get(id);
            if (c == null || c.get(0).provider != shown.get(id).provider()) {
                hide(id);
            }
        }
        for (Map.Entry<Integer, List<Offer>> e : candidates.entrySet()) {
            if (shown.containsKey(e.getKey())) {
                continue;
            }
            for (Offer o : e.getValue()) {
                if (show(o)) {
                    break;
                }
            }
            if (e.getValue().size() > 1 && shown.containsKey(e.getKey())) {
                LOG.info("{} providers offer object {}; {} is shown", e.getValue().size(), e.getKey(), shown.get(e.getKey()).provider());
            }
        }
    }

    private boolean show(Offer offer) {
        ProviderObject object;
        try {
            object = ProviderObject.of(offer.provider, offer.definition, treeChanges, status);
        } catch (RuntimeException e) {
            LOG.warn("object provider {} could not be shown: {}", offer.provider, e.toString());
            return false;
        }
        object.init(client, linkFormat);
        shown.put(object.getId(), object);
        tree.addObjectEnabler(object);
        try {
            offer.provider.attached(object);
        } catch (RuntimeException e) {
            LOG.warn("object provider {} failed when attached", offer.provider, e);
        }
        LOG.info("object {} ({}) added to the LwM2M client", object.getId(), offer.definition.name());
        return true;
    }

    private void hide(int id) {
        ProviderObject object = shown.remove(id);
        object.detach();
        LwM2mObjectEnabler inTree = tree.getObjectEnabler(id);
        if (inTree == object) {
            tree.removeObjectEnabler(id);
        }
        try {
            object.provider().detached();
        } catch (RuntimeException e) {
            LOG.warn("object provider {} failed when detached", object.provider(), e);
        }
        LOG.info("object {} removed from the LwM2M client", id);
    }
}
