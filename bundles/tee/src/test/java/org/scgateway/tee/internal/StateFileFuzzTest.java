package org.scgateway.tee.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A TEE's state file ({@code state.cbor} in {@code tee-soft/} or {@code tee/<backend>/}), as a crash, a full disk or
 * a person may leave it: {@link StateFileStore#decode} either reads a state whose components are whole (a valid
 * trusted component, a 32-byte SHA-256, a size not negative) and which writes back ({@link StateFileStore#encode})
 * to bytes that read as the same state, that encoding being a fixed point; or throws the IOException that names the
 * file and what is wrong in it — never another exception, nor one whose message is a Java exception's, never a hang.
 */
class StateFileFuzzTest {

    private static final Path STATE = Path.of("tee", "tee-soft", StateFileStore.STATE);

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void readsAStateThatWritesBackAsItselfOrSaysWhatIsWrong(byte[] input) throws IOException {
        StateFileStore.State s;
        try {
            s = StateFileStore.decode(input, STATE);
        } catch (IOException e) {
            String m = e.getMessage();
            assertTrue(m.startsWith(STATE + " is not a TEE state ("), m);
            assertFalse(m.contains("Exception"), "names what is wrong, not a Java exception: " + m);
            return;
        }
        assertFalse(s.id.isBlank(), "a store has an id");
        for (TeeStore.Installed i : s.components) {
            assertEquals(32, i.sha256.length, "a SHA-256 has 32 bytes");
            assertTrue(i.size >= 0, "a size is not negative");
        }
        byte[] encoded = StateFileStore.encode(s.id, s.components, s.nonces);
        StateFileStore.State again = StateFileStore.decode(encoded, STATE);
        assertEquals(describe(s), describe(again), "the state reads back as itself");
        assertArrayEquals(encoded, StateFileStore.encode(again.id, again.components, again.nonces), "the encoding is a fixed point");
    }

    private static String describe(StateFileStore.State s) {
        HexFormat hex = HexFormat.of();
        StringBuilder b = new StringBuilder(s.id).append(' ').append(s.nonces);
        for (TeeStore.Installed i : s.components) {
            b.append(' ').append(i.component).append(" sha256=").append(hex.formatHex(i.sha256)).append(" size=").append(i.size)
                    .append(" handle=").append(i.handle == null ? "-" : hex.formatHex(i.handle));
        }
        return b.toString();
    }
}
