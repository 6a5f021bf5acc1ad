package org.scgateway.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One gateway per data folder: an exclusive lock on {@code gateway.lock}, held for the life of the process, the file
 * naming the holder's process id.
 * <p>
 * Felix's own {@code cache/cache.lock} does not do this: Felix 7.0.5 goes on when it fails to take it, and two
 * gateways then share one card state file and one bundle cache (issue 22, finding 2). {@code run/gateway} takes a
 * {@code flock} on the same file before it touches the folder; this lock (POSIX, which Linux keeps apart from flock)
 * is the same guard for the launcher started directly.
 */
final class DataFolderLock {

    static final String FILE_NAME = "gateway.lock";

    /** Thrown when another process holds the folder. */
    static final class HeldException extends Exception {
        private static final long serialVersionUID = 1L;

        HeldException(Path data, Optional<String> holder) {
            super("the data folder " + data + " is in use by another SC Gateway, process " + holder.orElse("(unknown)")
                    + "; stop that one first, or give this one a data folder of its own (SCGW_DATA)");
        }
    }

    private final FileChannel channel;
    private final FileLock lock;

    private DataFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the folder for this process, or says which process has it. */
    static DataFolderLock take(Path data) throws IOException, HeldException {
        // Not truncated on open: the holder's pid must stay readable to the one refused. Every access goes through
        // this one channel, since closing any descriptor of the file would drop a POSIX lock.
        FileChannel channel = FileChannel.open(data.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            Optional<String> holder = holder(channel);
            channel.close();
            throw new HeldException(data, holder);
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(false);
        return new DataFolderLock(channel, lock);
    }

    private static Optional<String> holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
        return pid.matches("[0-9]{1,10}") ? Optional.of(pid) : Optional.empty();
    }

    /** Lets the folder go; the file stays (another gateway taking it truncates it). */
    void release() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process is ending: the kernel drops the lock with it
        }
    }
}
