package org.scgateway.api.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AtomicFilesTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void aFileIsReplacedWholeAndNothingIsLeftBeside() throws Exception {
        Path file = folder.getRoot().toPath().resolve("sub/state.json");
        AtomicFiles.write(file, "old".getBytes());
        AtomicFiles.write(file, "new".getBytes());
        assertArrayEquals("new".getBytes(), Files.readAllBytes(file));
        assertEquals("no temporary file left", List.of("state.json"), names(file.getParent()));
    }

    @Test
    public void theFileIsOwnerOnlyFromTheStart() throws Exception {
        Path file = folder.getRoot().toPath().resolve("account.properties");
        AtomicFiles.write(file, "psk=...".getBytes());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    public void aFailedWriteLeavesTheOldContentAndNoTemporaryFile() throws Exception {
        Path file = folder.getRoot().toPath().resolve("state.json");
        AtomicFiles.write(file, "old".getBytes());
        Path blocked = folder.getRoot().toPath().resolve("state.json/impossible"); // a file where a folder would be
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(blocked, "new".getBytes()));
        assertTrue(e.toString(), e.toString().contains("state.json"));
        assertArrayEquals("old".getBytes(), Files.readAllBytes(file));
        assertEquals(List.of("state.json"), names(folder.getRoot().toPath()));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
