package org.scgateway.se.sim.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.scgateway.api.se.Aid;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.StatusWord;
import org.scgateway.api.se.StatusWordException;
import org.scgateway.globalplatform.scp03.Scp03CardSession;
import org.scgateway.globalplatform.scp03.Scp03Keys;

/**
 * The simulated UICC: takes a command APDU (the logical channel in its CLA) and answers as an ISO/IEC
 * 7816-4 card with a GlobalPlatform security domain would. Each logical channel keeps its own selection
 * and its own SCP03 session; an application may demand a security level for every access to its files.
 * <p>
 * Commands: MANAGE CHANNEL, SELECT (by DF name, FID, path from the MF or from the current DF), READ and
 * UPDATE BINARY, READ RECORD, INITIALIZE UPDATE and EXTERNAL AUTHENTICATE. One command at a time.
 */
final class SimulatedCard {

    static final int INS_MANAGE_CHANNEL = 0x70;
    static final int INS_SELECT = 0xA4;
    static final int INS_READ_BINARY = 0xB0;
    static final int INS_UPDATE_BINARY = 0xD6;
    static final int INS_READ_RECORD = 0xB2;
    static final int INS_INITIALIZE_UPDATE = 0x50;
    static final int INS_EXTERNAL_AUTHENTICATE = 0x82;
    static final int INS_GET_RESPONSE = 0xC0;
    static final int INS_STORE_DATA = 0xE2;
    static final int INS_GET_DATA = 0xCA;
    static final int INS_GET_STATUS = 0xF2;
    /** The most an ES10 request may be: 256 blocks of STORE DATA at most, but no ES10c request comes near. */
    static final int MAX_STORE_DATA = 0x4000;
    static final int CURRENT_ADF = 0x7FFF;

    /** What one logical channel has selected, and its secure channel. */
    private static final class Channel {
        DedicatedFile df;
        ElementaryFile ef;
        Scp03CardSession session;
        boolean authenticated;
        /** T=0: the answer waiting for GET RESPONSE, and how much of it was fetched. */
        ResponseApdu pending;
        int fetched;
        /** STORE DATA to the ISD-R: the blocks so far, and the number the next must have. */
        java.io.ByteArrayOutputStream storeData;
        int nextBlock;
        /** GET STATUS: where the last answer stopped with 6310. */
        final IssuerSecurityDomain.StatusCursor status = new IssuerSecurityDomain.StatusCursor();
    }

    private final DedicatedFile mf;
    private final DedicatedFile isd;
    private final byte[] kdd;
    /** The logical channels of the gateway's own interface (in process). */
    private final Channel[] channels;
    /**
     * The logical channels of the vpcd bridge, a second interface with channels and sessions of its own, as a
     * dual-interface card has: pcscd powers an idle card off after 5 s and on again at the next connect, and that
     * power cycle must not end what the gateway does with the card in process at the same moment.
     */
    private final Channel[] bridged;
    private final Runnable changed;
    private final SimulatedEuicc euicc;
    private final IssuerSecurityDomain gp;
    private boolean t0;
    private int sequenceCounter;

    /**
     * @param mf          the file tree
     * @param isd         the issuer security domain (an application DF outside the tree, with keys)
     * @param kdd         key diversification data the card reports in INITIALIZE UPDATE (10 bytes)
     * @param maxChannels logical channels supported, basic channel included (4 to 20)
     */
    SimulatedCard(DedicatedFile mf, DedicatedFile isd, byte[] kdd, int maxChannels) {
        this(mf, isd, kdd, maxChannels, () -> { }, null);
    }

    /**
     * @param changed called after every change of a file's content, to keep the state
     * @param euicc   the card's ISD-R and ECASD, or null for a card that is no eUICC
     */
    SimulatedCard(DedicatedFile mf, DedicatedFile isd, byte[] kdd, int maxChannels, Runnable changed, SimulatedEuicc euicc) {
        this.changed = changed;
        this.euicc = euicc;
        if (maxChannels < 4 || maxChannels > 20) {
            throw new IllegalArgumentException("a card offers 4 to 20 logical channels, not " + maxChannels);
        }
        this.mf = mf;
        this.isd = isd;
        this.kdd = kdd.clone();
        this.channels = new Channel[maxChannels];
        this.bridged = new Channel[maxChannels];
        this.gp = new IssuerSecurityDomain(isd, kdd, () -> sequenceCounter, this::registry);
        reset();
        resetBridged();
    }

    /** The card's identity as its ISD gives it to GET DATA: CPLC (with its tag), IIN and CIN; empty arrays for none. */
    synchronized void identity(byte[] cplc, byte[] iin, byte[] cin) {
        gp.identity(cplc, iin, cin);
    }

    /** The registry GET STATUS reads: every application of the file tree, and the eUICC's security domains. */
    private List<IssuerSecurityDomain.Entry> registry() {
        List<IssuerSecurityDomain.Entry> out = new ArrayList<>();
        collectApplications(mf, out);
        if (euicc != null) {
            out.add(new IssuerSecurityDomain.Entry(euicc.isdR.aid(), IssuerSecurityDomain.PERSONALIZED, IssuerSecurityDomain.SD_PRIVILEGES));
            out.add(new IssuerSecurityDomain.Entry(euicc.ecasd.aid(), IssuerSecurityDomain.PERSONALIZED, IssuerSecurityDomain.SD_PRIVILEGES));
        }
        return out;
    }

    private static void collectApplications(DedicatedFile df, List<IssuerSecurityDomain.Entry> out) {
        for (CardFile f : df.children()) {
            if (f instanceof DedicatedFile) {
                DedicatedFile d = (DedicatedFile) f;
                if (d.aid() != null) {
                    out.add(new IssuerSecurityDomain.Entry(d.aid(), IssuerSecurityDomain.SELECTABLE, IssuerSecurityDomain.NO_PRIVILEGES));
                }
                collectApplications(d, out);
            }
        }
    }

    /**
     * Whether the channel's selected application is the ISD: selected by name, or no other application selected
     * (after a reset, on a new channel, in the MF's files): the ISD is the card's default application.
     */
    private boolean isdSelected(Channel c) {
        return c.df == isd || c.df == null || c.df.application() == null;
    }

    /**
     * T=0 behaviour: an answer with data to a command with data (ISO case 4) comes as 61xx, and its data with
     * GET RESPONSE, as on a T=0 card. Off (the default), answers come whole, as on T=1.
     */
    synchronized void transmissionT0(boolean on) {
        this.t0 = on;
    }

    /** A cold reset: only the basic channel is open, with the MF selected and no secure channel. */
    synchronized void reset() {
        reset(channels);
    }

    /** A cold reset of the vpcd bridge's interface (a power cycle in pcscd); the in-process one goes on. */
    synchronized void resetBridged() {
        reset(bridged);
    }

    private void reset(Channel[] set) {
        Arrays.fill(set, null);
        set[0] = new Channel();
        set[0].df = mf;
    }

    /** A command through the gateway's own interface. */
    synchronized ResponseApdu transmit(CommandApdu command) {
        return transmit(channels, command);
    }

    /** A command through the vpcd bridge's interface. */
    synchronized ResponseApdu transmitBridged(CommandApdu command) {
        return transmit(bridged, command);
    }

    private ResponseApdu transmit(Channel[] set, CommandApdu command) {
        int ch = command.channel();
        if (ch >= set.length || set[ch] == null) {
            return ResponseApdu.of(StatusWord.LOGICAL_CHANNEL_NOT_SUPPORTED);
        }
        Channel c = set[ch];
        // GET RESPONSE in any class: SGP.22 LPAs fetch an ES10 answer with the class of the STORE DATA they sent
        // (80, or 81 on channel 1), as real eUICCs accept.
        if (command.ins() == INS_GET_RESPONSE) {
            return getResponse(c, command);
        }
        c.pending = null;
        ResponseApdu answer = process(set, c, ch, command);
        // An ES10 answer longer than Le (a long profile list) comes through 61xx, as real eUICCs send it.
        boolean tooLong = command.ins() == INS_STORE_DATA && answer.nr() > command.ne();
        if ((t0 && command.nc() > 0 && command.ne() > 0 && answer.nr() > 0) || tooLong) {
            c.pending = answer;
            c.fetched = 0;
            return ResponseApdu.of(StatusWord.of(0x61, answer.nr() >= 256 ? 0 : answer.nr()));
        }
        return answer;
    }

    /** GET RESPONSE: the next part of the waiting answer; 61xx while more remains. */
    private ResponseApdu getResponse(Channel c, CommandApdu command) {
        if (c.pending == null) {
            return ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        byte[] data = c.pending.data();
        int remaining = data.length - c.fetched;
        int n = Math.min(command.ne() == 0 ? 256 : command.ne(), remaining);
        byte[] part = Arrays.copyOfRange(data, c.fetched, c.fetched + n);
        c.fetched += n;
        remaining -= n;
        if (remaining > 0) {
            return ResponseApdu.of(part, StatusWord.of(0x61, remaining >= 256 ? 0 : remaining));
        }
        StatusWord last = c.pending.statusWord();
        c.pending = null;
        return ResponseApdu.of(part, last);
    }

    private ResponseApdu process(Channel[] set, Channel c, int ch, CommandApdu command) {
        try {
            if (command.ins() == INS_INITIALIZE_UPDATE && command.isProprietaryClass()) {
                return initializeUpdate(c, command);
            }
            if (command.ins() == INS_EXTERNAL_AUTHENTICATE && command.isProprietaryClass()) {
                if (c.session == null) {
                    return ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED);
                }
                c.session.externalAuthenticate(command);
                c.authenticated = true;
                return ResponseApdu.of(StatusWord.OK);
            }
            if (command.ins() == INS_SELECT && command.p1() == 0x04 && c.session != null && !command.isProprietaryClass()) {
                // Selecting an application ends the channel's secure channel session (GP Card Specification): the
                // SELECT is the runtime's, processed plain, so that a program that left a session open does not
                // lock the next one out. A SELECT sent inside the session (with secure messaging) is not processed.
                endSession(c);
                return command.isSecureMessaging() ? ResponseApdu.of(StatusWord.SECURE_MESSAGING_NOT_SUPPORTED) : dispatch(set, c, ch, command);
            }
            boolean protectedCommand = c.authenticated && c.session.securityLevel().commandMac();
            if (command.isSecureMessaging() != protectedCommand) {
                return refuse(c);
            }
            CommandApdu plain = protectedCommand ? c.session.unwrapCommand(command) : command;
            ResponseApdu answer = dispatch(set, c, ch, plain);
            return c.authenticated ? c.session.wrapResponse(answer) : answer;
        } catch (StatusWordException e) {
            endSession(c);
            return ResponseApdu.of(e.statusWord());
        }
    }

    /** The SCP03 sequence counter: the pseudo-random card challenges derive from it. */
    synchronized int sequenceCounter() {
        return sequenceCounter;
    }

    synchronized void sequenceCounter(int value) {
        this.sequenceCounter = value;
    }

    /** Current secure-channel state of a channel, for tests and for status. */
    synchronized boolean isAuthenticated(int channel) {
        return channels[channel] != null && channels[channel].authenticated;
    }

    private ResponseApdu refuse(Channel c) {
        endSession(c);
        return ResponseApdu.of(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
    }

    private void endSession(Channel c) {
        c.session = null;
        c.authenticated = false;
    }

    private ResponseApdu dispatch(Channel[] set, Channel c, int ch, CommandApdu cmd) {
        DedicatedFile app = c.df == null ? null : c.df.application();
        if (CredentialApplet.handles(app, cmd)) {
            return CredentialApplet.process(app, cmd, c.authenticated && levelMet(c, app), changed);
        }
        switch (cmd.ins()) {
            case INS_MANAGE_CHANNEL: return manageChannel(set, ch, cmd);
            case INS_SELECT: return select(c, cmd);
            case INS_READ_BINARY: return readBinary(c, cmd);
            case INS_UPDATE_BINARY: return updateBinary(c, cmd);
            case INS_READ_RECORD: return readRecord(c, cmd);
            case INS_STORE_DATA: return storeData(c, cmd);
            case INS_GET_DATA: return isdSelected(c) ? gp.getData((cmd.p1() << 8) | cmd.p2()) : getData(c, cmd);
            case INS_GET_STATUS: return getStatus(c, cmd);
            default: return ResponseApdu.of(StatusWord.INS_NOT_SUPPORTED);
        }
    }

    private ResponseApdu manageChannel(Channel[] set, int from, CommandApdu cmd) {
        if (cmd.p1() == 0x00) {
            if (cmd.p2() != 0x00) {
                return ResponseApdu.of(StatusWord.INCORRECT_P1_P2); // the card assigns the number
            }
            for (int i = 1; i < set.length; i++) {
                if (set[i] == null) {
                    set[i] = new Channel();
                    set[i].df = mf;
                    return ResponseApdu.of(new byte[] {(byte) i}, StatusWord.OK);
                }
            }
            return ResponseApdu.of(StatusWord.of(0x6A81));
        }
        if (cmd.p1() == 0x80) {
            int target = cmd.p2() == 0 ? from : cmd.p2();
            if (target == 0 || target >= set.length || set[target] == null) {
                return ResponseApdu.of(StatusWord.INCORRECT_P1_P2);
            }
            set[target] = null;
            return ResponseApdu.of(StatusWord.OK);
        }
        return ResponseApdu.of(StatusWord.INCORRECT_P1_P2);
    }

    private ResponseApdu select(Channel c, CommandApdu cmd) {
        byte[] d = cmd.data();
        CardFile found;
        switch (cmd.p1()) {
            case 0x04:
                found = d.length == 0 ? isd : selectByName(d); // no name: the default application, the ISD
                break;
            case 0x00:
                found = d.length == 0 ? mf : (d.length == 2 ? selectByFid(c, fid(d, 0)) : null);
                if (d.length != 0 && d.length != 2) {
                    return ResponseApdu.of(StatusWord.WRONG_LENGTH);
                }
                break;
            case 0x08:
                found = walk(mf, c, d);
                break;
            case 0x09:
                found = walk(c.df == isd ? mf : c.df, c, d);
                break;
            default:
                return ResponseApdu.of(StatusWord.INCORRECT_P1_P2);
        }
        if (found == null) {
            return ResponseApdu.of(StatusWord.FILE_NOT_FOUND);
        }
        DedicatedFile app = found.application();
        boolean isApplicationItself = found == app;
        boolean isPublic = found instanceof ElementaryFile && ((ElementaryFile) found).readAccess() == ElementaryFile.Access.PUBLIC;
        if (!isApplicationItself && !isPublic && !levelMet(c, app)) {
            return ResponseApdu.of(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
        }
        if (found instanceof DedicatedFile) {
            if (app != (c.df == null ? null : c.df.application())) {
                endSession(c); // another application: its secure channel is not this one's
            }
            c.df = (DedicatedFile) found;
            c.ef = null;
        } else {
            c.ef = (ElementaryFile) found;
            c.df = found.parent();
        }
        if ((cmd.p2() & 0x0C) == 0x0C) {
            return ResponseApdu.of(StatusWord.OK);
        }
        return ResponseApdu.of(found == isd ? gp.fci() : found.fcp(), StatusWord.OK);
    }

    private CardFile selectByName(byte[] name) {
        if (name.length < 5 || name.length > 16) {
            return null;
        }
        Aid wanted = Aid.of(name);
        if (isd.aid().startsWith(wanted)) {
            return isd;
        }
        if (euicc != null && euicc.isdR.aid().startsWith(wanted)) {
            return euicc.isdR;
        }
        if (euicc != null && euicc.ecasd.aid().startsWith(wanted)) {
            return euicc.ecasd;
        }
        return findApplication(mf, wanted);
    }

    private static DedicatedFile findApplication(DedicatedFile df, Aid wanted) {
        for (CardFile f : df.children()) {
            if (f instanceof DedicatedFile) {
                DedicatedFile d = (DedicatedFile) f;
                if (d.aid() != null && d.aid().startsWith(wanted)) {
                    return d;
                }
                DedicatedFile deeper = findApplication(d, wanted);
                if (deeper != null) {
                    return deeper;
                }
            }
        }
        return null;
    }

    /** A child of the current DF, the current DF itself, its parent, or a sibling (as UICCs allow). */
    private CardFile selectByFid(Channel c, int fid) {
        if (fid == 0x3F00) {
            return mf;
        }
        if (fid == CURRENT_ADF) {
            return c.df == null ? null : c.df.application();
        }
        DedicatedFile df = c.df == isd ? mf : c.df; // the ISD is outside the file tree: its files are the MF's
        if (df.fid() == fid) {
            return df;
        }
        CardFile child = df.child(fid);
        if (child != null) {
            return child;
        }
        DedicatedFile parent = df.parent();
        if (parent != null) {
            return parent.fid() == fid ? parent : parent.child(fid);
        }
        return null;
    }

    private CardFile walk(DedicatedFile from, Channel c, byte[] path) {
        if (path.length == 0 || path.length % 2 != 0) {
            return null;
        }
        CardFile at = from;
        for (int i = 0; i < path.length; i += 2) {
            int fid = fid(path, i);
            if (i == 0 && fid == CURRENT_ADF) {
                at = c.df == null ? null : c.df.application();
            } else if (i == 0 && fid == 0x3F00 && from == mf) {
                at = mf;
            } else if (at instanceof DedicatedFile) {
                at = ((DedicatedFile) at).child(fid);
            } else {
                return null;
            }
            if (at == null) {
                return null;
            }
        }
        return at;
    }

    private ResponseApdu readBinary(Channel c, CommandApdu cmd) {
        ElementaryFile ef = currentTransparent(c);
        if (ef == null) {
            return ResponseApdu.of(StatusWord.COMMAND_NOT_ALLOWED);
        }
        if ((cmd.p1() & 0x80) != 0) {
            return ResponseApdu.of(StatusWord.FUNCTION_NOT_SUPPORTED); // short-file-identifier reads
        }
        if (!allowed(c, ef, ef.readAccess())) {
            return ResponseApdu.of(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
        }
        int offset = (cmd.p1() << 8) | cmd.p2();
        if (offset > ef.size()) {
            return ResponseApdu.of(StatusWord.WRONG_P1_P2);
        }
        // Le 00 (Ne 256) and extended 0000 (Ne 65536) ask for "as much as there is": a shorter answer is normal.
        // An explicit Ne the file cannot fill is answered with what there is and the warning 6282.
        boolean upToMaximum = cmd.ne() == 0 || cmd.ne() == CommandApdu.MAX_SHORT_NE || cmd.ne() == CommandApdu.MAX_NE;
        int wanted = cmd.ne() == 0 ? CommandApdu.MAX_SHORT_NE : cmd.ne();
        int n = Math.min(wanted, ef.size() - offset);
        return ResponseApdu.of(ef.read(offset, n), n < wanted && !upToMaximum ? StatusWord.of(0x6282) : StatusWord.OK);
    }

    private ResponseApdu updateBinary(Channel c, CommandApdu cmd) {
        ElementaryFile ef = currentTransparent(c);
        if (ef == null) {
            return ResponseApdu.of(StatusWord.COMMAND_NOT_ALLOWED);
        }
        if (!allowed(c, ef, ef.updateAccess())) {
            return ResponseApdu.of(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
        }
        int offset = ((cmd.p1() & 0x7F) << 8) | cmd.p2();
        if ((cmd.p1() & 0x80) != 0 || offset > ef.size()) {
            return ResponseApdu.of(StatusWord.WRONG_P1_P2);
        }
        if (offset + cmd.nc() > ef.size()) {
            return ResponseApdu.of(StatusWord.NOT_ENOUGH_MEMORY);
        }
        ef.write(offset, cmd.data());
        changed.run();
        return ResponseApdu.of(StatusWord.OK);
    }

    private ResponseApdu readRecord(Channel c, CommandApdu cmd) {
        ElementaryFile ef = c.ef;
        if (ef == null || ef.structure() != ElementaryFile.Structure.LINEAR_FIXED) {
            return ResponseApdu.of(ef == null ? StatusWord.COMMAND_NOT_ALLOWED : StatusWord.of(0x6981));
        }
        if ((cmd.p2() & 0x07) != 0x04 || (cmd.p2() >> 3) != 0) {
            return ResponseApdu.of(StatusWord.INCORRECT_P1_P2); // absolute mode on the current EF only
        }
        if (!allowed(c, ef, ef.readAccess())) {
            return ResponseApdu.of(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
        }
        if (cmd.p1() < 1 || cmd.p1() > ef.records()) {
            return ResponseApdu.of(StatusWord.RECORD_NOT_FOUND);
        }
        return ResponseApdu.of(ef.record(cmd.p1()), StatusWord.OK);
    }

    /**
     * STORE DATA to the ISD-R (GlobalPlatform, as ES10 uses it): blocks numbered from 0 in P2, P1 bit 8 on the
     * last one; the request is carried out when the last block arrives and its answer comes back to it (through
     * 61xx when it is longer than Le). A block out of order ends the sequence.
     */
    private ResponseApdu storeData(Channel c, CommandApdu cmd) {
        if (euicc == null || c.df != euicc.isdR || !cmd.isProprietaryClass()) {
            return ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        if (cmd.p2() == 0) {
            c.storeData = new java.io.ByteArrayOutputStream();
            c.nextBlock = 0;
        }
        if (c.storeData == null || cmd.p2() != c.nextBlock) {
            c.storeData = null;
            return ResponseApdu.of(StatusWord.INCORRECT_P1_P2);
        }
        if (c.storeData.size() + cmd.nc() > MAX_STORE_DATA) {
            c.storeData = null;
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        c.storeData.writeBytes(cmd.data());
        c.nextBlock++;
        if ((cmd.p1() & 0x80) == 0) {
            return ResponseApdu.of(StatusWord.OK);
        }
        byte[] request = c.storeData.toByteArray();
        c.storeData = null;
        try {
            return ResponseApdu.of(euicc.storeData(request), StatusWord.OK);
        } catch (StatusWordException e) {
            return ResponseApdu.of(e.statusWord());
        }
    }

    /** GET STATUS to the ISD, inside a secure channel, as GlobalPlatform has it. */
    private ResponseApdu getStatus(Channel c, CommandApdu cmd) {
        if (!isdSelected(c)) {
            return ResponseApdu.of(StatusWord.INS_NOT_SUPPORTED);
        }
        if (!cmd.isProprietaryClass()) {
            return ResponseApdu.of(StatusWord.CLA_NOT_SUPPORTED);
        }
        if (!c.authenticated) {
            return ResponseApdu.of(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
        }
        return gp.getStatus(cmd.p1(), cmd.p2(), cmd.data(), c.status);
    }

    /** GET DATA on the ECASD: the EID. */
    private ResponseApdu getData(Channel c, CommandApdu cmd) {
        if (euicc == null || c.df != euicc.ecasd || !cmd.isProprietaryClass()) {
            return ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        try {
            return ResponseApdu.of(euicc.getData((cmd.p1() << 8) | cmd.p2()), StatusWord.OK);
        } catch (StatusWordException e) {
            return ResponseApdu.of(e.statusWord());
        }
    }

    private ResponseApdu initializeUpdate(Channel c, CommandApdu cmd) {
        DedicatedFile app = c.df == null ? null : c.df.application();
        DedicatedFile owner = app != null && app.hasKeys() ? app : isd;
        Scp03Keys keys = owner.keys(cmd.p1());
        if (keys == null) {
            return ResponseApdu.of(StatusWord.REFERENCED_DATA_NOT_FOUND);
        }
        if (cmd.nc() != 8 && cmd.nc() != 16) { // the host challenge: S8 or S16 mode
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        if (sequenceCounter >= 0xFFFFFF) {
            return ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED); // the counter never wraps: challenges would repeat
        }
        sequenceCounter++;
        changed.run(); // kept before use, so that no challenge repeats after a restart or a kill
        c.session = Scp03CardSession.initializeUpdate(keys, kdd, sequenceCounter, owner.aid().bytes(), cmd.data(), true);
        c.authenticated = false;
        return ResponseApdu.of(c.session.initializeUpdateResponse(), StatusWord.OK);
    }

    private ElementaryFile currentTransparent(Channel c) {
        return c.ef != null && c.ef.structure() == ElementaryFile.Structure.TRANSPARENT ? c.ef : null;
    }

    private boolean allowed(Channel c, ElementaryFile ef, ElementaryFile.Access access) {
        switch (access) {
            case NEVER: return false;
            case PUBLIC: return true;
            case SECURE_CHANNEL: return c.authenticated && levelMet(c, ef.application());
            default: return levelMet(c, ef.application());
        }
    }

    /** Whether the channel's secure channel covers the level the application demands. */
    private boolean levelMet(Channel c, DedicatedFile app) {
        if (app == null || app.requiredLevel() == null) {
            return true;
        }
        int need = app.requiredLevel().code();
        return c.authenticated && (c.session.securityLevel().code() & need) == need;
    }

    private static int fid(byte[] d, int at) {
        return ((d[at] & 0xFF) << 8) | (d[at + 1] & 0xFF);
    }
}
