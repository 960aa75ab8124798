package dev.deploycheck.probe.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.deploycheck.expect.TlsVersion;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.testing.Ports;
import dev.deploycheck.testing.TestParams;
import dev.deploycheck.testing.TestPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS 1.0/1.1 detection against a server that really offers them: the JDK cannot be one (jdk.tls.disabledAlgorithms),
 * so these tests run {@code openssl s_server} at security level 0, and are skipped where openssl is missing.
 */
class LegacyProtocolTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    @TempDir
    Path dir;
    private Process server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.destroy();
        }
    }

    private int openssl(TestPki.Issued cert, String... protocolOptions) throws Exception {
        assumeTrue(new ProcessBuilder("openssl", "version").start().waitFor() == 0, "openssl not installed");
        int port = Ports.closed();
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port,
                "-cert", cert.certPem().toString(), "-key", cert.keyPem().toString(),
                "-cipher", "DEFAULT@SECLEVEL=0", "-www", "-quiet"));
        cmd.addAll(List.of(protocolOptions));
        server = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("s_server.log").toFile()).start();
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < until) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return port;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("openssl s_server did not start: "
                + java.nio.file.Files.readString(dir.resolve("s_server.log")));
    }

    @Test
    void serverOfferingOnlyTls10() throws Exception {
        int port = openssl(TestPki.create(dir).validLeaf(), "-tls1");
        assertEquals(new LegacyHello.Answer(true, "ServerHello TLSv1"),
                LegacyHello.ask("127.0.0.1", port, "localhost", TlsVersion.TLSv1, TIMEOUT));
        LegacyHello.Answer tls11 = LegacyHello.ask("127.0.0.1", port, "localhost", TlsVersion.TLSv1_1, TIMEOUT);
        assertEquals(false, tls11.accepted(), tls11.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void probeReportsLegacyProtocolsAsLow() throws Exception {
        TestPki pki = TestPki.create(dir);
        int port = openssl(pki.validLeaf(), "-min_protocol", "TLSv1");
        Observation obs = TestParams.run(new TlsProbe(), "host: 127.0.0.1\nport: " + port + "\nservername: localhost"
                + "\ncaFile: " + pki.caPem(), TIMEOUT);
        Map<String, Object> tls = (Map<String, Object>) obs.get("tls");
        assertEquals(true, tls.get("acceptsTLSv1"), obs.evidence().toString());
        assertEquals(true, tls.get("acceptsTLSv1_1"));
        assertEquals(TlsVersion.TLSv1_3, tls.get("protocol"));
        assertTrue(obs.evidence().contains("LOW: TLSv1 offered (deprecated protocol)"), obs.evidence().toString());
        assertTrue(obs.evidence().contains("LOW: TLSv1.1 offered (deprecated protocol)"));
    }
}
