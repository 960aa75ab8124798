package dev.deploycheck.probe.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsServer;
import dev.deploycheck.testing.CliRun;
import dev.deploycheck.testing.PlainServer;
import dev.deploycheck.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The five web-security kinds as checklist items, run through the CLI against one local site: the checklist
 * validates (parameters, fact names in expectations), every item passes, and a misbehaving site fails the right ones.
 */
class WebSecurityChecklistTest {
    @TempDir
    Path dir;
    PlainServer site;
    HttpsServer https;
    TestPki pki;
    final AtomicInteger loginCalls = new AtomicInteger();
    volatile boolean broken;

    @BeforeEach
    void start() {
        pki = TestPki.create(dir);
        https = pki.validLeaf().httpsServer(ex -> PlainServer.answer(ex, 200, Map.of(), "secure"));
        site = new PlainServer(this::handle);
    }

    @AfterEach
    void stop() {
        site.close();
        https.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String origin = ex.getRequestHeaders().getFirst("Origin");
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        if (!broken) {
            h.put("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
            h.put("X-Content-Type-Options", "nosniff");
            h.put("Referrer-Policy", "no-referrer");
        }
        if (origin != null && (broken || origin.equals("https://app.example"))) {
            h.put("Access-Control-Allow-Origin", origin);
            h.put("Access-Control-Allow-Credentials", "true");
            h.put("Access-Control-Allow-Methods", "GET, POST");
        }
        switch (path) {
            case "/" -> PlainServer.answer(ex, 301,
                    Map.of("Location", "https://127.0.0.1:" + https.getAddress().getPort() + "/"), "");
            case "/api/auth/login" -> {
                PlainServer.body(ex);
                PlainServer.answer(ex, broken ? 500 : 400, h, "{\"error\":\"invalid\"}");
            }
            case "/api/auth/register" -> {
                PlainServer.body(ex);
                if (loginCalls.incrementAndGet() > 3 && !broken) {
                    h.put("Retry-After", "60");
                    PlainServer.answer(ex, 429, h, "");
                } else {
                    PlainServer.answer(ex, 400, h, "{\"error\":\"invalid\"}");
                }
            }
            default -> PlainServer.answer(ex, ex.getRequestMethod().equals("OPTIONS") ? 204 : 200, h, "{}");
        }
    }

    private Path checklist() throws IOException {
        String base = site.url("");
        String yaml = """
                version: 1
                name: Web security
                sections:
                  - name: Security
                    items:
                      - id: security-headers
                        title: Security headers configured
                        probe: headers
                        url: %1$s/api/health
                        expect:
                          - grade >= "C+"
                          - tests.redirection.result == "redirection-missing"
                          - tests.strict-transport-security.modifier == -20
                          - tests.content-security-policy.modifier >= 5
                          - csp.directives.default-src[0] == "'none'"
                      - id: https-redirect
                        title: HTTP redirects to HTTPS
                        probe: https-redirect
                        url: %1$s/
                        caFile: %2$s
                        expect:
                          - hops <= 2
                      - id: cors
                        title: CORS allow-list
                        probe: cors
                        url: %1$s/api/conversations
                        allowedOrigins: [https://app.example]
                        method: POST
                        requestHeaders: [Authorization, Content-Type]
                        expect:
                          - hostile.reflected == false
                          - count(rejected) == 0
                      - id: input-validation
                        title: Input validation on login
                        probe: input
                        url: %1$s/api/auth/login
                        json: {email: "{{payload}}", password: x}
                        payloads: both
                        expect:
                          - serverErrors == 0
                          - count(reflectedRaw) == 0
                          - statuses["200"] not exists
                          - statuses["400"] == 12
                  - name: Rate limiting
                    items:
                      - id: rate-limit-login
                        title: Rate limiting on login
                        probe: rate-limit
                        url: %1$s/api/auth/register
                        method: POST
                        json: {email: smoke@example.com, password: wrong}
                        maxRequests: 20
                        expect:
                          - limitedAfter <= 10
                          - retryAfter >= 1s
                """.formatted(base, pki.caPem());
        Path file = dir.resolve("checklist.yaml");
        Files.writeString(file, yaml);
        Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(dir.resolve("profiles/local.yaml"), "name: local\n");
        return file;
    }

    @Test
    void healthySitePassesEveryItem() throws Exception {
        Path file = checklist();
        CliRun v = CliRun.of(Map.of(), "validate", "--checklist", file.toString());
        assertEquals(0, v.exitCode(), v.describe());
        CliRun r = CliRun.of(Map.of(), "verify", "--checklist", file.toString());
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.out().contains("5 passed, 0 failed"), r.describe());
    }

    @Test
    void brokenSiteFailsTheRightItems() throws Exception {
        broken = true;
        CliRun r = CliRun.of(Map.of(), "verify", "--checklist", checklist().toString());
        assertEquals(1, r.exitCode(), r.describe());
        for (String id : new String[] {"security-headers", "cors", "input-validation", "rate-limit-login"}) {
            assertTrue(r.out().contains("FAIL   " + id), id + "\n" + r.describe());
        }
        assertTrue(r.out().contains("PASS   https-redirect"), r.describe());
    }
}
