package org.scgateway.tee.optee.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scgateway.tee.spi.TeeBackendException;

import com.sun.jna.Native;

/** The mapping of secstor calls onto the TEE Client API, checked against a stand-in libteec that logs every call. */
public class SecstorTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final UUID TA = UUID.fromString("8aaaf200-2450-11e4-abe2-0002a5d5c51b");

    private StandInLibteec build(boolean upstream) throws Exception {
        return StandInLibteec.build(StandInLibteec.SOURCE, tmp.newFolder().toPath(), upstream);
    }

    private static Secstor secstor(StandInLibteec teec) {
        return new Secstor(Native.load(teec.library.toString(), Libteec.class));
    }

    @Test
    public void anInstallIsOneInvokeOfCommandZeroWithTheSignedTaAsATemporaryInputMemref() throws Exception {
        StandInLibteec teec = build(false);
        byte[] image = TestTas.signed(TA, 1, "a trusted application");
        secstor(teec).install(image);
        assertEquals(List.of(
                "InitializeContext name=NULL",
                "OpenSession fd=42 uuid=6e256cbafc4d4941ad092ca1860342dd login=0 data=NULL op=NULL",
                "InvokeCommand session=7 ctx_fd=42 cmd=0 types=0x0005 size=" + image.length + " data=" + HexFormat.of().formatHex(image),
                "CloseSession id=7",
                "FinalizeContext fd=42"), teec.calls());
    }

    @Test
    public void anUninstallIsCommandOneWithTheTaUuidInNetworkOrder() throws Exception {
        StandInLibteec teec = build(false);
        Secstor secstor = secstor(teec);
        secstor.install(TestTas.signed(TA, 1, "ta"));
        teec.calls();
        secstor.uninstall(TestTas.octets(TA));
        List<String> calls = teec.calls();
        assertEquals(calls.toString(), "InvokeCommand session=7 ctx_fd=42 cmd=1 types=0x0005 size=16 data=8aaaf200245011e4abe20002a5d5c51b",
                calls.get(2));
        TeeBackendException again = assertThrows(TeeBackendException.class, () -> secstor.uninstall(TestTas.octets(TA)));
        assertTrue(again.isRefused());
        assertEquals("secstor_ta_mgmt uninstall failed: TEEC_ERROR_ITEM_NOT_FOUND (0xFFFF0008) from the trusted application",
                again.getMessage());
    }

    @Test
    public void whatTheTeeRefusesIsReportedByNameAndTheSessionIsClosedAll() throws Exception {
        StandInLibteec teec = build(false);
        Secstor secstor = secstor(teec);
        TeeBackendException badSignature = assertThrows(TeeBackendException.class,
                () -> secstor.install(TestTas.signed(TA, 1, "ta", (byte) 0)));
        assertTrue(badSignature.isRefused());
        assertEquals("secstor_ta_mgmt install failed: TEEC_ERROR_SECURITY (0xFFFF000F) from the trusted application",
                badSignature.getMessage());
        assertClosed(teec.calls());

        secstor.install(TestTas.signed(TA, 2, "ta"));
        TeeBackendException downgrade = assertThrows(TeeBackendException.class, () -> secstor.install(TestTas.signed(TA, 1, "ta")));
        assertTrue(downgrade.isRefused());
        assertTrue(downgrade.getMessage(), downgrade.getMessage().contains("TEEC_ERROR_ACCESS_CONFLICT (0xFFFF0003)"));
        assertClosed(teec.calls());
    }

    @Test
    public void aTeeThatDiesMidCommandIsUnavailableNotARefusal() throws Exception {
        StandInLibteec teec = build(false);
        Secstor secstor = secstor(teec);
        teec.dead(true);
        TeeBackendException dead = assertThrows(TeeBackendException.class, () -> secstor.install(TestTas.signed(TA, 1, "ta")));
        assertFalse(dead.isRefused());
        assertEquals("secstor_ta_mgmt install failed: TEEC_ERROR_TARGET_DEAD (0xFFFF3024) from the communication with the TEE",
                dead.getMessage());
        assertClosed(teec.calls());
        teec.dead(false);
        secstor.install(TestTas.signed(TA, 1, "ta"));
    }

    @Test
    public void anOpTeeWithoutTheUninstallCommandSaysSo() throws Exception {
        StandInLibteec teec = build(true);
        Secstor secstor = secstor(teec);
        secstor.install(TestTas.signed(TA, 1, "ta"));
        TeeBackendException e = assertThrows(TeeBackendException.class, () -> secstor.uninstall(TestTas.octets(TA)));
        assertTrue(e.isRefused());
        assertEquals("secstor_ta_mgmt uninstall failed: TEEC_ERROR_NOT_IMPLEMENTED (0xFFFF0009) from the trusted application",
                e.getMessage());
    }

    private static void assertClosed(List<String> calls) {
        assertEquals(calls.toString(), List.of("CloseSession id=7", "FinalizeContext fd=42"), calls.subList(calls.size() - 2, calls.size()));
    }
}
