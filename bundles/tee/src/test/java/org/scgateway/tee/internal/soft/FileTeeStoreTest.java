package org.scgateway.tee.internal.soft;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scgateway.api.tee.TrustedComponent;
import org.scgateway.tee.internal.StateFileStore;
import org.scgateway.tee.internal.TeeStore;
import org.scgateway.teep.SuitEnvelope;

public class FileTeeStoreTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aStoreKeepsItsIdComponentsAndNoncesAcrossARestart() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("tee");
        FileTeeStore store = new FileTeeStore(dir);
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE),
                Files.getPosixFilePermissions(dir));
        byte[] nonce = {1, 2, 3, 4, 5, 6, 7, 8};
        store.apply(change(1, "one".getBytes(StandardCharsets.US_ASCII), nonce));

        FileTeeStore again = new FileTeeStore(dir);
        assertEquals(store.id(), again.id());
        assertTrue(again.id().startsWith("tee-soft-"));
        assertTrue(again.used(nonce));
        assertFalse(again.used(new byte[8]));
        assertEquals(1, again.components().size());
        assertEquals("one", new String(again.image(again.components().get(0)), StandardCharsets.US_ASCII));
    }

    @Test
    public void aReplacedImageIsRemovedAndAFailedChangeKeepsTheOldState() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("tee");
        FileTeeStore store = new FileTeeStore(dir);
        store.apply(change(1, "first".getBytes(StandardCharsets.US_ASCII), null));
        store.apply(change(1, "second".getBytes(StandardCharsets.US_ASCII), null));
        try (Stream<Path> images = Files.list(dir.resolve(FileTeeStore.IMAGES))) {
            assertEquals(1, images.count());
        }
        // The new image cannot be written (a file stands where the images' folder was; the tests run as root on CI,
        // so permissions would not stop it): the install fails whole, the state stays.
        byte[] third = "third".getBytes(StandardCharsets.US_ASCII);
        Path images = dir.resolve(FileTeeStore.IMAGES);
        Path aside = dir.resolve("images-aside");
        Files.move(images, aside);
        Files.write(images, new byte[0]);
        assertThrows(IOException.class, () -> store.apply(change(2, third, new byte[8])));
        Files.delete(images);
        Files.move(aside, images);
        assertEquals(1, store.components().size());
        assertFalse(store.used(new byte[8]));
        assertEquals(1, new FileTeeStore(dir).components().size());
    }

    @Test
    public void aStateFileThatIsNotATeeStateIsRefusedAndLeftAsItIs() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("tee");
        new FileTeeStore(dir);
        for (byte[] state : new byte[][] {{(byte) 0xFF, 0x00}, {(byte) 0xA1, 0x61, 0x78, 0x01}}) {
            Files.write(dir.resolve(StateFileStore.STATE), state);
            IOException e = assertThrows(IOException.class, () -> new FileTeeStore(dir));
            assertTrue(e.getMessage(), e.getMessage().contains("is not a TEE state"));
            assertArrayEquals(state, Files.readAllBytes(dir.resolve(StateFileStore.STATE)));
        }
    }

    @Test
    public void aKillDuringAnInstallLeavesTheStoreConsistent() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("tee");
        Random random = new Random();
        int lastSaid = 0;
        for (int round = 0; round < 6; round++) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), StoreUnderKill.class.getName(), dir.toString())
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
            int wanted = 1 + random.nextInt(2);
            for (int i = 0; i < wanted; i++) {
                String line = out.readLine();
                assertTrue("the installing process said: " + line, line != null && line.startsWith("installed "));
                lastSaid = Integer.parseInt(line.substring("installed ".length()));
            }
            // Somewhere inside the next install: writing the image, forcing it, or renaming the state.
            Thread.sleep(random.nextInt(40));
            // SIGKILL through the handle: Process.destroyForcibly would also close the output still to be read.
            p.toHandle().destroyForcibly();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            // It may have gone on installing while this side slept: what it said before the kill is in the pipe.
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("installed ")) {
                    lastSaid = Integer.parseInt(line.substring("installed ".length()));
                }
            }

            FileTeeStore store = new FileTeeStore(dir);
            int count = store.components().size();
            assertTrue("round " + round + ": " + count + " components after 'installed " + lastSaid + "'",
                    count == lastSaid || count == lastSaid + 1);
            lastSaid = count;
            for (TeeStore.Installed i : store.components()) {
                byte[] image = store.image(i);
                assertEquals(i.size, image.length);
                assertArrayEquals(i.sha256, SuitEnvelope.sha256(image));
            }
            try (Stream<Path> files = Stream.concat(Files.list(dir), Files.list(dir.resolve(FileTeeStore.IMAGES)))) {
                List<Path> left = files.filter(f -> f.toString().endsWith(".tmp")).collect(Collectors.toList());
                assertEquals("temporary files left after a restart", List.of(), left);
            }
            try (Stream<Path> images = Files.list(dir.resolve(FileTeeStore.IMAGES))) {
                assertEquals("images no component names", count, images.count());
            }
        }
    }

    private static TeeStore.Change change(int n, byte[] image, byte[] nonce) {
        List<byte[]> id = List.of(("ta-" + n).getBytes(StandardCharsets.US_ASCII));
        return new TeeStore.Change(List.of(), List.of(new TeeStore.Install(new TrustedComponent(id, "tam", n), image)), nonce);
    }
}
