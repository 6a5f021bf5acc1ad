package org.scgateway.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * bundles/tee.optee's stand-in libteec (src/test/c), compiled here with gcc: OP-TEE's client library as
 * far as the gateway calls it, answering as secstor_ta_mgmt would and logging every call.
 */
final class StandInLibteec {

    final Path library;
    final Path device;
    private final Path log;

    private StandInLibteec(Path library, Path device, Path log) {
        this.library = library;
        this.device = device;
        this.log = log;
    }

    /** Builds it in {@code dir}, beside a file that stands for /dev/tee0. */
    static StandInLibteec build(Path dir) throws Exception {
        Path source = Paths.get(System.getProperty("scgw.teec.standin", "../bundles/tee.optee/src/test/c/libteec-standin.c"));
        Files.createDirectories(dir);
        Path log = dir.resolve("teec.log");
        Path library = dir.resolve("libteec-standin.so");
        Path device = dir.resolve("tee0");
        Files.write(device, new byte[0]);
        Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O1", "-Wall", "-Werror", "-DLOG_PATH=\"" + log + "\"", "-o",
                library.toString(), source.toAbsolutePath().toString()).redirectErrorStream(true).start();
        String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
            throw new IOException("gcc could not build the stand-in libteec: " + out);
        }
        return new StandInLibteec(library, device, log);
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

    void dead(boolean dead) throws IOException {
        Path marker = log.resolveSibling(log.getFileName() + ".dead");
        if (dead) {
            Files.write(marker, new byte[0]);
        } else {
            Files.deleteIfExists(marker);
        }
    }
}
