package org.scgateway.bootstrap.smartcard.internal;

import java.util.Optional;
import java.util.function.ToIntFunction;

import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.ForwardingApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.api.se.StatusWord;
import org.scgateway.api.se.StatusWordException;
import org.scgateway.globalplatform.apdu.TransparentFile;
import org.scgateway.globalplatform.scp03.Scp03Keys;
import org.scgateway.globalplatform.scp03.Scp03Session;
import org.scgateway.globalplatform.scp03.SecureChannels;
import org.scgateway.globalplatform.scp03.SecurityLevel;

/**
 * The access procedure of LwM2M 1.1 Appendix G, inside the secure channel of Appendix H: on a logical channel
 * of its own, EF DIR, SELECT the PKCS#15 application, SCP03 at security level 33, then ODF, DODF and EF
 * LwM2M_Bootstrap, every command wrapped and every answer encrypted. The channel is closed whatever happens.
 */
final class CardBootstrapReader {

    /**
     * The most plain bytes one READ BINARY asks for: at level 33 the answer is that data padded to a multiple
     * of 16 (always at least one byte of padding) and an 8-byte R-MAC, which must fit the 256 bytes of a short
     * answer: 239 pads to 240, and 240 + 8 = 248.
     */
    static final int CHUNK = 239;
    private static final int EF_DIR = 0x2F00;
    private static final int MAX_RECORDS = 32;

    /** The file, and how many APDUs reached the card (wrapped or not, GET RESPONSEs included). */
    record Read(byte[] content, int apdus) {
    }

    private final Counting channel;

    private CardBootstrapReader(Counting channel) {
        this.channel = channel;
    }

    /**
     * Opens a logical channel and selects the PKCS#15 application on it.
     *
     * @return empty (and the channel closed) when the card has no PKCS#15 application
     * @throws SecureElementException when the card went away or refused a command
     */
    static Optional<CardBootstrapReader> select(SecureElement se) throws SecureElementException {
        Counting raw = new Counting(se.openLogicalChannel());
        boolean selected = false;
        try {
            selected = selectPkcs15(raw);
            return selected ? Optional.of(new CardBootstrapReader(raw)) : Optional.empty();
        } finally {
            if (!selected) {
                raw.close();
            }
        }
    }

    /**
     * Opens SCP03 at level 33 and reads ODF, DODF and the bootstrap file inside it; closes the channel.
     *
     * @throws SecureElementException when the card went away, refused the keys ({@code SECURITY}), or
     *         refused a command ({@link StatusWordException})
     * @throws MalformedBootstrapFileException when the PKCS#15 structures do not lead to the file
     */
    Read read(Scp03Keys keys) throws SecureElementException, MalformedBootstrapFileException {
        try (Scp03Session scp = SecureChannels.open(channel, keys, SecurityLevel.C_MAC_C_DEC_R_MAC_R_ENC)) {
            byte[] odf = readFile(scp, Pkcs15.ODF_PATH, "the ODF");
            byte[] dodf = readFile(scp, Pkcs15.dodfPath(odf), "the DODF");
            byte[] file = readFile(scp, Pkcs15.bootstrapFilePath(dodf), "EF LwM2M_Bootstrap", BootstrapFile::announcedLength);
            return new Read(file, channel.count);
        } finally {
            channel.close();
        }
    }

    /** Gives the channel back, if {@link #read} has not. */
    void close() {
        channel.close();
    }

    /** EF DIR names the application; a card without EF DIR, or one that lists it not, is asked for it anyway. */
    private static boolean selectPkcs15(ApduChannel ch) throws SecureElementException {
        boolean listed = false;
        if (ch.transmit(CommandApdu.of(0x00, 0xA4, 0x00, 0x0C, new byte[] {(byte) (EF_DIR >> 8), (byte) EF_DIR})).isOk()) {
            for (int record = 1; record <= MAX_RECORDS && !listed; record++) {
                ResponseApdu r = ch.transmit(CommandApdu.of(0x00, 0xB2, record, 0x04, 256));
                if (!r.isOk()) {
                    break;
                }
                listed = Pkcs15.namesPkcs15(r.data());
            }
        }
        ResponseApdu select = ch.transmit(CommandApdu.of(0x00, 0xA4, 0x04, 0x0C, Pkcs15.AID.bytes()));
        if (select.statusWord().equals(StatusWord.FILE_NOT_FOUND)) {
            return false;
        }
        select.requireOk();
        return true;
    }

    /** Selects a file by path from the application (7FFF) or from the MF (3F00...) and reads it whole. */
    static byte[] readFile(ApduChannel ch, byte[] path, String what) throws SecureElementException {
        return readFile(ch, path, what, first -> -1);
    }

    /**
     * @param announced given the first piece read, how many bytes of the file hold data (-1: all of them):
     *        the bootstrap file's header says so, and the rest of a 32 KiB EF need not cross the channel
     */
    static byte[] readFile(ApduChannel ch, byte[] path, String what, ToIntFunction<byte[]> announced) throws SecureElementException {
        int size = TransparentFile.select(ch, path, what);
        return TransparentFile.read(ch, size, CHUNK, BootstrapFile.MAX_SIZE, announced, what);
    }

    /** Counts the APDUs that reach the card; passes everything else on. */
    private static final class Counting extends ForwardingApduChannel {
        int count;

        Counting(ApduChannel delegate) {
            super(delegate);
        }

        @Override
        public ResponseApdu transmit(CommandApdu command) throws SecureElementException {
            count++;
            return delegate.transmit(command);
        }
    }
}
