package dev.deploycheck.probe.headers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsServer;
import dev.deploycheck.checklist.Pos;
import dev.deploycheck.expect.Expectation;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.testing.PlainServer;
import dev.deploycheck.testing.TestParams;
import dev.deploycheck.testing.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code probe: headers} against real servers: an HTTPS site with strong headers, a weak plain one, CORS, redirects. */
class HeadersProbeTest {
    private static final Duration T = Duration.ofSeconds(10);
    @TempDir
    static Path dir;
    static TestPki pki;
    static HttpsServer strong;
    static PlainServer weak;
    static PlainServer redirector;

    static final Map<String, String> STRONG = new LinkedHashMap<>();

    static {
        STRONG.put("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        STRONG.put("Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload");
        STRONG.put("X-Content-Type-Options", "nosniff");
        STRONG.put("Referrer-Policy", "strict-origin-when-cross-origin");
        STRONG.put("Cross-Origin-Opener-Policy", "same-origin");
        STRONG.put("Set-Cookie", "sessionId=abc; Path=/; Secure; HttpOnly; SameSite=Strict");
        STRONG.put("Content-Type", "application/json");
    }

    @BeforeAll
    static void start() {
        pki = TestPki.create(dir);
        strong = pki.validLeaf().httpsServer(ex -> {
            if (ex.getRequestMethod().equals("OPTIONS")) {
                PlainServer.answer(ex, 403, Map.of(), "");
            } else {
                PlainServer.answer(ex, 200, STRONG, "{\"ok\":true}");
            }
        });
        weak = new PlainServer(ex -> {
            String origin = ex.getRequestHeaders().getFirst("Origin");
            Map<String, String> h = new LinkedHashMap<>();
            if (origin != null) { // reflects any origin, with credentials: the worst CORS mistake
                h.put("Access-Control-Allow-Origin", origin);
                h.put("Access-Control-Allow-Credentials", "true");
            }
            h.put("Content-Type", "text/html");
            h.put("Set-Cookie", "JSESSIONID=1; Path=/");
            int status = ex.getRequestURI().getPath().equals("/broken") ? 500 : 200;
            PlainServer.answer(ex, status, h, "<html><script src=\"http://cdn.example/x.js\"></script></html>");
        });
        redirector = new PlainServer(ex -> PlainServer.answer(ex, 301,
                Map.of("Location", "https://127.0.0.1:" + strong.getAddress().getPort() + "/"), ""));
    }

    @AfterAll
    static void stop() {
        strong.stop(0);
        weak.close();
        redirector.close();
    }

    private static String httpsUrl() {
        return "https://127.0.0.1:" + strong.getAddress().getPort() + "/";
    }

    @Test
    void strongHttpsSiteGetsAPlus() throws Exception {
        Observation obs = TestParams.run(new HeadersProbe(), "url: " + httpsUrl() + "\ncaFile: " + pki.caPem()
                + "\nhttpUrl: " + redirector.url("/") + "\nminGrade: A", T);
        assertEquals(Grade.A_PLUS, obs.get("grade"), () -> String.join("\n", obs.evidence()));
        // 100 + CSP 10 + frame-ancestors 5 + referrer 5 + cookies 5 + COOP 10
        assertEquals(135, obs.get("score"), () -> String.join("\n", obs.evidence()));
        assertTrue(obs.checks().get(0).passed(), obs.checks().toString());
        assertEquals("redirection-to-https", result(obs, "redirection"));
        assertEquals("cross-origin-resource-sharing-not-implemented", result(obs, "cross-origin-resource-sharing"));
        assertTrue(pass(obs, "grade >= \"A-\""));
        assertTrue(pass(obs, "tests.strict-transport-security.pass == true"));
        assertTrue(pass(obs, "hsts.maxAge >= 15552000"));
        assertTrue(pass(obs, "hsts.includeSubDomains == true"));
        assertTrue(pass(obs, "csp.directives.default-src[0] == \"'none'\""));
        assertTrue(pass(obs, "header.x-content-type-options == \"nosniff\""));
        assertTrue(pass(obs, "cookies[0].httpOnly == true"));
        assertTrue(obs.evidence().stream().anyMatch(l -> l.startsWith("content-security-policy +10 ")),
                () -> String.join("\n", obs.evidence()));
        assertTrue(obs.evidence().contains("score 135, grade A+"), () -> String.join("\n", obs.evidence()));
    }

    @Test
    void httpUrlIsFollowedToHttpsAndTheFinalResponseIsGraded() throws Exception {
        Observation obs = TestParams.run(new HeadersProbe(), "url: " + redirector.url("/") + "\ncaFile: "
                + pki.caPem(), T);
        assertEquals(httpsUrl(), obs.get("url"));
        assertEquals("redirection-to-https", result(obs, "redirection"));
        assertEquals("hsts-implemented-max-age-at-least-six-months", result(obs, "strict-transport-security"));
        assertTrue(obs.checks().isEmpty(), "no built-in check without minGrade");
    }

    @Test
    void untrustedHttpsTargetOfTheRedirectIsInvalidCert() throws Exception {
        // the plain page itself is graded; the https hop fails its certificate check (no caFile)
        try (PlainServer toUntrusted = new PlainServer(ex -> PlainServer.answer(ex, 301,
                Map.of("Location", httpsUrl()), ""))) {
            Observation obs = TestParams.run(new HeadersProbe(), "url: " + toUntrusted.url("/") + "\npreflight: false",
                    T);
            assertEquals("redirection-invalid-cert", result(obs, "redirection"), () -> String.join("\n", obs.evidence()));
        }
    }

    @Test
    void weakPlainSiteFailsMinGradeWithTheActualGrade() throws Exception {
        Observation obs = TestParams.run(new HeadersProbe(), "url: " + weak.url("/") + "\nminGrade: B", T);
        assertEquals(Grade.F, obs.get("grade"));
        assertEquals(0, obs.get("score"));
        assertEquals(-50, modifier(obs, "cross-origin-resource-sharing"));
        assertEquals("hsts-not-implemented-no-https", result(obs, "strict-transport-security"));
        assertEquals("redirection-missing", result(obs, "redirection"));
        assertEquals("cookies-session-without-secure-flag", result(obs, "cookies"));
        assertEquals("sri-not-implemented-and-external-scripts-not-loaded-securely",
                result(obs, "subresource-integrity"));
        Observation.Check check = obs.checks().get(0);
        assertFalse(check.passed());
        assertTrue(check.detail().startsWith("grade (F, score 0) >= B; failing: content-security-policy -25"),
                check.detail());
        assertFalse(pass(obs, "grade >= \"C\""));
    }

    @Test
    void preflightCanBeSwitchedOff() throws Exception {
        Observation obs = TestParams.run(new HeadersProbe(), "url: " + weak.url("/") + "\npreflight: false", T);
        assertEquals(0, modifier(obs, "cross-origin-resource-sharing"));
        assertTrue(obs.evidence().stream().noneMatch(l -> l.startsWith("OPTIONS")));
    }

    @Test
    void serverErrorIsNotGraded() throws Exception {
        Observation obs = TestParams.run(new HeadersProbe(), "url: " + weak.url("/broken"), T);
        assertEquals(500, obs.get("status"));
        assertNull(obs.get("grade"));
        assertFalse(obs.checks().get(0).passed());
        assertTrue(obs.checks().get(0).detail().contains("status (500) is not graded"));
    }

    @Test
    void validation() {
        List<String> p = TestParams.problems(new HeadersProbe(), String.join("\n",
                "url: https://app.example/",
                "httpUrl: https://app.example/",
                "foreignOrigin: https://evil.example/path",
                "minGrade: A++",
                "preflite: true"));
        assertEquals(4, p.size(), p.toString());
        assertTrue(p.get(0).contains("unknown key 'preflite'") || p.toString().contains("did you mean"), p.toString());
        assertTrue(p.toString().contains("'httpUrl' must be a plain http:// URL"), p.toString());
        assertTrue(p.toString().contains("'foreignOrigin' must be an origin"), p.toString());
        assertTrue(p.toString().contains("not an Observatory grade: 'A++'"), p.toString());
        assertTrue(TestParams.problems(new HeadersProbe(), "url: ${vars.site}/\nminGrade: ${vars.grade}").isEmpty());
    }

    private static String result(Observation obs, String test) {
        return (String) test(obs, test).get("result");
    }

    private static int modifier(Observation obs, String test) {
        return (Integer) test(obs, test).get("modifier");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> test(Observation obs, String test) {
        return (Map<String, Object>) ((Map<String, Object>) obs.get("tests")).get(test);
    }

    static boolean pass(Observation obs, String expectation) throws Exception {
        var o = Expectation.parse(expectation, new Pos("checklist.yaml", 1, 1)).evaluate(obs);
        return o.passed();
    }
}
