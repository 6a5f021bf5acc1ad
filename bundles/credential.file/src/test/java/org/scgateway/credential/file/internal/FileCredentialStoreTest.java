package org.scgateway.credential.file.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scgateway.api.credential.CredentialStoreException;
import org.scgateway.api.credential.CredentialUpdate;
import org.scgateway.api.credential.Secret;

public class FileCredentialStoreTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final byte[] KEY = {0x01, 0x02, (byte) 0xFE, 0x7F};

    private FileCredentialStore open(Path file) throws IOException {
        FileCredentialStore store = new FileCredentialStore();
        store.open(file);
        return store;
    }

    @Test
    public void keepsEntriesAcrossRestartsInAPrivateFile() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("sub/credentials.properties");
        FileCredentialStore store = open(file);
        assertTrue(store.names("").isEmpty());
        assertFalse(Files.exists(file));

        store.apply(CredentialUpdate.builder().put("lwm2m/0/1/psk", Secret.of(KEY)).put("lwm2m/0/1/identity", Secret.of("gw-1".getBytes(StandardCharsets.UTF_8))).build());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String text = Files.readString(file);
        assertFalse("the file holds Base64, not raw identity text", text.contains("gw-1"));

        FileCredentialStore again = open(file);
        assertArrayEquals(KEY, again.read("lwm2m/0/1/psk").orElseThrow().bytes());
        assertEquals(Set.of("lwm2m/0/1/identity", "lwm2m/0/1/psk"), again.names("lwm2m/0/"));
        assertEquals(Set.of(), again.names("oscore/"));
        assertEquals(1, Files.list(file.getParent()).count());
    }

    @Test
    public void aSeedAddsWhatTheStoreLacksAndNeverOverwrites() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("credentials.properties");
        Path seedFile = tmp.getRoot().toPath().resolve("seed.properties");
        FileCredentialStore seedStore = open(seedFile);
        seedStore.apply(CredentialUpdate.builder().put("scp03/default/enc", Secret.of(KEY)).put("kept", Secret.of(new byte[] {1})).build());

        FileCredentialStore store = open(file);
        store.apply(CredentialUpdate.put("kept", Secret.of(new byte[] {2})));
        store.seed(seedFile);
        assertArrayEquals(KEY, store.read("scp03/default/enc").orElseThrow().bytes());
        assertArrayEquals("an entry the store has is not overwritten", new byte[] {2}, store.read("kept").orElseThrow().bytes());
        assertArrayEquals("and the file has it", KEY, open(file).read("scp03/default/enc").orElseThrow().bytes());

        store.seed(tmp.getRoot().toPath().resolve("missing.properties")); // a warning in the log; the store goes on
        assertEquals(Set.of("kept", "scp03/default/enc"), store.names(""));
    }

    @Test
    public void anUpdateIsAppliedWhole() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("credentials.properties");
        FileCredentialStore store = open(file);
        store.apply(CredentialUpdate.put("a", Secret.of(KEY)));
        store.apply(CredentialUpdate.builder().delete("a").put("b", Secret.of(KEY)).build());
        assertEquals(Set.of("b"), open(file).names(""));
    }

    @Test
    public void aFailedWriteChangesNothing() throws Exception {
        Path dir = tmp.newFolder("ro").toPath();
        Path file = dir.resolve("credentials.properties");
        FileCredentialStore store = open(file);
        store.apply(CredentialUpdate.put("a", Secret.of(KEY)));
        dir.toFile().setWritable(false);
        try {
            if (Files.isWritable(dir)) {
                return; // running as root: the folder cannot be made read-only, nothing to prove here
            }
            CredentialStoreException e = assertThrows(CredentialStoreException.class,
                    () -> store.apply(CredentialUpdate.put("b", Secret.of(KEY))));
            assertTrue(e.getMessage(), e.getMessage().contains(file.toString()));
            assertEquals("memory unchanged", Set.of("a"), store.names(""));
        } finally {
            dir.toFile().setWritable(true);
        }
        assertEquals("disk unchanged", Set.of("a"), open(file).names(""));
    }

    /**
     * Issue 22, finding 4a: one '=' removed from a line made the next value part of an entry's name, the error printed
     * it (an SCP03 key, in Base64) and the store refused to start. Now the line is refused by its number, the good
     * entries are used, and the line stays in the file, as it was, across a save.
     */
    @Test
    public void aLineThatIsNoEntryIsRefusedByNumberTheOthersKeptAndTheLineNotLost() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("credentials.properties");
        String broken = "scp03/default/encAAECAwQFBgcICQoLDA0ODw==";
        Files.writeString(file, "# a comment\nlwm2m/psk=AQI=\n" + broken + "\nlwm2m/other=not*base64!\n../escape=AQI=\nlast=Aw==\n");
        FileCredentialStore store = open(file);
        assertEquals(Set.of("lwm2m/psk", "last"), store.names(""));
        CredentialFile reread = new CredentialFile(file);
        reread.load();
        assertEquals(List.of(3, 4, 5), reread.refusedLines());

        store.apply(CredentialUpdate.builder().put("added", Secret.of(new byte[] {9})).build());
        String after = Files.readString(file);
        assertTrue(after, after.contains(broken + "\n") && after.contains("lwm2m/other=not*base64!\n"));
        assertEquals(Set.of("lwm2m/psk", "last", "added"), open(file).names(""));
    }

    @Test
    public void aFileOthersCanReadIsMadePrivate() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("credentials.properties");
        Files.writeString(file, "a=AQI=\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertArrayEquals(new byte[] {1, 2}, open(file).read("a").orElseThrow().bytes());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    public void saysWhereItKeepsTheSecretsButNotWhichComponent() throws Exception {
        FileCredentialStore store = open(tmp.getRoot().toPath().resolve("c.properties"));
        assertTrue(store.location().startsWith("file "));
        assertTrue(store.secureComponentId().isEmpty());
    }
}
