package org.scgateway.tee.optee.internal;

import java.util.HexFormat;

import org.scgateway.tee.spi.TeeBackendException;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.ptr.IntByReference;

/**
 * OP-TEE's TA-management pseudo-TA, {@code secstor_ta_mgmt}, through libteec. Each call opens a context
 * and a session and closes them again, so that nothing is held between TEEP messages (tee-supplicant may
 * restart in between).
 * <p>
 * Command 0 installs a bootstrap TA from its signed binary; OP-TEE checks its signature and refuses a
 * lower version than the one it holds. Command 1, uninstall by UUID, is what the TMF mapping of this
 * project uses; upstream optee_os implements only command 0, and an OP-TEE without command 1 answers
 * TEEC_ERROR_NOT_IMPLEMENTED, which is reported as such and changes nothing.
 */
final class Secstor {

    /** PTA_SECSTOR_TA_MGMT_UUID, 6e256cba-fc4d-4941-ad09-2ca1860342dd. */
    static final byte[] UUID = HexFormat.of().parseHex("6e256cbafc4d4941ad092ca1860342dd");
    static final int INSTALL = 0;
    static final int UNINSTALL = 1;

    private final Libteec teec;

    Secstor(Libteec teec) {
        this.teec = teec;
    }

    /** Opens and closes a context: whether the TEE answers at all. */
    synchronized void probe() throws TeeBackendException {
        Libteec.Context context = new Libteec.Context();
        check(teec.TEEC_InitializeContext(null, context), 0, "TEEC_InitializeContext");
        teec.TEEC_FinalizeContext(context);
    }

    synchronized void install(byte[] signedTa) throws TeeBackendException {
        invoke(INSTALL, signedTa, "install");
    }

    synchronized void uninstall(byte[] taUuid) throws TeeBackendException {
        invoke(UNINSTALL, taUuid, "uninstall");
    }

    private void invoke(int command, byte[] input, String what) throws TeeBackendException {
        Libteec.Context context = new Libteec.Context();
        check(teec.TEEC_InitializeContext(null, context), 0, "TEEC_InitializeContext");
        try {
            Libteec.Session session = new Libteec.Session();
            IntByReference origin = new IntByReference();
            check(teec.TEEC_OpenSession(context, session, Libteec.Uuid.of(UUID), Libteec.TEEC_LOGIN_PUBLIC, null, null, origin),
                    origin.getValue(), "opening a session with secstor_ta_mgmt");
            try {
                Memory buffer = new Memory(input.length);
                buffer.write(0, input, 0, input.length);
                Libteec.Operation op = new Libteec.Operation();
                op.paramTypes = Libteec.paramTypes(Libteec.TEEC_MEMREF_TEMP_INPUT, Libteec.TEEC_NONE, Libteec.TEEC_NONE,
                        Libteec.TEEC_NONE);
                op.params[0].setType(Libteec.TempMemoryReference.class);
                op.params[0].tmpref.buffer = buffer;
                op.params[0].tmpref.size = new NativeLong(input.length);
                check(teec.TEEC_InvokeCommand(session, command, op, origin), origin.getValue(), "secstor_ta_mgmt " + what);
            } finally {
                teec.TEEC_CloseSession(session);
            }
        } finally {
            teec.TEEC_FinalizeContext(context);
        }
    }

    private static void check(int result, int origin, String what) throws TeeBackendException {
        if (result == Libteec.TEEC_SUCCESS) {
            return;
        }
        String message = what + " failed: " + TeecResult.describe(result, origin);
        throw TeecResult.isRefusal(result) ? TeeBackendException.refused(message) : TeeBackendException.unavailable(message);
    }
}
