package dev.deploycheck.probe.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.testing.PlainServer;
import dev.deploycheck.testing.TestParams;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code probe: input} against endpoints that handle input well and badly: a validating JSON API, a search page that
 * escapes, one that echoes raw HTML, one that echoes into JSON, and one whose "SQL" breaks on a quote (500).
 */
class InputProbeTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    static PlainServer server;
    static final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        server = new PlainServer(InputProbeTest::handle);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clear() {
        received.clear();
    }

    private static void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String body = PlainServer.body(ex);
        String q = query(ex.getRequestURI(), "q");
        received.add(ex.getRequestMethod() + " " + ex.getRequestURI().getRawQuery() + " " + body);
        switch (path) {
            case "/api/login" -> { // validates: anything that is not an email is a 400, as JSON
                String email = JSON.readTree(body).path("email").asText();
                boolean ok = email.matches("[^@\\s<>'\"]+@[^@\\s<>'\"]+");
                PlainServer.answer(ex, ok ? 401 : 400, Map.of("Content-Type", "application/json"),
                        "{\"error\":\"invalid_credentials\"}");
            }
            case "/search-escaped" -> PlainServer.answer(ex, 200, Map.of("Content-Type", "text/html; charset=utf-8"),
                    "<p>Results for " + escape(q) + "</p>");
            case "/search-raw" -> PlainServer.answer(ex, 200, Map.of("Content-Type", "text/html"),
                    "<p>Results for " + q + "</p>");
            case "/search-untyped" -> PlainServer.answer(ex, 200, Map.of(), "Results for " + q);
            case "/echo-json" -> PlainServer.answer(ex, 400, Map.of("Content-Type", "application/json"),
                    "{\"error\":\"no user " + JSON.readTree(body).path("email").asText().replace("\"", "\\\"") + "\"}");
            case "/form-sql" -> { // string-built SQL: a quote breaks it
                String name = URLDecoder.decode(body.replaceFirst("^.*name=([^&]*).*$", "$1"), StandardCharsets.UTF_8);
                boolean broken = name.contains("'") || name.contains("\"");
                PlainServer.answer(ex, broken ? 500 : 200, Map.of("Content-Type", "text/plain"),
                        broken ? "syntax error at or near" : "ok");
            }
            default -> PlainServer.answer(ex, 404, Map.of(), "");
        }
    }

    private static String query(URI uri, String name) {
        String raw = uri.getRawQuery();
        if (raw == null) {
            return "";
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equals(name)) {
                return URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Observation obs, String fact) {
        return (List<String>) obs.get(fact);
    }

    private static String all(Observation obs) {
        return obs.checks() + "\n" + String.join("\n", obs.evidence());
    }

    @Test
    void validatingJsonApiPasses() throws Exception {
        Observation obs = TestParams.run(new InputProbe(), String.join("\n",
                "url: " + server.url("/api/login"),
                "json: {email: \"{{payload}}\", password: x, nested: [\"a {{payload}} b\"]}",
                "headers: {Authorization: Bearer t0ken}"), T);
        assertTrue(obs.checks().stream().allMatch(Observation.Check::passed), all(obs));
        int n = Payloads.SQL.size() + Payloads.XSS.size();
        assertEquals(n, obs.get("requests"));
        assertEquals(n, received.size());
        assertEquals(0, obs.get("serverErrors"));
        assertEquals(n, obs.get("clientErrors"));
        assertEquals(Map.of("400", n), obs.get("statuses"));
        // each payload went into the template, JSON-escaped: the server parsed every body
        JsonNode first = JSON.readTree(received.get(0).substring(received.get(0).indexOf('{')));
        assertEquals(Payloads.SQL.get(0), first.get("email").asText());
        assertEquals("a " + Payloads.SQL.get(0) + " b", first.get("nested").get(0).asText());
        assertTrue(received.get(0).startsWith("POST null {"), received.get(0));
    }

    @Test
    void escapedHtmlSearchPasses() throws Exception {
        Observation obs = TestParams.run(new InputProbe(), "url: " + server.url("/search-escaped")
                + "\nmethod: GET\nfield: q", T);
        assertTrue(obs.checks().stream().allMatch(Observation.Check::passed), all(obs));
        assertEquals(List.of(), obs.get("reflectedRaw"));
        assertTrue(received.get(0).startsWith("GET q=%27+OR+%271%27%3D%271 "), received.get(0));
    }

    @Test
    void rawHtmlReflectionFailsWithThePayloads() throws Exception {
        Observation obs = TestParams.run(new InputProbe(), "url: " + server.url("/search-raw?lang=en")
                + "\nmethod: GET\nquery: {q: '{{payload}}'}\npayloads: xss", T);
        assertEquals(Payloads.XSS, list(obs, "reflectedRaw"));
        Observation.Check c = obs.checks().get(1);
        assertEquals("no raw reflection in HTML", c.name());
        assertFalse(c.passed());
        assertTrue(c.detail().startsWith("reflected raw in an HTML context: <script>alert(1)</script> | "), c.detail());
        assertTrue(obs.checks().get(0).passed());
        assertTrue(received.get(0).startsWith("GET lang=en&q=%3Cscript%3E"), received.get(0));
        assertTrue(obs.evidence().get(0).endsWith("-> 200 text/html REFLECTED RAW"), obs.evidence().get(0));
    }

    @Test
    void untypedResponseIsAnHtmlContext() throws Exception {
        Observation obs = TestParams.run(new InputProbe(), "url: " + server.url("/search-untyped")
                + "\nmethod: GET\nfield: q\npayloads: xss", T);
        assertFalse(obs.checks().get(1).passed(), all(obs));
    }

    @Test
    void reflectionInsideJsonIsReportedButNotFlagged() throws Exception {
        Observation obs = TestParams.run(new InputProbe(), "url: " + server.url("/echo-json")
                + "\njson: {email: '{{payload}}'}\npayloads: xss\nextraPayloads: [\"<b>bold</b>\"]", T);
        assertTrue(obs.checks().get(1).passed(), all(obs));
        assertEquals(List.of(), obs.get("reflectedRaw"));
        assertTrue(list(obs, "reflected").contains("<script>alert(1)</script>"), all(obs));
        assertTrue(list(obs, "reflected").contains("<b>bold</b>"), all(obs));
        assertEquals(Payloads.XSS.size() + 1, obs.get("requests"));
    }

    @Test
    void serverErrorsOnSqlPayloadsFail() throws Exception {
        Observation obs = TestParams.run(new InputProbe(), "url: " + server.url("/form-sql")
                + "\nform: {name: '{{payload}}', age: '3'}\npayloads: sql", T);
        assertEquals(Payloads.SQL.size(), obs.get("serverErrors"), all(obs));
        Observation.Check c = obs.checks().get(0);
        assertFalse(c.passed());
        assertTrue(c.detail().startsWith("serverErrors (" + Payloads.SQL.size() + ") == 0: [' OR '1'='1] -> 500; "),
                c.detail());
        assertTrue(received.get(0).endsWith("name=%27+OR+%271%27%3D%271&age=3"), received.get(0));
    }

    @Test
    void templateSubstitutesIntoParsedValues() {
        Template t = new Template(Map.of("a", List.of("x{{payload}}y", 3)), Map.of(), Map.of("q", "{{payload}}"));
        assertTrue(t.hasMarker());
        assertEquals("{\"a\":[\"x\\\"<\\\\y\",3]}", t.body("\"<\\").content());
        assertEquals("http://h/p?q=%22%3C%5C#f", t.uri(URI.create("http://h/p#f"), "\"<\\").toString());
        assertFalse(new Template(Map.of("a", "${vars.x}"), Map.of(), Map.of()).hasMarker());
    }

    @ParameterizedTest(name = "{0} -> html context {1}")
    @CsvSource(value = {"text/html; charset=utf-8,true", "application/xhtml+xml,true", "NULL,true",
            "application/json,false", "application/problem+json,false", "text/plain,false"}, nullValues = "NULL")
    void htmlContext(String contentType, boolean html) {
        assertEquals(html, Reflection.htmlContext(contentType));
    }

    @Test
    void validation() {
        List<String> p = TestParams.problems(new InputProbe(), String.join("\n",
                "url: http://api.example/login",
                "json: {email: x}",
                "payloads: sqli"));
        assertEquals(2, p.size(), p.toString());
        assertTrue(p.get(0).contains("no {{payload}} marker in 'json', 'form' or 'query'"), p.toString());
        assertTrue(p.get(1).contains("'payloads' must be sql, xss, both or none, found 'sqli'"), p.toString());
        List<String> get = TestParams.problems(new InputProbe(), "url: http://a.example/\nmethod: GET\n"
                + "json: {q: '{{payload}}'}");
        assertEquals(1, get.size(), get.toString());
        assertTrue(get.get(0).contains("method GET sends no body"), get.toString());
        assertTrue(TestParams.problems(new InputProbe(), "url: http://a.example/\nfield: q\nextraPayloads: ${vars.p}")
                .isEmpty());
        assertEquals(1, TestParams.problems(new InputProbe(), "url: http://a.example/\nfield: q\npayloads: none")
                .size());
    }
}
