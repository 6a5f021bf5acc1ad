package org.scgateway.se.sim.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;

/**
 * Issue 22, finding 15: a damaged state file of the simulated card. The card is not inserted, the error names the file
 * and what is wrong in it and shows no value of it (the file holds the card's keys), and the file is left as it was.
 */
public class DamagedStateFileTest {

    /** The default profile's ISD key, as a state file has it. */
    private static final String KEY = "404142434445464748494A4B4C4D4E4F";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private String profile() throws Exception {
        return new String(SimulatedSecureElementTest.defaultProfile(), StandardCharsets.UTF_8);
    }

    private Path state(String content) throws Exception {
        Path state = tmp.getRoot().toPath().resolve("scgw-default.json");
        Files.writeString(state, content);
        return state;
    }

    private String refusal(Path state) throws Exception {
        CardProfile fresh = CardProfile.parse(SimulatedSecureElementTest.defaultProfile());
        String message = assertThrows(SimulatedCardComponent.NotInserted.class, () -> SimulatedCardComponent.kept(fresh, state))
                .getMessage();
        assertTrue(message, message.contains(state.toString()));
        assertTrue(message, message.contains("the file is left as it is"));
        assertFalse("no key of the file: " + message, message.contains(KEY));
        return message;
    }

    @Test
    public void aStateFileCutShortIsNamedWithItsLineAndNoneOfItsBytes() throws Exception {
        String cut = profile().substring(0, profile().indexOf(KEY) + KEY.length() + 1);
        String message = refusal(state(cut));
        // Jackson's own message quoted up to 500 bytes of the file from the start marker: the ISD's keys among them.
        assertTrue(message, message.contains("not JSON: it ends at line "));
        assertTrue(message, message.contains("cut short"));
    }

    @Test
    public void aKeyThatLostItsQuotesIsNotQuotedInTheError() throws Exception {
        // Jackson says "Unrecognized token '4041...'": the key itself.
        String message = refusal(state(profile().replaceFirst("\"" + KEY + "\"", "A" + KEY)));
        assertTrue(message, message.matches(".*not JSON at line \\d+, column \\d+.*"));
        assertFalse(message, message.contains("A" + KEY.substring(0, 8)));
    }

    @Test
    public void aStateFileOfTheWrongShapeOrContentSaysWhatIsWrong() throws Exception {
        assertTrue(refusal(state("[1, 2]")).contains("is damaged (a card profile is a JSON object)"));
        String message = refusal(state(profile().replace("\"kdd\": \"00000000000000000001\"", "\"kdd\": \"01\"")));
        assertTrue(message, message.contains("is damaged (kdd: 10 bytes, not 1)"));
    }

    @Test
    public void aStateFileThatCannotBeReadIsNamed() throws Exception {
        Path state = tmp.getRoot().toPath().resolve("scgw-default.json");
        Files.createDirectory(state);
        assertTrue(refusal(state).contains("could not be read (Is a directory)"));
    }

    @Test
    public void noStateFileIsTheProfile() throws Exception {
        CardProfile fresh = CardProfile.parse(SimulatedSecureElementTest.defaultProfile());
        assertEquals(fresh, SimulatedCardComponent.kept(fresh, tmp.getRoot().toPath().resolve("scgw-default.json")));
    }

    @Test
    public void aConfiguredProfileThatCannotBeUsedIsNamed() throws Exception {
        Path file = tmp.newFile("operator.json").toPath();
        Files.writeString(file, "{\"name\": \"x\", \"isd\": {\"keys\": {\"enc\": \"" + KEY);
        String message = assertThrows(SimulatedCardComponent.NotInserted.class,
                () -> SimulatedCardComponent.profile(config(tmp.getRoot().toPath(), file.toString()))).getMessage();
        assertTrue(message, message.startsWith("its card profile " + file + " cannot be used: not JSON: it ends at line 1"));
        assertFalse(message, message.contains(KEY));
    }

    @Test
    public void activateLeavesADamagedStateFileAsItWasAndInsertsNoCard() throws Exception {
        String damaged = profile().replace("\"kdd\": \"00000000000000000001\"", "\"kdd\": \"01\"");
        Path state = state(damaged);
        List<String> calls = new ArrayList<>();
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    return null;
                });
        SimulatedCardComponent component = new SimulatedCardComponent();
        component.activate(context, config(tmp.getRoot().toPath(), ""));
        component.deactivate();
        assertEquals("no service registered", List.of(), calls);
        assertArrayEquals(damaged.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(state));
        assertEquals("nothing written beside it", List.of(state), Files.list(tmp.getRoot().toPath()).toList());
    }

    private static SimulatedCardComponent.Config config(Path stateFolder, String profile) {
        return (SimulatedCardComponent.Config) Proxy.newProxyInstance(SimulatedCardComponent.Config.class.getClassLoader(),
                new Class<?>[] {SimulatedCardComponent.Config.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "stateFolder": return stateFolder.toString();
                        case "profile": return profile;
                        case "inProcess": return true;
                        default: return "";
                    }
                });
    }
}
