package org.scgateway.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The Web Console password: taken from the environment, or read from a file only its owner can read, or
 * generated there on first start. Only its hash goes to the framework; the plain text never reaches a
 * log.
 */
final class ConsolePassword {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int GENERATED_LENGTH = 20;

    private final String hash;
    private final String whereToFind;

    private ConsolePassword(String hash, String whereToFind) {
        this.hash = hash;
        this.whereToFind = whereToFind;
    }

    /**
     * @param fromEnvironment the password given in the environment, or null
     * @param file            where a generated password is kept
     */
    static ConsolePassword provision(String fromEnvironment, Path file) throws IOException {
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            if ("admin".equals(fromEnvironment)) {
                throw new IllegalArgumentException("SCGW_CONSOLE_PASSWORD must not be 'admin'");
            }
            return new ConsolePassword(hash(fromEnvironment), "password from SCGW_CONSOLE_PASSWORD");
        }
        String password;
        if (Files.exists(file)) {
            password = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (password.isEmpty() || "admin".equals(password)) {
                throw new IllegalArgumentException(file + " holds no usable password; delete it to have one generated");
            }
        } else {
            password = generate();
            write(file, password);
        }
        return new ConsolePassword(hash(password), "password in " + file);
    }

    /** The hash in the Web Console's format, {@code {sha-256}} and the Base64 SHA-256 of the UTF-8 bytes. */
    String hash() {
        return hash;
    }

    /** Where the password is to be had, for the start-up message. */
    String whereToFind() {
        return whereToFind;
    }

    static String hash(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return "{sha-256}" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** Written to a private temporary file first, then moved, so the password is never readable by others. */
    private static void write(Path file, String password) throws IOException {
        PrivateFiles.write(file, (password + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
