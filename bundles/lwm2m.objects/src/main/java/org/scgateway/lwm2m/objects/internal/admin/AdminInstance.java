package org.scgateway.lwm2m.objects.internal.admin;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.scgateway.api.component.SecureComponent;
import org.scgateway.api.lwm2m.AdminInstanceView;
import org.scgateway.api.lwm2m.LwM2mOperationException;
import org.scgateway.api.lwm2m.LwM2mOperationException.Code;
import org.scgateway.api.lwm2m.ObjectLink;
import org.scgateway.api.lwm2m.ResourceType;
import org.scgateway.api.lwm2m.ResourceValue;
import org.scgateway.api.se.Aid;
import org.scgateway.globalplatform.scp03.SecurityLevel;
import org.scgateway.lwm2m.objects.internal.ProvidedInstance;
import org.scgateway.lwm2m.objects.internal.admin.AdminOutcome.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Secure Component Admin instance: what the server wrote, the script that runs, what it came to. A
 * script runs on the executor, one at a time: a write or Run while one runs is answered 5.03 and changes
 * nothing.
 */
final class AdminInstance implements ProvidedInstance {

    private static final Logger LOG = LoggerFactory.getLogger(AdminInstance.class);

    /** What the gateway knows of a component beyond the component itself; asked afresh at each use. */
    interface Surroundings {
        /** Services the gateway takes from the component, such as {@code smartcard-bootstrap}. */
        List<String> services();

        /** The client's object instances whose data live in the component. */
        List<ObjectLink> hostedInstances();

        /** The keys the component uses and never gives out, with their public parts. */
        List<String> publicKeys() throws LwM2mOperationException;

        /** Certificate signing requests (DER) for the component's key pairs, by their instance ids in {@link #publicKeys()}. */
        Map<Integer, byte[]> certificateRequests() throws LwM2mOperationException;

        /** Tells the object's observers which resources of this instance changed. */
        void changed(int... resourceIds);

        /** A request about to start: recorded, so that a crash while it runs is reported after the restart. */
        void started(String what) throws java.io.IOException;

        /** A script's outcome, kept for the component beyond this instance (it may be pulled and come back). */
        void finished(AdminOutcome outcome);

        /** The component went while a script ran, which has now ended and been told: the instance can go. */
        void leave(AdminInstance self);
    }

    private final SecureComponent component;
    /** How the component takes a request; empty for a component that takes none. */
    private final Optional<AdminProtocol> protocol;
    private final Executor executor;
    private final Surroundings around;

    private byte[] request = new byte[0];
    private byte[] target = new byte[0];
    private int secureChannel;
    private boolean running;
    private boolean leaving;
    private AdminOutcome last;

    /** @param last the outcome of the last script on this component, if it had an instance before */
    AdminInstance(SecureComponent component, Optional<AdminProtocol> protocol, Executor executor, Surroundings around, AdminOutcome last) {
        this.component = component;
        this.protocol = protocol;
        this.executor = executor;
        this.around = around;
        this.last = last;
    }

    SecureComponent component() {
        return component;
    }

    @Override
    public synchronized ResourceValue read(int resourceId) throws LwM2mOperationException {
        switch (resourceId) {
            case AdminObjectModel.COMPONENT_ID:
                return ResourceValue.string(component.id());
            case AdminObjectModel.TYPE:
                return ResourceValue.string(component.kind().name());
            case AdminObjectModel.IDENTIFICATION:
                Map<Integer, byte[]> items = new LinkedHashMap<>();
                for (int i = 0; i < AdminObjectModel.IDENTIFICATION_ITEMS.length; i++) {
                    int id = i;
                    component.identification().get(AdminObjectModel.IDENTIFICATION_ITEMS[i]).ifPresent(v -> items.put(id, v));
                }
                return ResourceValue.ofInstances(ResourceType.OPAQUE, items);
            case AdminObjectModel.BACKEND:
                return ResourceValue.string(component.backend());
            case AdminObjectModel.STATE:
                return ResourceValue.string(component.state().name());
            case AdminObjectModel.PROTOCOLS:
                return ResourceValue.ofInstances(ResourceType.STRING, protocol.map(p -> Map.of(0, p.name())).orElse(Map.of()));
            case AdminObjectModel.ADMIN_RESPONSE:
                return ResourceValue.opaque(last.response);
            case AdminObjectModel.RESULT:
                return ResourceValue.integer(running ? Result.RUNNING.code : last.result.code);
            case AdminObjectModel.RESULT_DESCRIPTION:
                return ResourceValue.string(running ? "a script is running" : last.description);
            case AdminObjectModel.TARGET_APPLICATION:
                return ResourceValue.opaque(target);
            case AdminObjectModel.SECURE_CHANNEL:
                return ResourceValue.integer(secureChannel);
            case AdminObjectModel.SERVICES:
                Map<Integer, String> s = new LinkedHashMap<>();
                around.services().forEach(name -> s.put(s.size(), name));
                return ResourceValue.ofInstances(ResourceType.STRING, s);
            case AdminObjectModel.HOSTED_INSTANCES:
                Map<Integer, ObjectLink> links = new LinkedHashMap<>();
                around.hostedInstances().forEach(link -> links.put(links.size(), link));
                return ResourceValue.ofInstances(ResourceType.OBJLNK, links);
            case AdminObjectModel.PUBLIC_KEYS:
                Map<Integer, String> keys = new LinkedHashMap<>();
                around.publicKeys().forEach(k -> keys.put(keys.size(), k));
                return ResourceValue.ofInstances(ResourceType.STRING, keys);
            case AdminObjectModel.CERTIFICATE_REQUESTS:
                return ResourceValue.ofInstances(ResourceType.OPAQUE, around.certificateRequests());
            case AdminObjectModel.ADMIN_REQUEST:
            case AdminObjectModel.RUN:
                throw new LwM2mOperationException(Code.METHOD_NOT_ALLOWED, "resource " + resourceId + " is not readable");
            default:
                throw new LwM2mOperationException(Code.NOT_FOUND, "no resource " + resourceId);
        }
    }

    @Override
    public synchronized void write(int resourceId, ResourceValue value) throws LwM2mOperationException {
        if (running) {
            throw busy();
        }
        switch (resourceId) {
            case AdminObjectModel.ADMIN_REQUEST:
                request = (byte[]) value.value();
                return;
            case AdminObjectModel.TARGET_APPLICATION:
                byte[] aid = (byte[]) value.value();
                if (aid.length != 0) {
                    try {
                        Aid.of(aid);
                    } catch (IllegalArgumentException e) {
                        throw new LwM2mOperationException(Code.BAD_REQUEST, "not an AID: " + e.getMessage());
                    }
                }
                target = aid;
                return;
            case AdminObjectModel.SECURE_CHANNEL:
                long level = (Long) value.value();
                if (level < 0 || level > 0xFF) { // an int cast would make 0x100000033 a 51
                    throw new LwM2mOperationException(Code.BAD_REQUEST, "not an SCP03 security level: " + level
                            + " (0 none, 1, 3, 17, 19, 51)");
                }
                if (level != 0) {
                    try {
                        SecurityLevel.of((int) level);
                    } catch (IllegalArgumentException e) {
                        throw new LwM2mOperationException(Code.BAD_REQUEST, "not an SCP03 security level: " + level
                                + " (0 none, 1, 3, 17, 19, 51)");
                    }
                }
                secureChannel = (int) level;
                return;
            default:
                throw new LwM2mOperationException(Code.METHOD_NOT_ALLOWED, "resource " + resourceId + " is not writable");
        }
    }

    @Override
    public void execute(int resourceId, String arguments) throws LwM2mOperationException {
        if (resourceId != AdminObjectModel.RUN) {
            throw new LwM2mOperationException(Code.METHOD_NOT_ALLOWED, "resource " + resourceId + " is not executable");
        }
        run();
    }

    /**
     * Writes Target Application, Secure Channel and Admin Request and runs the request, in one step: nothing a server
     * writes meanwhile comes between. For the operator's tools.
     */
    synchronized CompletableFuture<AdminOutcome> request(byte[] request, byte[] target, int secureChannel) throws LwM2mOperationException {
        if (running) {
            throw busy();
        }
        write(AdminObjectModel.TARGET_APPLICATION, ResourceValue.opaque(target));
        write(AdminObjectModel.SECURE_CHANNEL, ResourceValue.integer(secureChannel));
        write(AdminObjectModel.ADMIN_REQUEST, ResourceValue.opaque(request));
        return run();
    }

    /** Starts the request written last; completes with its outcome, which is also published, when it ends. */
    synchronized CompletableFuture<AdminOutcome> run() throws LwM2mOperationException {
        if (running) {
            throw busy();
        }
        if (protocol.isEmpty()) {
            return CompletableFuture.completedFuture(finish(new AdminOutcome(Result.UNSUPPORTED, new byte[0], "component " + component.id()
                    + " (" + component.kind() + ") takes no admin request")));
        }
        // A Run takes the request: a later Run without a new write runs nothing, so a write refused before it reached
        // this object (a 4.13 from the CoAP layer, a payload that could not be decoded) never has an old request run.
        byte[] taken = request;
        request = new byte[0];
        if (taken.length == 0) {
            return CompletableFuture.completedFuture(finish(new AdminOutcome(Result.BAD_FORMAT, new byte[0], "no Admin Request was written "
                    + "since the last Run (a Run takes the request it runs; a write that was refused leaves none): write it, then Run")));
        }
        AdminProtocol.Run work;
        try {
            work = protocol.get().prepare(taken, target.length == 0 ? Optional.empty() : Optional.of(Aid.of(target)),
                    secureChannel == 0 ? Optional.empty() : Optional.of(SecurityLevel.of(secureChannel)));
        } catch (AdminProtocol.Refused e) {
            return CompletableFuture.completedFuture(finish(e.outcome));
        }
        return start(work);
    }

    /** Runs a request on the executor; its outcome is published, and the instance left if its component went meanwhile. */
    private CompletableFuture<AdminOutcome> start(AdminProtocol.Run work) throws LwM2mOperationException {
        try {
            around.started(work.what());
        } catch (java.io.IOException e) {
            return CompletableFuture.completedFuture(finish(new AdminOutcome(Result.COMPONENT_LOST, new byte[0], "not run: the start of "
                    + work.what() + " could not be recorded (" + e.getMessage() + "), and a crash while it ran would go unreported")));
        }
        running = true;
        around.changed(AdminObjectModel.RESULT, AdminObjectModel.RESULT_DESCRIPTION);
        CompletableFuture<AdminOutcome> ended = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                AdminOutcome o = work.run();
                LOG.info("{} on {}: {}", work.what(), component.id(), o.description);
                synchronized (this) {
                    running = false;
                    finish(o);
                    if (leaving) {
                        around.leave(this);
                    }
                }
                ended.complete(o);
            });
        } catch (RejectedExecutionException e) {
            running = false;
            throw new LwM2mOperationException(Code.SERVICE_UNAVAILABLE, "the admin object is stopping");
        }
        return ended;
    }

    /**
     * The component went. If a script runs, the instance stays until it ends, so that the server is told its
     * result (7, what ran) before the instance goes; returns whether it does.
     */
    synchronized boolean leaveAfterScript() {
        leaving = running;
        return running;
    }

    /** Whether a script runs now. */
    synchronized boolean running() {
        return running;
    }

    /** The last outcome, for the shell. */
    synchronized AdminOutcome last() {
        return last;
    }

    private AdminOutcome finish(AdminOutcome o) {
        last = o;
        around.finished(o);
        around.changed(AdminObjectModel.ADMIN_RESPONSE, AdminObjectModel.RESULT, AdminObjectModel.RESULT_DESCRIPTION);
        return o;
    }

    /** The instance as a tool shows it. */
    synchronized AdminInstanceView view(int instanceId) {
        Result r = running ? Result.RUNNING : last.result;
        return new AdminInstanceView(instanceId, component.id(), component.kind().name(), component.backend(), component.state().name(), r.code,
                r.name(), running ? "a script is running" : last.description, last.response);
    }

    private LwM2mOperationException busy() {
        return new LwM2mOperationException(Code.SERVICE_UNAVAILABLE, "a script is running on " + component.id() + "; try when Result is no longer 1");
    }

    static String hex(byte[] b) {
        return HexFormat.of().withUpperCase().formatHex(b);
    }
}
