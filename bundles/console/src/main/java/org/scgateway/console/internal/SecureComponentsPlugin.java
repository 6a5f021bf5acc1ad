package org.scgateway.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scgateway.api.euicc.EuiccException;
import org.scgateway.api.euicc.Profile;
import org.scgateway.api.lwm2m.ClientStatus;
import org.scgateway.api.lwm2m.ServerStatus;
import org.scgateway.api.tee.TrustedComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "Secure Components" page of the Web Console: a plain javax {@link Servlet} with the
 * {@code felix.webconsole.*} properties and no Web Console API, so that Felix's Web Console 5 and Karaf's 4.8
 * both show it inside their own frame. GET renders the page; POST carries out one action and redirects back
 * (post/redirect/get), with the outcome in the query.
 * <p>
 * Each action must carry the page's token, and a request whose Origin (or Referer) names another host is refused
 * (the {@link ConsoleGuard} refuses it for the whole console too). The token is a MAC of the operator's credentials
 * under a key of this instance, not a value kept in a session: the page sets no cookie.
 */
@Component(service = Servlet.class, property = {
    "felix.webconsole.label=" + SecureComponentsPlugin.LABEL,
    "felix.webconsole.title=Secure Components",
    "felix.webconsole.category=SC Gateway"})
public class SecureComponentsPlugin extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String LABEL = "scgateway";
    private static final Logger LOG = LoggerFactory.getLogger(SecureComponentsPlugin.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Made at each start: a page loaded before a restart gets a refusal that asks to reload it. */
    private final byte[] tokenKey = new byte[32];

    public SecureComponentsPlugin() {
        RANDOM.nextBytes(tokenKey);
    }

    @Reference
    private transient Overview overview;

    /** Static resources under {@code /scgateway/res/}: the Web Console serves what this returns. */
    public URL getResource(String path) {
        String prefix = "/" + LABEL + "/res/";
        if (path == null || !path.startsWith(prefix) || path.contains("..")) {
            return null;
        }
        return getClass().getResource("/res/" + path.substring(prefix.length()));
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getPathInfo() != null && req.getPathInfo().startsWith("/" + LABEL + "/res/")) {
            serveResource(req.getPathInfo(), resp); // when the console passes resource requests through
            return;
        }
        if (("/" + LABEL + "/csr").equals(req.getPathInfo())) {
            certificationRequest(String.valueOf(req.getParameter("name")), resp);
            return;
        }
        resp.setContentType("text/html");
        resp.setCharacterEncoding("UTF-8");
        String token = token(req);
        PrintWriter out = resp.getWriter();
        out.println("<link rel=\"stylesheet\" href=\"" + Html.attr(req.getContextPath() + req.getServletPath() + "/" + LABEL + "/res/console.css") + "\">");
        out.println("<div id=\"scgw-console\">");
        String done = req.getParameter("done");
        String failed = req.getParameter("failed");
        if (done != null) {
            out.println("<p class=\"scgw-done\">" + Html.text(done) + "</p>");
        }
        if (failed != null) {
            out.println("<p class=\"scgw-failed\">" + Html.text(failed) + "</p>");
        }
        components(out, token);
        client(out);
        keys(out, req.getContextPath() + req.getServletPath() + "/" + LABEL);
        euiccs(out, token);
        tees(out);
        out.println("</div>");
    }

    private void components(PrintWriter out, String token) throws IOException {
        out.println("<h2>Secure Components</h2>");
        out.println("<table class=\"tablesorter nicetable\" id=\"scgw-components\"><thead><tr><th>Component</th><th>Kind</th><th>Backend</th>"
                + "<th>State</th><th>Identification</th></tr></thead><tbody>");
        for (Overview.ComponentRow c : overview.components()) {
            out.println("<tr data-component=\"" + Html.attr(c.id) + "\"><td>" + Html.text(c.id) + "</td><td>" + Html.text(c.kind) + "</td><td>"
                    + Html.text(c.backend) + "</td><td>" + Html.text(c.state) + "</td><td>"
                    + c.identification.entrySet().stream().map(e -> Html.text(e.getKey()) + " <code>" + Html.text(e.getValue()) + "</code>")
                            .collect(Collectors.joining("<br>")) + "</td></tr>");
        }
        out.println("</tbody></table>");
        Optional<String> chosen = overview.adminBackend();
        out.println("<form method=\"post\" class=\"scgw-backend\"><input type=\"hidden\" name=\"token\" value=\"" + Html.attr(token) + "\">"
                + "<input type=\"hidden\" name=\"action\" value=\"backend\"><label>Secure Component Admin object shows "
                + "<select name=\"backend\"><option value=\"\"" + (chosen.isEmpty() ? " selected" : "") + ">every backend</option>");
        for (String b : overview.backends()) {
            out.println("<option value=\"" + Html.attr(b) + "\"" + (chosen.equals(Optional.of(b)) ? " selected" : "") + ">" + Html.text(b) + " only</option>");
        }
        chosen.filter(b -> !overview.backends().contains(b))
                .ifPresent(b -> out.println("<option value=\"" + Html.attr(b) + "\" selected>" + Html.text(b) + " only (none present)</option>"));
        out.println("</select></label> <button type=\"submit\">Apply</button></form>");
    }

    private void client(PrintWriter out) {
        out.println("<h2>LwM2M client</h2>");
        Optional<ClientStatus> status = overview.client();
        if (status.isEmpty()) {
            out.println("<p>No LwM2M client is running.</p>");
            return;
        }
        ClientStatus s = status.get();
        out.println("<table class=\"nicetable\" id=\"scgw-client\"><tbody>");
        row(out, "Endpoint", s.endpoint());
        row(out, "State", s.state().name());
        row(out, "Server", s.serverUri().orElse("none"));
        row(out, "Security", security(s.securityMode(), s.pskIdentity()));
        row(out, "Key kept in", keyKeptIn(s.keyLocation(), s.securityMode()));
        row(out, "Servers from", s.serversFrom().orElse(""));
        row(out, "Registration", s.registrationId().orElse("") + s.lastRegistration().map(t -> " since " + t).orElse(""));
        row(out, "Last update", s.lastUpdate().map(Object::toString).orElse(""));
        row(out, "Objects", s.objectIds().stream().map(String::valueOf).collect(Collectors.joining(", ")));
        for (Map.Entry<String, java.util.List<org.scgateway.api.lwm2m.ObjectLink>> e : s.hostedInstances().entrySet()) {
            row(out, "In " + e.getKey(), e.getValue().stream().map(Object::toString).collect(Collectors.joining(", ")));
        }
        s.lastError().ifPresent(err -> row(out, "Last error", err));
        s.sourceProblem().ifPresent(p -> row(out, "Bootstrap source", p));
        out.println("</tbody></table>");
        // After the client-wide table, which tells of the first server only: each server's own registration.
        s.servers().forEach(server -> server(out, server));
    }

    /** One server's registration, headed by its Short Server ID and URI, with the rows of the client-wide table. */
    private static void server(PrintWriter out, ServerStatus s) {
        out.println("<h3>Server " + s.shortServerId() + " &mdash; " + Html.text(s.uri()) + "</h3>");
        out.println("<table class=\"nicetable scgw-server\" data-server=\"" + s.shortServerId() + "\"><tbody>");
        row(out, "State", s.state().name());
        row(out, "Registration", s.registrationId().orElse("") + s.lastRegistration().map(t -> " since " + t).orElse(""));
        row(out, "Last update", s.lastUpdate().map(Object::toString).orElse(""));
        s.nextAttempt().ifPresent(t -> row(out, "Next attempt", t.toString()));
        s.lastError().ifPresent(err -> row(out, "Last error", err));
        row(out, "Security", security(s.securityMode(), s.pskIdentity()));
        row(out, "Key kept in", keyKeptIn(s.keyLocation(), s.securityMode()));
        out.println("</tbody></table>");
    }

    /** The security mode with its PSK identity, which is public; the key is never shown. */
    private static String security(Optional<String> mode, Optional<String> identity) {
        return mode.map(m -> m + identity.map(i -> ", identity " + i).orElse("")).orElse("");
    }

    /** Where the key is kept; NO_SEC says so, rather than leave the operator wondering where a key went. */
    private static String keyKeptIn(Optional<String> location, Optional<String> mode) {
        return location.orElse(mode.map(m -> m.equals("NO_SEC") ? "no key" : "").orElse(""));
    }

    /**
     * The keys used inside the credential store's component, with their public parts; never a secret. A key pair links
     * to its certificate signing request.
     */
    private void keys(PrintWriter out, String base) {
        out.println("<h2>Keys used inside the Secure Component</h2>");
        Optional<String> where = overview.keysLocation();
        java.util.List<Overview.KeyRow> rows;
        try {
            rows = overview.keys();
        } catch (org.scgateway.api.credential.CredentialStoreException e) {
            out.println("<p class=\"scgw-failed\">The keys of " + Html.text(where.orElse("the credential store")) + " could not be listed: "
                    + Html.text(e.getMessage()) + "</p>");
            return;
        }
        if (rows.isEmpty()) {
            out.println("<p>No key is used inside " + Html.text(where.orElse("a credential store")) + ".</p>");
            return;
        }
        out.println("<p>In " + Html.text(where.orElse("")) + "; the card uses them and no command reads them out.</p>");
        out.println("<table class=\"nicetable\" id=\"scgw-keys\"><thead><tr><th>Name</th><th>Kind</th><th>Public part</th></tr></thead><tbody>");
        for (Overview.KeyRow r : rows) {
            String request = r.kind.startsWith("EC") ? " <a class=\"scgw-csr\" href=\"" + Html.attr(base + "/csr?name="
                    + java.net.URLEncoder.encode(r.name, java.nio.charset.StandardCharsets.UTF_8)) + "\">certificate request</a>" : "";
            out.println("<tr><td>" + Html.text(r.name) + "</td><td>" + Html.text(r.kind) + "</td><td><code>" + Html.text(r.publicPart)
                    + "</code>" + request + "</td></tr>");
        }
        out.println("</tbody></table>");
    }

    /** A key pair's certificate signing request, signed in the component, for the client's endpoint, as a PEM file. */
    private void certificationRequest(String name, HttpServletResponse resp) throws IOException {
        byte[] der;
        try {
            der = overview.certificationRequest(name, Optional.empty());
        } catch (org.scgateway.api.credential.CredentialStoreException e) {
            resp.sendError(HttpServletResponse.SC_CONFLICT, "no certificate request: " + e.getMessage());
            return;
        }
        resp.setContentType("application/pkcs10");
        resp.setHeader("Content-Disposition", "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9._-]", "_") + ".csr\"");
        resp.getWriter().print(org.scgateway.api.credential.CertificationRequest.pem(der));
    }

    private void euiccs(PrintWriter out, String token) {
        out.println("<h2>eUICC profiles</h2>");
        java.util.List<Overview.EuiccRow> rows = overview.euiccs();
        if (rows.isEmpty()) {
            out.println("<p>No eUICC.</p>");
        }
        for (Overview.EuiccRow e : rows) {
            out.println("<h3>" + Html.text(e.secureElement) + (e.eid.isEmpty() ? "" : " &mdash; EID <code>" + Html.text(e.eid) + "</code>") + "</h3>");
            if (e.problem != null) {
                out.println("<p class=\"scgw-failed\">" + Html.text(e.problem) + "</p>");
                continue;
            }
            out.println("<table class=\"nicetable scgw-profiles\" data-se=\"" + Html.attr(e.secureElement) + "\"><thead><tr><th>ICCID</th><th>State</th>"
                    + "<th>Class</th><th>Name</th><th>Service provider</th><th>Nickname</th><th>Policy rules</th><th>Fall-back</th><th></th></tr></thead><tbody>");
            for (Profile p : e.profiles) {
                String action = p.isEnabled() ? "disable" : "enable";
                out.println("<tr data-iccid=\"" + Html.attr(p.iccid().digits()) + "\"><td>" + Html.text(p.iccid().digits()) + "</td><td class=\"state\">"
                        + (p.isEnabled() ? "enabled" : "disabled") + "</td><td>" + Html.text(p.profileClass().name().toLowerCase())
                        + "</td><td>" + Html.text(p.name().orElse("")) + "</td><td>" + Html.text(p.serviceProvider().orElse("")) + "</td><td>"
                        + Html.text(p.nickname().orElse("")) + "</td><td>" + Html.text(p.policyRules().stream().map(r -> r.name().toLowerCase()
                                .replace('_', ' ')).collect(Collectors.joining(", "))) + "</td><td>" + (p.isFallback() ? "yes" : "") + "</td><td>"
                        + "<form method=\"post\"><input type=\"hidden\" name=\"token\" value=\"" + Html.attr(token) + "\">"
                        + "<input type=\"hidden\" name=\"action\" value=\"" + action + "\"><input type=\"hidden\" name=\"se\" value=\""
                        + Html.attr(e.secureElement) + "\"><input type=\"hidden\" name=\"iccid\" value=\"" + Html.attr(p.iccid().digits()) + "\">"
                        + "<button type=\"submit\" class=\"" + action + "\">" + (p.isEnabled() ? "Disable" : "Enable") + "</button></form></td></tr>");
            }
            out.println("</tbody></table>");
        }
    }

    private void tees(PrintWriter out) {
        out.println("<h2>TEE trusted components</h2>");
        java.util.List<Overview.TeeRow> rows = overview.tees();
        if (rows.isEmpty()) {
            out.println("<p>No TEE.</p>");
        }
        for (Overview.TeeRow t : rows) {
            out.println("<h3>" + Html.text(t.id) + " (" + Html.text(t.backend) + ")</h3>");
            if (t.problem != null) {
                out.println("<p class=\"scgw-failed\">" + Html.text(t.problem) + "</p>");
                continue;
            }
            if (t.trustedComponents.isEmpty()) {
                out.println("<p>No trusted component installed.</p>");
                continue;
            }
            out.println("<table class=\"nicetable\"><thead><tr><th>Component</th><th>Security domain</th><th>Sequence</th></tr></thead><tbody>");
            for (TrustedComponent c : t.trustedComponents) {
                out.println("<tr><td>" + Html.text(c.componentIdText()) + "</td><td>" + Html.text(c.securityDomain()) + "</td><td>"
                        + c.sequenceNumber() + "</td></tr>");
            }
            out.println("</tbody></table>");
        }
    }

    private static void row(PrintWriter out, String name, String value) {
        out.println("<tr><th>" + Html.text(name) + "</th><td>" + Html.text(value) + "</td></tr>");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String expected = token(req);
        String given = req.getParameter("token");
        if (expected == null || given == null
                || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII))
                || !SameOrigin.of(req)) {
            LOG.warn("a console action was refused: it did not come from this gateway's own page (token or origin)");
            resp.sendError(HttpServletResponse.SC_FORBIDDEN, "not from this page: reload it and try again");
            return;
        }
        String action = String.valueOf(req.getParameter("action"));
        String outcome;
        boolean ok = true;
        try {
            switch (action) {
                case "enable":
                case "disable":
                    overview.switchProfile(req.getParameter("se"), String.valueOf(req.getParameter("iccid")), action.equals("enable"));
                    outcome = "profile " + req.getParameter("iccid") + " " + action + "d";
                    break;
                case "backend":
                    String backend = String.valueOf(req.getParameter("backend")).strip();
                    overview.chooseAdminBackend(backend);
                    outcome = backend.isEmpty() ? "the admin object shows every backend" : "the admin object shows " + backend + " only";
                    break;
                default:
                    outcome = "no such action: " + action;
                    ok = false;
            }
        } catch (EuiccException | IllegalArgumentException e) {
            outcome = e.getMessage();
            ok = false;
        }
        LOG.info("console action {}: {}", action, outcome);
        String back = req.getContextPath() + req.getServletPath() + "/" + LABEL + "?" + (ok ? "done=" : "failed=")
                + java.net.URLEncoder.encode(outcome, StandardCharsets.UTF_8);
        resp.sendRedirect(back);
    }

    /** The page's token for the credentials this request carries. */
    private String token(HttpServletRequest req) {
        String credentials = Optional.ofNullable(req.getHeader("Authorization")).orElse(String.valueOf(req.getRemoteUser()));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(tokenKey, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(credentials.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private void serveResource(String path, HttpServletResponse resp) throws IOException {
        URL url = getResource(path);
        if (url == null) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        resp.setContentType(path.endsWith(".css") ? "text/css" : "application/octet-stream");
        try (InputStream in = url.openStream()) {
            in.transferTo(resp.getOutputStream());
        }
    }
}
