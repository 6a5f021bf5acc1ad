package org.scgateway.tee.optee.internal;

import java.util.Map;

/** TEEC_Result and TEEC_ErrorOrigin values, named as the TEE Client API names them. */
final class TeecResult {

    static final int ERROR_ACCESS_CONFLICT = 0xFFFF0003;
    static final int ERROR_BAD_FORMAT = 0xFFFF0005;
    static final int ERROR_BAD_PARAMETERS = 0xFFFF0006;
    static final int ERROR_ITEM_NOT_FOUND = 0xFFFF0008;
    static final int ERROR_NOT_IMPLEMENTED = 0xFFFF0009;
    static final int ERROR_NOT_SUPPORTED = 0xFFFF000A;
    static final int ERROR_SECURITY = 0xFFFF000F;
    static final int ERROR_STORAGE_NO_SPACE = 0xFFFF3041;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0xF0100003, "TEEC_ERROR_STORAGE_NOT_AVAILABLE"),
            Map.entry(0xFFFF0000, "TEEC_ERROR_GENERIC"),
            Map.entry(0xFFFF0001, "TEEC_ERROR_ACCESS_DENIED"),
            Map.entry(0xFFFF0002, "TEEC_ERROR_CANCEL"),
            Map.entry(ERROR_ACCESS_CONFLICT, "TEEC_ERROR_ACCESS_CONFLICT"),
            Map.entry(0xFFFF0004, "TEEC_ERROR_EXCESS_DATA"),
            Map.entry(ERROR_BAD_FORMAT, "TEEC_ERROR_BAD_FORMAT"),
            Map.entry(ERROR_BAD_PARAMETERS, "TEEC_ERROR_BAD_PARAMETERS"),
            Map.entry(0xFFFF0007, "TEEC_ERROR_BAD_STATE"),
            Map.entry(ERROR_ITEM_NOT_FOUND, "TEEC_ERROR_ITEM_NOT_FOUND"),
            Map.entry(ERROR_NOT_IMPLEMENTED, "TEEC_ERROR_NOT_IMPLEMENTED"),
            Map.entry(ERROR_NOT_SUPPORTED, "TEEC_ERROR_NOT_SUPPORTED"),
            Map.entry(0xFFFF000B, "TEEC_ERROR_NO_DATA"),
            Map.entry(0xFFFF000C, "TEEC_ERROR_OUT_OF_MEMORY"),
            Map.entry(0xFFFF000D, "TEEC_ERROR_BUSY"),
            Map.entry(0xFFFF000E, "TEEC_ERROR_COMMUNICATION"),
            Map.entry(ERROR_SECURITY, "TEEC_ERROR_SECURITY"),
            Map.entry(0xFFFF0010, "TEEC_ERROR_SHORT_BUFFER"),
            Map.entry(0xFFFF3024, "TEEC_ERROR_TARGET_DEAD"),
            Map.entry(ERROR_STORAGE_NO_SPACE, "TEE_ERROR_STORAGE_NO_SPACE"));

    private static final String[] ORIGINS = {null, "the client API", "the communication with the TEE", "the TEE",
        "the trusted application"};

    private TeecResult() {
    }

    /** {@code TEEC_ERROR_SECURITY (0xFFFF000F) from the trusted application}. */
    static String describe(int result, int origin) {
        String name = NAMES.getOrDefault(result, "TEEC result");
        String from = origin > 0 && origin < ORIGINS.length ? " from " + ORIGINS[origin] : "";
        return String.format("%s (0x%08X)%s", name, result, from);
    }

    /** Results that say what was asked is wrong, not that the TEE failed: asking again will not help. */
    static boolean isRefusal(int result) {
        return result == ERROR_ACCESS_CONFLICT || result == ERROR_BAD_FORMAT || result == ERROR_BAD_PARAMETERS
                || result == ERROR_ITEM_NOT_FOUND || result == ERROR_NOT_IMPLEMENTED || result == ERROR_NOT_SUPPORTED
                || result == ERROR_SECURITY || result == ERROR_STORAGE_NO_SPACE;
    }
}
