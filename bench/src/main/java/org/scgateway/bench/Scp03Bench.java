package org.scgateway.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.globalplatform.scp03.Scp03Crypto;
import org.scgateway.globalplatform.scp03.Scp03Keys;
import org.scgateway.globalplatform.scp03.Scp03Session;
import org.scgateway.globalplatform.scp03.Scp03TestCard;
import org.scgateway.globalplatform.scp03.SecurityLevel;

/**
 * SCP03 at security level 33 on a 255-byte command, next to a plain AES-CMAC over the same 255 bytes, the
 * machine's own bound for the MAC part. One operation is a whole round trip: the host encrypts and MACs the
 * command, the card side (in the same thread, no I/O) verifies and decrypts it and encrypts and MACs a
 * 255-byte answer, the host verifies and decrypts that: four CMACs and four AES-CBC passes in all.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Scp03Bench {

    private Scp03Session host;
    private CommandApdu command;
    private byte[] macKey;
    private byte[] bytes;

    @Setup
    public void open() throws Exception {
        Random r = new Random(1);
        byte[][] k = new byte[3][16];
        for (byte[] key : k) {
            r.nextBytes(key);
        }
        Scp03Keys keys = Scp03Keys.of(0x30, k[0], k[1], k[2]);
        bytes = new byte[255];
        r.nextBytes(bytes);
        command = CommandApdu.of(0x80, 0xCA, 0x00, 0x00, bytes, 256);
        macKey = k[1];
        // The card side: answers with the command's data, protected.
        host = Scp03Session.open(new Scp03TestCard(keys, 0, new byte[5], Scp03TestCard.ECHO), keys, SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC);
    }

    @Benchmark
    public ResponseApdu scp03RoundTripSl33() throws Exception {
        return host.transmit(command);
    }

    @Benchmark
    public byte[] plainAesCmac() {
        return Scp03Crypto.cmac(macKey, bytes);
    }
}
