package org.scgateway.itests;

import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.Map;

import org.scgateway.peers.leshan.core.model.LwM2mModel;
import org.scgateway.peers.leshan.core.model.ObjectLoader;
import org.scgateway.peers.leshan.core.model.StaticModel;
import org.scgateway.peers.leshan.core.node.LwM2mObject;
import org.scgateway.peers.leshan.core.node.LwM2mObjectInstance;
import org.scgateway.peers.leshan.core.node.LwM2mPath;
import org.scgateway.peers.leshan.core.node.LwM2mSingleResource;
import org.scgateway.peers.leshan.core.node.codec.DefaultLwM2mEncoder;
import org.scgateway.peers.leshan.core.node.codec.LwM2mEncoder;
import org.scgateway.peers.leshan.core.request.ContentFormat;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.scgateway.api.config.Pids;
import org.scgateway.api.credential.CredentialStore;
import org.scgateway.api.credential.CredentialUpdate;
import org.scgateway.api.credential.Secret;
import org.scgateway.api.se.SecureElement;
import org.scgateway.globalplatform.scp03.Scp03Keys;

/**
 * Cards with a bootstrap file of the test's making (LwM2M 1.1 Appendix G), for the suites that boot the gateway from
 * a card: the file built from Leshan's own objects, encoded by Leshan, and the simulated card that holds it.
 */
final class CardFiles {

    /** The built-in profile's bootstrap file, which {@link #insert} replaces. */
    private static final String BUILT_IN_FILE = "0002003E0000000024080021C80015636F61703A2F2F3132372E302E302E313A35363833C10100C10203C10A7B000100001008000DC1007BC201012CC10600C10755";

    private static final long TIMEOUT = 30_000;

    private CardFiles() {
    }

    /** The keys that open the card (SCP03), into the store outside any Secure Component. */
    static void provisionKeys(BundleContext context, Scp03Keys keys) throws Exception {
        Services.await(context, CredentialStore.class, CredentialStore.HOST_STORE, TIMEOUT).apply(CredentialUpdate.builder()
                .put("scp03/default/enc", Secret.of(keys.enc())).put("scp03/default/mac", Secret.of(keys.mac()))
                .put("scp03/default/dek", Secret.of(keys.dek())).put("scp03/default/version", Secret.of(new byte[] {(byte) keys.version()}))
                .build());
    }

    /** The highest service id now: what {@link #awaitServiceAfter} waits past. */
    static long lastServiceId(BundleContext context) throws Exception {
        long last = 0;
        for (ServiceReference<?> r : context.getServiceReferences((String) null, null)) {
            last = Math.max(last, (Long) r.getProperty(Constants.SERVICE_ID));
        }
        return last;
    }

    /** Waits for a {@code type} service matching {@code filter} registered after service {@code after}. */
    static void awaitServiceAfter(BundleContext context, Class<?> type, String filter, long after) throws Exception {
        String f = "(&(objectClass=" + type.getName() + ")" + filter + "(" + Constants.SERVICE_ID + ">=" + (after + 1) + "))";
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while (context.getServiceReferences((String) null, f) == null) {
            assertTrue("no service " + f + " within " + TIMEOUT + " ms", System.currentTimeMillis() < deadline);
            Thread.sleep(50);
        }
    }

    /**
     * The default card back, as the next test expects it: one arriving while a test had just put its own card in took
     * that test's file into its own state (CI, once).
     */
    static void restoreDefaultCard(BundleContext context, ConfigurationAdmin configAdmin) throws Exception {
        long before = lastServiceId(context);
        configAdmin.getConfiguration(Pids.SE_SIM, null).update(new Hashtable<>(Map.of("profile", "")));
        awaitServiceAfter(context, SecureElement.class, "(scgw.component.backend=se.sim)", before);
    }

    /** A bootstrap file of these objects, each encoded as TLV by Leshan. */
    static byte[] file(LwM2mObject... objects) {
        LwM2mEncoder encoder = new DefaultLwM2mEncoder();
        LwM2mModel model = new StaticModel(ObjectLoader.loadDefault());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (LwM2mObject o : objects) {
            body.writeBytes(object(o.getId(), encoder.encode(o, ContentFormat.TLV, new LwM2mPath(o.getId()), model)));
        }
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes(new byte[] {0, (byte) objects.length, (byte) (body.size() >> 8), (byte) body.size()});
        f.writeBytes(body.toByteArray());
        return f.toByteArray();
    }

    /** One object of a file: its id, and its TLV. */
    static byte[] object(int id, byte[] tlv) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {(byte) (id >> 8), (byte) id, 0, (byte) (tlv.length >> 8), (byte) tlv.length});
        o.writeBytes(tlv);
        return o.toByteArray();
    }

    static LwM2mSingleResource integer(int id, long value) {
        return LwM2mSingleResource.newIntegerResource(id, value);
    }

    /** A NoSec Security instance of an LwM2M server. */
    static LwM2mObjectInstance noSec(int instance, String uri, int shortServerId) {
        return new LwM2mObjectInstance(instance, LwM2mSingleResource.newStringResource(0, uri), LwM2mSingleResource.newBooleanResource(1, false),
                integer(2, 3), integer(10, shortServerId));
    }

    /** A Server instance: lifetime 120 s, UDP. */
    static LwM2mObjectInstance server(int instance, int shortServerId) {
        return new LwM2mObjectInstance(instance, integer(0, shortServerId), integer(1, 120), LwM2mSingleResource.newBooleanResource(6, false),
                LwM2mSingleResource.newStringResource(7, "U"));
    }

    /**
     * Puts the simulated card in with {@code file} in its EF LwM2M_Bootstrap: the built-in profile under another name
     * (so another state file), in the data folder of the suite {@code suite}.
     */
    static void insert(BundleContext context, ConfigurationAdmin configAdmin, String suite, String name, byte[] file) throws Exception {
        String profile;
        try (InputStream in = Services.bundle(context, Pids.SE_SIM).getEntry("profiles/default.json").openStream()) {
            profile = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue("the built-in profile changed; adjust CardFiles", profile.contains(BUILT_IN_FILE));
        profile = profile.replace("\"name\": \"scgw-default\"", "\"name\": \"" + name + "\"")
                .replace(BUILT_IN_FILE, HexFormat.of().withUpperCase().formatHex(file));
        Path path = Paths.get("target", name + "-profile.json").toAbsolutePath();
        Files.writeString(path, profile);
        Files.deleteIfExists(Paths.get("target", suite + "-data", "se-sim", name + ".json"));
        configAdmin.getConfiguration(Pids.SE_SIM, null).update(new Hashtable<>(Map.of("profile", path.toString())));
    }
}
