package org.scgateway.teep;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Collectors;

/** Reads the public test vectors beside the tests: hex with '#' comment lines, PEM public keys. */
final class Vectors {

    private Vectors() {
    }

    static byte[] hex(String name) {
        String text = read(name).lines().filter(l -> !l.startsWith("#")).collect(Collectors.joining()).replaceAll("\\s", "");
        return HexFormat.of().parseHex(text);
    }

    static PublicKey ecPublicKey(String name) throws Exception {
        String b64 = read(name).lines().filter(l -> !l.startsWith("-----")).collect(Collectors.joining());
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
    }

    private static String read(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test vector " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
