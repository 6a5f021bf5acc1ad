package org.scgateway.teep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

import com.code_intelligence.jazzer.junit.FuzzTest;
/**
 * TEEP messages from a TAM or an agent, before or after their signature is checked: {@link TeepMessage#decode}
 * throws {@link TeepFormatException}, or returns a message whose every getter answers (decoding checks what they
 * read, as the class says), which re-encodes to bytes that decode to the same message, and which re-encodes to the
 * very bytes it came from when those were in CBOR's preferred form — never another exception, never a hang.
 */
class TeepMessageFuzzTest {

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void decodesToAMessageWhoseGettersAnswerAndThatReencodes(byte[] input) throws TeepFormatException {
        TeepMessage m;
        try {
            m = TeepMessage.decode(input);
        } catch (TeepFormatException e) {
            assertNotNull(e.getMessage());
            return;
        }
        String read = everything(m);
        byte[] encoded = m.encode();
        TeepMessage again = TeepMessage.decode(encoded);
        assertEquals(read, everything(again), "decode(encode(decoded)) reads as decoded");
        assertArrayEquals(encoded, again.encode(), "the encoding is a fixed point");
        if (Arrays.equals(Cbor.decode(input).EncodeToBytes(), input)) {
            assertArrayEquals(input, encoded, "a message in preferred encoding re-encodes byte for byte");
        }
    }

    /** What each getter says; none may throw on a decoded message. */
    private static String everything(TeepMessage m) {
        HexFormat hex = HexFormat.of();
        StringBuilder s = new StringBuilder().append(m.type());
        s.append(" token=").append(m.token().map(hex::formatHex));
        s.append(" challenge=").append(m.challenge().map(hex::formatHex));
        s.append(" versions=").append(m.versions());
        s.append(" freshness=").append(m.supportedFreshnessMechanisms());
        s.append(" sign1=").append(m.sign1Algorithms());
        s.append(" items=").append(m.dataItemRequested());
        s.append(" manifests=").append(m.manifestList().stream().map(hex::formatHex).collect(Collectors.toList()));
        s.append(" unneeded=").append(m.unneededManifestList().stream().map(FuzzIds::text).collect(Collectors.toList()));
        s.append(" tcs=").append(tcs(m.tcList()));
        s.append(" requested=").append(tcs(m.requestedTcList()));
        s.append(" errCode=").append(m.errCode());
        s.append(" errMsg=").append(m.errMsg());
        s.append(" msg=").append(m.msg());
        for (int label = 0; label <= 24; label++) {
            s.append(m.has(label) ? '1' : '0');
        }
        return s.append(' ').append(m).toString();
    }

    private static List<String> tcs(List<TcInfo> list) {
        return list.stream().map(tc -> tc + " size=" + tc.size() + " seq=" + tc.sequenceNumber() + " id=" + FuzzIds.text(tc.componentId()))
                .collect(Collectors.toList());
    }
}
