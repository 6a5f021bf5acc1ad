package org.scgateway.lwm2m.client.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.eclipse.leshan.client.engine.RegistrationEngine;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.junit.After;
import org.junit.Test;

/**
 * Leshan asks the engine things while holding an object's lock (a notification asks whether its server may be answered;
 * a Secure Component's object shows the client's status, which lists the servers), and the engine reads the object tree
 * while holding its own monitor (a Register's links; an Update's answer, told to the status, compares the tree with the
 * server's view). Those questions must be answered without the engine's monitor: MultiServerIT deadlocked when they
 * waited for it (an Update's answer held the engine and waited for 504's object, whose instance removal held the object
 * and waited for the engine).
 */
public class RegistrationEngineLocksTest {

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final ExecutorService asker = Executors.newSingleThreadExecutor();

    @After
    public void stop() {
        scheduler.shutdownNow();
        asker.shutdownNow();
    }

    @Test
    public void leshansQuestionsAreAnsweredWhileTheEngineHoldsItsMonitor() throws Exception {
        RegistrationEngine engine = TestEngines.engine(new TestEngines.Registering(), 60_000, scheduler);
        engine.start();
        try {
            long deadline = System.currentTimeMillis() + 10_000;
            while (engine.getRegisteredServers().isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            LwM2mServer server = engine.getRegisteredServer(123);
            List<Object> answers;
            synchronized (engine) { // as when an answer is being handled
                answers = CompletableFuture.supplyAsync(() -> List.<Object>of(engine.isAllowedToCommunicate(server),
                        engine.getRegisteredServers().size(), engine.getRegistrationId(server), engine.getRegisteredServer(123) != null,
                        ((GatewayRegistrationEngine) engine).servers().keySet(), engine.triggerClientInitiatedBootstrap(false)), asker)
                        .get(5, TimeUnit.SECONDS); // a TimeoutException where a question waits for the monitor
            }
            assertEquals(List.of(true, 1, "/rd/1", true, java.util.Set.of(123), false /* no bootstrap server to ask */), answers);
        } finally {
            engine.destroy(false);
        }
    }
}
