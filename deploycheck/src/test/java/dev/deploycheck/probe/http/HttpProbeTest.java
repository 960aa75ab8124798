package dev.deploycheck.probe.http;

import static dev.deploycheck.testing.TestHttpServer.respond;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploycheck.checklist.Env;
import dev.deploycheck.checklist.Redactor;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.testing.Ports;
import dev.deploycheck.testing.TestHttpServer;
import dev.deploycheck.testing.TestParams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The http probe against a real JDK HttpServer on 127.0.0.1. */
class HttpProbeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestHttpServer server;

    @BeforeAll
    static void start() {
        server = new TestHttpServer()
                .on("/api/health", ex -> {
                    ex.getResponseHeaders().add("Set-Cookie", "a=1");
                    ex.getResponseHeaders().add("Set-Cookie", "b=2");
                    ex.getResponseHeaders().set("Strict-Transport-Security", "max-age=31536000");
                    respond(ex, 200, "application/json", "{\"status\":\"ok\",\"user\":{\"email\":\"x@y.z\"}}");
                })
                .on("/echo", ex -> {
                    Map<String, Object> echo = Map.of("method", ex.getRequestMethod(),
                            "contentType", String.valueOf(ex.getRequestHeaders().getFirst("Content-Type")),
                            "auth", String.valueOf(ex.getRequestHeaders().getFirst("Authorization")),
                            "body", new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    respond(ex, 201, "application/json", JSON.writeValueAsString(echo));
                })
                .on("/r1", ex -> redirect(ex, 302, "/r2"))
                .on("/r2", ex -> redirect(ex, 301, server.url("/r3")))
                .on("/r3", ex -> respond(ex, 200, "text/plain", "landed"))
                .on("/post-303", ex -> redirect(ex, 303, "/echo"))
                .on("/post-307", ex -> redirect(ex, 307, "/echo"))
                .on("/loop", ex -> redirect(ex, 302, "/loop"))
                .on("/slow", ex -> {
                    try {
                        Thread.sleep(3000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    respond(ex, 200, "text/plain", "late");
                })
                .on("/big", ex -> respond(ex, 200, "text/plain", "x".repeat(HttpProbe.BODY_CAP + 1000)))
                .on("/broken-json", ex -> respond(ex, 500, "application/json", "{nope"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange ex, int status, String location)
            throws IOException {
        ex.getRequestBody().readAllBytes();
        ex.getResponseHeaders().set("Location", location);
        respond(ex, status, null, "");
    }

    private static Observation get(String yaml) throws Exception {
        return TestParams.run(new HttpProbe(), yaml, TIMEOUT);
    }

    @Test
    @SuppressWarnings("unchecked")
    void statusHeadersBodyAndJson() throws Exception {
        Observation obs = get("url: " + server.url("/api/health"));
        assertEquals(200, obs.get("status"));
        Map<String, String> header = (Map<String, String>) obs.get("header");
        assertEquals("application/json", header.get("content-type"));
        assertEquals("max-age=31536000", header.get("STRICT-TRANSPORT-SECURITY"));
        assertEquals("a=1, b=2", header.get("Set-Cookie"));
        assertEquals("x@y.z", ((JsonNode) obs.get("json")).at("/user/email").asText());
        assertTrue(((String) obs.get("body")).contains("\"status\":\"ok\""));
        assertEquals("HTTP/1.1", obs.get("httpVersion"));
        assertEquals(server.url("/api/health"), obs.get("url"));
        assertEquals(List.of(), obs.get("redirects"));
        assertTrue(obs.get("duration") instanceof Duration);
        assertTrue(obs.checks().isEmpty());
        assertEquals(1, obs.evidence().size());
        assertTrue(obs.evidence().get(0).startsWith("GET " + server.url("/api/health") + " -> 200 ("),
                obs.evidence().toString());
    }

    @Test
    void jsonBodyWithMethodAndSecretHeaderThatNeverReachesEvidence() throws Exception {
        String token = "tok-3f9a8b7c6d5e4f3a2b1c";
        Env env = TestParams.env(Map.of("API_TOKEN", token, "EMAIL", "a@b.c"));
        Redactor redactor = new Redactor();
        Observation obs = TestParams.run(new HttpProbe(), "url: " + server.url("/echo") + "\nmethod: post\n"
                + "headers:\n  Authorization: Bearer ${secret.API_TOKEN}\n"
                + "json:\n  email: ${env.EMAIL}\n  tags: [a, b]\n  n: 3\n  ok: true\n  none: null\n", env, redactor,
                TIMEOUT);
        JsonNode echo = (JsonNode) obs.get("json");
        assertEquals(201, obs.get("status"));
        assertEquals("POST", echo.get("method").asText());
        assertEquals("application/json", echo.get("contentType").asText());
        assertEquals("Bearer " + token, echo.get("auth").asText());
        assertEquals(JSON.readTree("{\"email\":\"a@b.c\",\"tags\":[\"a\",\"b\"],\"n\":3,\"ok\":true,\"none\":null}"),
                JSON.readTree(echo.get("body").asText()));
        assertTrue(obs.evidence().stream().noneMatch(e -> e.contains(token) || e.contains("Authorization")));
        assertEquals("x ******** y", redactor.mask("x " + token + " y"));
    }

    @Test
    void formAndRawBodies() throws Exception {
        JsonNode form = (JsonNode) get("url: " + server.url("/echo") + "\nmethod: POST\nform:\n  q: a b&c\n  n: 1")
                .get("json");
        assertEquals("application/x-www-form-urlencoded", form.get("contentType").asText());
        assertEquals("q=a+b%26c&n=1", form.get("body").asText());
        JsonNode raw = (JsonNode) get("url: " + server.url("/echo") + "\nmethod: PUT\nbody: hello\n"
                + "headers: {Content-Type: text/x-custom}").get("json");
        assertEquals("PUT", raw.get("method").asText());
        assertEquals("text/x-custom", raw.get("contentType").asText());
        assertEquals("hello", raw.get("body").asText());
    }

    @Test
    @SuppressWarnings("unchecked")
    void redirectsAreNotFollowedByDefault() throws Exception {
        Observation obs = get("url: " + server.url("/r1"));
        assertEquals(302, obs.get("status"));
        assertEquals("/r2", ((Map<String, String>) obs.get("header")).get("location"));
        assertEquals(List.of(), obs.get("redirects"));
        assertEquals(server.url("/r1"), obs.get("url"));
    }

    @Test
    void followedRedirectsRecordTheChain() throws Exception {
        Observation obs = get("url: " + server.url("/r1") + "\nfollowRedirects: true");
        assertEquals(200, obs.get("status"));
        assertEquals("landed", obs.get("body"));
        assertEquals(List.of(server.url("/r2"), server.url("/r3")), obs.get("redirects"));
        assertEquals(server.url("/r3"), obs.get("url"));
        assertEquals(3, obs.evidence().size());
        assertTrue(obs.evidence().get(0).startsWith("GET " + server.url("/r1") + " -> 302"));
        assertTrue(obs.evidence().get(1).startsWith("GET " + server.url("/r2") + " -> 301"));
        assertFalse(obs.get("json") != null);
    }

    @Test
    void seeOtherTurnsPostIntoGetWhileTemporaryRedirectKeepsIt() throws Exception {
        JsonNode after303 = (JsonNode) get("url: " + server.url("/post-303") + "\nmethod: POST\nbody: data\n"
                + "followRedirects: true").get("json");
        assertEquals("GET", after303.get("method").asText());
        assertEquals("", after303.get("body").asText());
        JsonNode after307 = (JsonNode) get("url: " + server.url("/post-307") + "\nmethod: POST\nbody: data\n"
                + "followRedirects: true").get("json");
        assertEquals("POST", after307.get("method").asText());
        assertEquals("data", after307.get("body").asText());
    }

    @Test
    void redirectLoopIsAnError() {
        IOException e = assertThrows(IOException.class, () -> get("url: " + server.url("/loop")
                + "\nfollowRedirects: true"));
        assertEquals("more than 10 redirects, last to /loop", e.getMessage());
    }

    @Test
    void slowResponseHitsTheTimeout() {
        Instant start = Instant.now();
        IOException e = assertThrows(IOException.class, () -> TestParams.run(new HttpProbe(),
                "url: " + server.url("/slow"), Duration.ofMillis(500)));
        assertEquals("timed out after 500ms: GET " + server.url("/slow"), e.getMessage());
        assertTrue(Duration.between(start, Instant.now()).toMillis() < 2500);
    }

    @Test
    void connectionRefused() {
        int port = Ports.closed();
        IOException e = assertThrows(IOException.class, () -> get("url: http://127.0.0.1:" + port + "/x"));
        assertEquals("connection refused: 127.0.0.1:" + port, e.getMessage());
    }

    @Test
    void bigBodyIsCut() throws Exception {
        Observation obs = get("url: " + server.url("/big"));
        // a cut body is never judged: body and json are unavailable, with the reason, and status still is
        assertNull(obs.get("body"));
        assertEquals("body exceeds 1 MiB limit", obs.unavailable("body"));
        assertEquals("body exceeds 1 MiB limit", obs.unavailable("json"));
        assertEquals(200, obs.get("status"));
        assertTrue(obs.evidence().contains("body cut at " + HttpProbe.BODY_CAP + " bytes"));
    }

    @Test
    void brokenJsonLeavesNoJsonFactAndSaysWhy() throws Exception {
        Observation obs = get("url: " + server.url("/broken-json"));
        assertEquals(500, obs.get("status"));
        assertEquals(null, obs.get("json"));
        assertTrue(obs.evidence().stream().anyMatch(e -> e.startsWith("body is not valid JSON")), obs.evidence().toString());
        assertTrue(obs.evidence().contains("response: {nope"), "an error answer's body is evidence: " + obs.evidence());
    }

    @Test
    void httpVersionCanBePinned() throws Exception {
        assertEquals("HTTP/1.1", get("url: " + server.url("/r3") + "\nhttpVersion: \"1.1\"").get("httpVersion"));
    }

    @Test
    void validationReportsEveryProblemWithItsPosition() {
        List<String> problems = TestParams.problems(new HttpProbe(), String.join("\n",
                "url: ftp://x/y",
                "method: 'GET /'",
                "headers: {Host: evil, X-Ok: fine}",
                "json: {a: 1}",
                "body: raw",
                "httpVersion: 3",
                "followRedirects: maybe",
                "caFile: ca.pem",
                "insecure: true",
                "urll: x"));
        assertEquals(List.of(
                "10:1 unknown key 'urll'",
                "1:6 'url' must be an absolute http:// or https:// URL, found 'ftp://x/y'",
                "2:10 'method' must be an HTTP method such as GET or POST, found 'GET /'",
                "3:10 header 'Host' is set by the HTTP client and cannot be given",
                "5:7 give only one of 'json', 'form' and 'body', found [json, body]",
                "7:18 'followRedirects' must be true or false, found 'maybe'",
                "9:11 'insecure: true' and 'caFile' exclude each other: insecure trusts any chain",
                "6:14 'httpVersion' must be 1.1 or 2, found '3'"), problems);
    }

    @Test
    void urlWithReferencesIsCheckedAtRunTime() {
        assertEquals(List.of(), TestParams.problems(new HttpProbe(), "url: ${vars.api}/api/health"));
        assertEquals(List.of("1:6 'url' must be an absolute http:// or https:// URL, found 'nope/api/health'"),
                TestParams.runProblems(new HttpProbe(), "url: ${env.API}/api/health",
                        new Env(Map.of("API", "nope"), Set.of())));
    }
}
