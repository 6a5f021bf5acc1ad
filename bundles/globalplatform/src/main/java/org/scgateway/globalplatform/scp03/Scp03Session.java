package org.scgateway.globalplatform.scp03;

import java.security.SecureRandom;
import java.util.Arrays;

import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ExclusiveHold;
import org.scgateway.api.se.ForwardingApduChannel;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.api.se.SecureElementException.Reason;
import org.scgateway.api.se.StatusWord;
import org.scgateway.api.se.StatusWordException;

/**
 * The host side of an SCP03 secure channel, as an {@link ApduChannel}: commands given to it leave wrapped
 * (C-MAC, C-DECRYPTION as the security level says), answers come back verified and decrypted (R-MAC,
 * R-ENCRYPTION). Code that talks to a card through an {@code ApduChannel} runs inside the channel unchanged.
 * <p>
 * Commands are built as for channel 0, as for any {@code ApduChannel}: the class byte gets the secure
 * messaging indication here (ISO class bytes too: {@code 00 B0} leaves as {@code 04 B0}) and the channel
 * number from the channel underneath. The MAC is computed over that channel-0 class byte, as GlobalPlatform
 * computes it with the logical channel number cleared.
 * <p>
 * Nothing unverified is returned: a wrong R-MAC, bad padding or an exhausted counter ends the session
 * ({@link SecureElementException.Reason#SECURITY}) and every later command fails. One session belongs to
 * one caller at a time; {@link #transmit} is synchronised so that the MAC chain stays in order. Closing
 * the session closes the channel underneath.
 */
public final class Scp03Session extends ForwardingApduChannel {

    static final int INS_INITIALIZE_UPDATE = 0x50;
    static final int INS_EXTERNAL_AUTHENTICATE = 0x82;
    /** The counter may not reach this (Amendment D: the session ends when the counter would overflow). */
    static final long COUNTER_LIMIT = Long.MAX_VALUE;

    private final ExclusiveHold hold;
    private final SecurityLevel level;
    private final SessionKeys keys;
    /** Bytes of each C-MAC and R-MAC: 8 in S8 mode, 16 in S16. */
    private final int macLength;
    private final byte[] chain = new byte[16];
    private long counter;
    private long counterLimit = COUNTER_LIMIT;
    private String broken;

    private Scp03Session(ApduChannel channel, ExclusiveHold hold, SecurityLevel level, SessionKeys keys, Scp03Mode mode) {
        super(channel);
        this.hold = hold;
        this.level = level;
        this.keys = keys;
        this.macLength = mode.length();
    }

    /** Opens a session in S8 mode with a random host challenge. */
    public static Scp03Session open(ApduChannel channel, Scp03Keys keys, SecurityLevel level) throws SecureElementException {
        return open(channel, keys, level, Scp03Mode.S8);
    }

    /** Opens a session in the given mode with a random host challenge. */
    public static Scp03Session open(ApduChannel channel, Scp03Keys keys, SecurityLevel level, Scp03Mode mode)
            throws SecureElementException {
        byte[] challenge = new byte[mode.length()];
        new SecureRandom().nextBytes(challenge);
        return open(channel, keys, level, challenge);
    }

    /**
     * Opens a session: INITIALIZE UPDATE, checks the card cryptogram, EXTERNAL AUTHENTICATE.
     *
     * @param hostChallenge 8 bytes (S8 mode) or 16 (S16 mode); random in use, fixed only to reproduce test vectors
     * @throws SecureElementException {@code SECURITY} when the card's cryptogram is wrong (wrong keys),
     *         {@code PROTOCOL} for a malformed answer, {@link StatusWordException} when the card refuses
     */
    public static Scp03Session open(ApduChannel channel, Scp03Keys keys, SecurityLevel level, byte[] hostChallenge)
            throws SecureElementException {
        Scp03Mode mode = Scp03Mode.ofChallenge(hostChallenge);
        int s = mode.length();
        // Held from INITIALIZE UPDATE to close: another program that reset the card or selected on its
        // channel between two wrapped commands would end the session, or see a command meant for it.
        ExclusiveHold hold = channel.holdExclusive();
        try {
            CommandApdu init = CommandApdu.of(0x80, INS_INITIALIZE_UPDATE, keys.version(), 0x00, hostChallenge, 256);
            ResponseApdu answer = channel.transmit(init);
            if (answer.statusWord().equals(StatusWord.REFERENCED_DATA_NOT_FOUND)) {
                throw new StatusWordException(answer.statusWord(), String.format("INITIALIZE UPDATE: the card has no key set version %02X",
                        keys.version()));
            }
            answer.requireOk(init);
            byte[] r = answer.data();
            if (r.length != 13 + 2 * s && r.length != 16 + 2 * s) {
                throw new SecureElementException(Reason.PROTOCOL, "INITIALIZE UPDATE answer of " + r.length + " bytes; SCP03 in "
                        + mode + " mode answers " + (13 + 2 * s) + " or " + (16 + 2 * s));
            }
            int kvn = r[10] & 0xFF;
            int scp = r[11] & 0xFF;
            if (scp != 0x03) {
                throw new SecureElementException(Reason.PROTOCOL, String.format("the card answered for SCP%02X, not SCP03", scp));
            }
            if (keys.version() != 0 && kvn != keys.version()) {
                throw new SecureElementException(Reason.PROTOCOL, String.format("asked for key version %02X, the card used %02X",
                        keys.version(), kvn));
            }
            if (((r[12] & Scp03Mode.I_S16) != 0) != (mode == Scp03Mode.S16)) {
                throw new SecureElementException(Reason.PROTOCOL, String.format("asked for %s mode, the card answered with i = %02X",
                        mode, r[12] & 0xFF));
            }
            byte[] cardChallenge = Arrays.copyOfRange(r, 13, 13 + s);
            byte[] cardCryptogram = Arrays.copyOfRange(r, 13 + s, 13 + 2 * s);
            SessionKeys sessionKeys = Scp03Crypto.sessionKeys(keys, hostChallenge, cardChallenge);
            if (!Scp03Crypto.equal(cardCryptogram, Scp03Crypto.cardCryptogram(sessionKeys, hostChallenge, cardChallenge))) {
                throw new SecureElementException(Reason.SECURITY,
                        String.format("the card cryptogram does not verify: the card does not hold key set %02X as given", kvn));
            }
            Scp03Session session = new Scp03Session(channel, hold, level, sessionKeys, mode);
            byte[] hostCryptogram = Scp03Crypto.hostCryptogram(sessionKeys, hostChallenge, cardChallenge);
            CommandApdu auth = session.mac(CommandApdu.of(0x84, INS_EXTERNAL_AUTHENTICATE, level.code(), 0x00, hostCryptogram));
            channel.transmit(auth).requireOk(auth);
            return session;
        } catch (SecureElementException | RuntimeException e) {
            hold.close();
            throw e;
        }
    }

    /** The security level the session runs at. */
    public SecurityLevel securityLevel() {
        return level;
    }

    @Override
    public boolean isOpen() {
        return broken == null && delegate.isOpen();
    }

    /** Ends the session: lets go of the element and closes the channel underneath. */
    @Override
    public void close() {
        hold.close();
        delegate.close();
    }

    @Override
    public synchronized ResponseApdu transmit(CommandApdu command) throws SecureElementException {
        if (broken != null) {
            throw new SecureElementException(Reason.SECURITY, "the secure channel has ended: " + broken);
        }
        if (counter >= counterLimit) {
            throw end("the encryption counter is exhausted; open a new session");
        }
        counter++;
        CommandApdu wrapped = wrap(command);
        ResponseApdu answer = delegate.transmit(wrapped);
        return unwrap(answer, command);
    }

    /** C-DECRYPTION and C-MAC, as the level says; Le becomes 00 where the command had one. */
    CommandApdu wrap(CommandApdu command) {
        byte[] data = command.data();
        if (level.commandEncryption() && data.length > 0) {
            data = Scp03Crypto.cbc(keys.enc(), Scp03Crypto.icv(keys.enc(), counter, false), Scp03Crypto.pad80(data), true);
        }
        int ne = command.ne() == 0 ? 0 : (command.isExtended() ? CommandApdu.MAX_NE : 256);
        if (!level.commandMac()) {
            return CommandApdu.of(command.cla(), command.ins(), command.p1(), command.p2(), data, ne);
        }
        return mac(CommandApdu.of(command.cla() | 0x04, command.ins(), command.p1(), command.p2(), data, ne));
    }

    /** Appends the C-MAC over the chaining value and the command (with Lc counting the MAC), and chains it. */
    private CommandApdu mac(CommandApdu command) {
        byte[] data = command.data();
        int lc = data.length + macLength;
        byte[] header = lc > 255
                ? new byte[] {(byte) command.cla(), (byte) command.ins(), (byte) command.p1(), (byte) command.p2(), 0, (byte) (lc >> 8), (byte) lc}
                : new byte[] {(byte) command.cla(), (byte) command.ins(), (byte) command.p1(), (byte) command.p2(), (byte) lc};
        byte[] full = Scp03Crypto.cmac(keys.mac(), Scp03Crypto.concat(chain, header, data));
        System.arraycopy(full, 0, chain, 0, 16);
        return CommandApdu.of(command.cla(), command.ins(), command.p1(), command.p2(),
                Scp03Crypto.concat(data, Arrays.copyOf(full, macLength)), command.ne());
    }

    /** R-MAC check and R-ENCRYPTION for 9000, 62xx and 63xx; other status words carry neither. */
    private ResponseApdu unwrap(ResponseApdu answer, CommandApdu command) throws SecureElementException {
        StatusWord sw = answer.statusWord();
        boolean protectedAnswer = sw.isOk() || sw.isWarning();
        if (!protectedAnswer || !level.responseMac()) {
            return command.ne() > 0 && answer.nr() > command.ne()
                    ? ResponseApdu.of(Arrays.copyOf(answer.data(), command.ne()), sw) : answer;
        }
        byte[] r = answer.data();
        if (r.length < macLength) {
            throw end("the answer to " + command.header() + " has no R-MAC (" + r.length + " bytes of data)");
        }
        byte[] data = Arrays.copyOf(r, r.length - macLength);
        byte[] rmac = Arrays.copyOfRange(r, r.length - macLength, r.length);
        byte[] expected = Arrays.copyOf(Scp03Crypto.cmac(keys.rmac(),
                Scp03Crypto.concat(chain, data, new byte[] {(byte) sw.sw1(), (byte) sw.sw2()})), macLength);
        if (!Scp03Crypto.equal(rmac, expected)) {
            throw end("the R-MAC of the answer to " + command.header() + " does not verify");
        }
        if (level.responseEncryption() && data.length > 0) {
            try {
                data = Scp03Crypto.unpad80(Scp03Crypto.cbc(keys.enc(), Scp03Crypto.icv(keys.enc(), counter, true), data, false));
            } catch (IllegalArgumentException e) {
                throw end("the answer to " + command.header() + " does not decrypt: " + e.getMessage());
            }
        }
        // Wrapping turned the caller's Le into 00 ("up to 256"): give back no more than the caller asked for.
        if (command.ne() > 0 && data.length > command.ne()) {
            data = Arrays.copyOf(data, command.ne());
        }
        return ResponseApdu.of(data, sw);
    }

    /** Ends the session for good: a channel whose integrity failed is not used again. */
    private SecureElementException end(String why) {
        broken = why;
        return new SecureElementException(Reason.SECURITY, why);
    }

    /** For tests: the counter's limit, to reach it without 2^63 commands. */
    void limitCounter(long limit) {
        this.counterLimit = limit;
    }
}
