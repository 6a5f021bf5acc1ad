package org.scgateway.teep;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.Test;

public class TeepMessageTest {

    private static final byte[] TOKEN = HexFormat.of().parseHex("A0A1A2A3A4A5A6A7A8A9AAABACADAEAF");

    @Test
    public void thePublicExamplesDecodeAndReEncodeByteForByte() throws Exception {
        for (String name : new String[] {"teep_success.hex", "teep_error.hex", "query_response.hex", "update.hex"}) {
            byte[] vector = Vectors.hex(name);
            assertArrayEquals(name, vector, TeepMessage.decode(vector).encode());
        }
    }

    @Test
    public void theExamplesSayWhatTheirNotationSays() throws Exception {
        TeepMessage success = TeepMessage.decode(Vectors.hex("teep_success.hex"));
        assertEquals(TeepMessage.Type.SUCCESS, success.type());
        assertArrayEquals(TOKEN, success.token().orElseThrow());

        TeepMessage error = TeepMessage.decode(Vectors.hex("teep_error.hex"));
        assertEquals(TeepMessage.Type.ERROR, error.type());
        assertEquals(TeepMessage.ErrorCode.MANIFEST_PROCESSING_FAILED.code(), error.errCode().getAsLong());
        assertEquals("disk-full", error.errMsg().orElseThrow());

        TeepMessage response = TeepMessage.decode(Vectors.hex("query_response.hex"));
        List<TcInfo> tcs = response.tcList();
        assertEquals(1, tcs.size());
        assertEquals("0102030405060708090a0b0c0d0e0f", tcs.get(0).componentIdText());
        assertEquals("a7fd6593eac32eb4be578278e6540c5c09cfd7d4d234973054833b2b93030609",
                HexFormat.of().formatHex(tcs.get(0).sha256().orElseThrow()));

        TeepMessage update = TeepMessage.decode(Vectors.hex("update.hex"));
        assertEquals(1, update.manifestList().size());
        assertEquals(334, update.manifestList().get(0).length);
        assertTrue(update.unneededManifestList().isEmpty());
    }

    @Test
    public void aQueryRequestBuiltHereIsTheExampleWithTheTokenUnderItsRegisteredLabel() throws Exception {
        // The example predates the final label numbering: its token is under 20 (0x14), IANA's token is 19 (0x13).
        byte[] draft = Vectors.hex("query_request_draft.hex");
        assertEquals(0x14, draft[3]);
        byte[] expected = draft.clone();
        expected[3] = 0x13;
        byte[] built = TeepMessage.queryRequest(TOKEN, TeepMessage.ATTESTATION | TeepMessage.TRUSTED_COMPONENTS).encode();
        assertArrayEquals(expected, built);

        TeepMessage decoded = TeepMessage.decode(built);
        assertEquals(List.of(-9L, -19L), decoded.sign1Algorithms());
        assertEquals(3, decoded.dataItemRequested());
        assertEquals(List.of(0L), decoded.versions());

        // Read with today's numbers, the draft's label 20 is supported-freshness-mechanisms, which is no byte string.
        TeepFormatException e = assertThrows(TeepFormatException.class, () -> TeepMessage.decode(draft));
        assertEquals("supported-freshness-mechanisms is not an array", e.getMessage());
    }

    @Test
    public void builtMessagesDecodeToWhatWasPutIn() throws Exception {
        List<byte[]> id = List.of(new byte[] {1, 2}, new byte[] {3});
        TeepMessage response = TeepMessage.decode(TeepMessage.queryResponse(TOKEN,
                List.of(TcInfo.installed(id, new byte[32], 20)),
                List.of(new TcInfo(id, OptionalLong.of(4), Optional.empty(), OptionalLong.empty()))).encode());
        assertEquals("0102/03", response.tcList().get(0).componentIdText());
        assertEquals(20, response.tcList().get(0).size().getAsLong());
        assertEquals(4, response.requestedTcList().get(0).sequenceNumber().getAsLong());

        TeepMessage update = TeepMessage.decode(TeepMessage.update(TOKEN, List.of(new byte[] {(byte) 0xA0}), List.of(id)).encode());
        assertArrayEquals(new byte[] {(byte) 0xA0}, update.manifestList().get(0));
        assertArrayEquals(new byte[] {3}, update.unneededManifestList().get(0).get(1));

        TeepMessage error = TeepMessage.decode(TeepMessage.error(null, TeepMessage.ErrorCode.UNSUPPORTED_MSG_VERSION, "version 7").encode());
        assertFalse(error.token().isPresent());
        assertEquals(List.of(0L), error.versions());
        assertEquals(4, error.errCode().getAsLong());

        String longText = "x".repeat(300);
        assertEquals(128, TeepMessage.decode(TeepMessage.success(TOKEN, longText).encode()).msg().orElseThrow().length());
    }

    @Test
    public void malformedMessagesAreRefusedNamingWhatIsWrong() {
        String[][] cases = {
            {"", "no CBOR: the message is empty"},
            {"82", "not well-formed CBOR"},
            {"A0", "a TEEP message is an array [type, options, ...]"},
            {"820AA0", "unknown TEEP message type 10"},
            {"8303A000", "a TEEP UPDATE is an array of 2, not 3"},
            {"820380", "the options of a UPDATE is not a map"},
            {"8204A11343010203", "token has 3 bytes; 8 to 64 expected"},
            {"8203A10980", "manifest-list is empty"},
            {"8203A1098101", "manifest-list[0] is not a byte string"},
            {"8203A10E8101", "unneeded-manifest-list[0] is not an array"},
            {"8203A10E818101", "unneeded-manifest-list[0][0] is not a byte string"},
            {"8203A2010101", "not well-formed CBOR"},
            {"8205A10A01", "a TEEP ERROR is an array of 3, not 2"},
        };
        for (String[] c : cases) {
            TeepFormatException e = assertThrows(c[0], TeepFormatException.class, () -> TeepMessage.decode(HexFormat.of().parseHex(c[0])));
            assertTrue(c[0] + ": " + e.getMessage(), e.getMessage().startsWith(c[1]));
        }
    }
}
