package org.scgateway.lwm2m.objects.internal.admin;

import java.util.Optional;

import org.scgateway.api.se.Aid;
import org.scgateway.api.tee.TeeException;
import org.scgateway.api.tee.TeepAnswer;
import org.scgateway.api.tee.TrustedExecutionEnvironment;
import org.scgateway.globalplatform.scp03.SecurityLevel;
import org.scgateway.lwm2m.objects.internal.admin.AdminOutcome.Result;

/**
 * A TEE's admin request: a TEEP message, handed to its agent; the agent's answer becomes the admin response.
 * Result: 2 for a QueryResponse or Success, 6 for an Error about the TAM's signature or algorithm (err-code 5,
 * 6, 9), 3 for any other Error, 7 when the TEE could not be reached. Target and secure channel do not apply.
 */
final class TeepProtocol implements AdminProtocol {

    static final String NAME = "IETF TEEP, COSE_Sign1-signed (GlobalPlatform TMF operations)";

    private final TrustedExecutionEnvironment tee;

    TeepProtocol(TrustedExecutionEnvironment tee) {
        this.tee = tee;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Run prepare(byte[] request, Optional<Aid> target, Optional<SecurityLevel> level) {
        byte[] message = request.clone();
        return new Run() {
            @Override
            public String what() {
                return "TEEP message";
            }

            @Override
            public AdminOutcome run() {
                return exchange(message);
            }
        };
    }

    private AdminOutcome exchange(byte[] message) {
        TeepAnswer answer;
        try {
            answer = tee.processTeepMessage(message);
        } catch (TeeException e) {
            return new AdminOutcome(Result.COMPONENT_LOST, new byte[0], "the TEE could not be reached: " + e.getMessage());
        } catch (RuntimeException e) {
            return new AdminOutcome(Result.COMPONENT_LOST, new byte[0], "the TEE failed: " + e);
        }
        if (answer.kind() == TeepAnswer.Kind.ERROR) {
            int code = answer.errorCode();
            boolean security = code == 5 || code == 6 || code == 9;
            return new AdminOutcome(security ? Result.SECURITY_ERROR : Result.STOPPED_AT_ERROR, answer.message(), answer.description());
        }
        return new AdminOutcome(Result.OK, answer.message(), answer.description());
    }
}
