package org.scgateway.lwm2m.objects.internal.admin;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.scgateway.api.se.Aid;
import org.scgateway.api.se.SecureElement;
import org.scgateway.globalplatform.scp03.Scp03Keys;
import org.scgateway.globalplatform.scp03.SecurityLevel;
import org.scgateway.globalplatform.seram.RemoteScript;
import org.scgateway.globalplatform.seram.ScriptFormatException;
import org.scgateway.globalplatform.seram.ScriptRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A Secure Element's admin request: a remote command script (SCS-6), run by globalplatform's SERAM runner. */
final class ScriptProtocol implements AdminProtocol {

    static final String NAME = "ETSI TS 102 226 expanded remote commands (GP SERAM 1.0.1, Amendment B)";
    private static final Logger LOG = LoggerFactory.getLogger(ScriptProtocol.class);

    private final SecureElement se;
    private final Supplier<Optional<Scp03Keys>> keys;

    /** @param keys the element's SCP03 keys, looked up afresh for each script that asks for a secure channel */
    ScriptProtocol(SecureElement se, Supplier<Optional<Scp03Keys>> keys) {
        this.se = se;
        this.keys = keys;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Run prepare(byte[] request, Optional<Aid> target, Optional<SecurityLevel> level) throws Refused {
        RemoteScript script;
        try {
            script = RemoteScript.parse(request);
        } catch (ScriptFormatException e) {
            throw new Refused(new AdminOutcome(AdminOutcome.Result.BAD_FORMAT, e.response(), "bad format: " + e.getMessage()));
        }
        return new Run() {
            @Override
            public String what() {
                return "script (" + script.commands().size() + " C-APDU(s))";
            }

            @Override
            public AdminOutcome run() {
                try {
                    return AdminOutcome.of(ScriptRunner.run(se, script, target, level, level.isPresent() ? keys.get() : Optional.empty()));
                } catch (RuntimeException e) {
                    LOG.error("a script on {} failed unexpectedly", se.id(), e);
                    return new AdminOutcome(AdminOutcome.Result.COMPONENT_LOST, script.response(List.of()), "the script failed: " + e);
                }
            }
        };
    }
}
