package dev.deploycheck.probe.cors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.testing.PlainServer;
import dev.deploycheck.testing.TestParams;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code probe: cors} against one JDK server whose paths behave like real CORS setups: an allow-list, an origin
 * reflector with credentials, a public wildcard, a wildcard with credentials, and an allow-list that forgets a method.
 */
class CorsProbeTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final Set<String> ALLOW = Set.of("https://app.example", "https://admin.example");
    static PlainServer server;

    @BeforeAll
    static void start() {
        server = new PlainServer(CorsProbeTest::handle);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String origin = ex.getRequestHeaders().getFirst("Origin");
        boolean preflight = ex.getRequestMethod().equals("OPTIONS");
        Map<String, String> h = new LinkedHashMap<>();
        switch (path) {
            case "/allow-list", "/get-only" -> {
                if (origin != null && ALLOW.contains(origin)) {
                    h.put("Access-Control-Allow-Origin", origin);
                    h.put("Access-Control-Allow-Credentials", "true");
                    h.put("Vary", "Origin");
                    h.put("Access-Control-Allow-Methods", path.equals("/get-only") ? "GET" : "GET, POST, PUT, DELETE");
                }
                PlainServer.answer(ex, preflight ? (h.isEmpty() ? 403 : 204) : 200, h, preflight ? "" : "{}");
            }
            case "/reflect" -> {
                h.put("Access-Control-Allow-Origin", origin == null ? "*" : origin);
                h.put("Access-Control-Allow-Credentials", "true");
                h.put("Access-Control-Allow-Methods", "*");
                PlainServer.answer(ex, preflight ? 204 : 200, h, preflight ? "" : "{}");
            }
            case "/public" -> {
                h.put("Access-Control-Allow-Origin", "*");
                PlainServer.answer(ex, preflight ? 204 : 200, h, preflight ? "" : "{}");
            }
            case "/wildcard-credentials" -> {
                h.put("Access-Control-Allow-Origin", "*");
                h.put("Access-Control-Allow-Credentials", "true");
                PlainServer.answer(ex, preflight ? 204 : 200, h, preflight ? "" : "{}");
            }
            case "/reflect-get-only" -> { // preflight refused, but the simple GET reflects
                if (!preflight && origin != null) {
                    h.put("Access-Control-Allow-Origin", origin);
                }
                PlainServer.answer(ex, preflight ? 405 : 200, h, preflight ? "" : "{}");
            }
            default -> PlainServer.answer(ex, 404, h, "");
        }
    }

    private static Observation run(String path, String extra) throws Exception {
        return TestParams.run(new CorsProbe(), "url: " + server.url(path)
                + "\nallowedOrigins: [https://app.example, https://admin.example]" + (extra.isEmpty() ? "" : "\n" + extra), T);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> hostile(Observation obs) {
        return (Map<String, Object>) obs.get("hostile");
    }

    private static String all(Observation obs) {
        return obs.checks() + "\n" + String.join("\n", obs.evidence());
    }

    @Test
    void allowListRejectsTheHostileOriginAndAllowsListedOnes() throws Exception {
        Observation obs = run("/allow-list", "method: POST\nrequestHeaders: [Authorization, Content-Type]");
        assertTrue(obs.checks().stream().allMatch(Observation.Check::passed), all(obs));
        assertEquals(false, hostile(obs).get("reflected"));
        assertEquals(false, hostile(obs).get("allowed"));
        assertEquals(403, hostile(obs).get("preflightStatus"));
        assertEquals(List.of("https://app.example", "https://admin.example"), obs.get("allowedOk"));
        assertEquals(List.of(), obs.get("rejected"));
        assertEquals("https://evil.example", hostile(obs).get("origin"));
        assertTrue(all(obs).contains("listed https://app.example: preflight POST 204 Access-Control-Allow-Origin="
                + "https://app.example +credentials methods=GET,POST,PUT,DELETE"), all(obs));
    }

    @Test
    void reflectingEveryOriginWithCredentialsFails() throws Exception {
        Observation obs = run("/reflect", "hostileOrigin: https://attacker.example");
        Observation.Check c = obs.checks().get(0);
        assertFalse(c.passed());
        assertEquals("hostile origin https://attacker.example reflected in Access-Control-Allow-Origin with "
                + "Access-Control-Allow-Credentials: true", c.detail());
        assertEquals(true, hostile(obs).get("reflected"));
        assertEquals(true, hostile(obs).get("allowCredentials"));
        assertTrue(obs.checks().get(1).passed(), "the listed origins are allowed too");
    }

    @Test
    void publicWildcardWithoutCredentialsIsNotAHostileAllowance() throws Exception {
        Observation obs = run("/public", "");
        assertTrue(obs.checks().get(0).passed(), all(obs));
        assertEquals(true, hostile(obs).get("wildcard"));
        assertTrue(obs.checks().get(0).detail().contains("*, without credentials"), obs.checks().get(0).detail());
    }

    @Test
    void wildcardWithCredentialsFails() throws Exception {
        Observation obs = run("/wildcard-credentials", "");
        assertFalse(obs.checks().get(0).passed());
        assertEquals("Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true",
                obs.checks().get(0).detail());
    }

    @Test
    void simpleRequestReflectionIsCaughtEvenWhenThePreflightRefuses() throws Exception {
        Observation obs = run("/reflect-get-only", "");
        assertFalse(obs.checks().get(0).passed(), all(obs));
        assertFalse(obs.checks().get(1).passed(), "listed origins fail the preflight");
        assertEquals(List.of("https://app.example", "https://admin.example"), obs.get("rejected"));
    }

    @Test
    void aMethodTheAllowListDoesNotGrantRejectsTheOrigin() throws Exception {
        Observation obs = run("/get-only", "method: DELETE");
        assertTrue(obs.checks().get(0).passed());
        Observation.Check listed = obs.checks().get(1);
        assertFalse(listed.passed());
        assertTrue(listed.detail().startsWith("not allowed: https://app.example: preflight DELETE 204"), listed.detail());
    }

    @Test
    void withoutListedOriginsOnlyTheHostileCheckRuns() throws Exception {
        Observation obs = TestParams.run(new CorsProbe(), "url: " + server.url("/allow-list"), T);
        assertEquals(1, obs.checks().size());
        assertTrue(obs.checks().get(0).passed());
    }

    @Test
    void originResultRules() {
        OriginResult reflectedNoCreds = new OriginResult("https://e.example", "GET", 204, "https://e.example", false,
                List.of(), 200, null, false);
        assertTrue(reflectedNoCreds.reflected());
        assertFalse(reflectedNoCreds.hostileRejected(), "a reflected origin is allowed to read, credentials or not");
        OriginResult put = new OriginResult("https://a.example", "PUT", 204, "https://a.example", false,
                List.of("*"), 200, null, false);
        assertTrue(put.allowed(), "Access-Control-Allow-Methods: * grants PUT");
        OriginResult redirectPreflight = new OriginResult("https://a.example", "GET", 302, "https://a.example", false,
                List.of(), 200, null, false);
        assertFalse(redirectPreflight.allowed(), "a preflight must answer 2xx");
    }

    @Test
    void validation() {
        List<String> p = TestParams.problems(new CorsProbe(), String.join("\n",
                "url: https://api.example/x",
                "allowedOrigins: [https://app.example/, https://evil.example]",
                "method: 'P0ST'"));
        assertEquals(3, p.size(), p.toString());
        assertTrue(p.get(0).contains("must hold origins such as https://app.example (no path), found 'https://app.example/'"),
                p.toString());
        assertTrue(p.get(1).contains("'hostileOrigin' https://evil.example is also listed"), p.toString());
        assertTrue(p.get(2).contains("'method' must be an HTTP method"), p.toString());
    }
}
