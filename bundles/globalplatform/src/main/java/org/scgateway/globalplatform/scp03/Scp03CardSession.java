package org.scgateway.globalplatform.scp03;

import java.security.SecureRandom;
import java.util.Arrays;

import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.StatusWord;
import org.scgateway.api.se.StatusWordException;

/**
 * The card side of an SCP03 session, for a card that a program plays (the simulated card): answers
 * INITIALIZE UPDATE, checks EXTERNAL AUTHENTICATE, then verifies and decrypts each command and protects
 * each answer as the security level says. A failed check ends the session; the card then answers 6982 to
 * everything, as GlobalPlatform cards do. Not thread-safe: one card channel, one session.
 */
public final class Scp03CardSession {

    private final Scp03Keys keys;
    private final byte[] hostChallenge;
    private final byte[] cardChallenge;
    private final SessionKeys sessionKeys;
    private final byte[] initializeUpdateResponse;
    /** Bytes of each challenge, cryptogram and MAC: 8 in S8 mode, 16 in S16. */
    private final int s;
    private final byte[] chain = new byte[16];
    private SecurityLevel level;
    private long counter;
    private boolean ended;

    private Scp03CardSession(Scp03Keys keys, byte[] hostChallenge, byte[] cardChallenge, byte[] response) {
        this.keys = keys;
        this.hostChallenge = hostChallenge;
        this.cardChallenge = cardChallenge;
        this.s = cardChallenge.length;
        this.sessionKeys = Scp03Crypto.sessionKeys(keys, hostChallenge, cardChallenge);
        byte[] cryptogram = Scp03Crypto.cardCryptogram(sessionKeys, hostChallenge, cardChallenge);
        System.arraycopy(cryptogram, 0, response, 13 + s, s);
        this.initializeUpdateResponse = response;
    }

    /**
     * Answers INITIALIZE UPDATE, in the mode the host challenge's length asks for (8 bytes: S8, 16: S16).
     *
     * @param kdd             key diversification data, 10 bytes
     * @param sequenceCounter the key set's sequence counter (pseudo-random mode: the card challenge depends
     *                        on it, and the caller increments it per session)
     * @param sdAid           the security domain's AID (pseudo-random mode)
     * @param pseudoRandom    whether the card challenge is derived (i = 70) or random (i = 60); S16 adds 01
     * @throws IllegalArgumentException for a KDD that is not 10 bytes or a host challenge neither 8 nor 16
     */
    public static Scp03CardSession initializeUpdate(Scp03Keys keys, byte[] kdd, int sequenceCounter, byte[] sdAid,
            byte[] hostChallenge, boolean pseudoRandom) {
        if (kdd.length != 10) {
            throw new IllegalArgumentException("KDD is 10 bytes, not " + kdd.length);
        }
        Scp03Mode mode = Scp03Mode.ofChallenge(hostChallenge);
        int s = mode.length();
        byte[] cardChallenge;
        if (pseudoRandom) {
            cardChallenge = Scp03Crypto.pseudoRandomCardChallenge(keys, sequenceCounter, sdAid, mode);
        } else {
            cardChallenge = new byte[s];
            new SecureRandom().nextBytes(cardChallenge);
        }
        byte[] r = new byte[13 + 2 * s + (pseudoRandom ? 3 : 0)];
        System.arraycopy(kdd, 0, r, 0, 10);
        r[10] = (byte) keys.version();
        r[11] = 0x03;
        r[12] = (byte) ((pseudoRandom ? 0x70 : 0x60) | (mode == Scp03Mode.S16 ? Scp03Mode.I_S16 : 0));
        System.arraycopy(cardChallenge, 0, r, 13, s);
        if (pseudoRandom) {
            r[13 + 2 * s] = (byte) (sequenceCounter >> 16);
            r[14 + 2 * s] = (byte) (sequenceCounter >> 8);
            r[15 + 2 * s] = (byte) sequenceCounter;
        }
        return new Scp03CardSession(keys, hostChallenge.clone(), cardChallenge, r);
    }

    /** The data of the answer to INITIALIZE UPDATE (status 9000). */
    public byte[] initializeUpdateResponse() {
        return initializeUpdateResponse.clone();
    }

    /**
     * Checks EXTERNAL AUTHENTICATE (host cryptogram and C-MAC) and takes its security level.
     *
     * @throws StatusWordException 6982 when the host cryptogram or MAC is wrong, 6A86 for a level that is not one
     */
    public void externalAuthenticate(CommandApdu command) throws StatusWordException {
        SecurityLevel requested;
        try {
            requested = SecurityLevel.of(command.p1());
        } catch (IllegalArgumentException e) {
            throw refuse(StatusWord.INCORRECT_P1_P2, e.getMessage());
        }
        byte[] data = command.data();
        if (data.length != 2 * s) {
            throw refuse(StatusWord.WRONG_LENGTH, "EXTERNAL AUTHENTICATE carries " + 2 * s + " bytes in this mode, not " + data.length);
        }
        verifyMac(command);
        if (!Scp03Crypto.equal(Arrays.copyOf(data, s), Scp03Crypto.hostCryptogram(sessionKeys, hostChallenge, cardChallenge))) {
            throw refuse(StatusWord.SECURITY_STATUS_NOT_SATISFIED, "the host cryptogram does not verify");
        }
        level = requested;
    }

    public SecurityLevel securityLevel() {
        return level;
    }

    /** KEY_DEK, for a card that receives keys encrypted under it. */
    public byte[] dek() {
        return keys.dek();
    }

    /**
     * Verifies and decrypts a command: the command as the application should see it, in channel-0 form (the
     * card knows the channel it came on), SM indication cleared, data in clear, MAC removed.
     *
     * @throws StatusWordException 6982 (and the session ends) when the C-MAC is missing or wrong, or the data
     *         does not decrypt
     */
    public CommandApdu unwrapCommand(CommandApdu command) throws StatusWordException {
        if (ended || level == null) {
            throw refuse(StatusWord.SECURITY_STATUS_NOT_SATISFIED, "no secure channel");
        }
        counter++;
        byte[] data = command.data();
        if (level.commandMac()) {
            if (!command.isSecureMessaging()) {
                throw refuse(StatusWord.SECURITY_STATUS_NOT_SATISFIED, "the command is not protected (no SM bit)");
            }
            verifyMac(command);
            data = Arrays.copyOf(data, data.length - s);
        }
        if (level.commandEncryption() && data.length > 0) {
            try {
                data = Scp03Crypto.unpad80(Scp03Crypto.cbc(sessionKeys.enc(), Scp03Crypto.icv(sessionKeys.enc(), counter, false), data, false));
            } catch (IllegalArgumentException e) {
                throw refuse(StatusWord.SECURITY_STATUS_NOT_SATISFIED, "the command does not decrypt: " + e.getMessage());
            }
        }
        return CommandApdu.of(macCla(command.cla()) & ~0x0C, command.ins(), command.p1(), command.p2(), data, command.ne());
    }

    /** Protects an answer: R-ENCRYPTION then R-MAC, for 9000, 62xx and 63xx. */
    public ResponseApdu wrapResponse(ResponseApdu answer) {
        StatusWord sw = answer.statusWord();
        if (ended || level == null || !level.responseMac() || !(sw.isOk() || sw.isWarning())) {
            return answer;
        }
        byte[] data = answer.data();
        if (level.responseEncryption() && data.length > 0) {
            data = Scp03Crypto.cbc(sessionKeys.enc(), Scp03Crypto.icv(sessionKeys.enc(), counter, true), Scp03Crypto.pad80(data), true);
        }
        byte[] rmac = Arrays.copyOf(Scp03Crypto.cmac(sessionKeys.rmac(),
                Scp03Crypto.concat(chain, data, new byte[] {(byte) sw.sw1(), (byte) sw.sw2()})), s);
        return ResponseApdu.of(Scp03Crypto.concat(data, rmac), sw);
    }

    /** Whether a check has failed: the session is over. */
    public boolean isEnded() {
        return ended;
    }

    private void verifyMac(CommandApdu command) throws StatusWordException {
        byte[] data = command.data();
        if (data.length < s) {
            throw refuse(StatusWord.SECURITY_STATUS_NOT_SATISFIED, "the command carries no C-MAC");
        }
        int lc = data.length;
        int cla = macCla(command.cla());
        byte[] header = lc > 255
                ? new byte[] {(byte) cla, (byte) command.ins(), (byte) command.p1(), (byte) command.p2(), 0, (byte) (lc >> 8), (byte) lc}
                : new byte[] {(byte) cla, (byte) command.ins(), (byte) command.p1(), (byte) command.p2(), (byte) lc};
        byte[] full = Scp03Crypto.cmac(sessionKeys.mac(), Scp03Crypto.concat(chain, header, Arrays.copyOf(data, data.length - s)));
        if (!Scp03Crypto.equal(Arrays.copyOf(full, s), Arrays.copyOfRange(data, data.length - s, data.length))) {
            throw refuse(StatusWord.SECURITY_STATUS_NOT_SATISFIED, "the C-MAC does not verify");
        }
        System.arraycopy(full, 0, chain, 0, 16);
    }

    /** The class byte the MAC covers: the channel-0 form, proprietary bit and SM bit kept. */
    static int macCla(int cla) {
        return CommandApdu.of(cla, 0, 0, 0).onChannel(0).cla();
    }

    private StatusWordException refuse(StatusWord sw, String why) {
        ended = true;
        return new StatusWordException(sw, "SCP03: " + why);
    }
}
