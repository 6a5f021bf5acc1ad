package org.scgateway.tee.internal;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.List;

import org.scgateway.teep.CoseSign1;
import org.scgateway.teep.SuitEnvelope;
import org.scgateway.teep.TeepMessage;

/** A Trusted Application Manager for tests: a key of its own, fresh tokens, signed messages. */
final class TestTam {

    final String name;
    final KeyPair key;
    private final SecureRandom random = new SecureRandom();
    byte[] lastToken;

    private TestTam(String name, KeyPair key) {
        this.name = name;
        this.key = key;
    }

    static TestTam p256(String name) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return new TestTam(name, g.generateKeyPair());
    }

    static TestTam ed25519(String name) throws Exception {
        return new TestTam(name, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    }

    byte[] token() {
        lastToken = new byte[16];
        random.nextBytes(lastToken);
        return lastToken;
    }

    byte[] sign(TeepMessage m) {
        return CoseSign1.sign(m.encode(), key.getPrivate());
    }

    byte[] query() {
        return sign(TeepMessage.queryRequest(token(), TeepMessage.TRUSTED_COMPONENTS));
    }

    byte[] install(String ta, long sequence, String content) {
        return sign(TeepMessage.update(token(), List.of(manifest(ta, sequence, content)), List.of()));
    }

    byte[] manifest(String ta, long sequence, String content) {
        return SuitEnvelope.build(id(ta), sequence, content.getBytes(StandardCharsets.UTF_8), key.getPrivate());
    }

    byte[] uninstall(String ta) {
        return sign(TeepMessage.update(token(), List.of(), List.of(id(ta))));
    }

    static List<byte[]> id(String ta) {
        return List.of("TEEP-Device".getBytes(StandardCharsets.US_ASCII), ta.getBytes(StandardCharsets.US_ASCII));
    }
}
