package org.scgateway.tee.optee.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.UUID;

/** OP-TEE signed bootstrap TAs for tests, laid out as optee_os's signing script makes them; signed with noise. */
final class TestTas {

    private TestTas() {
    }

    static byte[] signed(UUID uuid, int version, String content) throws Exception {
        return signed(uuid, version, content, (byte) 0x5a);
    }

    /** {@code sigByte} fills the signature: 0 makes one the stand-in TEE takes for bad. */
    static byte[] signed(UUID uuid, int version, String content, byte sigByte) throws Exception {
        byte[] ta = content.getBytes(StandardCharsets.UTF_8);
        ByteBuffer header = ByteBuffer.allocate(SignedTa.HEADER).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(SignedTa.MAGIC).putInt(SignedTa.BOOTSTRAP_TA).putInt(ta.length).putInt(SignedTa.RSA_PKCS1_SHA256)
                .putShort((short) 32).putShort((short) 256);
        ByteBuffer bootstrap = ByteBuffer.allocate(SignedTa.BOOTSTRAP_HEADER);
        bootstrap.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        bootstrap.order(ByteOrder.LITTLE_ENDIAN).putInt(version);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(header.array());
        sha.update(bootstrap.array());
        sha.update(ta);
        byte[] sig = new byte[256];
        Arrays.fill(sig, sigByte);
        return ByteBuffer.allocate(SignedTa.HEADER + 32 + 256 + SignedTa.BOOTSTRAP_HEADER + ta.length).put(header.array())
                .put(sha.digest()).put(sig).put(bootstrap.array()).put(ta).array();
    }

    static byte[] octets(UUID uuid) {
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
    }
}
