package org.scgateway.run;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;

import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mDecoder;
import org.eclipse.leshan.core.request.ContentFormat;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

public class LocalAccountTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final String BUILT_IN = "{\"name\":\"scgw-default\",\"iccid\":\"89490000000000000019\",\"files\":["
            + "{\"fid\":\"2F00\",\"type\":\"linear-fixed\"},"
            + "{\"fid\":\"7FF0\",\"type\":\"adf\",\"files\":[{\"fid\":\"6432\",\"type\":\"transparent\",\"size\":1024,\"content\":\"00\"}]}]}";

    @Test
    public void anAccountIsMadeOncePerInstallationAndKeptPrivate() throws Exception {
        Path data = tmp.newFolder().toPath();
        LocalAccount first = LocalAccount.of(data);
        Path file = data.resolve("local-server/account.properties");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("a 32-byte key", 32, first.key.length);
        assertTrue(first.identity, first.identity.matches("scgw-[0-9a-f]{8}"));

        LocalAccount again = LocalAccount.of(data);
        assertArrayEquals("the same installation keeps its key", first.key, again.key);
        assertEquals(first.identity, again.identity);
        assertFalse("another installation gets another key", Arrays.equals(first.key, LocalAccount.of(tmp.newFolder().toPath()).key));
    }

    @Test
    public void aDamagedAccountIsRefusedNamingTheFileNotTheKey() throws Exception {
        Path data = tmp.newFolder().toPath();
        Files.createDirectories(data.resolve("local-server"));
        Files.writeString(data.resolve("local-server/account.properties"), "endpoint=gw\nidentity=id\nkey=00112233\n");
        try {
            LocalAccount.of(data);
            throw new AssertionError("a 4-byte key was taken");
        } catch (java.io.IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("account.properties") && !e.getMessage().contains("00112233"));
        }
    }

    /** The card's bootstrap file, read back with Leshan's own TLV decoder: the account, and nothing else. */
    @Test
    public void theCardIsPersonalisedWithABootstrapFileNamingTheServerOverPsk() throws Exception {
        LocalAccount account = LocalAccount.of(tmp.newFolder().toPath());
        JsonNode profile = new ObjectMapper().readTree(account.cardProfile(BUILT_IN.getBytes(StandardCharsets.UTF_8), "coaps://127.0.0.1:5684"));
        assertEquals(LocalAccount.CARD_NAME, profile.get("name").asText());
        assertEquals("the rest of the card is the built-in one", "89490000000000000019", profile.get("iccid").asText());
        byte[] file = HexFormat.of().parseHex(profile.get("files").get(1).get("files").get(0).get("content").asText());

        assertEquals("two objects", 2, file[1]);
        assertEquals("the header's size is what follows it", file.length - 4, ((file[2] & 0xFF) << 8) | (file[3] & 0xFF));
        assertEquals("Security first", 0, file[5]);
        int length = ((file[7] & 0xFF) << 8) | (file[8] & 0xFF);
        byte[] tlv = Arrays.copyOfRange(file, 9, 9 + length);
        LwM2mObject security = new DefaultLwM2mDecoder().decode(tlv, ContentFormat.TLV, new LwM2mPath(0),
                new StaticModel(ObjectLoader.loadDefault()), LwM2mObject.class);
        LwM2mObjectInstance i = security.getInstance(0);
        assertEquals("coaps://127.0.0.1:5684", i.getResource(0).getValue());
        assertEquals("PSK", 0L, i.getResource(2).getValue());
        assertArrayEquals(account.identity.getBytes(StandardCharsets.UTF_8), (byte[]) i.getResource(3).getValue());
        assertArrayEquals(account.key, (byte[]) i.getResource(5).getValue());
        assertEquals((long) LocalAccount.SHORT_SERVER_ID, i.getResource(10).getValue());
        assertEquals("Server next", 1, file[9 + length + 1]);
    }
}
