package org.scgateway.lwm2m.client.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;

public class GatewayDeviceTest {

    private final CountDownLatch frameworkUpdated = new CountDownLatch(1);

    /** A bundle context whose system bundle counts its updates: a framework restart, as Felix does it. */
    private BundleContext context() {
        Bundle system = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class}, (p, m, a) -> {
            switch (m.getName()) {
                case "update": frameworkUpdated.countDown(); return null;
                case "getVersion": return new Version(7, 0, 5);
                case "getSymbolicName": return "org.apache.felix.framework";
                default: return null;
            }
        });
        Bundle own = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class}, (p, m, a) ->
                m.getName().equals("getVersion") ? new Version(0, 1, 0, "SNAPSHOT") : null);
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class}, (p, m, a) -> {
            switch (m.getName()) {
                case "getBundle": return a == null ? own : system;
                case "getProperty": return "org.osgi.framework.vendor".equals(a[0]) ? "Apache Software Foundation" : null;
                default: return null;
            }
        });
    }

    @Test
    public void rebootIsRefusedUnlessAllowed() throws Exception {
        GatewayDevice device = new GatewayDevice(context(), "M", "N", "S", "U", false);
        assertEquals(ResponseCode.METHOD_NOT_ALLOWED, device.execute(LwM2mServer.SYSTEM, 4, Arguments.builder().build()).getCode());
        assertFalse("the framework was not restarted", frameworkUpdated.await(1, TimeUnit.SECONDS));
    }

    @Test
    public void rebootRestartsTheFrameworkWhenAllowed() throws Exception {
        GatewayDevice device = new GatewayDevice(context(), "M", "N", "S", "U", true);
        assertTrue(device.execute(LwM2mServer.SYSTEM, 4, Arguments.builder().build()).isSuccess());
        assertTrue("the system bundle was updated", frameworkUpdated.await(5, TimeUnit.SECONDS));
    }

    @Test
    public void readsTheGatewaysOwnData() {
        GatewayDevice device = new GatewayDevice(context(), "ACME", "GW-1", "SN-9", "UQ", false);
        // In the client, Leshan's ObjectsInitializer gives the instance its model.
        device.setModel(new org.eclipse.leshan.core.model.StaticModel(org.eclipse.leshan.core.model.ObjectLoader.loadDefault()).getObjectModel(3));
        assertEquals("ACME", value(device, 0));
        assertEquals("GW-1", value(device, 1));
        assertEquals("SN-9", value(device, 2));
        assertEquals("firmware is the client bundle's version", "0.1.0.SNAPSHOT", value(device, 3));
        assertEquals("UQ", value(device, 16));
        assertTrue((Long) value(device, 21) > 0);
        assertTrue(value(device, 19).toString().contains("org.apache.felix.framework 7.0.5"));
        assertEquals(ResponseCode.METHOD_NOT_ALLOWED, device.write(LwM2mServer.SYSTEM, true, 13,
                LwM2mSingleResource.newDateResource(13, new java.util.Date())).getCode());
        assertTrue(device.write(LwM2mServer.SYSTEM, true, 15, LwM2mSingleResource.newStringResource(15, "Europe/Paris")).isSuccess());
        assertEquals("Europe/Paris", value(device, 15));
        assertEquals(ResponseCode.BAD_REQUEST, device.write(LwM2mServer.SYSTEM, true, 15,
                LwM2mSingleResource.newStringResource(15, "Not/AZone")).getCode());
    }

    private static Object value(GatewayDevice device, int resource) {
        return ((LwM2mSingleResource) device.read(LwM2mServer.SYSTEM, resource).getContent()).getValue();
    }
}
