package org.scgateway.console.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.Test;

/** lwm2m:status: the client-wide rows as before, then each server's registration. */
public class ClientCommandsTest {

    @Test
    public void showsEachServerAfterTheClientWideRows() throws Exception {
        List<String> lines = status(TwoServers.status());

        assertEquals("the client-wide rows come first, unchanged", "endpoint      gw-1", lines.get(0));
        assertTrue(lines.contains("registration  reg-101"));
        assertEquals(List.of(
                "server 101    coaps://dm.example:5684",
                " state        REGISTERED",
                " registration reg-101",
                " registered   " + TwoServers.REGISTERED_AT,
                " last update  " + TwoServers.UPDATED_AT,
                " security     PSK, identity gw-1, key in secure component sim-1 (its bootstrap file)"),
                withoutAgo(block(lines, "server 101 ")));
        assertEquals(List.of(
                "server 102    coap://backup.example:5683",
                " state        RETRYING",
                " registration -",
                " registered   -",
                " last update  -",
                " next attempt " + TwoServers.NEXT_ATTEMPT,
                " last error   no answer <timeout>",
                " security     NO_SEC"),
                withoutAgo(block(lines, "server 102 ")));
        assertTrue("a next attempt is told as a time to come",
                lines.stream().anyMatch(l -> l.matches(" next attempt \\S+ \\(in \\d+ s\\)")));
    }

    @Test
    public void showsNothingMoreWithoutServers() throws Exception {
        List<String> lines = status(TwoServers.client(List.of()));

        assertFalse(lines.stream().anyMatch(l -> l.startsWith(" ") || l.matches("server \\d+ .*")));
    }

    private static List<String> status(org.scgateway.api.lwm2m.ClientStatus s) throws ReflectiveOperationException {
        String out = TwoServers.with(new ClientCommands(), TwoServers.overview(s)).status();
        return Arrays.asList(out.split("\\R"));
    }

    /** The lines of one server, from its heading to the next heading or the end. */
    private static List<String> block(List<String> lines, String heading) {
        int from = lines.stream().filter(l -> l.startsWith(heading)).findFirst().map(lines::indexOf)
                .orElseThrow(() -> new AssertionError("no '" + heading + "' in " + lines));
        int to = from + 1;
        while (to < lines.size() && lines.get(to).startsWith(" ")) {
            to++;
        }
        return lines.subList(from, to);
    }

    /** Drops the " (N s ago)" and " (in N s)" that change with the clock. */
    private static List<String> withoutAgo(List<String> lines) {
        return lines.stream().map(l -> l.replaceFirst(" \\((\\d+ s ago|in \\d+ s|now)\\)$", "")).toList();
    }
}
