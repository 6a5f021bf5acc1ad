package org.scgateway.tee.optee.internal;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Union;
import com.sun.jna.ptr.IntByReference;

/**
 * The GlobalPlatform TEE Client API as OP-TEE's libteec gives it ({@code tee_client_api.h} of
 * optee_client): the five calls a client needs, and the structures they take, laid out as there.
 * {@code size_t} is a native long: the same width on every Linux ABI the gateway runs on.
 */
public interface Libteec extends Library {

    int TEEC_SUCCESS = 0;
    int TEEC_LOGIN_PUBLIC = 0;
    int TEEC_NONE = 0;
    int TEEC_MEMREF_TEMP_INPUT = 0x5;

    int TEEC_InitializeContext(String name, Context context);

    void TEEC_FinalizeContext(Context context);

    int TEEC_OpenSession(Context context, Session session, Uuid destination, int connectionMethod, Pointer connectionData,
            Operation operation, IntByReference returnOrigin);

    void TEEC_CloseSession(Session session);

    int TEEC_InvokeCommand(Session session, int commandId, Operation operation, IntByReference returnOrigin);

    /** {@code TEEC_PARAM_TYPES(p0, p1, p2, p3)}. */
    static int paramTypes(int p0, int p1, int p2, int p3) {
        return p0 | p1 << 4 | p2 << 8 | p3 << 12;
    }

    /**
     * TEEC_Context. Its fields belong to the library and have grown between optee_client releases
     * ({@code int fd; bool reg_mem; bool memref_null;} today): the caller allocates it, so it is given
     * room to spare rather than a layout that one release would overrun.
     */
    @Structure.FieldOrder({"implementation"})
    class Context extends Structure {
        public byte[] implementation = new byte[64];
    }

    /** TEEC_Session: the context it belongs to and the session's id, filled in by TEEC_OpenSession. */
    @Structure.FieldOrder({"ctx", "sessionId"})
    class Session extends Structure {
        public Pointer ctx;
        public int sessionId;
    }

    /** TEEC_UUID: RFC 4122 fields in host order. */
    @Structure.FieldOrder({"timeLow", "timeMid", "timeHiAndVersion", "clockSeqAndNode"})
    class Uuid extends Structure {
        public int timeLow;
        public short timeMid;
        public short timeHiAndVersion;
        public byte[] clockSeqAndNode = new byte[8];

        /** From the 16 octets of a UUID in network order, as OP-TEE's signed headers carry it. */
        public static Uuid of(byte[] octets) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(octets);
            Uuid u = new Uuid();
            u.timeLow = b.getInt();
            u.timeMid = b.getShort();
            u.timeHiAndVersion = b.getShort();
            b.get(u.clockSeqAndNode);
            return u;
        }
    }

    /** TEEC_TempMemoryReference. */
    @Structure.FieldOrder({"buffer", "size"})
    class TempMemoryReference extends Structure {
        public Pointer buffer;
        public NativeLong size;
    }

    /** TEEC_RegisteredMemoryReference: not used here, but the widest member, so it sizes the parameter. */
    @Structure.FieldOrder({"parent", "size", "offset"})
    class RegisteredMemoryReference extends Structure {
        public Pointer parent;
        public NativeLong size;
        public NativeLong offset;
    }

    /** TEEC_Value. */
    @Structure.FieldOrder({"a", "b"})
    class Value extends Structure {
        public int a;
        public int b;
    }

    /** TEEC_Parameter. */
    class Parameter extends Union {
        public TempMemoryReference tmpref;
        public RegisteredMemoryReference memref;
        public Value value;
    }

    /** TEEC_Operation, with its four parameters. */
    @Structure.FieldOrder({"started", "paramTypes", "params", "session"})
    class Operation extends Structure {
        public int started;
        public int paramTypes;
        public Parameter[] params = new Parameter[4];
        public Pointer session;

        public Operation() {
            for (int i = 0; i < params.length; i++) {
                params[i] = new Parameter();
                params[i].setType(Value.class);
            }
        }
    }
}
