package org.scgateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.scgateway.itests.TamSide.assertError;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.scgateway.peers.leshan.server.LeshanServer;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.scgateway.api.config.Pids;
import org.scgateway.api.tee.TrustedExecutionEnvironment;
import org.scgateway.teep.TeepMessage;

/**
 * The OP-TEE backend, enabled by configuration on a gateway whose libteec is the stand-in of
 * bundles/tee.optee: the TEE appears as an admin instance, a TAM installs, updates and uninstalls OP-TEE
 * signed TAs through the Leshan server, each reaching secstor_ta_mgmt as the call log shows; what OP-TEE
 * refuses, and a TEE that dies, answer an Error and change nothing; without its configuration the TEE goes,
 * and comes back with its record.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OpTeeAdminIT {

    private static final long TIMEOUT = 30_000;
    private static final String ENDPOINT = "itest-optee";
    private static final String PID = Pids.TEE_OPTEE;
    private static final String FILTER = "(scgw.component.backend=tee.optee)";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    /** The gateway and a Leshan server of its own for each test; the server destroyed after it, whatever the outcome. */
    @Rule
    public final GatewayWithServer gateway = new GatewayWithServer(() -> context, () -> configAdmin, ENDPOINT, TIMEOUT);
    private ServerEvents events;
    private LeshanServer server;
    private AdminObject admin;
    /** Built once: JNA keeps the library mapped, and rebuilding it in place would pull it from under the JVM. */
    private static StandInLibteec teec;
    private TrustedExecutionEnvironment tee;
    private TamSide tam;

    @Configuration
    public Option[] config() throws IOException {
        return FelixDistribution.withLeshanServer("optee");
    }

    @Before
    public void start() throws Exception {
        if (teec == null) {
            teec = StandInLibteec.build(Paths.get("target/optee-standin").toAbsolutePath());
        }
        enable();
        admin = gateway.admin();
        events = gateway.events();
        server = admin.server();
        tee = Services.await(context, TrustedExecutionEnvironment.class, FILTER, TIMEOUT);
        tam = TamSide.of(tee, admin);
        teec.calls();
    }

    @After
    public void stop() throws Exception {
        if (teec != null) {
            teec.dead(false);
        }
        if (tam != null) {
            tam.cleanUp();
        }
    }

    @Test
    public void tasAreInstalledUpdatedAndUninstalledThroughSecstor() throws Exception {
        assertEquals("TEE", admin.value(tam.instance(), 1));
        assertEquals("tee.optee", admin.value(tam.instance(), 3));
        UUID uuid = UUID.randomUUID();

        byte[] v1 = signedTa(uuid, 1, "version one", (byte) 0x5a);
        TamSide.Exchange installed = tam.exchange(tam.update("ta", 1, v1));
        assertEquals(installed.description, 2, installed.result);
        assertEquals(TeepMessage.Type.SUCCESS, installed.answer.type());
        assertEquals(List.of("InitializeContext name=NULL",
                "OpenSession fd=42 uuid=6e256cbafc4d4941ad092ca1860342dd login=0 data=NULL op=NULL",
                "InvokeCommand session=7 ctx_fd=42 cmd=0 types=0x0005 size=" + v1.length + " data=" + HexFormat.of().formatHex(v1),
                "CloseSession id=7", "FinalizeContext fd=42"), teec.calls());
        assertEquals(List.of(tam.idText("ta")), tam.listed());

        assertEquals(2, tam.exchange(tam.update("ta", 2, signedTa(uuid, 2, "version two", (byte) 0x5a))).result);
        assertEquals(List.of(2L), tam.sequences());

        // TEEP's sequence number goes up, OP-TEE's TA version down: OP-TEE's own rollback check refuses it.
        TamSide.Exchange downgrade = tam.exchange(tam.update("ta", 3, signedTa(uuid, 1, "version one again", (byte) 0x5a)));
        assertError(downgrade, 3, 11, "refused by the TEE: secstor_ta_mgmt install failed: TEEC_ERROR_ACCESS_CONFLICT (0xFFFF0003)");
        assertEquals(List.of(2L), tam.sequences());

        teec.calls();
        assertEquals(2, tam.exchange(tam.uninstall("ta")).result);
        assertTrue(teec.calls().contains("InvokeCommand session=7 ctx_fd=42 cmd=1 types=0x0005 size=16 data="
                + uuid.toString().replace("-", "")));
        assertEquals(List.of(), tam.listed());
    }

    @Test
    public void whatOpTeeCannotTakeAndATeeThatDiesAnswerAnErrorAndChangeNothing() throws Exception {
        UUID uuid = UUID.randomUUID();
        assertError(tam.exchange(tam.update("ta", 1, signedTa(uuid, 1, "badly signed", (byte) 0))), 3, 11,
                "refused by the TEE: secstor_ta_mgmt install failed: TEEC_ERROR_SECURITY (0xFFFF000F)");

        assertError(tam.exchange(tam.update("ta", 1, "an ELF file, unsigned".getBytes(StandardCharsets.US_ASCII))), 3, 11,
                "not an OP-TEE signed TA");
        teec.calls();

        byte[] two = tam.sign(TeepMessage.update(tam.bytes(16), List.of(tam.manifest("ta", 1, signedTa(uuid, 1, "one", (byte) 1)),
                tam.manifest("tb", 1, signedTa(UUID.randomUUID(), 1, "two", (byte) 1))), List.of()));
        assertError(tam.exchange(two), 3, 11, "takes one trusted component per Update (asked for 2)");
        assertEquals("nothing reached the TEE", List.of(), teec.calls().stream().filter(c -> c.startsWith("InvokeCommand"))
                .collect(Collectors.toList()));

        teec.dead(true);
        assertError(tam.exchange(tam.update("ta", 1, signedTa(uuid, 1, "one", (byte) 1))), 3, 10,
                "try again later: secstor_ta_mgmt install failed: TEEC_ERROR_TARGET_DEAD (0xFFFF3024)");
        teec.dead(false);

        assertEquals(List.of(), tam.listed());
        assertEquals(2, tam.exchange(tam.update("ta", 1, signedTa(uuid, 1, "one", (byte) 1))).result);
        assertEquals(List.of(tam.idText("ta")), tam.listed());
    }

    @Test
    public void withoutItsConfigurationTheTeeGoesAndComesBackWithItsRecord() throws Exception {
        assertEquals(2, tam.exchange(tam.update("kept", 1, signedTa(UUID.randomUUID(), 1, "kept", (byte) 1))).result);
        String id = tee.id();

        configAdmin.getConfiguration(PID, "?").delete();
        admin.awaitNoInstanceOf(id);

        enable();
        TrustedExecutionEnvironment again = Services.await(context, TrustedExecutionEnvironment.class, FILTER, TIMEOUT);
        assertEquals(id, again.id());
        tam.rebind(again);
        assertEquals(List.of(1L), tam.sequences());
        assertEquals(List.of(tam.idText("kept")), tam.listed());
    }

    private void enable() throws IOException {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("enabled", true);
        props.put("device", teec.device.toString());
        props.put("library", teec.library.toString());
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration(PID, "?");
        if (c.getProperties() == null || !props.get("library").equals(c.getProperties().get("library"))) {
            c.update(props);
        }
    }

    /** An OP-TEE signed bootstrap TA as optee_os's signing script lays it out, its signature filled with {@code sig}. */
    private static byte[] signedTa(UUID uuid, int version, String content, byte sig) throws Exception {
        byte[] ta = content.getBytes(StandardCharsets.UTF_8);
        ByteBuffer header = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0x4f545348).putInt(1).putInt(ta.length).putInt(0x70004830).putShort((short) 32).putShort((short) 256);
        ByteBuffer bootstrap = ByteBuffer.allocate(20);
        bootstrap.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        bootstrap.order(ByteOrder.LITTLE_ENDIAN).putInt(version);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(header.array());
        sha.update(bootstrap.array());
        sha.update(ta);
        byte[] signature = new byte[256];
        Arrays.fill(signature, sig);
        return ByteBuffer.allocate(20 + 32 + 256 + 20 + ta.length).put(header.array()).put(sha.digest()).put(signature)
                .put(bootstrap.array()).put(ta).array();
    }
}
