package org.scgateway.lwm2m.client.internal;

import java.time.Duration;
import java.util.function.IntFunction;

import org.eclipse.leshan.client.resource.LwM2mObjectTree;
import org.scgateway.api.lwm2m.bootstrap.RegistrationPolicy;

/**
 * Each server's {@link RegistrationSequence.Policy}, read from its Server instance as it is when the engine asks (a
 * bootstrap server may have written it since the start). Resources 17 to 20 the instance does not give come from the
 * client's configuration rather than the TS defaults: {@code retryWaitMs} is the Communication Retry Timer, attempts
 * double up to {@code maxRetryWaitMs}, which is then the Communication Sequence Delay — the gateway's back-off before
 * the TS resources existed, kept for servers that set none (the TS's 60 s and one day would leave a gateway whose only
 * server was down at boot unregistered for a day).
 */
final class RegistrationPolicies implements IntFunction<RegistrationSequence.Policy> {

    private final LwM2mObjectTree tree;
    private final Duration retryWait;
    private final Duration maxRetryWait;

    RegistrationPolicies(LwM2mObjectTree tree, long retryWaitMs, long maxRetryWaitMs) {
        this.tree = tree;
        this.retryWait = Duration.ofMillis(Math.max(1, retryWaitMs));
        this.maxRetryWait = Duration.ofMillis(Math.max(retryWaitMs, maxRetryWaitMs));
    }

    @Override
    public RegistrationSequence.Policy apply(int shortServerId) {
        return of(policyOf(shortServerId));
    }

    RegistrationSequence.Policy of(RegistrationPolicy p) {
        int attempts = 1;
        for (Duration d = retryWait; d.compareTo(maxRetryWait) < 0; d = d.multipliedBy(2)) {
            attempts++;
        }
        return new RegistrationSequence.Policy(p.priorityOrder(), Duration.ofSeconds(p.initialDelaySeconds()), p.failureBlock(),
                p.bootstrapOnFailure(), p.isGiven(17) ? p.retryCount() : attempts,
                p.isGiven(18) ? Duration.ofSeconds(p.retryTimerSeconds()) : retryWait,
                p.isGiven(19) ? Duration.ofSeconds(p.sequenceDelaySeconds()) : maxRetryWait, p.sequenceRetryCount());
    }

    private RegistrationPolicy policyOf(int shortServerId) {
        return BoundedServer.of(tree, shortServerId).map(BoundedServer::registrationPolicy).orElse(RegistrationPolicy.defaults());
    }
}
