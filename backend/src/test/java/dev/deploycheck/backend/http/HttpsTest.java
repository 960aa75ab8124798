package dev.deploycheck.backend.http;

import dev.deploycheck.backend.App;
import dev.deploycheck.backend.support.TestServices;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With SSL_CERT_PATH/SSL_KEY_PATH: HTTPS with HSTS on HTTPS_PORT, and plain HTTP on PORT answers 308 to HTTPS. */
class HttpsTest {
    @TempDir
    static Path dir;
    private static App app;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair keys = gen.generateKeyPair();
        X500Name name = new X500Name("CN=localhost");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(30))), name, keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        Path certPath = dir.resolve("cert.pem");
        Path keyPath = dir.resolve("key.pem");
        Files.writeString(certPath, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyPath, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));

        app = TestServices.get().startApp(Map.of("SSL_CERT_PATH", certPath.toString(), "SSL_KEY_PATH", keyPath.toString(), "HTTPS_PORT", "0"));

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("test", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        client = HttpClient.newBuilder().sslContext(ssl).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void plainHttpRedirectsWith308ToTheSamePathOnHttps() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/health?x=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(308, r.statusCode());
        assertEquals("https://127.0.0.1:" + app.httpsPort().orElseThrow() + "/api/health?x=1", r.headers().firstValue("Location").orElse(null));
    }

    @Test
    void httpsServesWithHsts() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + app.httpsPort().orElseThrow() + "/api/live")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        String hsts = r.headers().firstValue("Strict-Transport-Security").orElse("");
        assertTrue(hsts.startsWith("max-age=63072000"), hsts);
        assertTrue(r.headers().firstValue("Content-Security-Policy").isPresent());
    }

    @Test
    void jettysOwnErrorsOverHttpsCarryHstsToo() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + app.httpsPort().orElseThrow() + "/api/live"))
                        .header("X-Big", "b".repeat(20_000)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(431, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Strict-Transport-Security").orElse("").startsWith("max-age=63072000"), r.headers().toString());
        assertTrue(r.body().startsWith("{\"error\":\"headers_too_large\""), r.body());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
