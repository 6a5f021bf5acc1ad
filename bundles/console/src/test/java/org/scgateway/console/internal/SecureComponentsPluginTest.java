package org.scgateway.console.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.List;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.Test;
import org.scgateway.api.lwm2m.ClientStatus;

/** The page's LwM2M client section: the client-wide table as before, then each server's registration. */
public class SecureComponentsPluginTest {

    @Test
    public void showsEachServerAfterTheClientTable() throws Exception {
        String page = page(TwoServers.status());

        assertTrue("the client-wide table stays", page.contains("<tr><th>Registration</th><td>reg-101 since " + TwoServers.REGISTERED_AT + "</td></tr>"));
        assertTrue(page.indexOf("id=\"scgw-client\"") < page.indexOf("<h3>Server 101 &mdash; coaps://dm.example:5684</h3>"));
        assertEquals("<tr><th>State</th><td>REGISTERED</td></tr>"
                + "<tr><th>Registration</th><td>reg-101 since " + TwoServers.REGISTERED_AT + "</td></tr>"
                + "<tr><th>Last update</th><td>" + TwoServers.UPDATED_AT + "</td></tr>"
                + "<tr><th>Security</th><td>PSK, identity gw-1</td></tr>"
                + "<tr><th>Key kept in</th><td>secure component sim-1 (its bootstrap file)</td></tr>",
                serverRows(page, 101));
        assertTrue(page.contains("<h3>Server 102 &mdash; coap://backup.example:5683</h3>"));
        assertEquals("<tr><th>State</th><td>RETRYING</td></tr>"
                + "<tr><th>Registration</th><td></td></tr>"
                + "<tr><th>Last update</th><td></td></tr>"
                + "<tr><th>Next attempt</th><td>" + TwoServers.NEXT_ATTEMPT + "</td></tr>"
                + "<tr><th>Last error</th><td>no answer &lt;timeout&gt;</td></tr>"
                + "<tr><th>Security</th><td>NO_SEC</td></tr>"
                + "<tr><th>Key kept in</th><td>no key</td></tr>",
                serverRows(page, 102));
        assertFalse("a server's error is escaped like the rest", page.contains("<timeout>"));
    }

    @Test
    public void showsNothingMoreWithoutServers() throws Exception {
        String page = page(TwoServers.client(List.of()));

        assertTrue(page.contains("id=\"scgw-client\""));
        assertFalse(page.contains("scgw-server"));
        assertFalse(page.contains("<h3>Server"));
    }

    /** The rows of one server's table, on one line. */
    private static String serverRows(String page, int shortServerId) {
        String open = "<table class=\"nicetable scgw-server\" data-server=\"" + shortServerId + "\"><tbody>";
        int from = page.indexOf(open);
        assertTrue("no table for server " + shortServerId, from >= 0);
        return page.substring(from + open.length(), page.indexOf("</tbody></table>", from)).replaceAll("\\R", "");
    }

    private static String page(ClientStatus status) throws Exception {
        StringWriter body = new StringWriter();
        SecureComponentsPlugin plugin = TwoServers.with(new SecureComponentsPlugin(), TwoServers.overview(status));
        plugin.doGet(request(), response(new PrintWriter(body)));
        return body.toString();
    }

    private static HttpServletRequest request() {
        return (HttpServletRequest) Proxy.newProxyInstance(SecureComponentsPluginTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getPathInfo" -> "/" + SecureComponentsPlugin.LABEL;
                    case "getContextPath" -> "";
                    case "getServletPath" -> "/system/console";
                    case "getRemoteUser" -> "karaf";
                    case "getParameter", "getHeader" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static HttpServletResponse response(PrintWriter body) {
        return (HttpServletResponse) Proxy.newProxyInstance(SecureComponentsPluginTest.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getWriter" -> body;
                    case "setContentType", "setCharacterEncoding" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
