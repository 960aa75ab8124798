package dev.deploycheck.probe.httpsredirect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsServer;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.testing.PlainServer;
import dev.deploycheck.testing.Ports;
import dev.deploycheck.testing.TestParams;
import dev.deploycheck.testing.TestPki;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code probe: https-redirect}: a plain JDK HttpServer redirecting to a JDK HttpsServer (test CA), and bad cases. */
class HttpsRedirectProbeTest {
    private static final Duration T = Duration.ofSeconds(10);
    @TempDir
    static Path dir;
    static TestPki pki;
    static HttpsServer https;
    static PlainServer plain;
    static final AtomicInteger loopCalls = new AtomicInteger();

    @BeforeAll
    static void start() {
        pki = TestPki.create(dir);
        https = pki.validLeaf().httpsServer(ex -> {
            if (ex.getRequestURI().getPath().equals("/back-to-http")) {
                PlainServer.answer(ex, 302, Map.of("Location", plain.url("/plain-page")), "");
            } else {
                PlainServer.answer(ex, 200, Map.of(), "secure");
            }
        });
        String httpsBase = "https://127.0.0.1:" + https.getAddress().getPort();
        plain = new PlainServer(ex -> {
            String path = ex.getRequestURI().getPath();
            switch (path) {
                case "/", "/login" -> PlainServer.answer(ex, 301, Map.of("Location", httpsBase + path), "");
                case "/temporary" -> PlainServer.answer(ex, 307, Map.of("Location", httpsBase + "/"), "");
                case "/other-host" -> PlainServer.answer(ex, 301,
                        Map.of("Location", "https://localhost:" + https.getAddress().getPort() + "/"), "");
                case "/to-http" -> PlainServer.answer(ex, 301, Map.of("Location", "/plain-page"), "");
                case "/see-other" -> PlainServer.answer(ex, 303, Map.of("Location", httpsBase + "/"), "");
                case "/https-then-http" -> PlainServer.answer(ex, 301, Map.of("Location", httpsBase + "/back-to-http"), "");
                case "/loop-a" -> {
                    loopCalls.incrementAndGet();
                    PlainServer.answer(ex, 302, Map.of("Location", "/loop-b"), "");
                }
                case "/loop-b" -> {
                    loopCalls.incrementAndGet();
                    PlainServer.answer(ex, 302, Map.of("Location", "/loop-a"), "");
                }
                default -> PlainServer.answer(ex, 200, Map.of(), "plain");
            }
        });
    }

    @AfterAll
    static void stop() {
        https.stop(0);
        plain.close();
    }

    private static Observation run(String path, String extra) throws Exception {
        return TestParams.run(new HttpsRedirectProbe(), "url: " + plain.url(path) + "\ncaFile: " + pki.caPem()
                + (extra.isEmpty() ? "" : "\n" + extra), T);
    }

    private static void assertChecks(Observation obs, boolean first, boolean ends) {
        String all = obs.checks() + "\n" + String.join("\n", obs.evidence());
        assertEquals(2, obs.checks().size(), all);
        assertEquals(first, obs.checks().get(0).passed(), all);
        assertEquals(ends, obs.checks().get(1).passed(), all);
    }

    @Test
    void redirectsToHttpsOnTheSameHost() throws Exception {
        Observation obs = run("/login", "");
        String target = "https://127.0.0.1:" + https.getAddress().getPort() + "/login";
        assertChecks(obs, true, true);
        assertEquals(301, obs.get("status"));
        assertEquals(target, obs.get("location"));
        assertEquals(List.of(plain.url("/login"), target), obs.get("chain"));
        assertEquals(target, obs.get("finalUrl"));
        assertEquals(200, obs.get("finalStatus"));
        assertEquals(true, obs.get("sameHost"));
        assertEquals(true, obs.get("endsOnHttps"));
        assertEquals(1, obs.get("hops"));
        assertEquals("redirects to https on the same host", obs.checks().get(0).name());
        assertEquals("301 to " + target, obs.checks().get(0).detail());
    }

    @Test
    void temporaryRedirectCounts() throws Exception {
        assertChecks(run("/temporary", ""), true, true);
    }

    @Test
    void noRedirect() throws Exception {
        Observation obs = run("/page", "");
        assertChecks(obs, false, false);
        assertEquals("status (200) is not a redirect to https", obs.checks().get(0).detail());
        assertEquals(0, obs.get("hops"));
        assertEquals(false, obs.get("endsOnHttps"));
    }

    @Test
    void redirectToAnotherHost() throws Exception {
        Observation obs = run("/other-host", "");
        assertChecks(obs, false, true);
        assertEquals(false, obs.get("sameHost"));
        assertTrue(obs.checks().get(0).detail().startsWith("first hop leaves the host: https://localhost:"));
    }

    @Test
    void redirectToHttp() throws Exception {
        Observation obs = run("/to-http", "");
        assertChecks(obs, false, false);
        assertEquals(plain.url("/plain-page"), obs.get("location"));
        assertEquals(true, obs.get("sameHost"));
        assertTrue(obs.checks().get(0).detail().contains("not https"), obs.checks().get(0).detail());
    }

    @Test
    void seeOtherIsNotAPermanentRedirect() throws Exception {
        Observation obs = run("/see-other", "");
        assertChecks(obs, false, true);
    }

    @Test
    void httpsThatFallsBackToHttpDoesNotEndOnHttps() throws Exception {
        Observation obs = run("/https-then-http", "");
        assertChecks(obs, true, false);
        assertEquals(plain.url("/plain-page"), obs.get("finalUrl"));
        assertEquals(2, obs.get("hops"));
    }

    @Test
    void loopIsDetectedAndBounded() throws Exception {
        loopCalls.set(0);
        Observation obs = run("/loop-a", "");
        assertChecks(obs, false, false);
        assertEquals(2, loopCalls.get());
        assertTrue(((String) obs.get("error")).startsWith("redirect loop back to " + plain.url("/loop-a")));
        assertTrue(obs.checks().get(1).detail().contains("redirect loop"), obs.checks().get(1).detail());
    }

    @Test
    void maxHopsBoundsTheChain() throws Exception {
        Observation obs = run("/https-then-http", "maxHops: 1");
        assertEquals("more than 1 redirects", obs.get("error"));
        assertChecks(obs, true, false);
    }

    @Test
    void untrustedCertificateOnTheHttpsSideDoesNotEndOnHttps() throws Exception {
        Observation obs = TestParams.run(new HttpsRedirectProbe(), "url: " + plain.url("/"), T);
        assertChecks(obs, true, false);
        assertNotNull(obs.get("error"));
        assertTrue(((String) obs.get("error")).startsWith("TLS handshake with 127.0.0.1:"), (String) obs.get("error"));
    }

    @Test
    void refusedConnectionIsAnError() {
        IOException e = assertThrows(IOException.class, () -> TestParams.run(new HttpsRedirectProbe(),
                "url: http://127.0.0.1:" + Ports.closed() + "/", T));
        assertTrue(e.getMessage().startsWith("connection refused"), e.getMessage());
    }

    @Test
    void validation() {
        List<String> p = TestParams.problems(new HttpsRedirectProbe(), "url: https://app.example/\nmaxHops: 99");
        assertEquals(2, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("1:6 'url' must be a plain http:// URL"), p.toString());
        assertTrue(p.get(1).startsWith("2:10 'maxHops' must be between 1 and 20"), p.toString());
        assertFalse(TestParams.problems(new HttpsRedirectProbe(), "url: ${vars.http}/").iterator().hasNext());
    }
}
