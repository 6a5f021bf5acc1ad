package org.scgateway.se.sim.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.scgateway.globalplatform.scp03.Scp03Keys;
import org.scgateway.se.sim.internal.CardProfile.InvalidProfileException;

/**
 * A card profile, and the state file the simulated card writes and reads at its next start (the same JSON with the
 * contents and counters of the moment), from whoever edits them: a parse gives a card whose state file parses back to the
 * same card and is written again byte for byte (the state file is a fixed point), or throws {@link InvalidProfileException}
 * saying where — never another exception, never a hang, never memory for a size it has not checked. Regression inputs:
 * {@code src/test/resources/.../CardProfileFuzzTestInputs/}; fuzzing: {@code bench/fuzz}.
 */
class CardProfileFuzzTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectNode DEFAULT;
    private static final List<String> KEYS = List.of("name", "iccid", "atr", "kdd", "cplc", "iin", "cin", "channels", "transmission",
            "sequenceCounter", "isd", "aid", "keys", "version", "enc", "mac", "dek", "files", "fid", "type", "securityLevel", "content",
            "size", "recordLength", "records", "read", "update", "euicc", "eid", "profiles", "state", "class", "policyRules", "fallback",
            "notifications", "events", "address", "pendingNotifications", "seq", "event", "notificationSequence", "nickname",
            "serviceProvider");
    private static final List<String> WORDS = List.of("df", "adf", "transparent", "linear-fixed", "T=0", "T=1", "always", "never",
            "secure-channel", "public", "enabled", "disabled", "test", "provisioning", "operational", "disabling-not-allowed",
            "deletion-not-allowed", "deletion-required-on-disable", "install", "enable", "disable", "delete", "30", "3F", "33", "01",
            "7FF0", "3F 00", "2FE2", "404142434445464748494A4B4C4D4E4F", "A000000151000000", "89445000000000000019",
            "89049044900000000000000000102355", "A0000005591010FFFFFFFF8900001000", "");

    static {
        try (InputStream in = CardProfileFuzzTest.class.getResourceAsStream("/profiles/default.json")) {
            DEFAULT = (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    @DictionaryEntries({"\"name\":", "\"iccid\":", "\"atr\":", "\"kdd\":", "\"cplc\":", "\"iin\":", "\"cin\":", "\"channels\":",
            "\"transmission\":", "\"T=0\"", "\"sequenceCounter\":", "\"isd\":", "\"aid\":", "\"keys\":", "\"version\":", "\"enc\":",
            "\"mac\":", "\"dek\":", "\"files\":", "\"fid\":", "\"type\":", "\"df\"", "\"adf\"", "\"transparent\"", "\"linear-fixed\"",
            "\"securityLevel\":", "\"content\":", "\"size\":", "\"recordLength\":", "\"records\":", "\"read\":", "\"update\":",
            "\"secure-channel\"", "\"public\"", "\"never\"", "\"euicc\":", "\"eid\":", "\"profiles\":", "\"state\":", "\"enabled\"",
            "\"class\":", "\"policyRules\":", "\"deletion-not-allowed\"", "\"fallback\":", "\"notifications\":", "\"events\":",
            "\"address\":", "\"pendingNotifications\":", "\"seq\":", "\"event\":", "\"notificationSequence\":", "\"nickname\":",
            "\"serviceProvider\":", "\"404142434445464748494A4B4C4D4E4F\"", "\"89049044900000000000000000102355\"",
            "\"89445000000000000019\"", "\"A0000005591010FFFFFFFF8900001000\""})
    void readsACardWhoseStateReadsBackOrSaysWhere(byte[] input) throws IOException {
        readsBackOrSaysWhere(input);
    }

    /**
     * The same, for the built-in profile with a few of its values replaced, removed or added anywhere in the tree: JSON
     * that is well formed, so that every check of the profile's content is reached.
     */
    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "10m")
    void aValidProfileChangedAnywhereReadsBackOrSaysWhere(FuzzedDataProvider data) throws IOException {
        ObjectNode root = DEFAULT.deepCopy();
        int changes = data.consumeInt(1, 4);
        for (int i = 0; i < changes; i++) {
            change(root, data);
        }
        readsBackOrSaysWhere(JSON.writeValueAsBytes(root));
    }

    private static void readsBackOrSaysWhere(byte[] input) throws IOException {
        CardProfile p;
        try {
            p = CardProfile.parse(input);
        } catch (InvalidProfileException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a refusal says where and why");
            return;
        }
        byte[] state = p.toJsonWithContents(p.sequenceCounter);
        CardProfile again;
        try {
            again = CardProfile.parse(state);
        } catch (InvalidProfileException e) {
            throw new AssertionError("the card's own state file is refused at the next start: " + e.getMessage(), e);
        }
        assertEquals(describe(p), describe(again), "the state file gives the same card");
        assertEquals(p.euicc == null, again.euicc == null);
        if (p.euicc != null) {
            assertEquals(p.euicc.eid(), again.euicc.eid());
            assertEquals(p.euicc.profiles(), again.euicc.profiles(), "the same profiles, names and all");
        }
        assertArrayEquals(state, again.toJsonWithContents(again.sequenceCounter), "the state file is a fixed point");
        p.newCard(() -> { });
    }

    /** One change somewhere below {@code node}: a value replaced, removed, or added. */
    private static void change(JsonNode node, FuzzedDataProvider data) {
        while (node.size() > 0 && data.consumeBoolean()) {
            JsonNode child = child(node, data);
            if (!child.isContainerNode()) {
                break;
            }
            node = child;
        }
        int what = data.consumeInt(0, 2);
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            List<String> names = fieldNames(o);
            String name = what == 2 || names.isEmpty() ? data.pickValue(KEYS) : names.get(data.consumeInt(0, names.size() - 1));
            if (what == 1) {
                o.remove(name);
            } else {
                o.set(name, value(data));
            }
        } else if (node.isArray()) {
            ArrayNode a = (ArrayNode) node;
            if (what == 2 || a.isEmpty()) {
                a.add(value(data));
            } else if (what == 1) {
                a.remove(data.consumeInt(0, a.size() - 1));
            } else {
                a.set(data.consumeInt(0, a.size() - 1), value(data));
            }
        }
    }

    /** A member of an object or an element of an array (a container of at least one). */
    private static JsonNode child(JsonNode node, FuzzedDataProvider data) {
        int i = data.consumeInt(0, node.size() - 1);
        return node.isObject() ? node.get(fieldNames(node).get(i)) : node.get(i);
    }

    private static List<String> fieldNames(JsonNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode value(FuzzedDataProvider data) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (data.consumeInt(0, 10)) {
            case 0: return f.textNode(data.consumeString(48));
            case 1: return f.textNode(HEX.formatHex(data.consumeBytes(data.consumeInt(0, 40))));
            case 2: return f.textNode(data.pickValue(WORDS));
            case 3: return f.numberNode(data.consumeInt());
            case 4: return f.numberNode(data.consumeLong());
            case 5: return f.numberNode(data.consumeDouble());
            case 6: return f.booleanNode(data.consumeBoolean());
            case 7: return f.nullNode();
            case 8: {
                ObjectNode o = f.objectNode();
                o.set(data.pickValue(KEYS), value(data));
                return o;
            }
            case 9: {
                ArrayNode a = f.arrayNode();
                a.add(value(data));
                return a;
            }
            default: {
                // A copy of a node of the profile, elsewhere: a file, a key set, a profile twice.
                JsonNode n = DEFAULT;
                while (n.size() > 0 && data.consumeBoolean()) {
                    n = child(n, data);
                }
                return n.deepCopy();
            }
        }
    }

    /** Everything a card has from its profile, as text. */
    private static String describe(CardProfile p) {
        StringBuilder s = new StringBuilder();
        s.append(p.name).append(' ').append(p.iccid).append(' ').append(HEX.formatHex(p.atr)).append(' ').append(HEX.formatHex(p.cplc))
                .append(' ').append(HEX.formatHex(p.iin)).append(' ').append(HEX.formatHex(p.cin)).append(' ').append(HEX.formatHex(p.kdd))
                .append(' ').append(p.channels).append(' ').append(p.sequenceCounter).append(' ').append(p.t0).append('\n');
        describe(p.isd, "", s);
        describe(p.mf, "", s);
        if (p.euicc != null) {
            s.append(p.euicc.eid().digits()).append(' ').append(p.euicc.profiles()).append('\n');
            p.euicc.profiles().forEach(pr -> s.append(pr.iccid()).append(p.euicc.notificationConfig(pr.iccid())).append('\n'));
            s.append(p.euicc.notifications().pending()).append(' ').append(p.euicc.notifications().nextSeq()).append('\n');
        }
        return s.toString();
    }

    private static void describe(CardFile f, String indent, StringBuilder s) {
        s.append(indent).append(String.format("%04X ", f.fid()));
        if (f instanceof DedicatedFile) {
            DedicatedFile df = (DedicatedFile) f;
            s.append("DF ").append(df.aid()).append(' ').append(df.requiredLevel());
            for (Scp03Keys k : df.keySets()) {
                s.append(' ').append(k.version()).append(':').append(HEX.formatHex(k.enc())).append('/').append(HEX.formatHex(k.mac()))
                        .append('/').append(HEX.formatHex(k.dek()));
            }
            s.append('\n');
            for (CardFile c : df.children()) {
                describe(c, indent + "  ", s);
            }
        } else {
            ElementaryFile ef = (ElementaryFile) f;
            s.append("EF ").append(ef.structure()).append(' ').append(ef.records()).append(' ').append(ef.readAccess()).append('/')
                    .append(ef.updateAccess()).append(' ').append(HEX.formatHex(ef.content())).append('\n');
        }
    }
}
