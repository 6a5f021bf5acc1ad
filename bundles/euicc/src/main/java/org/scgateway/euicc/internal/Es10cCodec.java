package org.scgateway.euicc.internal;

import org.scgateway.api.euicc.EuiccException;
import org.scgateway.api.euicc.EuiccException.Result;
import org.scgateway.api.euicc.Profile;
import org.scgateway.api.se.ResponseApdu;

/** The profile operations of SGP.22 ES10c, by ICCID; the fall-back attribute is not one of them. */
final class Es10cCodec implements IsdrCodec {

    @Override
    public boolean supports(Operation operation) {
        return operation != Operation.SET_FALLBACK;
    }

    @Override
    public byte[] request(Operation operation, Profile target, boolean refresh) {
        switch (operation) {
            case ENABLE: return Es10c.enable(target.iccid(), refresh);
            case DISABLE: return Es10c.disable(target.iccid(), refresh);
            case DELETE: return Es10c.delete(target.iccid());
            default: throw new IllegalArgumentException("ES10c has no function to " + operation.verb + " a profile");
        }
    }

    @Override
    public void check(Operation operation, Profile target, ResponseApdu answer) throws EuiccException {
        if (!answer.isOk()) {
            throw new EuiccException(Result.SECURE_ELEMENT_FAILURE, String.format("the ISD-R answered %04X to the request to %s profile %s",
                    answer.sw(), operation.verb, target.iccid()));
        }
        int tag = operation == Operation.ENABLE ? Es10c.ENABLE_PROFILE
                : operation == Operation.DISABLE ? Es10c.DISABLE_PROFILE : Es10c.DELETE_PROFILE;
        Es10c.result(answer.data(), tag, operation.name().charAt(0) + operation.name().substring(1).toLowerCase() + "Profile");
    }
}
