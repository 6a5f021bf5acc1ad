package org.scgateway.lwm2m.objects.internal;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import org.scgateway.api.component.SecureComponent;
import org.scgateway.api.lwm2m.LwM2mOperationException;
import org.scgateway.api.lwm2m.LwM2mOperationException.Code;
import org.scgateway.api.lwm2m.ObjectLink;
import org.scgateway.api.lwm2m.ResourceType;
import org.scgateway.api.lwm2m.ResourceValue;
import org.scgateway.api.se.Aid;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.tee.TrustedExecutionEnvironment;
import org.scgateway.globalplatform.scp03.Scp03Keys;
import org.scgateway.globalplatform.scp03.SecurityLevel;
import org.scgateway.lwm2m.objects.internal.ScriptRunner.Outcome;
import org.scgateway.lwm2m.objects.internal.ScriptRunner.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Secure Component Admin instance: what the server wrote, the script that runs, what it came to. A
 * script runs on the executor, one at a time: a write or Run while one runs is answered 5.03 and changes
 * nothing.
 */
final class AdminInstance {

    private static final Logger LOG = LoggerFactory.getLogger(AdminInstance.class);
    static final String SE_PROTOCOL = "ETSI TS 102 226 expanded remote commands (GP SERAM 1.0.1, Amendment B)";
    static final String TEE_PROTOCOL = "IETF TEEP, COSE_Sign1-signed (GlobalPlatform TMF operations)";

    /** What the gateway knows of a component beyond the component itself; asked afresh at each use. */
    interface Surroundings {
        /** The SCP03 keys for a script that asks for a secure channel. */
        Optional<Scp03Keys> scp03Keys();

        /** Services the gateway takes from the component, such as {@code smartcard-bootstrap}. */
        List<String> services();

        /** The client's object instances whose data live in the component. */
        List<ObjectLink> hostedInstances();

        /** Tells the object's observers which resources of this instance changed. */
        void changed(int... resourceIds);

        /** A script's outcome, kept for the component beyond this instance (it may be pulled and come back). */
        void finished(Outcome outcome);

        /** The component went while a script ran, which has now ended and been told: the instance can go. */
        void leave(AdminInstance self);
    }

    private final SecureComponent component;
    private final Executor executor;
    private final Surroundings around;

    private byte[] request = new byte[0];
    private byte[] target = new byte[0];
    private int secureChannel;
    private boolean running;
    private boolean leaving;
    private Outcome last;

    /** @param last the outcome of the last script on this component, if it had an instance before */
    AdminInstance(SecureComponent component, Executor executor, Surroundings around, Outcome last) {
        this.component = component;
        this.executor = executor;
        this.around = around;
        this.last = last;
    }

    static Outcome none() {
        return new Outcome(Result.NONE, new byte[0], "no script has run");
    }

    SecureComponent component() {
        return component;
    }

    synchronized ResourceValue read(int resourceId) throws LwM2mOperationException {
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
                return ResourceValue.ofInstances(ResourceType.STRING,
                        component instanceof SecureElement ? Map.of(0, SE_PROTOCOL)
                                : component instanceof TrustedExecutionEnvironment ? Map.of(0, TEE_PROTOCOL) : Map.of());
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
            case AdminObjectModel.ADMIN_REQUEST:
            case AdminObjectModel.RUN:
                throw new LwM2mOperationException(Code.METHOD_NOT_ALLOWED, "resource " + resourceId + " is not readable");
            default:
                throw new LwM2mOperationException(Code.NOT_FOUND, "no resource " + resourceId);
        }
    }

    synchronized void write(int resourceId, ResourceValue value) throws LwM2mOperationException {
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

    /** Starts the request written last; its outcome is published when it ends. */
    synchronized void run() throws LwM2mOperationException {
        if (running) {
            throw busy();
        }
        if (component instanceof TrustedExecutionEnvironment) {
            start(() -> TeepExchange.run((TrustedExecutionEnvironment) component, request.clone()), "TEEP message");
            return;
        }
        if (!(component instanceof SecureElement)) {
            finish(new Outcome(Result.UNSUPPORTED, new byte[0], "component " + component.id() + " (" + component.kind()
                    + ") takes no remote command script"));
            return;
        }
        RemoteScript script;
        try {
            script = RemoteScript.parse(request);
        } catch (RemoteScript.BadFormat e) {
            finish(new Outcome(Result.BAD_FORMAT, RemoteScript.badFormat(e), "bad format: " + e.getMessage()));
            return;
        }
        Optional<Aid> aid = target.length == 0 ? Optional.empty() : Optional.of(Aid.of(target));
        Optional<SecurityLevel> level = secureChannel == 0 ? Optional.empty() : Optional.of(SecurityLevel.of(secureChannel));
        start(() -> {
            try {
                return ScriptRunner.run((SecureElement) component, script, aid, level, level.isPresent() ? around.scp03Keys() : Optional.empty());
            } catch (RuntimeException e) {
                LOG.error("a script on {} failed unexpectedly", component.id(), e);
                return new Outcome(Result.COMPONENT_LOST, RemoteScript.response(script.indefinite(), List.of()), "the script failed: " + e);
            }
        }, "script (" + script.commands().size() + " C-APDU(s))");
    }

    /** Runs a request on the executor; its outcome is published, and the instance left if its component went meanwhile. */
    private void start(Supplier<Outcome> work, String what) throws LwM2mOperationException {
        running = true;
        around.changed(AdminObjectModel.RESULT, AdminObjectModel.RESULT_DESCRIPTION);
        try {
            executor.execute(() -> {
                Outcome o = work.get();
                LOG.info("{} on {}: {}", what, component.id(), o.description);
                synchronized (this) {
                    running = false;
                    finish(o);
                    if (leaving) {
                        around.leave(this);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            running = false;
            throw new LwM2mOperationException(Code.SERVICE_UNAVAILABLE, "the admin object is stopping");
        }
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
    synchronized Outcome last() {
        return last;
    }

    private void finish(Outcome o) {
        last = o;
        around.finished(o);
        around.changed(AdminObjectModel.ADMIN_RESPONSE, AdminObjectModel.RESULT, AdminObjectModel.RESULT_DESCRIPTION);
    }

    private LwM2mOperationException busy() {
        return new LwM2mOperationException(Code.SERVICE_UNAVAILABLE, "a script is running on " + component.id() + "; try when Result is no longer 1");
    }

    static String hex(byte[] b) {
        return HexFormat.of().withUpperCase().formatHex(b);
    }
}
