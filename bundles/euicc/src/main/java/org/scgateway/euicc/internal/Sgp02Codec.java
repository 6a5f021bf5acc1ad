package org.scgateway.euicc.internal;

import org.scgateway.api.euicc.EuiccException;
import org.scgateway.api.euicc.EuiccException.Result;
import org.scgateway.api.euicc.Profile;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.globalplatform.tlv.Tlv;

/**
 * The SGP.02 ISD-R's STORE DATA encoding of the ES5 profile functions: a DGI, then the ISD-P AID
 * ({@code 4F}). <b>To be confirmed against SGP.02 §4.1.1:</b> the DGI values ({@code 3A03} enable, {@code 3A04}
 * disable, {@code 3A05} set fall-back) come from a single public source and are marked UNVERIFIED in the
 * reference; this class is the one place they live. Only set-fall-back is used, since ES10c has no function for
 * it; the answer is a bare status word.
 */
final class Sgp02Codec implements IsdrCodec {

    static final int DGI_ENABLE = 0x3A03;
    static final int DGI_DISABLE = 0x3A04;
    static final int DGI_SET_FALLBACK = 0x3A05;

    @Override
    public boolean supports(Operation operation) {
        return operation != Operation.DELETE; // DeleteISDP is a GlobalPlatform DELETE of the ISD-P, not a STORE DATA
    }

    @Override
    public byte[] request(Operation operation, Profile target, boolean refresh) {
        int dgi;
        switch (operation) {
            case ENABLE: dgi = DGI_ENABLE; break;
            case DISABLE: dgi = DGI_DISABLE; break;
            case SET_FALLBACK: dgi = DGI_SET_FALLBACK; break;
            default: throw new IllegalArgumentException("the SGP.02 ISD-R takes no STORE DATA to " + operation.verb + " a profile");
        }
        byte[] aid = Tlv.primitive(Es10c.ISDP_AID, target.isdpAid().bytes()).encode();
        byte[] out = new byte[3 + aid.length];
        out[0] = (byte) (dgi >> 8);
        out[1] = (byte) dgi;
        out[2] = (byte) aid.length;
        System.arraycopy(aid, 0, out, 3, aid.length);
        return out;
    }

    @Override
    public void check(Operation operation, Profile target, ResponseApdu answer) throws EuiccException {
        switch (answer.sw()) {
            case 0x9000:
                return;
            case 0x6A88:
                throw new EuiccException(Result.ICCID_OR_AID_NOT_FOUND, "the eUICC has no ISD-P " + target.isdpAid());
            case 0x6985:
                throw new EuiccException(Result.WRONG_PROFILE_STATE, "the eUICC cannot " + operation.verb + " profile "
                        + target.iccid() + " in its present state");
            default:
                throw new EuiccException(Result.SECURE_ELEMENT_FAILURE, String.format("the ISD-R answered %04X to the request to %s profile %s",
                        answer.sw(), operation.verb, target.iccid()));
        }
    }
}
