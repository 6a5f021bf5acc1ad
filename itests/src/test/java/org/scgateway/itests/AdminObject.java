package org.scgateway.itests;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;

import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.request.exception.RequestCanceledException;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.registration.Registration;

/** The Secure Component Admin object (42769) of one client, as a Leshan server works it: read, write, run. */
final class AdminObject {

    static final int OBJECT = 42769;
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final LeshanServer server;
    private final String endpoint;
    private final long timeout;

    AdminObject(LeshanServer server, String endpoint, long timeoutMs) {
        this.server = server;
        this.endpoint = endpoint;
        this.timeout = timeoutMs;
    }

    /** Waits until the client is registered with the given instance announced. */
    Registration awaitInstance(int instance) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout;
        while (System.currentTimeMillis() < deadline) {
            Registration r = server.getRegistrationService().getByEndpoint(endpoint);
            if (r != null && Arrays.stream(r.getObjectLinks()).anyMatch(l -> l.getUriReference().equals("/" + OBJECT + "/" + instance))) {
                return r;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(endpoint + " did not register with /" + OBJECT + "/" + instance);
    }

    /** The instance of the component with the given id (resource 0), read from the whole object. */
    int instanceOf(String componentId) throws Exception {
        ReadResponse read = send(new ReadRequest(OBJECT));
        assertTrue("the admin object reads: " + read, read.isSuccess());
        for (LwM2mObjectInstance i : ((LwM2mObject) read.getContent()).getInstances().values()) {
            if (componentId.equals(i.getResource(0).getValue())) {
                return i.getId();
            }
        }
        throw new AssertionError("no admin instance for component " + componentId + " in " + read.getContent());
    }

    Object value(int instance, int resource) throws Exception {
        ReadResponse r = send(new ReadRequest(OBJECT, instance, resource));
        assertTrue("/" + OBJECT + "/" + instance + "/" + resource + " reads: " + r, r.isSuccess());
        return ((LwM2mSingleResource) r.getContent()).getValue();
    }

    void write(int instance, int resource, Object value) throws Exception {
        WriteRequest w = value instanceof byte[] ? new WriteRequest(OBJECT, instance, resource, (byte[]) value)
                : new WriteRequest(OBJECT, instance, resource, (Long) value);
        LwM2mResponse r = send(w);
        assertTrue("write of /" + OBJECT + "/" + instance + "/" + resource + ": " + r, r.isSuccess());
    }

    /** Writes the request, executes Run. Returns at once, as the object does. */
    void start(int instance, String scriptHex) throws Exception {
        write(instance, 6, HEX.parseHex(scriptHex));
        LwM2mResponse run = send(new ExecuteRequest(OBJECT + "/" + instance + "/7"));
        assertTrue("run: " + run, run.isSuccess());
    }

    /** Waits until the instance's Result is no longer 1 (running), and returns it. */
    long awaitResult(int instance) throws Exception {
        long deadline = System.currentTimeMillis() + timeout;
        long result;
        while ((result = (Long) value(instance, 9)) == 1L && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        return result;
    }

    /** Write, Run, wait, read: the Admin Response in hex. */
    String runScript(int instance, String scriptHex) throws Exception {
        start(instance, scriptHex);
        awaitResult(instance);
        return response(instance);
    }

    String response(int instance) throws Exception {
        return HEX.formatHex((byte[]) value(instance, 8));
    }

    /** Sends to the current registration, again if the client re-registered in between. */
    <T extends LwM2mResponse> T send(DownlinkRequest<T> request) throws Exception {
        long deadline = System.currentTimeMillis() + timeout;
        while (true) {
            Registration r = server.getRegistrationService().getByEndpoint(endpoint);
            try {
                if (r != null) {
                    T response = server.send(r, request, 10_000);
                    assertNotNull("no answer to " + request, response);
                    return response;
                }
            } catch (RequestCanceledException e) {
                // the client re-registered while the request was on its way
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(endpoint + " is not registered to take " + request);
            }
            Thread.sleep(50);
        }
    }
}
