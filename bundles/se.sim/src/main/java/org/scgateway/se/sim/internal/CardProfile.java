package org.scgateway.se.sim.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.scgateway.api.se.Aid;
import org.scgateway.globalplatform.scp03.Scp03Keys;
import org.scgateway.globalplatform.scp03.SecurityLevel;

/**
 * A card described in JSON: identity (name, ICCID, ATR, CPLC), the ISD with its keys, and the file tree with
 * contents, access conditions, applications, their keys and demanded security levels. Read into a
 * {@link SimulatedCard}, and written back from one, which is how the card's state is kept.
 * <p>
 * Every error names the place in the profile: {@code files[2].files[0].content: not hexadecimal}.
 */
final class CardProfile {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    /** The last byte of a file this long is at offset 7FFF, the highest READ BINARY can name. */
    static final int MAX_TRANSPARENT = 0x8000;

    /** A profile that cannot be used; the message names where and why. */
    static final class InvalidProfileException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidProfileException(String message) {
            super(message);
        }
    }

    final String name;
    final String iccid;
    final byte[] atr;
    final byte[] cplc;
    /** The Issuer Identification Number and Card Image Number GET DATA gives (42, 45); empty for none. */
    final byte[] iin;
    final byte[] cin;
    final byte[] kdd;
    final int channels;
    /** The SCP03 sequence counter the card had reached (0 for a new card). */
    final int sequenceCounter;
    /** T=0 behaviour: case-4 answers through 61xx and GET RESPONSE. */
    final boolean t0;
    final DedicatedFile isd;
    final DedicatedFile mf;
    /** The card's eUICC (ISD-R, ECASD, profiles), or null. */
    final SimulatedEuicc euicc;
    private final ObjectNode source;

    private CardProfile(ObjectNode source, String name, String iccid, byte[] atr, byte[][] identity, byte[] kdd, int channels,
            boolean t0, int sequenceCounter, DedicatedFile isd, DedicatedFile mf, SimulatedEuicc euicc) {
        this.euicc = euicc;
        this.t0 = t0;
        this.sequenceCounter = sequenceCounter;
        this.source = source;
        this.name = name;
        this.iccid = iccid;
        this.atr = atr;
        this.cplc = identity[0];
        this.iin = identity[1];
        this.cin = identity[2];
        this.kdd = kdd;
        this.channels = channels;
        this.isd = isd;
        this.mf = mf;
    }

    /** The card this profile describes, inserted: its counter, transmission and identity as the profile has them. */
    SimulatedCard newCard(Runnable changed) {
        SimulatedCard card = new SimulatedCard(mf, isd, kdd, channels, changed, euicc);
        card.sequenceCounter(sequenceCounter);
        card.transmissionT0(t0);
        card.identity(cplc, iin, cin);
        return card;
    }

    static CardProfile parse(byte[] json) throws InvalidProfileException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Not Jackson's message: it quotes the token at fault and up to 500 bytes around it, in a state file keys.
            throw new InvalidProfileException("not JSON" + where(e));
        } catch (IOException e) {
            throw new InvalidProfileException("could not be read (" + e.getClass().getSimpleName() + ")");
        }
        if (!(root instanceof ObjectNode)) {
            throw new InvalidProfileException("a card profile is a JSON object");
        }
        ObjectNode o = (ObjectNode) root;
        String name = text(o, "name", "");
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new InvalidProfileException("name: 1 to 64 of A-Z a-z 0-9 . _ - (it names the state file), not '" + name + "'");
        }
        String iccid = text(o, "iccid", "");
        if (!iccid.matches("[0-9]{18,20}")) {
            throw new InvalidProfileException("iccid: 18 to 20 digits, not '" + iccid + "'");
        }
        byte[] atr = hex(o, "atr", "");
        if (atr.length < 2 || atr.length > 33) {
            throw new InvalidProfileException("atr: 2 to 33 bytes, not " + atr.length);
        }
        byte[] kdd = hex(o, "kdd", "");
        if (kdd.length != 10) {
            throw new InvalidProfileException("kdd: 10 bytes, not " + kdd.length);
        }
        int channels = o.path("channels").asInt(4);
        if (channels < 4 || channels > 20) {
            throw new InvalidProfileException("channels: 4 to 20, not " + channels);
        }
        String transmission = o.path("transmission").asText("T=1");
        if (!transmission.equals("T=0") && !transmission.equals("T=1")) {
            throw new InvalidProfileException("transmission: T=0 or T=1, not '" + transmission + "'");
        }
        JsonNode isdNode = o.path("isd");
        if (!isdNode.isObject()) {
            throw new InvalidProfileException("isd: missing");
        }
        List<Scp03Keys> isdKeys = keySets(isdNode.path("keys"), "isd.keys");
        if (isdKeys.isEmpty()) {
            throw new InvalidProfileException("isd.keys: the ISD needs a key set");
        }
        DedicatedFile isd;
        try {
            isd = new DedicatedFile(0x7FFE, aid(isdNode, "isd.aid"), isdKeys, null);
        } catch (IllegalArgumentException e) {
            throw new InvalidProfileException("isd.keys: " + e.getMessage());
        }
        DedicatedFile mf = DedicatedFile.plain(0x3F00);
        files(mf, o.path("files"), "files");
        byte[][] identity = {optionalHex(o, "cplc"), optionalHex(o, "iin"), optionalHex(o, "cin")};
        if (identity[1].length > 16 || identity[2].length > 16) {
            throw new InvalidProfileException("iin and cin: 16 bytes at most");
        }
        return new CardProfile(o, name, iccid, atr, identity, kdd, channels,
                transmission.equals("T=0"), counter(o), isd, mf, o.has("euicc") ? EuiccProfiles.parse(o.path("euicc")) : null);
    }

    /** Where the JSON goes wrong, by line and column only. */
    private static String where(com.fasterxml.jackson.core.JsonProcessingException e) {
        com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
        String place = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return e instanceof com.fasterxml.jackson.core.io.JsonEOFException ? ": it ends" + place + " before its JSON does (cut short?)" : place;
    }

    private static void files(DedicatedFile parent, JsonNode array, String where) throws InvalidProfileException {
        if (array.isMissingNode()) {
            return;
        }
        if (!array.isArray()) {
            throw new InvalidProfileException(where + ": a list of files");
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode f = array.get(i);
            String at = where + "[" + i + "]";
            int fid = fid(f, at + ".fid");
            String type = text(f, "type", at);
            CardFile file;
            switch (type) {
                case "df":
                case "adf": {
                    Aid aid = type.equals("adf") ? aid(f, at + ".aid") : null;
                    List<Scp03Keys> keys = f.has("keys") ? keySets(f.path("keys"), at + ".keys") : List.of();
                    SecurityLevel level = null;
                    if (f.has("securityLevel")) {
                        try {
                            level = SecurityLevel.of(Integer.parseInt(f.path("securityLevel").asText(), 16));
                        } catch (IllegalArgumentException e) {
                            throw new InvalidProfileException(at + ".securityLevel: " + e.getMessage());
                        }
                    }
                    DedicatedFile df;
                    try {
                        df = new DedicatedFile(fid, aid, keys, level);
                    } catch (IllegalArgumentException e) {
                        throw new InvalidProfileException(at + ".keys: " + e.getMessage());
                    }
                    files(df, f.path("files"), at + ".files");
                    file = df;
                    break;
                }
                case "transparent": {
                    byte[] content = hex(f, "content", at);
                    int size = f.path("size").asInt(content.length);
                    if (size > MAX_TRANSPARENT) {
                        throw new InvalidProfileException(at + ".size: " + size + " is more than the " + MAX_TRANSPARENT
                                + " bytes that READ BINARY's 15-bit offsets reach");
                    }
                    if (size < content.length) {
                        throw new InvalidProfileException(at + ".size: " + size + " cannot hold the " + content.length + " bytes of content");
                    }
                    file = ElementaryFile.transparent(fid, pad(content, size), access(f, "read", at), access(f, "update", at));
                    break;
                }
                case "linear-fixed": {
                    int length = f.path("recordLength").asInt(0);
                    if (length < 1 || length > 255) {
                        throw new InvalidProfileException(at + ".recordLength: 1 to 255, not " + length);
                    }
                    JsonNode records = f.path("records");
                    if (!records.isArray() || records.isEmpty()) {
                        throw new InvalidProfileException(at + ".records: a list of at least one record");
                    }
                    byte[] content = new byte[records.size() * length];
                    for (int r = 0; r < records.size(); r++) {
                        byte[] rec = hexText(records.get(r).asText(), at + ".records[" + r + "]");
                        if (rec.length > length) {
                            throw new InvalidProfileException(at + ".records[" + r + "]: " + rec.length + " bytes, longer than the record length " + length);
                        }
                        System.arraycopy(pad(rec, length), 0, content, r * length, length);
                    }
                    file = ElementaryFile.linearFixed(fid, length, content, access(f, "read", at), access(f, "update", at));
                    break;
                }
                default:
                    throw new InvalidProfileException(at + ".type: one of df, adf, transparent, linear-fixed, not '" + type + "'");
            }
            try {
                parent.add(file);
            } catch (IllegalArgumentException e) {
                throw new InvalidProfileException(at + ": " + e.getMessage());
            }
        }
    }

    private static int counter(ObjectNode o) throws InvalidProfileException {
        int n = o.path("sequenceCounter").asInt(0);
        if (n < 0 || n > 0xFFFFFF) {
            throw new InvalidProfileException("sequenceCounter: 0 to FFFFFF, not " + n);
        }
        return n;
    }

    /**
     * The profile as JSON with the current contents of every transparent EF and the sequence counter: what
     * the card's state file holds.
     */
    byte[] toJsonWithContents(int sequenceCounter) throws IOException {
        ObjectNode copy = source.deepCopy();
        copy.put("sequenceCounter", sequenceCounter);
        if (copy.path("files").isArray()) {
            writeContents(mf, (ArrayNode) copy.path("files"));
        }
        if (euicc != null) {
            copy.set("euicc", EuiccProfiles.toJson(euicc));
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(copy);
    }

    private static void writeContents(DedicatedFile df, ArrayNode files) {
        if (files == null) {
            return;
        }
        for (Iterator<JsonNode> it = files.elements(); it.hasNext(); ) {
            ObjectNode f = (ObjectNode) it.next();
            // As fid() read it: hexadecimal, spaces allowed.
            CardFile file = df.child(Integer.parseInt(f.path("fid").asText().replace(" ", ""), 16));
            if (file instanceof ElementaryFile && ((ElementaryFile) file).structure() == ElementaryFile.Structure.TRANSPARENT) {
                f.put("content", HEX.formatHex(((ElementaryFile) file).content()));
                f.put("size", ((ElementaryFile) file).size());
            } else if (file instanceof DedicatedFile && f.path("files").isArray()) {
                writeContents((DedicatedFile) file, (ArrayNode) f.path("files"));
            }
        }
    }

    private static ElementaryFile.Access access(JsonNode f, String field, String at) throws InvalidProfileException {
        String v = f.path(field).asText("always");
        switch (v.toLowerCase(Locale.ROOT)) {
            case "always": return ElementaryFile.Access.ALWAYS;
            case "never": return ElementaryFile.Access.NEVER;
            case "secure-channel": return ElementaryFile.Access.SECURE_CHANNEL;
            case "public": return ElementaryFile.Access.PUBLIC;
            default: throw new InvalidProfileException(at + "." + field + ": always, never, secure-channel or public, not '" + v + "'");
        }
    }

    /** One key set (an object) or several (a list of objects, one per key version). */
    private static List<Scp03Keys> keySets(JsonNode k, String at) throws InvalidProfileException {
        if (!k.isArray()) {
            return List.of(keys(k, at));
        }
        List<Scp03Keys> sets = new ArrayList<>();
        for (int i = 0; i < k.size(); i++) {
            sets.add(keys(k.get(i), at + "[" + i + "]"));
        }
        return sets;
    }

    private static Scp03Keys keys(JsonNode k, String at) throws InvalidProfileException {
        if (!k.isObject()) {
            throw new InvalidProfileException(at + ": missing");
        }
        try {
            int version = Integer.parseInt(k.path("version").asText("30"), 16);
            // Key values are never repeated in a message.
            return Scp03Keys.of(version, hexText(k.path("enc").asText(), at + ".enc"), hexText(k.path("mac").asText(), at + ".mac"),
                    hexText(k.path("dek").asText(), at + ".dek"));
        } catch (NumberFormatException e) {
            throw new InvalidProfileException(at + ".version: hexadecimal, e.g. 30");
        } catch (IllegalArgumentException e) {
            throw new InvalidProfileException(at + ": " + e.getMessage());
        }
    }

    private static Aid aid(JsonNode node, String at) throws InvalidProfileException {
        try {
            return Aid.fromHex(node.path("aid").asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidProfileException(at + ": " + e.getMessage());
        }
    }

    private static int fid(JsonNode f, String at) throws InvalidProfileException {
        byte[] b = hexText(f.path("fid").asText(), at);
        if (b.length != 2) {
            throw new InvalidProfileException(at + ": a file identifier is 2 bytes (4 hex digits)");
        }
        return ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
    }

    private static String text(JsonNode o, String field, String at) throws InvalidProfileException {
        JsonNode v = o.path(field);
        if (!v.isTextual()) {
            throw new InvalidProfileException((at.isEmpty() ? "" : at + ".") + field + ": missing or not text");
        }
        return v.asText();
    }

    private static byte[] optionalHex(JsonNode o, String field) throws InvalidProfileException {
        return o.has(field) ? hex(o, field, "") : new byte[0];
    }

    private static byte[] hex(JsonNode o, String field, String at) throws InvalidProfileException {
        return hexText(text(o, field, at), (at.isEmpty() ? "" : at + ".") + field);
    }

    private static byte[] hexText(String s, String at) throws InvalidProfileException {
        try {
            return HexFormat.of().parseHex(s.replace(" ", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidProfileException(at + ": not hexadecimal");
        }
    }

    private static byte[] pad(byte[] content, int size) {
        byte[] out = Arrays.copyOf(content, size);
        Arrays.fill(out, content.length, size, (byte) 0xFF);
        return out;
    }

}
