package org.scgateway.se.sim.internal;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.scgateway.api.se.Aid;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.StatusWord;
import org.scgateway.globalplatform.scp03.Scp03Keys;
import org.scgateway.globalplatform.tlv.Tlv;

/**
 * The card's Issuer Security Domain as GlobalPlatform tools meet it (GP Card Specification 2.3, Amendment D for
 * SCP03): the FCI its SELECT answers, GET DATA of the card's data, GET STATUS of the card's registry. It answers;
 * the card decides when the ISD is the selected application and whether a secure channel is open.
 */
final class IssuerSecurityDomain {

    /** GET STATUS P1: the ISD; applications and security domains; executable load files; the same with modules. */
    static final int STATUS_ISD = 0x80;
    static final int STATUS_APPLICATIONS = 0x40;
    static final int STATUS_LOAD_FILES = 0x20;
    static final int STATUS_LOAD_FILES_AND_MODULES = 0x10;
    /** Life cycle states: a card (and its ISD) SECURED, an application SELECTABLE, a security domain PERSONALIZED. */
    static final int SECURED = 0x0F;
    static final int SELECTABLE = 0x07;
    static final int PERSONALIZED = 0x0F;
    /** Privileges, 3 bytes: the ISD's (security domain, card lock and terminate, card reset, CVM, ...), a plain application's, an SD's. */
    static final byte[] ISD_PRIVILEGES = {(byte) 0x9E, (byte) 0xFE, (byte) 0x80};
    static final byte[] NO_PRIVILEGES = {0, 0, 0};
    static final byte[] SD_PRIVILEGES = {(byte) 0x80, 0, 0};
    /** How much of a GET STATUS answer goes in one R-APDU; the rest comes with 6310 and "next occurrence". */
    static final int MAX_STATUS_DATA = 240;

    /** One entry of the card's registry. */
    record Entry(Aid aid, int lifeCycle, byte[] privileges) {
    }

    private final DedicatedFile isd;
    private final byte[] kdd;
    private final IntSupplier sequenceCounter;
    private final Supplier<List<Entry>> applications;
    private byte[] cplc = new byte[0];
    private byte[] iin = new byte[0];
    private byte[] cin = new byte[0];

    /**
     * @param applications the applications and security domains of the card other than the ISD, as now
     */
    IssuerSecurityDomain(DedicatedFile isd, byte[] kdd, IntSupplier sequenceCounter, Supplier<List<Entry>> applications) {
        this.isd = isd;
        this.kdd = kdd.clone();
        this.sequenceCounter = sequenceCounter;
        this.applications = applications;
    }

    /** The card's identity as GET DATA gives it: CPLC (with its tag 9F7F), IIN and CIN (values); empty for none. */
    void identity(byte[] cplc, byte[] iin, byte[] cin) {
        this.cplc = cplc.clone();
        this.iin = iin.clone();
        this.cin = cin.clone();
    }

    Aid aid() {
        return isd.aid();
    }

    /** The FCI a SELECT of the ISD answers: its AID, and in A5 the Security Domain Management Data and the largest command data. */
    byte[] fci() {
        return Tlv.constructed(0x6F, Tlv.primitive(0x84, isd.aid().bytes()),
                Tlv.constructed(0xA5, recognitionData(0x73), Tlv.primitive(0x9F65, new byte[] {(byte) 0xFF}))).encode();
    }

    /**
     * Card recognition data (GP Card Specification H.2): a GlobalPlatform card, Card Specification 2.3.1, the card
     * identification scheme, and SCP03 with i = 70 (pseudo-random card challenge, R-MAC and R-ENC).
     */
    private static Tlv recognitionData(int tag) {
        byte[] gp = {0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xFC, 0x6B};
        return Tlv.constructed(tag, Tlv.primitive(0x06, concat(gp, 0x01)),
                Tlv.constructed(0x60, Tlv.primitive(0x06, concat(gp, 0x02, 0x02, 0x03, 0x01))),
                Tlv.constructed(0x63, Tlv.primitive(0x06, concat(gp, 0x03))),
                Tlv.constructed(0x64, Tlv.primitive(0x06, concat(gp, 0x04, 0x03, 0x70))));
    }

    /** GET DATA: the object of that tag, with its tag and length, or 6A88. */
    ResponseApdu getData(int tag) {
        byte[] data;
        switch (tag) {
            case 0x9F7F: data = cplc.length == 0 ? null : cplc; break;
            case 0x0042: data = iin.length == 0 ? null : Tlv.primitive(0x42, iin).encode(); break;
            case 0x0045: data = cin.length == 0 ? null : Tlv.primitive(0x45, cin).encode(); break;
            case 0x0066: data = Tlv.constructed(0x66, recognitionData(0x73)).encode(); break;
            case 0x00E0: data = keyInformation(); break;
            case 0x00CF: data = Tlv.primitive(0xCF, kdd).encode(); break;
            case 0x00C1: {
                int counter = sequenceCounter.getAsInt();
                data = Tlv.primitive(0xC1, new byte[] {(byte) (counter >> 16), (byte) (counter >> 8), (byte) counter}).encode();
                break;
            }
            default: data = null;
        }
        return data == null ? ResponseApdu.of(StatusWord.REFERENCED_DATA_NOT_FOUND) : ResponseApdu.of(data, StatusWord.OK);
    }

    /** Key Information Template: for each key set, ENC, MAC and DEK (ids 1, 2, 3) as AES keys of the set's length. */
    private byte[] keyInformation() {
        List<Tlv> keys = new ArrayList<>();
        for (Scp03Keys set : isd.keySets()) {
            for (int id = 1; id <= 3; id++) {
                keys.add(Tlv.primitive(0xC0, new byte[] {(byte) id, (byte) set.version(), (byte) 0x88, (byte) set.length()}));
            }
        }
        return Tlv.constructed(0xE0, keys).encode();
    }

    /** Where a GET STATUS stopped for want of room, to go on with "next occurrence". */
    static final class StatusCursor {
        int p1 = -1;
        int next;
        byte[] criteria = new byte[0];
    }

    /**
     * GET STATUS (GP Card Specification 11.4): the ISD (P1 80), or the applications and security domains (40),
     * whose AIDs begin with the 4F criterion; P2 02 TLV format (E3 entries: 4F AID, 9F70 life cycle, C5
     * privileges, CC the associated security domain), 00 the legacy format; bit 1 of P2 goes on where the last
     * answer stopped with 6310. The card holds no executable load files its tools could act on: 20 and 10 answer
     * 6A88.
     */
    ResponseApdu getStatus(int p1, int p2, byte[] data, StatusCursor cursor) {
        boolean tlvFormat = (p2 & 0x02) != 0;
        if ((p2 & ~0x03) != 0) {
            return ResponseApdu.of(StatusWord.INCORRECT_P1_P2);
        }
        List<Entry> entries;
        switch (p1) {
            case STATUS_ISD: entries = List.of(new Entry(isd.aid(), SECURED, ISD_PRIVILEGES)); break;
            case STATUS_APPLICATIONS: entries = applications.get(); break;
            case STATUS_LOAD_FILES:
            case STATUS_LOAD_FILES_AND_MODULES: return ResponseApdu.of(StatusWord.REFERENCED_DATA_NOT_FOUND);
            default: return ResponseApdu.of(StatusWord.INCORRECT_P1_P2);
        }
        byte[] prefix;
        try {
            prefix = criterion(data);
        } catch (IllegalArgumentException e) {
            return ResponseApdu.of(StatusWord.INCORRECT_DATA);
        }
        boolean next = (p2 & 0x01) != 0;
        if (!next || cursor.p1 != p1 || !java.util.Arrays.equals(cursor.criteria, prefix)) {
            if (next) {
                return ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED); // nothing to go on with
            }
            cursor.p1 = p1;
            cursor.criteria = prefix;
            cursor.next = 0;
        }
        List<Entry> matching = new ArrayList<>();
        for (Entry e : entries) {
            byte[] aid = e.aid().bytes();
            if (aid.length >= prefix.length && java.util.Arrays.equals(aid, 0, prefix.length, prefix, 0, prefix.length)) {
                matching.add(e);
            }
        }
        if (matching.isEmpty()) {
            return ResponseApdu.of(StatusWord.REFERENCED_DATA_NOT_FOUND);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (cursor.next < matching.size()) {
            byte[] one = tlvFormat ? tlvEntry(matching.get(cursor.next)) : legacyEntry(matching.get(cursor.next));
            if (out.size() > 0 && out.size() + one.length > MAX_STATUS_DATA) {
                return ResponseApdu.of(out.toByteArray(), StatusWord.of(0x6310));
            }
            out.writeBytes(one);
            cursor.next++;
        }
        cursor.p1 = -1;
        return ResponseApdu.of(out.toByteArray(), StatusWord.OK);
    }

    /** The AID prefix of the search criterion 4F (empty for every AID); anything else is refused. */
    private static byte[] criterion(byte[] data) {
        if (data.length == 0) {
            return data;
        }
        if (data.length < 2 || data[0] != 0x4F || (data[1] & 0xFF) != data.length - 2 || data.length - 2 > 16) {
            throw new IllegalArgumentException("search criteria other than 4F");
        }
        return java.util.Arrays.copyOfRange(data, 2, data.length);
    }

    private byte[] tlvEntry(Entry e) {
        List<Tlv> fields = new ArrayList<>(List.of(Tlv.primitive(0x4F, e.aid().bytes()),
                Tlv.primitive(0x9F70, new byte[] {(byte) e.lifeCycle()}), Tlv.primitive(0xC5, e.privileges())));
        if (!e.aid().equals(isd.aid())) {
            fields.add(Tlv.primitive(0xCC, isd.aid().bytes()));
        }
        return Tlv.constructed(0xE3, fields).encode();
    }

    private static byte[] legacyEntry(Entry e) {
        byte[] aid = e.aid().bytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(aid.length);
        out.writeBytes(aid);
        out.write(e.lifeCycle());
        out.write(e.privileges()[0]);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, int... more) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + more.length);
        for (int i = 0; i < more.length; i++) {
            out[a.length + i] = (byte) more[i];
        }
        return out;
    }
}
