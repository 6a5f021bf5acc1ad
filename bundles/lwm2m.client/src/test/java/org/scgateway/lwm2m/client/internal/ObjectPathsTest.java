package org.scgateway.lwm2m.client.internal;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.eclipse.leshan.client.object.Device;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.util.LinkFormatHelper;
import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.link.DefaultLinkParser;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.StaticModel;
import org.junit.Test;

public class ObjectPathsTest {

    @Test
    public void readsObjectsAndInstancesFromLinksIgnoringRootAndAttributes() throws Exception {
        String links = "</>;rt=\"oma.lwm2m\";ct=\"60 110 112\",</1>;ver=1.1,</1/0>,</3/0>,</42800>";
        assertEquals(Set.of("1", "1/0", "3", "3/0", "42800"),
                ObjectPaths.of(new DefaultLinkParser().parseCoreLinkFormat(links.getBytes(StandardCharsets.UTF_8))));
    }

    /** The tree and the links Leshan itself builds from it must compare equal, or updates would never stop. */
    @Test
    public void theTreeAndLeshansOwnDescriptionOfItAgree() throws Exception {
        ObjectsInitializer init = new ObjectsInitializer(new StaticModel(ObjectLoader.loadDefault()));
        init.setInstancesForObject(LwM2mId.SECURITY, Security.noSec("coap://127.0.0.1:5683", 123));
        init.setInstancesForObject(LwM2mId.SERVER, new Server(123, 300));
        init.setInstancesForObject(LwM2mId.DEVICE, new Device("m", "n", "s"));
        List<LwM2mObjectEnabler> objects = init.create(LwM2mId.SECURITY, LwM2mId.SERVER, LwM2mId.DEVICE);
        assertEquals(ObjectPaths.of(objects),
                ObjectPaths.of(new LinkFormatHelper(LwM2mVersion.V1_1).getClientDescription(objects, null, null)));
        assertEquals("Security is never reported", Set.of("1", "1/0", "3", "3/0"), ObjectPaths.of(objects));
    }
}
