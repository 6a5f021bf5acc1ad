package org.scgateway.api.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces a file whole, so that after a crash, a kill or a power cut it holds the old content or the new, never a
 * mix and never nothing: the content goes to a temporary file beside it, is forced to disk, the temporary file is
 * moved over the file in one step, and the folder is forced so that the move itself is kept. Every state file of the
 * gateway is written this way (the simulated card, the credential file, the TEE's state, the LwM2M objects' state).
 */
public final class AtomicFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AtomicFiles() {
    }

    /**
     * Replaces {@code file} with {@code content}. The file is readable and writable by its owner only (on file
     * systems with POSIX permissions), as every state file here may hold keys or accounts, and the content is never,
     * even for a moment, in a file others can read.
     *
     * @throws IOException naming the file when it cannot be written; the old content is then left as it was
     */
    public static void write(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = temporary(dir, "." + file.getFileName());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot replace " + file.getFileName() + " in one step", e);
            }
            forceFolder(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Path temporary(Path dir, String prefix) throws IOException {
        try {
            FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
            return Files.createTempFile(dir, prefix, ".tmp", mode);
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile(dir, prefix, ".tmp"); // no POSIX permissions: the folder's protection is all there is
        }
    }

    /** A rename is kept only once the folder is on disk; some file systems cannot force a folder, and then cannot do more. */
    private static void forceFolder(Path dir) {
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            // as durable as this file system makes a rename
        }
    }
}
