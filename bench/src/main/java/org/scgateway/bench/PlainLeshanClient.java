package org.scgateway.bench;

import java.util.List;

import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.transport.californium.client.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.transport.californium.client.endpoint.coap.CoapClientProtocolProvider;
import org.eclipse.leshan.client.object.Device;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.StaticModel;

/**
 * The baseline: a plain Leshan client in a bare JVM, registering with NoSec, the same objects as the
 * gateway shows by default (Security, Server, Device). Usage: PlainLeshanClient SERVER_URI ENDPOINT
 */
public final class PlainLeshanClient {

    private PlainLeshanClient() {
    }

    public static void main(String[] args) throws Exception {
        ObjectsInitializer init = new ObjectsInitializer(new StaticModel(ObjectLoader.loadDefault()));
        init.setInstancesForObject(LwM2mId.SECURITY, Security.noSec(args[0], 123));
        init.setInstancesForObject(LwM2mId.SERVER, new Server(123, 300));
        init.setInstancesForObject(LwM2mId.DEVICE, new Device("bench", "plain", "1"));
        List<LwM2mObjectEnabler> objects = init.create(LwM2mId.SECURITY, LwM2mId.SERVER, LwM2mId.DEVICE);
        LeshanClient client = new LeshanClientBuilder(args[1]).setObjects(objects)
                .setEndpointsProviders(new CaliforniumClientEndpointsProvider.Builder(new CoapClientProtocolProvider()).build()).build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> client.destroy(true)));
        client.start();
        Thread.currentThread().join();
    }
}
