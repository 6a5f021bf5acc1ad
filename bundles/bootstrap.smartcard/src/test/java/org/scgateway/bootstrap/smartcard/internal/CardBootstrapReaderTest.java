package org.scgateway.bootstrap.smartcard.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.HexFormat;
import java.util.stream.Collectors;

import org.junit.Test;
import org.scgateway.api.se.ScriptedChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.StatusWord;

/** How much of an EF crosses the channel: the bootstrap file's header bounds the read. */
public class CardBootstrapReaderTest {

    /** One transparent EF of {@code size} bytes behind SELECT (FCP with tag 80) and READ BINARY. */
    private static ScriptedChannel fileCard(byte[] content, int size) {
        byte[] ef = Arrays.copyOf(content, size);
        Arrays.fill(ef, content.length, size, (byte) 0xFF);
        ScriptedChannel card = new ScriptedChannel(c -> {
            if (c.ins() == 0xA4) {
                return ResponseApdu.of(new byte[] {0x62, 0x04, (byte) 0x80, 0x02, (byte) (ef.length >> 8), (byte) ef.length}, StatusWord.OK);
            }
            int offset = (c.p1() << 8) | c.p2();
            int n = Math.min(c.ne(), ef.length - offset);
            return ResponseApdu.of(Arrays.copyOfRange(ef, offset, offset + n), StatusWord.OK);
        });
        card.channelNumber = 1;
        return card;
    }

    /** The offsets of the READ BINARYs the card was sent. */
    private static List<Integer> reads(ScriptedChannel card) {
        return card.sent.stream().map(hex -> CommandApdu.parse(HexFormat.of().parseHex(hex))).filter(c -> c.ins() == 0xB0)
                .map(c -> (c.p1() << 8) | c.p2()).collect(Collectors.toList());
    }

    @Test
    public void onlyTheDataTheHeaderAnnouncesIsRead() throws Exception {
        byte[] data = SimulatedCardProfile.defaultBootstrapFile(); // 66 bytes in a 1 KiB EF
        ScriptedChannel card = fileCard(data, 1024);
        byte[] read = CardBootstrapReader.readFile(card, new byte[] {0x64, 0x32}, "EF LwM2M_Bootstrap", BootstrapFile::announcedLength);
        assertArrayEquals(data, read);
        assertEquals("one READ BINARY", List.of(0), reads(card));
    }

    @Test
    public void aFileWithoutHeaderIsReadWhole() throws Exception {
        byte[] bare = java.util.HexFormat.of().parseHex(BootstrapFileTest.NORDIC.substring(18));
        ScriptedChannel card = fileCard(bare, 600);
        byte[] read = CardBootstrapReader.readFile(card, new byte[] {0x64, 0x32}, "EF LwM2M_Bootstrap", BootstrapFile::announcedLength);
        assertEquals(600, read.length);
        assertEquals("pieces of 239 bytes", List.of(0, 239, 478), reads(card));
    }

    @Test
    public void aThirtyTwoKibibyteFileTakesTheFewestReads() throws Exception {
        byte[] full = new byte[BootstrapFile.MAX_SIZE];
        full[1] = 1; // one object ...
        full[2] = (byte) ((BootstrapFile.MAX_SIZE - 4) >> 8); // ... and 32764 bytes after the header
        full[3] = (byte) (BootstrapFile.MAX_SIZE - 4);
        ScriptedChannel card = fileCard(full, BootstrapFile.MAX_SIZE);
        byte[] read = CardBootstrapReader.readFile(card, new byte[] {0x64, 0x32}, "EF LwM2M_Bootstrap", BootstrapFile::announcedLength);
        assertEquals(BootstrapFile.MAX_SIZE, read.length);
        assertEquals("ceil(32768 / 239)", (BootstrapFile.MAX_SIZE + CardBootstrapReader.CHUNK - 1) / CardBootstrapReader.CHUNK, reads(card).size());
        assertTrue(reads(card).get(reads(card).size() - 1) < BootstrapFile.MAX_SIZE);
    }
}
