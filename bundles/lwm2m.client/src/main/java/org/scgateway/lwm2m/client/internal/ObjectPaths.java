package org.scgateway.lwm2m.client.internal;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.link.Link;

/**
 * The objects and instances a client shows, as comparable text ({@code "3"}, {@code "3/0"}): from the
 * links a Register or Update carried, or from the object tree now. Version attributes and the root link
 * are left out; only which objects and instances exist counts.
 */
final class ObjectPaths {

    private static final Pattern PATH = Pattern.compile("/(\\d+)(?:/(\\d+))?");

    private ObjectPaths() {
    }

    static Set<String> of(Link[] links) {
        Set<String> paths = new TreeSet<>();
        for (Link l : links) {
            Matcher m = PATH.matcher(l.getUriReference());
            if (m.matches()) {
                paths.add(m.group(1));
                if (m.group(2) != null) {
                    paths.add(m.group(1) + "/" + m.group(2));
                }
            }
        }
        return paths;
    }

    /** The tree's objects as a server hears of them: Security (0) and OSCORE (21) are never reported. */
    static Set<String> of(Collection<LwM2mObjectEnabler> objects) {
        Set<String> paths = new TreeSet<>();
        for (LwM2mObjectEnabler o : objects) {
            if (o.getId() == LwM2mId.SECURITY || o.getId() == LwM2mId.OSCORE) {
                continue;
            }
            paths.add(Integer.toString(o.getId()));
            for (Integer i : o.getAvailableInstanceIds()) {
                paths.add(o.getId() + "/" + i);
            }
        }
        return paths;
    }
}
