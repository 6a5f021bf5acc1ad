package org.scgateway.bootstrap.smartcard.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * EF LwM2M_Bootstrap as a card holds it (LwM2M 1.1 Appendix G), anything at all:
 * <ul>
 * <li>{@link BootstrapFile#parse} gives objects that encode back (header, then id, version, length and TLV of each)
 * to the bytes of the file up to the length its header announces, only FF after them, and that length is what
 * {@link BootstrapFile#announcedLength} reads from the start; or, with no header, the whole file up to its FF
 * padding as the Security object's TLV. Anything else is a {@link MalformedBootstrapFileException} saying what did
 * not add up.</li>
 * <li>{@link BootstrapObjects#decode}, Leshan's TLV decoding included, gives at least one account, or a
 * {@link MalformedBootstrapFileException} whose message shows no run of the file's bytes as hexadecimal (a key
 * dumped) and whose
 * decoding errors chain no cause that would print them.</li>
 * </ul>
 * Never another exception, never a hang, never memory for a length not checked against the file.
 * Regression inputs: {@code src/test/resources/.../BootstrapFileFuzzTestInputs/}.
 */
class BootstrapFileFuzzTest {

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void parseEncodesBackOrSaysWhatDoesNotAddUp(byte[] content) {
        int announced = BootstrapFile.announcedLength(content);
        BootstrapFile file;
        try {
            file = BootstrapFile.parse(content);
        } catch (MalformedBootstrapFileException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a refusal says why");
            return;
        }
        int data = BootstrapFile.dataLength(content);
        if (file.headerless()) {
            assertEquals(1, file.objects().size());
            assertEquals(0, file.objects().get(0).objectId(), "a bare TLV is the Security object's");
            assertEquals("", file.objects().get(0).version());
            assertArrayEquals(Arrays.copyOf(content, data), file.objects().get(0).tlv(), "the whole file but its FF padding");
            return;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (BootstrapFile.ObjectData o : file.objects()) {
            u16(body, o.objectId());
            if (o.version().isEmpty()) {
                body.write(0);
            } else {
                String[] v = o.version().split("\\.");
                assertEquals(2, v.length, o.version());
                int major = Integer.parseInt(v[0]);
                assertTrue(major >= 1 && major <= 255, "a version MAJOR.MINOR has a major of 1 or more: " + o.version());
                body.write(major);
                body.write(Integer.parseInt(v[1]));
            }
            u16(body, o.tlv().length);
            body.writeBytes(o.tlv());
        }
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        u16(encoded, file.objects().size());
        u16(encoded, body.size());
        encoded.writeBytes(body.toByteArray());
        byte[] e = encoded.toByteArray();
        assertTrue(e.length <= content.length);
        assertArrayEquals(Arrays.copyOf(content, e.length), e, "the objects encode back to the file's data");
        for (int i = e.length; i < content.length; i++) {
            assertEquals((byte) 0xFF, content[i], "only FF after the data");
        }
        assertEquals(e.length, announced, "the length the header announces is the data's");
        assertTrue(data <= e.length, "the data is not cut by the padding rule");
    }

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void decodeGivesAccountsOrSaysWhyWithoutValues(byte[] content) {
        BootstrapFile file;
        try {
            file = BootstrapFile.parse(content);
        } catch (MalformedBootstrapFileException e) {
            return; // the property of parse; above
        }
        BootstrapObjects.Decoded decoded;
        try {
            decoded = BootstrapObjects.decode(file, "fingerprint");
        } catch (MalformedBootstrapFileException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a refusal says why");
            if (e.getMessage().contains("does not decode")) {
                assertNull(e.getCause(), "no cause that would print the nodes Leshan met");
            }
            String message = e.getMessage().toUpperCase(Locale.ROOT);
            for (BootstrapFile.ObjectData o : file.objects()) {
                byte[] tlv = o.tlv();
                // Text of the file (a URI) may be quoted, even when it reads as hexadecimal; a value dumped as hex may not.
                String text = new String(tlv, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
                for (int i = 0; i + 8 <= tlv.length; i++) {
                    String hex = HexFormat.of().withUpperCase().formatHex(tlv, i, i + 8);
                    if (hex.chars().anyMatch(Character::isLetter) && !text.contains(hex)) { // not a number, not the file's text
                        assertFalse(message.contains(hex), "the message shows bytes of the file: " + e.getMessage());
                    }
                }
            }
            return;
        }
        assertFalse(decoded.info().accounts().isEmpty(), "a file that decodes has an account");
        assertTrue(decoded.info().fingerprint().isPresent());
    }

    private static void u16(ByteArrayOutputStream out, int n) {
        assertTrue(n >= 0 && n <= 0xFFFF);
        out.write(n >> 8);
        out.write(n);
    }
}
