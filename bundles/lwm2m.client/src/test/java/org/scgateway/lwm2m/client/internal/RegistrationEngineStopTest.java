package org.scgateway.lwm2m.client.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.leshan.client.engine.RegistrationEngine;
import org.eclipse.leshan.client.request.UplinkRequestSender;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.request.DeregisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;
import org.eclipse.leshan.core.request.UplinkRequest;
import org.eclipse.leshan.core.response.DeregisterResponse;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ResponseCallback;
import org.eclipse.leshan.core.response.UpdateResponse;
import org.junit.After;
import org.junit.Test;

/**
 * The engine between Updates and when stopping. An Update in flight when the client deregisters is answered 4.04 (the
 * server just dropped the registration), and that answer must not make a stopping client register again: seen on
 * Leshan M18, whose timing put the answer inside the deregistration. And the answer to one Update must not cancel an
 * Update asked for meanwhile (objects came back) in favour of the periodic one: the bench saw the server wait a period
 * for the new objects.
 */
public class RegistrationEngineStopTest {

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

    @After
    public void stop() {
        scheduler.shutdownNow();
    }

    @Test
    public void anUpdateAnswered404DuringTheDeregistrationRegistersNothing() throws Exception {
        AtomicReference<ResponseCallback<UpdateResponse>> updateInFlight = new AtomicReference<>();
        CountDownLatch updating = new CountDownLatch(1);
        TestEngines.Registering sender = new TestEngines.Registering() {
            @SuppressWarnings("unchecked")
            @Override
            public <T extends LwM2mResponse> T send(LwM2mServer srv, UplinkRequest<T> request, long timeoutInMs) {
                if (!(request instanceof DeregisterRequest)) {
                    return super.send(srv, request, timeoutInMs);
                }
                seen.add("deregister");
                ResponseCallback<UpdateResponse> late = updateInFlight.getAndSet(null);
                if (late != null) {
                    late.onResponse(UpdateResponse.notFound()); // the server dropped the registration first
                }
                try {
                    Thread.sleep(300); // the Deregister's own answer comes later
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return (T) DeregisterResponse.success();
            }

            @Override
            void update(UpdateRequest request, ResponseCallback<UpdateResponse> answer) {
                seen.add("update");
                updateInFlight.set(answer); // no answer yet
                updating.countDown();
            }
        };
        RegistrationEngine engine = engine(sender, 20);
        engine.start();
        try {
            assertEquals("an Update went out", true, updating.await(10, TimeUnit.SECONDS));
            engine.stop(true);
        } finally {
            engine.destroy(false);
        }
        assertEquals(List.of("register", "update", "deregister"), sender.seen);
    }

    @Test
    public void anUpdateAskedForWhileAnotherIsAnsweredStillGoes() throws Exception {
        java.util.concurrent.BlockingQueue<ResponseCallback<UpdateResponse>> held = new java.util.concurrent.LinkedBlockingQueue<>();
        TestEngines.Registering sender = new TestEngines.Registering() {
            @Override
            void update(UpdateRequest u, ResponseCallback<UpdateResponse> answer) {
                seen.add("update " + (u.getObjectLinks() == null ? "without links" : u.getObjectLinks().length + " links"));
                held.add(answer); // answered when the test says
            }
        };
        RegistrationEngine engine = engine(sender, 60_000); // no periodic Update in the test's time
        engine.start();
        try {
            engine.triggerRegistrationUpdate(new org.eclipse.leshan.client.RegistrationUpdate(
                    new org.eclipse.leshan.core.link.Link[] {new org.eclipse.leshan.core.link.Link("/3/0")}));
            ResponseCallback<UpdateResponse> first = held.poll(10, TimeUnit.SECONDS);
            CountDownLatch blocked = new CountDownLatch(1);
            scheduler.execute(() -> {
                try {
                    blocked.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            // Behind the block: the second trigger, which queues its Update, then the first Update's answer.
            engine.triggerRegistrationUpdate(new org.eclipse.leshan.client.RegistrationUpdate(new org.eclipse.leshan.core.link.Link[] {
                    new org.eclipse.leshan.core.link.Link("/3/0"), new org.eclipse.leshan.core.link.Link("/504/0")}));
            scheduler.execute(() -> first.onResponse(UpdateResponse.success()));
            blocked.countDown();
            assertEquals("the Update asked for second went", true, held.poll(5, TimeUnit.SECONDS) != null);
        } finally {
            engine.destroy(false);
        }
        assertEquals(List.of("register", "update 1 links", "update 2 links"), sender.seen);
    }

    private RegistrationEngine engine(UplinkRequestSender sender, long updateEveryMs) throws Exception {
        return TestEngines.engine(sender, updateEveryMs, scheduler);
    }
}
