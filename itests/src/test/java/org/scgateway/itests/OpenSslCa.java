package org.scgateway.itests;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A certificate authority run with Debian's {@code openssl}, as an integrator's would be: it issues the gateway's client
 * certificate from the request the card signed, and the test server's certificate. Its files live in a folder of its
 * own, removed on {@link #close()}.
 */
final class OpenSslCa implements AutoCloseable {

    private final Path dir;
    final X509Certificate certificate;

    OpenSslCa(String name) throws IOException, GeneralSecurityException {
        dir = Files.createTempDirectory("scgw-ca");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-subj", "/CN=" + name, "-days", "2", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
        certificate = certificate(dir.resolve("ca.pem"));
    }

    /**
     * A certificate for the request {@code csrPem}, as {@code openssl x509 -req} issues it (which checks the request's
     * signature first), with {@code extensions} (openssl's syntax, one per line), for a day or two.
     */
    X509Certificate issue(String csrPem, String... extensions) throws IOException, GeneralSecurityException {
        Path csr = Files.createTempFile(dir, "req", ".pem");
        Path ext = Files.createTempFile(dir, "ext", ".cnf");
        Path out = Files.createTempFile(dir, "cert", ".pem");
        Files.writeString(csr, csrPem);
        Files.writeString(ext, String.join("\n", extensions) + "\n");
        openssl("x509", "-req", "-in", csr.toString(), "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2", "-extfile",
                ext.toString(), "-out", out.toString());
        return certificate(out);
    }

    /** A key pair made by openssl and its certificate for {@code 127.0.0.1}, as a server with that address needs. */
    Issued localServer() throws IOException, GeneralSecurityException {
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=127.0.0.1");
        X509Certificate cert = issue(Files.readString(dir.resolve("server.csr")), "basicConstraints=critical,CA:FALSE",
                "keyUsage=critical,digitalSignature", "subjectAltName=IP:127.0.0.1");
        String pem = Files.readString(dir.resolve("server.key"));
        byte[] pkcs8 = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        return new Issued(key, cert);
    }

    static final class Issued {
        final PrivateKey key;
        final X509Certificate certificate;

        Issued(PrivateKey key, X509Certificate certificate) {
            this.key = key;
            this.certificate = certificate;
        }
    }

    private void openssl(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while openssl ran", e);
        } finally {
            p.destroyForcibly();
        }
    }

    private static X509Certificate certificate(Path pem) throws IOException, GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(f);
            }
        }
    }
}
