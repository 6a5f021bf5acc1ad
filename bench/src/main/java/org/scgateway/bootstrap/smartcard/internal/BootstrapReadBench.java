package org.scgateway.bootstrap.smartcard.internal;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.scgateway.api.lwm2m.bootstrap.BootstrapInfo;
import org.scgateway.api.se.SecureElement;
import org.scgateway.globalplatform.scp03.Scp03Keys;
import org.scgateway.se.sim.internal.TestCards;

/**
 * A full bootstrap from smartcard as the client does it at start and at each Register/Update: EF DIR,
 * SELECT, SCP03 at level 33, ODF, DODF, EF LwM2M_Bootstrap, then parse and decode, against the simulated card
 * in process (no PC/SC, so the figure is the protocol and the crypto, not a reader's link). Files of 1 KiB and
 * of the 32 KiB maximum: a Security instance in X.509 mode whose certificate fills the file.
 * {@link #main} prints the APDU count of each read beside the fewest the file's size allows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BootstrapReadBench {

    @Param({"1024", "32768"})
    public int fileBytes;

    private SecureElement card;
    private Scp03Keys keys;

    @Setup
    public void insert() throws Exception {
        card = TestCards.fromProfile(profile(bootstrapFile(fileBytes)));
        keys = builtInKeys();
    }

    /** The built-in profile's PKCS#15 application keys (public test keys). */
    private static Scp03Keys builtInKeys() {
        byte[] enc = new byte[16];
        byte[] mac = new byte[16];
        byte[] dek = new byte[16];
        for (int i = 0; i < 16; i++) {
            enc[i] = (byte) i;
            mac[i] = (byte) (0x10 + i);
            dek[i] = (byte) (0x20 + i);
        }
        return Scp03Keys.of(0x30, enc, mac, dek);
    }

    @Benchmark
    public BootstrapInfo fullRead() throws Exception {
        return read().info;
    }

    record Result(BootstrapInfo info, int apdus, int bytes) {
    }

    Result read() throws Exception {
        CardBootstrapReader reader = CardBootstrapReader.select(card).orElseThrow();
        CardBootstrapReader.Read r = reader.read(keys);
        BootstrapInfo info = BootstrapObjects.decode(BootstrapFile.parse(r.content()), CardBootstrapSource.fingerprint(r.content())).info();
        return new Result(info, r.apdus(), r.content().length);
    }

    /**
     * A bootstrap file of exactly {@code total} bytes: /0/0 an X.509 account whose client certificate takes up
     * the room, and /1/0 its server.
     */
    static byte[] bootstrapFile(int total) {
        byte[] server = concat(resource(0, new byte[] {1}), resource(1, new byte[] {0x01, 0x2C}), resource(6, new byte[] {0}),
                resource(7, "U".getBytes(StandardCharsets.UTF_8)));
        byte[] o1 = object(1, tlv(0, 0, server));
        byte[] fixed = concat(resource(0, "coaps://127.0.0.1:5684".getBytes(StandardCharsets.UTF_8)), resource(1, new byte[] {0}),
                resource(2, new byte[] {2}), resource(4, new byte[64]), resource(5, new byte[32]), resource(10, new byte[] {1}));
        // total = 4 (header) + 5 (object 0) + instance header + fixed + certificate resource + o1
        for (int cert = total; cert > 0; cert--) {
            byte[] security = concat(fixed, resource(3, new byte[cert]));
            byte[] o0 = object(0, tlv(0, 0, security));
            if (4 + o0.length + o1.length == total) {
                byte[] body = concat(o0, o1);
                return concat(new byte[] {0, 2, (byte) (body.length >> 8), (byte) body.length}, body);
            }
        }
        throw new IllegalArgumentException("no file of " + total + " bytes");
    }

    /** The simulated card's built-in profile with {@code file} in EF 6432, sized to it. */
    static byte[] profile(byte[] file) throws Exception {
        String json;
        try (InputStream in = TestCards.class.getResourceAsStream("/profiles/default.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String builtIn = "0002003E0000000024080021C80015636F61703A2F2F3132372E302E302E313A35363833C10100C10203C10A7B000100001008000DC1007BC201012CC10600C10755";
        if (!json.contains(builtIn) || !json.contains("\"size\": 1024")) {
            throw new IllegalStateException("the built-in profile changed; adjust the bench");
        }
        return json.replace(builtIn, HexFormat.of().withUpperCase().formatHex(file)).replace("\"size\": 1024", "\"size\": " + file.length)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] object(int id, byte[] tlv) {
        return concat(new byte[] {(byte) (id >> 8), (byte) id, 0, (byte) (tlv.length >> 8), (byte) tlv.length}, tlv);
    }

    private static byte[] resource(int id, byte[] value) {
        return tlv(3, id, value);
    }

    /** LwM2M TLV with an 8-bit id and a 8-, 16- or 24-bit length. */
    private static byte[] tlv(int type, int id, byte[] value) {
        int n = value.length;
        byte[] head = n < 0x100 ? new byte[] {(byte) (type << 6 | 0x08), (byte) id, (byte) n}
                : n < 0x10000 ? new byte[] {(byte) (type << 6 | 0x10), (byte) id, (byte) (n >> 8), (byte) n}
                : new byte[] {(byte) (type << 6 | 0x18), (byte) id, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        return concat(head, value);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    /** One whole read of {@code card}'s bootstrap file with the built-in profile's keys, as the client does it: its APDU count. */
    public static int readOnce(SecureElement card) throws Exception {
        BootstrapReadBench b = new BootstrapReadBench();
        b.card = card;
        b.keys = builtInKeys();
        return b.read().apdus();
    }

    /** Prints, per file size: APDUs of one read, READ BINARYs of the file, and the fewest the size allows. */
    public static void main(String[] args) throws Exception {
        for (int size : new int[] {1024, 32768}) {
            BootstrapReadBench b = new BootstrapReadBench();
            b.fileBytes = size;
            b.insert();
            Result r = b.read();
            int fewest = (size + CardBootstrapReader.CHUNK - 1) / CardBootstrapReader.CHUNK;
            System.out.printf("%d %d %d %d%n", size, r.apdus(), fewest, r.bytes());
        }
    }
}
