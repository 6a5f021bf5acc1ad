package org.scgateway.tee.internal.backend;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scgateway.api.tee.TrustedComponent;
import org.scgateway.tee.internal.TeeStore;
import org.scgateway.tee.spi.TeeBackend;
import org.scgateway.tee.spi.TeeBackendException;

public class BackendTeeStoreTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** A test peer for the store: names an image by its first byte, keeps what it is given, fails when told. */
    private static final class Peer implements TeeBackend {
        final List<String> calls = new ArrayList<>();
        TeeBackendException next;

        @Override
        public String name() {
            return "tee.peer";
        }

        @Override
        public String description() {
            return "a test peer";
        }

        @Override
        public Map<String, String> properties() {
            return Map.of();
        }

        @Override
        public byte[] nameOf(byte[] image) throws TeeBackendException {
            if (image.length == 0) {
                throw TeeBackendException.refused("an empty image");
            }
            return new byte[] {image[0]};
        }

        @Override
        public void install(byte[] image) throws TeeBackendException {
            fail();
            calls.add("install " + new String(image, StandardCharsets.US_ASCII));
        }

        @Override
        public void uninstall(byte[] name) throws TeeBackendException {
            fail();
            calls.add("uninstall " + (char) name[0]);
        }

        private void fail() throws TeeBackendException {
            TeeBackendException e = next;
            next = null;
            if (e != null) {
                throw e;
            }
        }
    }

    private Path dir;
    private Peer peer;
    private BackendTeeStore store;

    @Before
    public void setUp() throws Exception {
        dir = tmp.newFolder("tee.peer").toPath();
        peer = new Peer();
        store = new BackendTeeStore(dir, peer);
    }

    @Test
    public void anInstallGoesToTheBackendAndItsNameIsKeptAcrossARestart() throws Exception {
        assertTrue(store.id(), store.id().startsWith("tee-peer-"));
        store.apply(install("ta1", 1, "A-one", 1));
        assertEquals(List.of("install A-one"), peer.calls);
        BackendTeeStore again = new BackendTeeStore(dir, peer);
        assertEquals(store.id(), again.id());
        assertEquals(1, again.components().size());
        assertArrayEquals(new byte[] {'A'}, again.components().get(0).handle);
        assertTrue(again.used(nonce(1)));

        again.apply(new TeeStore.Change(List.of(id("ta1")), List.of(), nonce(2)));
        assertEquals(List.of("install A-one", "uninstall A"), peer.calls);
        assertEquals(List.of(), new BackendTeeStore(dir, peer).components());
    }

    @Test
    public void moreThanOneComponentInAChangeIsRefusedBeforeTheBackendIsAsked() throws Exception {
        TeeStore.Change two = new TeeStore.Change(List.of(), List.of(install("ta1", 1, "A-one", 0).installs.get(0),
                install("ta2", 1, "B-one", 0).installs.get(0)), nonce(1));
        TeeStore.Refused e = assertThrows(TeeStore.Refused.class, () -> store.apply(two));
        assertTrue(e.getMessage(), e.getMessage().contains("one trusted component per Update (asked for 2)"));
        assertEquals(List.of(), peer.calls);
        assertFalse(store.used(nonce(1)));
    }

    @Test
    public void twoComponentsCannotShareTheNameTheTeeKnowsThemBy() throws Exception {
        store.apply(install("ta1", 1, "A-one", 1));
        TeeStore.Refused e = assertThrows(TeeStore.Refused.class, () -> store.apply(install("ta2", 1, "A-other", 2)));
        assertTrue(e.getMessage(), e.getMessage().contains("is named 41"));
        assertEquals(List.of("install A-one"), peer.calls);
        // The same component under the same name is an update.
        store.apply(install("ta1", 2, "A-two", 3));
        assertEquals(2, store.components().get(0).component.sequenceNumber());
    }

    @Test
    public void whatTheBackendRefusesOrCannotDoChangesNothing() throws Exception {
        store.apply(install("ta1", 1, "A-one", 1));
        peer.next = TeeBackendException.refused("a downgrade");
        TeeStore.Refused refused = assertThrows(TeeStore.Refused.class, () -> store.apply(install("ta1", 2, "A-two", 2)));
        assertEquals("a downgrade", refused.getMessage());
        peer.next = TeeBackendException.unavailable("the TEE is gone");
        IOException gone = assertThrows(IOException.class, () -> store.apply(new TeeStore.Change(List.of(id("ta1")), List.of(), nonce(3))));
        assertFalse(gone instanceof TeeStore.Refused);
        assertEquals(1, store.components().size());
        assertEquals(1, store.components().get(0).component.sequenceNumber());
        assertFalse(store.used(nonce(2)) || store.used(nonce(3)));
        assertThrows(TeeStore.Refused.class, () -> store.apply(install("ta3", 1, "", 4)));
    }

    private static TeeStore.Change install(String ta, long seq, String image, int nonce) {
        return new TeeStore.Change(List.of(), List.of(new TeeStore.Install(new TrustedComponent(id(ta), "tam", seq),
                image.getBytes(StandardCharsets.US_ASCII))), nonce(nonce));
    }

    private static List<byte[]> id(String ta) {
        return List.of(ta.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] nonce(int n) {
        byte[] b = new byte[8];
        Arrays.fill(b, (byte) n);
        return b;
    }
}
