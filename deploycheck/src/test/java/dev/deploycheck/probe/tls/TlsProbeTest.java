package dev.deploycheck.probe.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsServer;
import dev.deploycheck.expect.TlsVersion;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.testing.Ports;
import dev.deploycheck.testing.TestParams;
import dev.deploycheck.testing.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tls probe against real JDK HTTPS servers with certificates from a test CA. */
class TlsProbeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(dir);
    }

    private Observation probe(TestPki.Issued cert, String extra) throws Exception {
        HttpsServer server = cert.httpsServer();
        try {
            return TestParams.run(new TlsProbe(), "host: 127.0.0.1\nport: " + server.getAddress().getPort()
                    + "\n" + extra, TIMEOUT);
        } finally {
            server.stop(0);
        }
    }

    private static List<String> failed(Observation obs) {
        return obs.checks().stream().filter(c -> !c.passed()).map(Observation.Check::name).collect(Collectors.toList());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cert(Observation obs) {
        return (Map<String, Object>) obs.get("cert");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tls(Observation obs) {
        return (Map<String, Object>) obs.get("tls");
    }

    private static String detail(Observation obs, String check) {
        return obs.checks().stream().filter(c -> c.name().equals(check)).findFirst().orElseThrow().detail();
    }

    @Test
    void validLeafTrustedThroughCaFile() throws Exception {
        Observation obs = probe(pki.validLeaf(), "servername: localhost\ncaFile: " + pki.caPem());
        assertEquals(List.of(), failed(obs), () -> obs.checks().toString());
        assertEquals(List.of("not expired", "not yet valid", "trusted chain", "hostname", "key strength"),
                obs.checks().stream().map(Observation.Check::name).collect(Collectors.toList()));
        Map<String, Object> c = cert(obs);
        assertEquals("CN=localhost", c.get("subject"));
        assertEquals("CN=deploycheck test CA", c.get("issuer"));
        assertTrue((long) c.get("daysLeft") >= 89 && (long) c.get("daysLeft") <= 90, c.toString());
        assertEquals(91L, c.get("lifetimeDays"));
        assertEquals("EC", c.get("keyType"));
        assertEquals(256, c.get("keySize"));
        assertEquals("SHA256withECDSA", c.get("signatureAlgorithm"));
        assertEquals(List.of("localhost", "127.0.0.1"), c.get("sans"));
        assertTrue(c.get("notAfter") instanceof Instant);
        assertEquals(true, c.get("trusted"));
        assertEquals(true, c.get("hostnameMatch"));
        assertEquals(2, c.get("chainLength"));
        assertEquals(TlsVersion.TLSv1_3, tls(obs).get("protocol"));
        assertTrue(((String) tls(obs).get("cipher")).startsWith("TLS_"));
        assertTrue(obs.get("duration") instanceof Duration);
    }

    @Test
    void legacyProtocolsAreAskedOnTheWireAndRefusedByAModernJdk() throws Exception {
        Observation obs = probe(pki.validLeaf(), "caFile: " + pki.caPem());
        assertEquals(false, tls(obs).get("acceptsTLSv1"), obs.evidence().toString());
        assertEquals(false, tls(obs).get("acceptsTLSv1_1"));
        assertEquals(true, tls(obs).get("acceptsTLSv1_2"));
        assertTrue(obs.evidence().stream().noneMatch(e -> e.startsWith("LOW:")), obs.evidence().toString());
    }

    @Test
    void ipAddressIsMatchedAgainstIpSansWhenNoServername() throws Exception {
        Observation obs = probe(pki.validLeaf(), "caFile: " + pki.caPem());
        assertEquals(List.of(), failed(obs), () -> obs.checks().toString());
    }

    @Test
    void expiredLeafFailsAndSaysCritical() throws Exception {
        Observation obs = probe(pki.leaf("localhost", TestPki.days(-100), TestPki.days(-2), "localhost"),
                "servername: localhost\ncaFile: " + pki.caPem());
        assertTrue(failed(obs).contains("not expired"), failed(obs).toString());
        assertTrue(detail(obs, "not expired").contains("expired on"), detail(obs, "not expired"));
        assertEquals(true, cert(obs).get("expired"));
        assertTrue((long) cert(obs).get("daysLeft") < 0);
        assertTrue(obs.evidence().stream().anyMatch(e -> e.startsWith("CRITICAL: certificate expired")),
                obs.evidence().toString());
    }

    @Test
    void notYetValidLeafFails() throws Exception {
        Observation obs = probe(pki.leaf("localhost", TestPki.days(2), TestPki.days(60), "localhost"),
                "servername: localhost\ncaFile: " + pki.caPem());
        assertTrue(failed(obs).contains("not yet valid"), failed(obs).toString());
        assertFalse(failed(obs).contains("not expired"));
        assertTrue(detail(obs, "not yet valid").contains("not valid before"));
    }

    @Test
    void wrongHostnameFailsWithTheReason() throws Exception {
        Observation obs = probe(pki.leaf("other.test", TestPki.days(-1), TestPki.days(90), "other.test",
                "*.other.test"), "servername: localhost\ncaFile: " + pki.caPem());
        assertEquals(List.of("hostname"), failed(obs));
        assertEquals("hostname 'localhost' does not match the certificate's SANs [DNS:other.test, DNS:*.other.test]",
                detail(obs, "hostname"));
        assertEquals(false, cert(obs).get("hostnameMatch"));
    }

    @Test
    void selfSignedIsUntrustedBySystemStoreAndByAnotherCa() throws Exception {
        TestPki.Issued self = TestPki.selfSigned(dir, "self", "localhost", TestPki.days(-1), TestPki.days(90), false,
                "localhost", "127.0.0.1");
        Observation system = probe(self, "");
        assertEquals(List.of("trusted chain"), failed(system));
        assertTrue(detail(system, "trusted chain").contains("untrusted certificate: no path to a trusted root"),
                detail(system, "trusted chain"));
        assertEquals(true, cert(system).get("selfSigned"));
        Observation otherCa = probe(self, "caFile: " + pki.caPem());
        assertEquals(List.of("trusted chain"), failed(otherCa));
    }

    @Test
    void expiredSelfSignedCertificateGivenAsCaFileStillFails() throws Exception {
        // the trap: the JDK does not date-check a trust anchor, so PKIX alone would accept this
        TestPki.Issued expired = TestPki.selfSigned(dir, "expired-anchor", "localhost", TestPki.days(-400),
                TestPki.days(-5), false, "localhost", "127.0.0.1");
        Observation obs = probe(expired, "caFile: " + expired.certPem());
        assertEquals(List.of("not expired"), failed(obs), () -> obs.checks().toString()); // PKIX itself passed
        assertTrue(detail(obs, "not expired").startsWith("certificate 'CN=localhost' expired on"),
                detail(obs, "not expired"));
        assertEquals(true, cert(obs).get("expired"));
    }

    @Test
    void validLeafUnderAnExpiredCaFails() throws Exception {
        // the same trap one level up: the leaf is in date, the CA (the anchor) expired yesterday
        TestPki old = TestPki.create(dir.resolve("old"), TestPki.days(-900), TestPki.days(-1));
        Observation obs = probe(old.validLeaf(), "servername: localhost\ncaFile: " + old.caPem());
        assertEquals(List.of("not expired"), failed(obs), () -> obs.checks().toString());
        assertTrue(detail(obs, "not expired").contains("'CN=deploycheck test CA' (chain) expired on"),
                detail(obs, "not expired"));
    }

    @Test
    void invalidServernameIsAValidationError() {
        assertEquals(List.of("2:13 'servername' must be a host name or IP address, found 'old CA'"),
                TestParams.problems(new TlsProbe(), "host: 127.0.0.1\nservername: old CA"));
    }

    @Test
    void insecureObservesWithoutFailing() throws Exception {
        TestPki.Issued self = TestPki.selfSigned(dir, "self2", "nowhere", TestPki.days(-1), TestPki.days(20), false,
                "nowhere.test");
        Observation obs = probe(self, "insecure: true");
        assertEquals(List.of(), failed(obs));
        assertEquals(List.of("key strength"), obs.checks().stream().map(Observation.Check::name).toList());
        assertEquals(false, cert(obs).get("trusted"));
        assertTrue(obs.evidence().stream().anyMatch(e -> e.startsWith("not enforced (insecure: true): untrusted")),
                obs.evidence().toString());
        assertTrue(obs.evidence().stream().anyMatch(e -> e.startsWith("HIGH: certificate expires in")),
                obs.evidence().toString());
    }

    @Test
    void checksChooseWhichBuiltInsAreEnforcedSoOneItemStatesOneFact() throws Exception {
        // "the chain builds to this CA", for a certificate with another name and already expired
        TestPki.Issued leaf = pki.leaf("other.test", TestPki.days(-30), TestPki.days(-1), "other.test");
        Observation trusted = probe(leaf, "caFile: " + pki.caPem() + "\nchecks: [trusted]");
        assertEquals(List.of("trusted chain"), trusted.checks().stream().map(Observation.Check::name).toList());
        assertEquals(List.of(), failed(trusted), () -> trusted.checks().toString());
        assertTrue(trusted.evidence().stream().anyMatch(e -> e.startsWith("not enforced (not in checks): IP address 127.0.0.1 is not among")),
                trusted.evidence().toString());
        assertTrue(trusted.evidence().stream().anyMatch(e -> e.startsWith("not enforced (not in checks): certificate")
                && e.contains("expired")), trusted.evidence().toString());
        // the same certificate under the default: every built-in, so dates and hostname fail
        Observation all = probe(leaf, "caFile: " + pki.caPem());
        assertTrue(failed(all).containsAll(List.of("not expired", "hostname")), failed(all).toString());
        // under another CA, the one fact it states is false
        TestPki other = TestPki.create(dir.resolve("other-ca"));
        assertEquals(List.of("trusted chain"), failed(probe(leaf, "caFile: " + other.caPem() + "\nchecks: [trusted]")));
    }

    @Test
    void aWeakKeyFailsKeyStrengthAndAStrongOneOfEitherTypePasses() throws Exception {
        Observation weak = probe(pki.rsaLeaf(1024), "servername: localhost\ncaFile: " + pki.caPem());
        assertEquals(List.of("key strength"), failed(weak), () -> weak.checks().toString());
        assertEquals("RSA key of 1024 bits (below 2048)", detail(weak, "key strength"));
        Observation rsa = probe(pki.rsaLeaf(2048), "servername: localhost\ncaFile: " + pki.caPem());
        assertEquals(List.of(), failed(rsa), () -> rsa.checks().toString());
        assertEquals(List.of(), failed(probe(pki.validLeaf(), "servername: localhost\ncaFile: " + pki.caPem())),
                "P-256 is strong enough");
        assertEquals(java.util.Optional.of("EC key of 192 bits (below 224)"),
                TlsChecks.weakKey("EC", java.util.Optional.of(192)));
        assertEquals(java.util.Optional.empty(), TlsChecks.weakKey("Ed25519", java.util.Optional.empty()));
    }

    @Test
    void checksAreValidated() {
        assertEquals(List.of("2:9 unknown check 'hostnme' in 'checks' (did you mean 'hostname'?); checks: dates, "
                        + "trusted, hostname, keyStrength"),
                TestParams.problems(new TlsProbe(), "host: x\nchecks: [hostnme]"));
        assertEquals(List.of("3:11 'insecure: true' and 'checks' exclude each other: list the checks to keep"),
                TestParams.problems(new TlsProbe(), "host: x\nchecks: [trusted]\ninsecure: true"));
    }

    @Test
    void minDaysLeftIsABuiltInCheck() throws Exception {
        Observation obs = probe(pki.leaf("localhost", TestPki.days(-1), TestPki.days(45), "127.0.0.1"),
                "caFile: " + pki.caPem() + "\nminDaysLeft: 60");
        assertEquals(List.of("days left"), failed(obs));
        assertTrue(obs.evidence().stream().anyMatch(e -> e.startsWith("MEDIUM: certificate expires in 44 days")),
                obs.evidence().toString());
    }

    @Test
    void longLifetimeIsMedium() throws Exception {
        Observation obs = probe(pki.leaf("localhost", TestPki.days(-1), TestPki.days(500), "127.0.0.1"),
                "caFile: " + pki.caPem());
        assertTrue(obs.evidence().stream().anyMatch(e -> e.equals("MEDIUM: certificate lifetime 501 days (over 398)")),
                obs.evidence().toString());
    }

    @Test
    void connectionRefusedIsAReadableError() {
        int port = Ports.closed();
        IOException e = assertThrows(IOException.class, () -> TestParams.run(new TlsProbe(),
                "host: 127.0.0.1\nport: " + port, TIMEOUT));
        assertEquals("connection refused: 127.0.0.1:" + port, e.getMessage());
    }

    @Test
    void plainTextServerIsAHandshakeError() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = plain.accept()) {
                    s.getInputStream().read(new byte[512]);
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the test fails on the client side
                }
            });
            t.start();
            int port = plain.getLocalPort();
            IOException e = assertThrows(IOException.class, () -> TestParams.run(new TlsProbe(),
                    "host: 127.0.0.1\nport: " + port, TIMEOUT));
            assertTrue(e.getMessage().startsWith("TLS handshake with 127.0.0.1:" + port + " failed: "), e.getMessage());
            t.join();
        }
    }

    @Test
    void silentServerLeavesLegacyAnswerUnknown() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LegacyHello.Answer a = LegacyHello.ask("127.0.0.1", silent.getLocalPort(), "localhost", TlsVersion.TLSv1,
                    Duration.ofMillis(300));
            assertEquals(new LegacyHello.Answer(null, "no answer within 300ms"), a);
        }
    }

    @Test
    void validationReportsEveryProblem() {
        assertEquals(List.of("4:1 unknown key 'minDays'", "1:1 missing required field 'host'",
                        "1:7 'port' must be a whole number from 1 to 65535, found '0'",
                        "3:11 'insecure: true' and 'caFile' exclude each other: insecure trusts any chain"),
                TestParams.problems(new TlsProbe(), "port: 0\ncaFile: ca.pem\ninsecure: true\nminDays: 3"));
    }

    @Test
    void referencesAreCheckedOnceExpanded() {
        assertEquals(List.of(), TestParams.problems(new TlsProbe(), "host: ${vars.host}\nport: ${vars.port}"));
    }
}
