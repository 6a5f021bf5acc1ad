package org.scgateway.tee.optee.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scgateway.tee.spi.TeeBackend;
import org.scgateway.tee.spi.TeeBackendException;

public class OpTeeBackendTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void withoutTheTeeDeviceTheBackendIsNotActiveAndSaysWhy() throws Exception {
        Path absent = tmp.getRoot().toPath().resolve("tee0");
        TeeBackendException e = assertThrows(TeeBackendException.class, () -> OpTeeBackend.load(config(absent.toString(), "teec")));
        assertFalse(e.isRefused());
        assertEquals(absent + " is absent: this machine has no OP-TEE driver (or no TEE at all)", e.getMessage());
    }

    @Test
    public void aLibteecThatCannotBeLoadedIsNamed() throws Exception {
        Path device = tmp.newFile("tee0").toPath();
        String missing = tmp.getRoot().toPath().resolve("libteec-missing.so").toString();
        TeeBackendException e = assertThrows(TeeBackendException.class, () -> OpTeeBackend.load(config(device.toString(), missing)));
        assertTrue(e.getMessage(), e.getMessage().startsWith("libteec '" + missing + "' cannot be loaded: "));
    }

    @Test
    public void theBackendNamesImagesByTaUuidAndRefusesWhatIsNoSignedTa() throws Exception {
        StandInLibteec teec = StandInLibteec.build(StandInLibteec.SOURCE, tmp.newFolder().toPath(), false);
        OpTeeBackend.Config config = config(tmp.newFile("tee0").toString(), teec.library.toString());
        TeeBackend backend = new OpTeeBackend.OpTee(new Secstor(OpTeeBackend.load(config)), config);
        UUID ta = UUID.randomUUID();
        assertArrayEquals(TestTas.octets(ta), backend.nameOf(TestTas.signed(ta, 1, "x")));
        TeeBackendException e = assertThrows(TeeBackendException.class, () -> backend.install("not a TA".getBytes()));
        assertTrue(e.isRefused());
        assertEquals("not an OP-TEE signed TA: 8 bytes, shorter than its header", e.getMessage());
        assertEquals("nothing reaches the TEE", 0, teec.calls().size());
    }

    static OpTeeBackend.Config config(String device, String library) {
        return new OpTeeBackend.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return OpTeeBackend.Config.class;
            }

            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public String device() {
                return device;
            }

            @Override
            public String library() {
                return library;
            }
        };
    }
}
