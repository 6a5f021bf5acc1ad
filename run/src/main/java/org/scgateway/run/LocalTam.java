package org.scgateway.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.californium.LeshanServer;
import org.eclipse.leshan.server.registration.Registration;
import org.scgateway.teep.CoseSign1;
import org.scgateway.teep.SuitEnvelope;
import org.scgateway.teep.TcInfo;
import org.scgateway.teep.TeepMessage;

import com.upokecenter.cbor.CBORObject;

/**
 * The local server as a Trusted Application Manager: a P-256 key of its own, whose public half the gateway's
 * software TEE takes as a trust anchor (run/gateway provisions it), and a small HTTP API beside the web UI
 * that sends TEEP messages to a gateway's TEE through its Secure Component Admin instance:
 * <pre>
 * GET    /api/tam/ENDPOINT              QueryRequest: the trusted components, one per line
 * POST   /api/tam/ENDPOINT/NAME?seq=N   Update installing the request body as component [local-tam, NAME]
 * DELETE /api/tam/ENDPOINT/NAME         Update removing it
 * </pre>
 * To the gateway's first TEE, or with {@code ?tee=BACKEND} to the one of that backend ({@code tee.optee}).
 * Each answer is verified with the agent's key, read from the TEE's identification, before it is shown.
 */
final class LocalTam extends HttpServlet {

    static final String NAME = "local-tam";
    private static final long serialVersionUID = 1L;
    private static final int ADMIN = 42769;
    private static final long TIMEOUT = 10_000;

    private final transient LeshanServer server;
    private final transient KeyPair key;
    private final transient SecureRandom random = new SecureRandom();

    LocalTam(LeshanServer server, KeyPair key) {
        this.server = server;
        this.key = key;
    }

    /** run/gateway: {@code LocalTam init FOLDER} makes the TAM's key if there is none, before the gateway starts. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("init")) {
            System.err.println("usage: LocalTam init FOLDER");
            System.exit(2);
        }
        key(Paths.get(args[1]));
    }

    /**
     * The TAM's key in {@code folder}: {@code local-tam.key} (PKCS#8, mode 600), and its trust anchor
     * {@code trust-anchors/local-tam.der} for the gateway to provision. Made on first use.
     */
    static KeyPair key(Path folder) throws Exception {
        Path priv = folder.resolve(NAME + ".key");
        Path anchor = folder.resolve("trust-anchors").resolve(NAME + ".der");
        KeyFactory f = KeyFactory.getInstance("EC");
        try {
            return new KeyPair(f.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(anchor))),
                    f.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(priv))));
        } catch (NoSuchFileException e) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair k = g.generateKeyPair();
            Files.createDirectories(anchor.getParent());
            PrivateFiles.write(priv, k.getPrivate().getEncoded());
            Files.write(anchor, k.getPublic().getEncoded());
            return k;
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp, "GET");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp, "POST");
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp, "DELETE");
    }

    private void handle(HttpServletRequest req, HttpServletResponse resp, String method) throws IOException {
        String[] path = req.getPathInfo() == null ? new String[0] : req.getPathInfo().replaceFirst("^/", "").split("/");
        resp.setContentType("text/plain;charset=UTF-8");
        try {
            String text;
            if (method.equals("GET") && path.length == 1 && !path[0].isEmpty()) {
                text = send(path[0], req.getParameter("tee"), TeepMessage.queryRequest(token(), TeepMessage.TRUSTED_COMPONENTS));
            } else if (method.equals("POST") && path.length == 2) {
                // The body first: asking for a parameter would read a form-encoded body (curl's default) as parameters.
                byte[] ta = req.getInputStream().readAllBytes();
                long seq = Long.parseLong(req.getParameter("seq") == null ? "1" : req.getParameter("seq"));
                text = send(path[0], req.getParameter("tee"), TeepMessage.update(token(), List.of(SuitEnvelope.build(id(path[1]), seq, ta, key.getPrivate())), List.of()));
            } else if (method.equals("DELETE") && path.length == 2) {
                text = send(path[0], req.getParameter("tee"), TeepMessage.update(token(), List.of(), List.of(id(path[1]))));
            } else {
                resp.setStatus(404);
                text = "GET /api/tam/ENDPOINT, POST /api/tam/ENDPOINT/NAME?seq=N (body: the TA), DELETE /api/tam/ENDPOINT/NAME; "
                        + "each takes ?tee=BACKEND\n";
            }
            resp.getWriter().write(text);
        } catch (TamException | NumberFormatException e) {
            resp.setStatus(409);
            resp.getWriter().write(e.getMessage() + "\n");
        } catch (Exception e) {
            resp.setStatus(500);
            resp.getWriter().write("the TAM failed: " + e + "\n");
        }
    }

    /**
     * Sends one signed message through the admin instance of the gateway's TEE (of that backend, if not null),
     * and describes the verified answer.
     */
    private String send(String endpoint, String backend, TeepMessage message) throws Exception {
        Registration reg = server.getRegistrationService().getByEndpoint(endpoint);
        if (reg == null) {
            throw new TamException("no client registered as " + endpoint);
        }
        ReadResponse all = server.send(reg, new ReadRequest(ADMIN), TIMEOUT);
        if (all == null || !all.isSuccess()) {
            throw new TamException(endpoint + " has no Secure Component Admin object (" + all + ")");
        }
        for (LwM2mObjectInstance i : ((LwM2mObject) all.getContent()).getInstances().values()) {
            if ("TEE".equals(i.getResource(1).getValue()) && (backend == null || backend.equals(i.getResource(3).getValue()))) {
                return exchange(reg, i, message);
            }
        }
        throw new TamException(endpoint + " shows no TEE" + (backend == null ? "" : " of backend " + backend)
                + " in its Secure Component Admin object");
    }

    private String exchange(Registration reg, LwM2mObjectInstance tee, TeepMessage message) throws Exception {
        int id = tee.getId();
        byte[] properties = (byte[]) ((LwM2mMultipleResource) tee.getResource(2)).getValue(4);
        PublicKey agent = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(HexFormat.of().parseHex(
                CBORObject.DecodeFromBytes(properties).get("teep.agent.key.p256").AsString())));
        check(server.send(reg, new WriteRequest(ADMIN, id, 6, CoseSign1.sign(message.encode(), key.getPrivate())), TIMEOUT), "write the request");
        check(server.send(reg, new ExecuteRequest(ADMIN + "/" + id + "/7"), TIMEOUT), "run it");
        long deadline = System.currentTimeMillis() + TIMEOUT;
        long result;
        do {
            Thread.sleep(50);
            result = (Long) read(reg, id, 9).getValue();
        } while (result == 1 && System.currentTimeMillis() < deadline);
        String description = (String) read(reg, id, 10).getValue();
        TeepMessage answer = TeepMessage.decode(CoseSign1.verify((byte[]) read(reg, id, 8).getValue(), Map.of("agent", agent)).payload());
        StringBuilder out = new StringBuilder();
        out.append(answer.type()).append(" (result ").append(result).append(": ").append(description).append(")\n");
        for (TcInfo tc : answer.tcList()) {
            out.append(readable(tc.componentId())).append(tc.size().isPresent() ? "  " + tc.size().getAsLong() + " bytes" : "")
                    .append(tc.sha256().map(d -> "  sha256 " + HexFormat.of().formatHex(d)).orElse("")).append('\n');
        }
        return out.toString();
    }

    private LwM2mSingleResource read(Registration reg, int instance, int resource) throws Exception {
        ReadResponse r = server.send(reg, new ReadRequest(ADMIN, instance, resource), TIMEOUT);
        check(r, "read resource " + resource);
        return (LwM2mSingleResource) r.getContent();
    }

    private static void check(LwM2mResponse r, String what) throws TamException {
        if (r == null || !r.isSuccess()) {
            throw new TamException("could not " + what + " on the gateway: " + r);
        }
    }

    private byte[] token() {
        byte[] t = new byte[16];
        random.nextBytes(t);
        return t;
    }

    private static List<byte[]> id(String name) {
        return List.of(NAME.getBytes(StandardCharsets.US_ASCII), name.getBytes(StandardCharsets.UTF_8));
    }

    /** A component id as text where its parts are printable, hex where not. */
    private static String readable(List<byte[]> id) {
        StringBuilder b = new StringBuilder();
        for (byte[] part : id) {
            String s = new String(part, StandardCharsets.UTF_8);
            b.append(b.length() == 0 ? "" : "/").append(s.chars().allMatch(c -> c >= 0x20 && c < 0x7F) ? s : HexFormat.of().formatHex(part));
        }
        return b.toString();
    }

    private static final class TamException extends Exception {
        private static final long serialVersionUID = 1L;

        TamException(String message) {
            super(message);
        }
    }
}
