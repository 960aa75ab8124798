package dev.deploycheck.probe.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsServer;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.testing.TestParams;
import dev.deploycheck.testing.TestPki;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The http probe over TLS: caFile, the system store, insecure mode, and the certificate dates the JDK skips. */
class HttpsTrustTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(dir);
    }

    private static Observation get(TestPki.Issued cert, String extra) throws Exception {
        HttpsServer server = cert.httpsServer();
        try {
            return TestParams.run(new HttpProbe(), "url: https://127.0.0.1:" + server.getAddress().getPort()
                    + "/\n" + extra, TIMEOUT);
        } finally {
            server.stop(0);
        }
    }

    private static String failure(TestPki.Issued cert, String extra) {
        return assertThrows(IOException.class, () -> get(cert, extra)).getMessage();
    }

    @Test
    void leafSignedByTheCaFileIsTrusted() throws Exception {
        Observation obs = get(pki.validLeaf(), "caFile: " + pki.caPem());
        assertEquals(200, obs.get("status"));
        assertEquals("ok", obs.get("body"));
    }

    @Test
    void selfSignedIsRejectedByTheSystemStore() {
        TestPki.Issued self = TestPki.selfSigned(dir, "self", "localhost", TestPki.days(-1), TestPki.days(30), false,
                "127.0.0.1");
        String msg = failure(self, "");
        assertTrue(msg.startsWith("TLS handshake with 127.0.0.1:") && msg.endsWith("failed: untrusted certificate: no path to a trusted root"), msg);
    }

    @Test
    void expiredLeafIsRejected() {
        String msg = failure(pki.leaf("localhost", TestPki.days(-60), TestPki.days(-1), "127.0.0.1"),
                "caFile: " + pki.caPem());
        assertTrue(msg.contains("TLS handshake") && msg.endsWith("failed: certificate rejected: expired"), msg);
    }

    @Test
    void wrongHostnameIsRejected() {
        String msg = failure(pki.leaf("elsewhere", TestPki.days(-1), TestPki.days(30), "elsewhere.test"),
                "caFile: " + pki.caPem());
        assertTrue(msg.contains("TLS handshake") && msg.contains("No subject alternative names"), msg);
    }

    @Test
    void expiredSelfSignedCertificateGivenAsCaFileIsRejected() {
        // the trap: PKIX accepts it because anchors are not date-checked; Trust.strict checks them
        TestPki.Issued expired = TestPki.selfSigned(dir, "expired", "localhost", TestPki.days(-400), TestPki.days(-3),
                false, "127.0.0.1");
        String msg = failure(expired, "caFile: " + expired.certPem());
        assertTrue(msg.contains("certificate 'CN=localhost' expired on"), msg);
    }

    @Test
    void insecureAcceptsAnyChainAndName() throws Exception {
        TestPki.Issued self = TestPki.selfSigned(dir, "any", "elsewhere", TestPki.days(-10), TestPki.days(-1), false,
                "elsewhere.test");
        assertEquals(200, get(self, "insecure: true").get("status"));
    }

    @Test
    void unreadableCaFileIsAClearError() {
        String msg = failure(pki.validLeaf(), "caFile: " + dir.resolve("missing.pem"));
        assertEquals("cannot read caFile " + dir.resolve("missing.pem"), msg);
    }
}
