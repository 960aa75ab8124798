package dev.deploycheck.testing;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway PKI for tests: a CA generated at test time, leaves it signs (valid, expired, not yet valid, for
 * any names), self-signed certificates, PEM files in a directory, and a JDK {@link HttpsServer} serving any of them
 * on 127.0.0.1. EC P-256 keys, because they are generated in milliseconds.
 *
 * <pre>
 * TestPki pki = TestPki.create(tempDir);
 * TestPki.Issued leaf = pki.leaf("localhost", TestPki.days(-1), TestPki.days(90), "localhost", "127.0.0.1");
 * HttpsServer server = leaf.httpsServer(exchange -> ...);   // pki.caPem() is the caFile to trust it
 * </pre>
 */
public final class TestPki {
    /** A certificate with its key and the chain a server sends (leaf first), and its PEM files. */
    public record Issued(X509Certificate cert, PrivateKey key, List<X509Certificate> chain, Path certPem,
            Path keyPem) {
        /** A server-side TLS context presenting this certificate. */
        public SSLContext serverContext() {
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("server", key, new char[0], chain.toArray(new X509Certificate[0]));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, new char[0]);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(kmf.getKeyManagers(), null, null);
                return ctx;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** An HTTPS server on 127.0.0.1 and a free port presenting this certificate; stop it when done. */
        public HttpsServer httpsServer(HttpHandler handler) {
            try {
                HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                s.setHttpsConfigurator(new HttpsConfigurator(serverContext()));
                s.createContext("/", handler);
                s.start();
                return s;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** An HTTPS server answering every request with 200 and {@code ok}. */
        public HttpsServer httpsServer() {
            return httpsServer(exchange -> {
                byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
        }
    }

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
    private final Path dir;
    private final Issued ca;

    private TestPki(Path dir, Issued ca) {
        this.dir = dir;
        this.ca = ca;
    }

    /** A new CA named {@code CN=deploycheck test CA}, valid from yesterday for ten years, written to dir/ca.pem. */
    public static TestPki create(Path dir) {
        return create(dir, days(-1), days(3650));
    }

    /** A CA with the given validity (an expired CA, say), written to dir/ca.pem. */
    public static TestPki create(Path dir, Instant notBefore, Instant notAfter) {
        return new TestPki(dir, selfSigned(dir, "ca", "deploycheck test CA", notBefore, notAfter, true));
    }

    /** An instant {@code n} days from now (negative: in the past). */
    public static Instant days(long n) {
        return Instant.now().plus(Duration.ofDays(n));
    }

    public Issued ca() {
        return ca;
    }

    /** The CA certificate as PEM: the {@code caFile} that trusts every leaf of this PKI. */
    public Path caPem() {
        return ca.certPem();
    }

    /** A server certificate signed by the CA; names that look like IP addresses become IP SANs. */
    public Issued leaf(String cn, Instant notBefore, Instant notAfter, String... sans) {
        return issue(dir, cn.replaceAll("[^A-Za-z0-9.-]", "_") + "-" + SERIAL.incrementAndGet(), cn, notBefore,
                notAfter, sans, ca, false, null);
    }

    /** A leaf for localhost and 127.0.0.1 (valid 90 days) with an RSA key of {@code bits} bits: a weak key, say. */
    public Issued rsaLeaf(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return issue(dir, "rsa" + bits + "-" + SERIAL.incrementAndGet(), "localhost", days(-1), days(90),
                    new String[] {"localhost", "127.0.0.1"}, ca, false, g.generateKeyPair());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A leaf for {@code localhost} and {@code 127.0.0.1}, valid from yesterday for 90 days. */
    public Issued validLeaf() {
        return leaf("localhost", days(-1), days(90), "localhost", "127.0.0.1");
    }

    /** A self-signed certificate (its own issuer), written to dir/name.pem. */
    public static Issued selfSigned(Path dir, String name, String cn, Instant notBefore, Instant notAfter,
            boolean ca, String... sans) {
        return issue(dir, name, cn, notBefore, notAfter, sans, null, ca, null);
    }

    private static Issued issue(Path dir, String name, String cn, Instant notBefore, Instant notAfter, String[] sans,
            Issued issuer, boolean isCa, KeyPair given) {
        try {
            KeyPair kp = given;
            if (kp == null) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                kp = g.generateKeyPair();
            }
            X500Name subject = new X500Name("CN=" + cn);
            X500Name issuerName = issuer == null ? subject
                    : X500Name.getInstance(issuer.cert().getSubjectX500Principal().getEncoded());
            PrivateKey signer = issuer == null ? kp.getPrivate() : issuer.key();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
                    kp.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            if (isCa) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign
                        | KeyUsage.digitalSignature));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            }
            if (sans.length > 0) {
                List<GeneralName> names = new ArrayList<>();
                for (String s : sans) {
                    names.add(s.matches("[0-9.]+|.*:.*") ? new GeneralName(GeneralName.iPAddress, s)
                            : new GeneralName(GeneralName.dNSName, s));
                }
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(new GeneralName[0])));
            }
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
            List<X509Certificate> chain = new ArrayList<>(List.of(cert));
            if (issuer != null) {
                chain.addAll(issuer.chain());
            }
            Path certPem = dir.resolve(name + ".pem");
            Path keyPem = dir.resolve(name + ".key");
            write(certPem, cert);
            Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n" // PKCS#8, what openssl reads
                    + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(kp.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
            return new Issued(cert, kp.getPrivate(), List.copyOf(chain), certPem, keyPem);
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue test certificate " + cn + ": " + e, e);
        }
    }

    private static void write(Path file, Object pem) throws IOException {
        Files.createDirectories(file.getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(pem);
        }
    }
}
