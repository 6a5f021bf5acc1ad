package org.scgateway.lwm2m.objects.internal.admin;

import java.util.Optional;

import org.scgateway.api.se.Aid;
import org.scgateway.globalplatform.scp03.SecurityLevel;

/**
 * How the admin request of one kind of component is carried out: a remote command script on a Secure Element,
 * a TEEP message to a TEE. The instance holds the one its component speaks, chosen when it is made.
 */
interface AdminProtocol {

    /** The protocol as the Protocols resource names it. */
    String name();

    /**
     * Reads a request as written, with the Target Application and Secure Channel resources (a protocol that has no
     * use for them ignores them).
     *
     * @throws Refused when the request cannot run at all (it cannot be read): the outcome is known at once
     */
    Run prepare(byte[] request, Optional<Aid> target, Optional<SecurityLevel> level) throws Refused;

    /** A request read and ready, to run off the client's threads. */
    interface Run {
        /** What runs, for the log: "script (3 C-APDU(s))". */
        String what();

        AdminOutcome run();
    }

    /** A request that will not run, with the outcome that says why. */
    final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final transient AdminOutcome outcome;

        Refused(AdminOutcome outcome) {
            super(outcome.description);
            this.outcome = outcome;
        }
    }
}
