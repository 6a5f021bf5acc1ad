package org.scgateway.lwm2m.objects.internal;

import org.scgateway.api.tee.TeeException;
import org.scgateway.api.tee.TeepAnswer;
import org.scgateway.api.tee.TrustedExecutionEnvironment;
import org.scgateway.lwm2m.objects.internal.ScriptRunner.Outcome;
import org.scgateway.lwm2m.objects.internal.ScriptRunner.Result;

/**
 * Hands the admin request of a TEE's instance, a TEEP message, to its agent; the agent's answer becomes the
 * admin response. Result: 2 for a QueryResponse or Success, 6 for an Error about the TAM's signature or
 * algorithm (err-code 5, 6, 9), 3 for any other Error, 7 when the TEE could not be reached.
 */
final class TeepExchange {

    private TeepExchange() {
    }

    static Outcome run(TrustedExecutionEnvironment tee, byte[] message) {
        TeepAnswer answer;
        try {
            answer = tee.processTeepMessage(message);
        } catch (TeeException e) {
            return new Outcome(Result.COMPONENT_LOST, new byte[0], "the TEE could not be reached: " + e.getMessage());
        } catch (RuntimeException e) {
            return new Outcome(Result.COMPONENT_LOST, new byte[0], "the TEE failed: " + e);
        }
        switch (answer.kind()) {
            case ERROR:
                int code = answer.errorCode();
                boolean security = code == 5 || code == 6 || code == 9;
                return new Outcome(security ? Result.SECURITY_ERROR : Result.STOPPED_AT_ERROR, answer.message(), answer.description());
            default:
                return new Outcome(Result.OK, answer.message(), answer.description());
        }
    }
}
