package org.scgateway.teep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.upokecenter.cbor.CBORObject;

/**
 * CBOR from anyone (a TAM, an agent, a SUIT manifest): {@link Cbor#decode} returns one item whose encoding decodes
 * to an equal item, that encoding being a fixed point (the library's preferred form: definite lengths, shortest
 * heads, map keys in the order read), or throws {@link TeepFormatException} with a message — never the CBOR
 * library's exception or another one, never a hang, never memory for a length it has not read.
 */
class CborFuzzTest {

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void decodesToAnItemThatDecodesBackFromItsEncoding(byte[] input) throws TeepFormatException {
        CBORObject item;
        try {
            item = Cbor.decode(input);
        } catch (TeepFormatException e) {
            assertNotNull(e.getMessage());
            return;
        }
        byte[] encoded = item.EncodeToBytes();
        CBORObject again = Cbor.decode(encoded);
        assertEquals(item, again, "decode(encode(decoded)) equals decoded");
        assertArrayEquals(encoded, again.EncodeToBytes(), "the encoding is a fixed point");
    }
}
