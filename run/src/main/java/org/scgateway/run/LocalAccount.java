package org.scgateway.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;
import java.util.jar.JarFile;

import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mEncoder;
import org.eclipse.leshan.core.request.ContentFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The gateway's account with run/gateway's local LwM2M server, made once per installation: an endpoint name,
 * a PSK identity and a PSK of 32 random bytes, kept in {@code local-server/account.properties} (mode 600) for the
 * server; and the simulated card personalised with it, as a card bureau personalises a card for its operator:
 * {@code card-profile.json} (mode 600) is se.sim's built-in profile with a bootstrap file naming the server
 * over DTLS-PSK with that identity and key. The key is never printed. Usage, from run/gateway:
 * {@code LocalAccount DATA_DIR DIST_DIR COAPS_URI}; prints the endpoint name.
 */
public final class LocalAccount {

    /** The card profile's name: its state file is se-sim/NAME.json, apart from the built-in (plain CoAP) card's. */
    static final String CARD_NAME = "scgw-gateway";
    /** The short server id of the local server, as in the built-in profile. */
    static final int SHORT_SERVER_ID = 123;
    static final int LIFETIME = 300;
    /** PSK Security Mode of the Security object. */
    private static final int PSK = 0;

    final String endpoint;
    final String identity;
    final byte[] key;

    private LocalAccount(String endpoint, String identity, byte[] key) {
        this.endpoint = endpoint;
        this.identity = identity;
        this.key = key;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: LocalAccount DATA_DIR DIST_DIR COAPS_URI");
            System.exit(2);
        }
        Path data = Paths.get(args[0]);
        LocalAccount account = of(data);
        PrivateFiles.write(data.resolve("card-profile.json"), account.cardProfile(builtInProfile(Paths.get(args[1])), args[2]));
        System.out.println(account.endpoint);
    }

    /** The account kept in {@code DATA/local-server/account.properties}, made on first use. */
    static LocalAccount of(Path data) throws IOException {
        Path file = data.resolve("local-server").resolve("account.properties");
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            byte[] key = new byte[32];
            SecureRandom random = new SecureRandom();
            random.nextBytes(key);
            byte[] tag = new byte[4];
            random.nextBytes(tag);
            p.setProperty("endpoint", hostName());
            p.setProperty("identity", "scgw-" + HexFormat.of().formatHex(tag));
            p.setProperty("key", HexFormat.of().formatHex(key));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            p.store(out, "The gateway's account with run/gateway's local LwM2M server: its endpoint, PSK identity and PSK (hex). "
                    + "The same key is in the simulated card's bootstrap file.");
            PrivateFiles.write(file, out.toByteArray());
        }
        String endpoint = p.getProperty("endpoint", "");
        String identity = p.getProperty("identity", "");
        String key = p.getProperty("key", "");
        if (endpoint.isBlank() || identity.isBlank() || !key.matches("([0-9a-fA-F]{2}){16,64}")) {
            throw new IOException(file + " lacks an endpoint, an identity or a key of 16 to 64 bytes in hex; delete it to have one made "
                    + "(and delete se-sim/" + CARD_NAME + ".json, the card made with the old one)");
        }
        return new LocalAccount(endpoint, identity, HexFormat.of().parseHex(key));
    }

    /** The built-in card profile, as the se.sim bundle of the distribution carries it. */
    static byte[] builtInProfile(Path dist) throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dist.resolve("bundle"), "org.scgateway.se.sim-*.jar")) {
            for (Path jar : jars) {
                try (JarFile j = new JarFile(jar.toFile()); InputStream in = j.getInputStream(j.getEntry("profiles/default.json"))) {
                    return in.readAllBytes();
                }
            }
        }
        throw new IOException("no se.sim bundle in " + dist.resolve("bundle"));
    }

    /** The built-in profile with EF LwM2M_Bootstrap (7FF0/6432) naming {@code coapsUri} with this account. */
    byte[] cardProfile(byte[] builtIn, String coapsUri) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode profile = (ObjectNode) json.readTree(builtIn);
        profile.put("name", CARD_NAME);
        profile.put("comment", "run/gateway's card: the built-in profile (scgw-default) personalised for this installation, its "
                + "bootstrap file naming the local LwM2M server over DTLS-PSK with the key made for it (local-server/account.properties).");
        JsonNode bootstrap = file(file(profile, "7FF0"), "6432");
        ((ObjectNode) bootstrap).put("content", HexFormat.of().withUpperCase().formatHex(bootstrapFile(coapsUri)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        json.writerWithDefaultPrettyPrinter().writeValue((OutputStream) out, profile);
        return out.toByteArray();
    }

    private static JsonNode file(JsonNode parent, String fid) throws IOException {
        for (JsonNode f : parent.path("files")) {
            if (fid.equalsIgnoreCase(f.path("fid").asText())) {
                return f;
            }
        }
        throw new IOException("the built-in card profile has no file " + fid);
    }

    /**
     * EF LwM2M_Bootstrap (LwM2M 1.1 Appendix G): a header (number of objects, size), then each object's id,
     * version 00, TLV length and Leshan's TLV of its instances: Security /0/0 (URI, PSK, identity, key, short
     * server id) and Server /1/0 (short server id, lifetime, notification storing, binding U).
     */
    byte[] bootstrapFile(String coapsUri) {
        LwM2mObject security = new LwM2mObject(0, new LwM2mObjectInstance(0, LwM2mSingleResource.newStringResource(0, coapsUri),
                LwM2mSingleResource.newBooleanResource(1, false), LwM2mSingleResource.newIntegerResource(2, PSK),
                LwM2mSingleResource.newBinaryResource(3, identity.getBytes(StandardCharsets.UTF_8)),
                LwM2mSingleResource.newBinaryResource(5, key), LwM2mSingleResource.newIntegerResource(10, SHORT_SERVER_ID)));
        LwM2mObject server = new LwM2mObject(1, new LwM2mObjectInstance(0, LwM2mSingleResource.newIntegerResource(0, SHORT_SERVER_ID),
                LwM2mSingleResource.newIntegerResource(1, LIFETIME), LwM2mSingleResource.newBooleanResource(6, false),
                LwM2mSingleResource.newStringResource(7, "U")));
        LwM2mModel model = new StaticModel(ObjectLoader.loadDefault());
        DefaultLwM2mEncoder encoder = new DefaultLwM2mEncoder();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (LwM2mObject o : new LwM2mObject[] {security, server}) {
            byte[] tlv = encoder.encode(o, ContentFormat.TLV, new LwM2mPath(o.getId()), model);
            body.writeBytes(new byte[] {(byte) (o.getId() >> 8), (byte) o.getId(), 0, (byte) (tlv.length >> 8), (byte) tlv.length});
            body.writeBytes(tlv);
        }
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes(new byte[] {0, 2, (byte) (body.size() >> 8), (byte) body.size()});
        f.writeBytes(body.toByteArray());
        return f.toByteArray();
    }

    /** The gateway's endpoint name: the host's name (run/gateway gives it to the client). */
    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "scgateway";
        }
    }
}
