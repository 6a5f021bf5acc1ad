package org.scgateway.euicc.internal;

import org.scgateway.api.euicc.EuiccException;
import org.scgateway.api.euicc.Profile;
import org.scgateway.api.se.ResponseApdu;

/**
 * How a profile operation is put into STORE DATA for the ISD-R, and how the card's answer to it is read.
 * Two encodings exist: SGP.22's ES10c ({@link Es10cCodec}), which real eUICCs and modems answer, and the
 * SGP.02 ISD-R's own ({@link Sgp02Codec}), needed for what ES10c has no function for.
 */
interface IsdrCodec {

    enum Operation {
        ENABLE("enable"),
        DISABLE("disable"),
        DELETE("delete"),
        SET_FALLBACK("set the fall-back attribute of");

        final String verb;

        Operation(String verb) {
            this.verb = verb;
        }
    }

    /** Whether this encoding has the operation. */
    boolean supports(Operation operation);

    /** The STORE DATA content that asks for the operation on {@code target}. */
    byte[] request(Operation operation, Profile target, boolean refresh);

    /** Returns normally if the answer (to the last block, status word included) says done. */
    void check(Operation operation, Profile target, ResponseApdu answer) throws EuiccException;
}
