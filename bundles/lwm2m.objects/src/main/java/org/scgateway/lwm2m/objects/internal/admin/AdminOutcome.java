package org.scgateway.lwm2m.objects.internal.admin;

import org.scgateway.globalplatform.seram.ScriptOutcome;

/** What an admin request came to, as the object shows it: Result, Admin Response and Result Description. */
final class AdminOutcome {

    /** Resource "Result"; the names follow Amendment B's X-Admin-Script-Status where one fits. */
    enum Result {
        NONE(0), RUNNING(1), OK(2), STOPPED_AT_ERROR(3), BAD_FORMAT(4), UNKNOWN_APPLICATION(5), SECURITY_ERROR(6),
        COMPONENT_LOST(7), UNSUPPORTED(8);

        final int code;

        Result(int code) {
            this.code = code;
        }
    }

    final Result result;
    final byte[] response;
    final String description;

    AdminOutcome(Result result, byte[] response, String description) {
        this.result = result;
        this.response = response;
        this.description = description;
    }

    static AdminOutcome none() {
        return new AdminOutcome(Result.NONE, new byte[0], "no script has run");
    }

    static AdminOutcome of(ScriptOutcome o) {
        return new AdminOutcome(Result.valueOf(o.status().name()), o.response(), o.description());
    }
}
