package org.scgateway.lwm2m.client.internal;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.scgateway.api.util.DaemonThreads;

/**
 * The Device object (3/0) with the gateway's own data: manufacturer and model from configuration,
 * firmware version = the version of the gateway's client bundle, software = the OSGi framework, memory
 * and time from the JVM. Reboot restarts the OSGi framework when the configuration allows it.
 */
final class GatewayDevice extends BaseInstanceEnabler {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayDevice.class);
    private static final List<Integer> RESOURCES = List.of(0, 1, 2, 3, 4, 10, 11, 13, 14, 15, 16, 17, 19, 21);

    private final BundleContext context;
    private final String manufacturer;
    private final String model;
    private final String serial;
    private final String binding;
    private final boolean rebootAllowed;
    private volatile ZoneId zone = ZoneId.systemDefault();

    GatewayDevice(BundleContext context, String manufacturer, String model, String serial, String binding, boolean rebootAllowed) {
        super(0);
        this.context = context;
        this.manufacturer = manufacturer;
        this.model = model;
        this.serial = serial;
        this.binding = binding;
        this.rebootAllowed = rebootAllowed;
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        Runtime rt = Runtime.getRuntime();
        switch (resourceId) {
            case 0: return ReadResponse.success(resourceId, manufacturer);
            case 1: return ReadResponse.success(resourceId, model);
            case 2: return ReadResponse.success(resourceId, serial);
            case 3: return ReadResponse.success(resourceId, context.getBundle().getVersion().toString());
            case 10: return ReadResponse.success(resourceId, (rt.maxMemory() - rt.totalMemory() + rt.freeMemory()) / 1024);
            case 11: return ReadResponse.success(resourceId, Map.of(0, 0L), Type.INTEGER);
            case 13: return ReadResponse.success(resourceId, new Date());
            case 14: return ReadResponse.success(resourceId, ZonedDateTime.now(zone).format(DateTimeFormatter.ofPattern("xxx")));
            case 15: return ReadResponse.success(resourceId, zone.getId());
            case 16: return ReadResponse.success(resourceId, binding);
            case 17: return ReadResponse.success(resourceId, "IoT gateway");
            case 19: return ReadResponse.success(resourceId, framework());
            case 21: return ReadResponse.success(resourceId, rt.maxMemory() / 1024);
            default: return super.read(server, resourceId);
        }
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        if (resourceId == 15) {
            try {
                zone = ZoneId.of((String) value.getValue());
            } catch (RuntimeException e) {
                return WriteResponse.badRequest("not a time zone: " + value.getValue());
            }
            fireResourcesChange(getResourcePaths(14, 15));
            return WriteResponse.success();
        }
        if (resourceId == 13 || resourceId == 14) {
            // The gateway's clock belongs to its operating system; the client does not set it.
            return WriteResponse.methodNotAllowed();
        }
        return super.write(server, replace, resourceId, value);
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        if (resourceId != 4) {
            return super.execute(server, resourceId, arguments);
        }
        if (!rebootAllowed) {
            LOG.info("Reboot from server {} refused: rebootAllowed is off in the LwM2M client configuration", server);
            return ExecuteResponse.methodNotAllowed();
        }
        LOG.warn("Reboot from server {}: restarting the OSGi framework", server);
        DaemonThreads.start("lwm2m-reboot", () -> {
            try {
                Thread.sleep(500); // let the response leave first
                context.getBundle(0).update();
            } catch (BundleException | InterruptedException | IllegalStateException e) {
                LOG.error("the framework restart asked for by the server failed: {}", e.toString());
            }
        });
        return ExecuteResponse.success();
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return RESOURCES;
    }

    private String framework() {
        String vendor = context.getProperty("org.osgi.framework.vendor");
        String version = context.getBundle(0).getVersion().toString();
        return (vendor == null ? "OSGi framework" : vendor) + " " + context.getBundle(0).getSymbolicName() + " " + version;
    }
}
