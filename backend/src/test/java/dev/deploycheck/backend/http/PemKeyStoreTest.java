package dev.deploycheck.backend.http;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** PEM files as operators have them: RSA in PKCS#8 or PKCS#1 (openssl genrsa -traditional), EC in PKCS#8. */
class PemKeyStoreTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"RSA, pkcs8, SHA256withRSA", "RSA, pkcs1, SHA256withRSA", "EC, pkcs8, SHA256withECDSA"})
    void loadsTheKeyAndChain(String algorithm, String format, String signature) throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance(algorithm);
        gen.initialize(algorithm.equals("RSA") ? 2048 : 256);
        KeyPair keys = gen.generateKeyPair();
        X500Name name = new X500Name("CN=localhost");
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(Instant.now().minusSeconds(60)), Date.from(Instant.now().plusSeconds(86_400)), name, keys.getPublic())
                .build(new JcaContentSignerBuilder(signature).build(keys.getPrivate())));
        Path certPath = dir.resolve("cert.pem");
        Path keyPath = dir.resolve("key.pem");
        Files.writeString(certPath, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        if (format.equals("pkcs1")) {
            StringWriter w = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(w)) {
                pem.writeObject(keys.getPrivate()); // BouncyCastle writes RSA keys as "RSA PRIVATE KEY" (PKCS#1)
            }
            assertEquals(true, w.toString().contains("BEGIN RSA PRIVATE KEY"));
            Files.writeString(keyPath, w.toString());
        } else {
            Files.writeString(keyPath, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        }

        KeyStore ks = PemKeyStore.load(certPath, keyPath, "pw".toCharArray());
        assertArrayEquals(keys.getPrivate().getEncoded(), ks.getKey("server", "pw".toCharArray()).getEncoded());
        assertEquals(cert, ks.getCertificateChain("server")[0]);
    }
}
