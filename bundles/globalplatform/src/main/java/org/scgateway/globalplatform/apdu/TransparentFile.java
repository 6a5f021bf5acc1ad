package org.scgateway.globalplatform.apdu;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.ToIntFunction;

import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.api.se.StatusWord;
import org.scgateway.api.se.StatusWordException;
import org.scgateway.globalplatform.tlv.BerTlv;
import org.scgateway.globalplatform.tlv.Tlv;
import org.scgateway.globalplatform.tlv.TlvException;

/**
 * A transparent EF (ISO/IEC 7816-4) read and written in pieces through any {@link ApduChannel}, a secure
 * channel included: SELECT by path with the FCP asked for, READ BINARY and UPDATE BINARY with 15-bit offsets.
 * The piece size is the caller's, since it depends on what wraps the channel (at SCP03 level 33, 239 plain
 * bytes: padded to 240, plus an 8-byte MAC, they fit a short APDU).
 */
public final class TransparentFile {

    /** The first FID of a path that starts from the current application rather than the MF. */
    public static final int CURRENT_APPLICATION = 0x7FFF;

    private TransparentFile() {
    }

    /**
     * Selects the file at {@code path}: from the MF when the path starts with 3F00, otherwise from the current
     * application (7FFF + path).
     *
     * @return the file's size from its FCP (tag 80, else 81), or -1 when the FCP gives none
     * @throws StatusWordException when the card refuses, naming {@code what} and the path
     */
    public static int select(ApduChannel ch, byte[] path, String what) throws SecureElementException {
        CommandApdu select = CommandApdu.of(0x00, 0xA4, 0x08, 0x04, fromMfOrApplication(path), 256);
        ResponseApdu fcp = ch.transmit(select);
        if (!fcp.isOk()) {
            throw new StatusWordException(fcp.statusWord(), "SELECT " + what + " (path " + HexFormat.of().withUpperCase().formatHex(path) + ")");
        }
        return size(fcp.data());
    }

    /**
     * Reads the selected file from its start: {@code size} bytes when it is known, otherwise until the card
     * says the file ends (6B00, 6282, or a short answer).
     *
     * @param announced given the first piece, how many bytes of the file hold data (-1: all): a header that
     *        says its length spares the rest of a large EF crossing the channel
     * @param limit the most bytes to read; a file that goes on past it fails with {@code PROTOCOL}
     */
    public static byte[] read(ApduChannel ch, int size, int piece, int limit, ToIntFunction<byte[]> announced, String what)
            throws SecureElementException {
        if (size > limit) {
            throw new SecureElementException(SecureElementException.Reason.PROTOCOL, what + " is " + size + " bytes; at most " + limit
                    + " are read");
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        int want = size;
        while (want < 0 || content.size() < want) {
            int offset = content.size();
            int ask = want < 0 ? piece : Math.min(piece, want - offset);
            if (offset + ask > limit) {
                throw new SecureElementException(SecureElementException.Reason.PROTOCOL, what + " goes on past " + limit + " bytes");
            }
            CommandApdu read = CommandApdu.of(0x00, 0xB0, offset >> 8, offset & 0xFF, ask);
            ResponseApdu r = ch.transmit(read);
            if (want < 0 && (r.statusWord().equals(StatusWord.WRONG_P1_P2) || r.sw() == 0x6282 || (r.isOk() && r.data().length == 0))) {
                break; // the end of a file whose size the card did not say
            }
            if (!r.isOk()) {
                throw new StatusWordException(r.statusWord(), "READ BINARY of " + what + " at offset " + offset);
            }
            content.writeBytes(r.data());
            if (offset == 0) {
                int data = announced.applyAsInt(content.toByteArray());
                if (data >= 0 && (want < 0 || data < want)) {
                    want = data;
                }
            }
            if (want < 0 && r.data().length < ask) {
                break;
            }
        }
        byte[] read = content.toByteArray();
        return want >= 0 && read.length > want ? Arrays.copyOf(read, want) : read;
    }

    /** Writes {@code content} at the start of the selected file, one UPDATE BINARY a piece. */
    public static void update(ApduChannel ch, byte[] content, int piece, String what) throws SecureElementException {
        for (int offset = 0; offset < content.length; offset += piece) {
            CommandApdu update = CommandApdu.of(0x00, 0xD6, offset >> 8, offset & 0xFF,
                    Arrays.copyOfRange(content, offset, Math.min(content.length, offset + piece)));
            ResponseApdu r = ch.transmit(update);
            if (!r.isOk()) {
                throw new StatusWordException(r.statusWord(), "UPDATE BINARY of " + what + " at offset " + offset);
            }
        }
    }

    /** The file size an FCP template gives (62: 80 data bytes, else 81 total), or -1 when it gives none. */
    public static int size(byte[] fcp) {
        try {
            Optional<Tlv> template = BerTlv.parse(fcp).stream().filter(t -> t.tag() == 0x62).findFirst();
            if (template.isEmpty()) {
                return -1;
            }
            Optional<Tlv> size = template.get().find(0x80).or(() -> template.get().find(0x81));
            if (size.isEmpty() || size.get().length() == 0 || size.get().length() > 3) {
                return -1;
            }
            int n = 0;
            for (byte b : size.get().value()) {
                n = (n << 8) | (b & 0xFF);
            }
            return n;
        } catch (TlvException e) {
            return -1;
        }
    }

    private static byte[] fromMfOrApplication(byte[] path) {
        if (path.length >= 2 && (path[0] & 0xFF) == 0x3F && path[1] == 0x00) {
            return Arrays.copyOfRange(path, 2, path.length);
        }
        byte[] p = new byte[path.length + 2];
        p[0] = (byte) (CURRENT_APPLICATION >> 8);
        p[1] = (byte) CURRENT_APPLICATION;
        System.arraycopy(path, 0, p, 2, path.length);
        return p;
    }
}
