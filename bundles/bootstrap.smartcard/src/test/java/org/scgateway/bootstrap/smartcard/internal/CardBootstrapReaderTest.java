package org.scgateway.bootstrap.smartcard.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.Test;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.StatusWord;

/** How much of an EF crosses the channel: the bootstrap file's header bounds the read. */
public class CardBootstrapReaderTest {

    /** One transparent EF of {@code size} bytes behind SELECT (FCP with tag 80) and READ BINARY. */
    private static final class FileCard implements ApduChannel {
        final byte[] ef;
        final List<Integer> reads = new ArrayList<>();

        FileCard(byte[] content, int size) {
            ef = Arrays.copyOf(content, size);
            Arrays.fill(ef, content.length, size, (byte) 0xFF);
        }

        @Override
        public int channelNumber() {
            return 1;
        }

        @Override
        public Optional<ResponseApdu> selectResponse() {
            return Optional.empty();
        }

        @Override
        public ResponseApdu transmit(CommandApdu c) {
            if (c.ins() == 0xA4) {
                return ResponseApdu.of(new byte[] {0x62, 0x04, (byte) 0x80, 0x02, (byte) (ef.length >> 8), (byte) ef.length}, StatusWord.OK);
            }
            int offset = (c.p1() << 8) | c.p2();
            reads.add(offset);
            int n = Math.min(c.ne(), ef.length - offset);
            return ResponseApdu.of(Arrays.copyOfRange(ef, offset, offset + n), StatusWord.OK);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    @Test
    public void onlyTheDataTheHeaderAnnouncesIsRead() throws Exception {
        byte[] data = SimulatedCardProfile.defaultBootstrapFile(); // 66 bytes in a 1 KiB EF
        FileCard card = new FileCard(data, 1024);
        byte[] read = CardBootstrapReader.readFile(card, new byte[] {0x64, 0x32}, "EF LwM2M_Bootstrap", BootstrapFile::announcedLength);
        assertArrayEquals(data, read);
        assertEquals("one READ BINARY", List.of(0), card.reads);
    }

    @Test
    public void aFileWithoutHeaderIsReadWhole() throws Exception {
        byte[] bare = java.util.HexFormat.of().parseHex(BootstrapFileTest.NORDIC.substring(18));
        FileCard card = new FileCard(bare, 600);
        byte[] read = CardBootstrapReader.readFile(card, new byte[] {0x64, 0x32}, "EF LwM2M_Bootstrap", BootstrapFile::announcedLength);
        assertEquals(600, read.length);
        assertEquals("pieces of 239 bytes", List.of(0, 239, 478), card.reads);
    }

    @Test
    public void aThirtyTwoKibibyteFileTakesTheFewestReads() throws Exception {
        byte[] full = new byte[BootstrapFile.MAX_SIZE];
        full[1] = 1; // one object ...
        full[2] = (byte) ((BootstrapFile.MAX_SIZE - 4) >> 8); // ... and 32764 bytes after the header
        full[3] = (byte) (BootstrapFile.MAX_SIZE - 4);
        FileCard card = new FileCard(full, BootstrapFile.MAX_SIZE);
        byte[] read = CardBootstrapReader.readFile(card, new byte[] {0x64, 0x32}, "EF LwM2M_Bootstrap", BootstrapFile::announcedLength);
        assertEquals(BootstrapFile.MAX_SIZE, read.length);
        assertEquals("ceil(32768 / 239)", (BootstrapFile.MAX_SIZE + CardBootstrapReader.CHUNK - 1) / CardBootstrapReader.CHUNK, card.reads.size());
        assertTrue(card.reads.get(card.reads.size() - 1) < BootstrapFile.MAX_SIZE);
    }
}
