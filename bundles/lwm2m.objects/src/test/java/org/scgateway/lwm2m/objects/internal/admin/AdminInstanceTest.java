package org.scgateway.lwm2m.objects.internal.admin;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Executor;

import org.junit.Before;
import org.junit.Test;
import org.scgateway.api.lwm2m.LwM2mOperationException;
import org.scgateway.api.lwm2m.ObjectLink;
import org.scgateway.api.lwm2m.ResourceValue;
import org.scgateway.api.se.ApduChannel;
import org.scgateway.api.se.CommandApdu;
import org.scgateway.api.se.ForwardingApduChannel;
import org.scgateway.api.se.ForwardingSecureElement;
import org.scgateway.api.se.ResponseApdu;
import org.scgateway.api.se.SecureElement;
import org.scgateway.api.se.SecureElementException;
import org.scgateway.globalplatform.scp03.Scp03Keys;
import org.scgateway.se.sim.internal.TestCards;

/**
 * The write/run/read cycle of one instance on the simulated card: one script at a time, and a card that goes
 * mid-script. The executor is the test's: a script runs when the test says, so "while it runs" is exact.
 */
public class AdminInstanceTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    /** SELECT EF ICCID, READ BINARY of it, SELECT EF DIR: three commands the card answers without SCP03. */
    private static final String THREE_COMMANDS = "AA19" + "2207" + "00A4000C022FE2" + "2205" + "00B000000A" + "2207" + "00A4000C022F00";
    private static final String ICCID_READ = "230C" + "98940000000000000091" + "9000";

    private final Queue<Runnable> held = new ArrayDeque<>();
    private final Executor executor = held::add;
    private final List<Integer> changed = new ArrayList<>();
    /** What the instance told its object, in order: "changed 9", "finished 7", "left". */
    private final List<String> told = new ArrayList<>();
    private SecureElement card;
    /** The object cannot record that a request starts. */
    private boolean journalBroken;

    @Before
    public void insert() throws Exception {
        card = TestCards.builtIn();
    }

    @Test
    public void aSecondRequestWhileAScriptRunsIsBusyAndChangesNothing() throws Exception {
        AdminInstance i = instance(card, around());
        i.write(AdminObjectModel.ADMIN_REQUEST, ResourceValue.opaque(HEX.parseHex(THREE_COMMANDS)));
        i.run();
        assertEquals("running", 1L, i.read(AdminObjectModel.RESULT).value());

        assertBusy(() -> i.write(AdminObjectModel.ADMIN_REQUEST, ResourceValue.opaque(HEX.parseHex("AA00"))));
        assertBusy(() -> i.write(AdminObjectModel.TARGET_APPLICATION, ResourceValue.opaque(HEX.parseHex("A000000151000000"))));
        assertBusy(() -> i.write(AdminObjectModel.SECURE_CHANNEL, ResourceValue.integer(51)));
        assertBusy(i::run);

        held.remove().run();
        assertEquals("the first script ran, as written: " + i.read(AdminObjectModel.RESULT_DESCRIPTION).value(), 2L, i.read(AdminObjectModel.RESULT).value());
        assertEquals("AB19" + "800103" + "23029000" + ICCID_READ + "23029000", hex(i.read(AdminObjectModel.ADMIN_RESPONSE)));
        assertEquals("the refused writes changed nothing", 0, ((byte[]) i.read(AdminObjectModel.TARGET_APPLICATION).value()).length);
        assertEquals(0L, i.read(AdminObjectModel.SECURE_CHANNEL).value());
        assertTrue("nothing else was queued", held.isEmpty());

    }

    /** Issue 22, finding 14: a request whose start cannot be recorded does not run, since a crash in it would go unreported. */
    @Test
    public void aRequestWhoseStartCannotBeRecordedDoesNotRun() throws Exception {
        journalBroken = true;
        AdminInstance i = instance(card, around());
        i.write(AdminObjectModel.ADMIN_REQUEST, ResourceValue.opaque(HEX.parseHex(THREE_COMMANDS)));
        i.run();
        assertTrue("nothing was queued", held.isEmpty());
        assertEquals(7L, i.read(AdminObjectModel.RESULT).value());
        String why = (String) i.read(AdminObjectModel.RESULT_DESCRIPTION).value();
        assertTrue(why, why.startsWith("not run: the start of ") && why.contains("No space left on device"));
        assertFalse(i.running());
    }

    /**
     * Issue 22, finding 13: a Run runs what was written since the last one, never an earlier request again. A write
     * refused before it reaches the object (a 4.13 from the CoAP layer, a payload Leshan cannot decode) left the old
     * request in place, and the Run after it ran that one.
     */
    @Test
    public void aRunTakesTheRequestSoALaterRunWithoutAWriteRunsNothing() throws Exception {
        AdminInstance i = instance(card, around());
        i.write(AdminObjectModel.ADMIN_REQUEST, ResourceValue.opaque(HEX.parseHex(THREE_COMMANDS)));
        i.run();
        held.remove().run();
        assertEquals(2L, i.read(AdminObjectModel.RESULT).value());

        i.run();
        assertTrue("nothing was queued", held.isEmpty());
        assertEquals("bad format", 4L, i.read(AdminObjectModel.RESULT).value());
        String why = (String) i.read(AdminObjectModel.RESULT_DESCRIPTION).value();
        assertTrue(why, why.startsWith("no Admin Request was written since the last Run"));

        i.write(AdminObjectModel.ADMIN_REQUEST, ResourceValue.opaque(HEX.parseHex(THREE_COMMANDS)));
        i.run();
        held.remove().run();
        assertEquals("written again, it runs again", 2L, i.read(AdminObjectModel.RESULT).value());
    }

    @Test
    public void aCardPulledMidScriptSaysSoKeepsWhatRanAndLeavesNoChannelOpen() throws Exception {
        PulledAfter pulled = new PulledAfter(card, 2);
        AdminInstance i = instance(pulled, around());
        i.write(AdminObjectModel.ADMIN_REQUEST, ResourceValue.opaque(HEX.parseHex(THREE_COMMANDS)));
        i.run();
        held.remove().run();

        assertEquals("component lost", 7L, i.read(AdminObjectModel.RESULT).value());
        assertEquals("the two R-APDUs before the card went", "AB15" + "800102" + "23029000" + ICCID_READ,
                hex(i.read(AdminObjectModel.ADMIN_RESPONSE)));
        String why = (String) i.read(AdminObjectModel.RESULT_DESCRIPTION).value();
        assertTrue(why, why.startsWith("C-APDU 3 of 3 (INS A4) got no answer"));
        assertFalse("the script's channel is closed", pulled.opened.get(0).isOpen());
        assertEquals("one channel, opened once", 1, pulled.opened.size());
        assertTrue("the server was told of the result", changed.contains(AdminObjectModel.RESULT));
        assertFalse("and the instance takes a new request", i.running());
    }

    @Test
    public void aComponentThatGoesMidScriptKeepsItsInstanceUntilTheResultIsTold() throws Exception {
        PulledAfter pulled = new PulledAfter(card, 1);
        AdminInstance i = instance(pulled, around());
        assertFalse("no script: the instance can go at once", i.leaveAfterScript());
        i.write(AdminObjectModel.ADMIN_REQUEST, ResourceValue.opaque(HEX.parseHex(THREE_COMMANDS)));
        i.run();
        assertTrue("a script runs: the instance stays for its result", i.leaveAfterScript());
        assertFalse(told.contains("left"));
        told.clear();
        held.remove().run();
        assertEquals("the result first, then the instance goes",
                List.of("finished 7", "changed " + AdminObjectModel.ADMIN_RESPONSE, "changed " + AdminObjectModel.RESULT,
                        "changed " + AdminObjectModel.RESULT_DESCRIPTION, "left"), told);
    }

    @Test
    public void anInstanceStartsWithTheLastOutcomeOfItsComponent() throws Exception {
        AdminOutcome before = new AdminOutcome(AdminOutcome.Result.COMPONENT_LOST, HEX.parseHex("AB03800100"), "gone");
        AdminInstance i = new AdminInstance(card, Optional.of(new ScriptProtocol(card, Optional::empty)), executor, around(), before);
        assertEquals(7L, i.read(AdminObjectModel.RESULT).value());
        assertEquals("AB03800100", hex(i.read(AdminObjectModel.ADMIN_RESPONSE)));
    }

    @Test
    public void hostedInstancesAreTheClientsLinks() throws Exception {
        AdminInstance i = instance(card, around(ObjectLink.of(0, 1), ObjectLink.of(21, 0)));
        ResourceValue v = i.read(AdminObjectModel.HOSTED_INSTANCES);
        assertEquals(java.util.Map.of(0, ObjectLink.of(0, 1), 1, ObjectLink.of(21, 0)), v.instances());
    }

    @Test
    public void publicKeysAreTheComponentsKeysWithTheirPublicPartsOnly() throws Exception {
        AdminInstance i = instance(card, around());
        assertEquals(java.util.Map.of(0, "lwm2m/server/1/psk PSK gateway-1"), i.read(AdminObjectModel.PUBLIC_KEYS).instances());
    }

    /** What a component's store gives the resource: names, kinds, identities and public keys; never a secret part. */
    @Test
    public void theStoresKeysAreListedWithTheirPublicParts() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair pair = g.generateKeyPair();
        java.security.PublicKey pub = pair.getPublic();
        org.scgateway.api.credential.CredentialStore store = KeysOnly.store(pair);
        assertEquals(List.of("lwm2m/server/1/psk PSK gateway-1", "lwm2m/server/1/client-private-key EC-P256 " + java.util.HexFormat.of().formatHex(pub.getEncoded())),
                SecureComponentAdmin.publicKeys(store));
        assertEquals(List.of(), SecureComponentAdmin.publicKeys(null));
    }

    @Test
    public void aScriptInsideScp03ReadsTheBootstrapFileOfTheSimulatedCard() throws Exception {
        AdminInstance i = instance(card, around());
        i.write(AdminObjectModel.TARGET_APPLICATION, ResourceValue.opaque(HEX.parseHex("A000000063504B43532D3135")));
        i.write(AdminObjectModel.SECURE_CHANNEL, ResourceValue.integer(51));
        // SELECT by path 7FFF/6432 (EF LwM2M_Bootstrap), READ BINARY of its first 4 bytes (the file's header).
        i.write(AdminObjectModel.ADMIN_REQUEST, ResourceValue.opaque(HEX.parseHex("AA12" + "2209" + "00A4080C047FFF6432" + "2205" + "00B0000004")));
        i.execute(AdminObjectModel.RUN, null);
        held.remove().run();
        assertEquals(i.read(AdminObjectModel.RESULT_DESCRIPTION).value().toString(), 2L, i.read(AdminObjectModel.RESULT).value());
        assertEquals("AB0F" + "800102" + "23029000" + "2306" + "0002003E9000", hex(i.read(AdminObjectModel.ADMIN_RESPONSE)));
    }

    @Test
    public void aScriptThatCannotBeReadIsAnsweredAtOnceAndRunsNothing() throws Exception {
        AdminInstance i = instance(card, around());
        i.write(AdminObjectModel.ADMIN_REQUEST, ResourceValue.opaque(HEX.parseHex("AE80" + "2405" + "80E2900000" + "0000")));
        i.execute(AdminObjectModel.RUN, null);
        assertTrue("nothing was queued", held.isEmpty());
        assertEquals("bad format", 4L, i.read(AdminObjectModel.RESULT).value());
        assertEquals("nothing executed, unknown tag", "AF80" + "800100" + "900101" + "0000", hex(i.read(AdminObjectModel.ADMIN_RESPONSE)));
        assertEquals(List.of("finished 4", "changed " + AdminObjectModel.ADMIN_RESPONSE, "changed " + AdminObjectModel.RESULT,
                "changed " + AdminObjectModel.RESULT_DESCRIPTION), told);
    }

    @Test
    public void aComponentWithoutAProtocolSaysSoAndShowsNone() throws Exception {
        AdminInstance i = new AdminInstance(card, Optional.empty(), executor, around(), AdminOutcome.none());
        assertEquals(java.util.Map.of(), i.read(AdminObjectModel.PROTOCOLS).instances());
        i.execute(AdminObjectModel.RUN, null);
        assertEquals("unsupported", 8L, i.read(AdminObjectModel.RESULT).value());
        assertTrue(held.isEmpty());
        AdminInstance se = instance(card, around());
        assertEquals(java.util.Map.of(0, ScriptProtocol.NAME), se.read(AdminObjectModel.PROTOCOLS).instances());
    }

    @Test
    public void onlyRunIsExecutable() throws Exception {
        AdminInstance i = instance(card, around());
        LwM2mOperationException e = org.junit.Assert.assertThrows(LwM2mOperationException.class, () -> i.execute(AdminObjectModel.RESULT, null));
        assertEquals(LwM2mOperationException.Code.METHOD_NOT_ALLOWED, e.code());
    }

    /** An instance for a Secure Element, with the simulated card's SCP03 keys (ENC 00.., MAC 10.., DEK 20.., version 30). */
    private AdminInstance instance(SecureElement se, AdminInstance.Surroundings around) {
        byte[][] k = new byte[3][16];
        for (int n = 0; n < 3; n++) {
            for (int j = 0; j < 16; j++) {
                k[n][j] = (byte) (n * 16 + j);
            }
        }
        return new AdminInstance(se, Optional.of(new ScriptProtocol(se, () -> Optional.of(Scp03Keys.of(0x30, k[0], k[1], k[2])))), executor,
                around, AdminOutcome.none());
    }

    private AdminInstance.Surroundings around(ObjectLink... hosted) {
        return new AdminInstance.Surroundings() {
            @Override
            public List<String> services() {
                return List.of();
            }

            @Override
            public List<ObjectLink> hostedInstances() {
                return List.of(hosted);
            }

            @Override
            public List<String> publicKeys() {
                return List.of("lwm2m/server/1/psk PSK gateway-1");
            }

            @Override
            public java.util.Map<Integer, byte[]> certificateRequests() {
                return java.util.Map.of();
            }

            @Override
            public void changed(int... resourceIds) {
                for (int r : resourceIds) {
                    changed.add(r);
                    told.add("changed " + r);
                }
            }

            @Override
            public void started(String what) throws java.io.IOException {
                if (journalBroken) {
                    throw new java.io.IOException("No space left on device");
                }
                told.add("started " + what);
            }

            @Override
            public void finished(AdminOutcome outcome) {
                told.add("finished " + outcome.result.code);
            }

            @Override
            public void leave(AdminInstance self) {
                told.add("left");
            }
        };
    }

    private interface Request {
        void send() throws Exception;
    }

    private static void assertBusy(Request r) throws Exception {
        try {
            r.send();
            fail("accepted while a script runs");
        } catch (LwM2mOperationException e) {
            assertEquals(LwM2mOperationException.Code.SERVICE_UNAVAILABLE, e.code());
            assertTrue(e.getMessage(), e.getMessage().startsWith("a script is running on "));
        }
    }

    private static String hex(ResourceValue v) {
        return HEX.formatHex((byte[]) v.value());
    }

    /** The simulated card, pulled out of its reader once its channels have carried the given number of commands. */
    private static final class PulledAfter extends ForwardingSecureElement {
        private int left;
        final List<ApduChannel> opened = new ArrayList<>();

        PulledAfter(SecureElement card, int commands) {
            super(card);
            this.left = commands;
        }

        @Override
        protected ApduChannel wrap(ApduChannel ch) {
            opened.add(ch);
            return new ForwardingApduChannel(ch) {
                @Override
                public ResponseApdu transmit(CommandApdu command) throws SecureElementException {
                    if (left-- == 0) {
                        TestCards.pull(PulledAfter.this.delegate);
                    }
                    return ch.transmit(command);
                }
            };
        }
    }

    /** Issue 22, finding 11: 4294967347 (0x1_0000_0033) was taken as 51 by an int cast. */
    @Test
    public void aSecureChannelOutsideAByteIsRefusedNotTruncated() throws Exception {
        AdminInstance i = instance(card, around());
        for (long wrong : new long[] {4294967347L, -205L, 256L + 51}) {
            LwM2mOperationException e = org.junit.Assert.assertThrows(LwM2mOperationException.class,
                    () -> i.write(AdminObjectModel.SECURE_CHANNEL, ResourceValue.integer(wrong)));
            assertEquals(LwM2mOperationException.Code.BAD_REQUEST, e.code());
            assertEquals("unchanged", 0L, i.read(AdminObjectModel.SECURE_CHANNEL).value());
        }
    }

    /**
     * Issue 22, finding 12: a script's own MANAGE CHANNEL opens stayed open, and the card (4 channels) ran out after
     * two scripts. The runner closes what a script opened; a channel the script closed itself is not closed twice.
     */
    @Test
    public void theChannelsAScriptOpensAreClosedAfterIt() throws Exception {
        AdminInstance i = instance(card, around());
        for (int run = 0; run < 5; run++) {
            i.write(AdminObjectModel.ADMIN_REQUEST, ResourceValue.opaque(HEX.parseHex("AA0E" + "2205" + "0070000001" + "2205" + "0070000001")));
            i.run();
            held.remove().run();
            assertEquals("run " + run + ": " + i.read(AdminObjectModel.RESULT_DESCRIPTION).value(), 2L, i.read(AdminObjectModel.RESULT).value());
        }
        i.write(AdminObjectModel.ADMIN_REQUEST, ResourceValue.opaque(HEX.parseHex("AA0E" + "2205" + "0070000001" + "2205" + "0070800002")));
        i.run();
        held.remove().run();
        assertEquals("opened 2 and closed it itself", "AB0C" + "800102" + "2303029000" + "23029000", hex(i.read(AdminObjectModel.ADMIN_RESPONSE)));
    }
}
