package org.scgateway.tee.optee.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The stand-in libteec of {@code src/test/c}, compiled for one test: its own log, its own installed TAs.
 * gcc is needed; without it the test fails, saying so, rather than passing without having run.
 */
final class StandInLibteec {

    static final Path SOURCE = Paths.get("src/test/c/libteec-standin.c");

    final Path library;
    final Path log;

    private StandInLibteec(Path library, Path log) {
        this.library = library;
        this.log = log;
    }

    /** Compiles the stand-in into {@code dir}; {@code upstream}: without secstor's command 1, as optee_os has it. */
    static StandInLibteec build(Path source, Path dir, boolean upstream) throws IOException, InterruptedException {
        Path log = dir.resolve("teec.log");
        Path library = dir.resolve("libteec-standin.so");
        List<String> command = new ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-O1", "-Wall", "-Werror",
                "-DLOG_PATH=\"" + log + "\"", "-o", library.toString(), source.toAbsolutePath().toString()));
        if (upstream) {
            command.add(1, "-DNO_UNINSTALL");
        }
        Process gcc;
        try {
            gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("gcc, which builds the stand-in libteec, cannot be run: " + e.getMessage(), e);
        }
        String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
            throw new IOException("gcc could not build the stand-in libteec: " + out);
        }
        return new StandInLibteec(library, log);
    }

    /** The calls logged since the last look, and forgets them. */
    List<String> calls() throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.US_ASCII);
        Files.delete(log);
        return lines;
    }

    /** Makes the TEE fail every command as a dead one does, or live again. */
    void dead(boolean dead) throws IOException {
        Path marker = log.resolveSibling(log.getFileName() + ".dead");
        if (dead) {
            Files.write(marker, new byte[0]);
        } else {
            Files.deleteIfExists(marker);
        }
    }
}
