package org.scgateway.lwm2m.codec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.HexFormat;

import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.codec.CodecException;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.junit.Test;

/** TLV integers of 1, 2, 4 or 8 bytes only (TS 1.1 Core, Appendix C), wherever they sit in the TLV. */
public class StrictTlvDecoderTest {

    private final LwM2mModel model = new StaticModel(ObjectLoader.loadDefault());
    private final StrictTlvDecoder decoder = new StrictTlvDecoder();

    @Test
    public void integersOfOneTwoFourAndEightBytesAreDecodedAsLeshanDoes() {
        // /1/0/1 Lifetime as a resource TLV: C1 01 xx, C2 01 xxxx, C4 01 ..., C8 01 08 bytes
        assertEquals(127L, lifetime("C1017F"));
        assertEquals(300L, lifetime("C201012C"));
        assertEquals(86400L, lifetime("C40100015180"));
        assertEquals(4294967347L, lifetime("C801080000000100000033")); // 8 bytes: the length in a byte of its own
    }

    @Test
    public void anUnsignedIntegerWithItsTopBitSetIsReadUnsignedOnEveryLength() {
        // /1/0/17 Communication Retry Count, an Unsigned Integer in the 1.1 Server object
        assertEquals(ResourceModel.Type.UNSIGNED_INTEGER, model.getResourceModel(1, 17).type);
        assertEquals(ULong.valueOf(200L), unsigned("C111C8")); // Leshan read 2^64 - 56
        assertEquals(ULong.valueOf(0xFFFFL), unsigned("C211FFFF"));
        assertEquals(ULong.valueOf(0x8000_0000L), unsigned("C41180000000"));
        assertEquals(ULong.valueOf(127L), unsigned("C1117F"));
        assertEquals("8 bytes were right already", ULong.valueOf("18446744073709551615"), unsigned("C81108FFFFFFFFFFFFFFFF"));
        // inside an instance, and as resource instances of a multiple resource of the path
        LwM2mObjectInstance instance = decoder.decode(HexFormat.of().parseHex("0300" + "C111C8"), null, new LwM2mPath(1, 0), model,
                LwM2mObjectInstance.class);
        assertEquals(ULong.valueOf(200L), instance.getResource(17).getValue());
    }

    private Object unsigned(String hex) {
        return decoder.decode(HexFormat.of().parseHex(hex), null, new LwM2mPath(1, 0, 17), model, LwM2mResource.class).getValue();
    }

    @Test
    public void aThreeByteIntegerIsRefusedNamingWhereAndWhy() {
        String message = refused("C3010100FF", new LwM2mPath(1, 0, 1), LwM2mResource.class);
        assertTrue(message, message.contains("3 bytes") && message.contains("/1/0/1") && message.contains("1, 2, 4 or 8"));
    }

    @Test
    public void anEmptyIntegerIsRefusedWithoutLeshansNumberFormatException() {
        String message = refused("C001", new LwM2mPath(1, 0, 1), LwM2mResource.class);
        assertTrue(message, message.contains("0 bytes"));
    }

    @Test
    public void oddIntegersAreFoundInsideInstancesAndMultipleResources() {
        // /1/0 whole: Short Server ID (0) of 2 bytes, fine; Lifetime (1) of 5 bytes, not
        refused("C2000001" + "C5010000000001", new LwM2mPath(1, 0), LwM2mObjectInstance.class);
        // /1 with an object instance TLV holding the same
        refused("080009" + "C2000001" + "C301000001", new LwM2mPath(1), org.eclipse.leshan.core.node.LwM2mObject.class);
        // /3/0/6 Available Power Sources (multiple integers): instance 1 of 3 bytes
        refused("8806" + "410001" + "4301000001", new LwM2mPath(3, 0, 6), LwM2mResource.class);
    }

    @Test
    public void aStringOfThreeBytesIsNoInteger() {
        // /3/0/0 Manufacturer: a string of 3 bytes passes untouched
        LwM2mNode n = decoder.decode(HexFormat.of().parseHex("C300616263"), null, new LwM2mPath(3, 0, 0), model, LwM2mResource.class);
        assertEquals("abc", ((LwM2mResource) n).getValue());
    }

    @Test
    public void aTlvThatDoesNotParseIsNamedWithoutItsContent() {
        // /0/0 with Secret Key (5) said to be 16 bytes long and cut after 8: the key's bytes must not come back
        String key = "00112233445566778899AABBCCDDEEFF";
        String tlv = "C10A07" + "C80510" + key.substring(0, 16);
        try {
            decoder.decode(HexFormat.of().parseHex(tlv), null, new LwM2mPath(0, 0), model, LwM2mObjectInstance.class);
            fail("decoded");
        } catch (CodecException e) {
            assertEquals("Unable to decode TLV for /0/0: Unexpected TLV parse error: BufferUnderflowException", e.getMessage());
            assertFalse(e.getMessage(), e.getMessage().toUpperCase().contains(key.substring(0, 16)));
            assertEquals("no cause to print the content in a stack trace", null, e.getCause());
        }
    }

    private long lifetime(String hex) {
        LwM2mResource r = decoder.decode(HexFormat.of().parseHex(hex), null, new LwM2mPath(1, 0, 1), model, LwM2mResource.class);
        return ((Number) r.getValue()).longValue();
    }

    private String refused(String hex, LwM2mPath path, Class<? extends LwM2mNode> type) {
        try {
            decoder.decode(HexFormat.of().parseHex(hex), null, path, model, type);
        } catch (CodecException e) {
            return e.getMessage();
        }
        fail(hex + " was decoded");
        return null;
    }
}
