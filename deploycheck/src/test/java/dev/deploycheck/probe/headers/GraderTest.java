package dev.deploycheck.probe.headers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.checklist.Pos;
import dev.deploycheck.expect.Expectation;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.httpsredirect.RedirectChain;
import dev.deploycheck.probe.httpsredirect.RedirectChain.Hop;
import dev.deploycheck.probe.web.WebResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The Observatory rules (standards.md, algorithm v6), each with at least one case, graded without a server. */
class GraderTest {
    private static final String HTTPS = "https://app.example/";
    private static final String HTTP = "http://app.example/";
    private static final String HSTS = "Strict-Transport-Security: max-age=31536000";

    /** Headers as lines {@code Name: value}; a repeated name is a repeated header line. */
    static Map<String, List<String>> headers(String block) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (String line : block.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int c = line.indexOf(':');
            h.computeIfAbsent(line.substring(0, c).trim(), k -> new ArrayList<>()).add(line.substring(c + 1).trim());
        }
        return h;
    }

    static Site site(String url, String block) {
        return Site.of(url, 200, headers(block), "");
    }

    static Arguments c(String test, String url, String block, String result, int modifier) {
        return Arguments.of(test, url, block, result, modifier);
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                // CSP
                c("content-security-policy", HTTPS, "", "csp-not-implemented", -25),
                c("content-security-policy", HTTPS, "Content-Security-Policy-Report-Only: default-src 'none'",
                        "csp-not-implemented", -25),
                c("content-security-policy", HTTPS, "Content-Security-Policy: default-src 'none'",
                        "csp-implemented-with-no-unsafe-default-src-none", 10),
                c("content-security-policy", HTTPS, "Content-Security-Policy: default-src 'self'",
                        "csp-implemented-with-no-unsafe", 5),
                c("content-security-policy", HTTPS, "Content-Security-Policy: DEFAULT-SRC 'SELF'; ; ",
                        "csp-implemented-with-no-unsafe", 5),
                c("content-security-policy", HTTPS,
                        "Content-Security-Policy: default-src 'self'; style-src 'self' 'unsafe-inline'",
                        "csp-implemented-with-unsafe-inline-in-style-src-only", 0),
                c("content-security-policy", HTTPS,
                        "Content-Security-Policy: default-src 'self'; style-src 'unsafe-inline' 'nonce-r4nd0m'",
                        "csp-implemented-with-no-unsafe", 5),
                c("content-security-policy", HTTPS, "Content-Security-Policy: default-src 'self'; img-src http:",
                        "csp-implemented-with-insecure-scheme-in-passive-content-only", -10),
                c("content-security-policy", HTTPS,
                        "Content-Security-Policy: default-src 'self'; media-src http://media.example",
                        "csp-implemented-with-insecure-scheme-in-passive-content-only", -10),
                c("content-security-policy", HTTPS,
                        "Content-Security-Policy: default-src 'self'; script-src 'self' 'unsafe-eval'",
                        "csp-implemented-with-unsafe-eval", -10),
                c("content-security-policy", HTTPS,
                        "Content-Security-Policy: default-src 'self'; script-src 'self' 'unsafe-inline'",
                        "csp-implemented-with-unsafe-inline", -20),
                c("content-security-policy", HTTPS, "Content-Security-Policy: default-src 'self' 'unsafe-inline'",
                        "csp-implemented-with-unsafe-inline", -20),
                c("content-security-policy", HTTPS, "Content-Security-Policy: default-src 'self'; script-src data:",
                        "csp-implemented-with-unsafe-inline", -20),
                c("content-security-policy", HTTPS, "Content-Security-Policy: default-src 'self'; script-src *",
                        "csp-implemented-with-unsafe-inline", -20),
                c("content-security-policy", HTTPS, "Content-Security-Policy: default-src 'self'; script-src https:",
                        "csp-implemented-with-unsafe-inline", -20),
                c("content-security-policy", HTTPS, "Content-Security-Policy: default-src 'self'; script-src http:",
                        "csp-implemented-with-unsafe-inline", -20),
                c("content-security-policy", HTTPS,
                        "Content-Security-Policy: default-src 'self'; object-src https://*",
                        "csp-implemented-with-unsafe-inline", -20),
                // data: is unsafe in script-src only (standards.md; object-src: broad sources only)
                c("content-security-policy", HTTPS, "Content-Security-Policy: default-src 'self'; object-src data:",
                        "csp-implemented-with-no-unsafe", 5),
                c("content-security-policy", HTTPS, "Content-Security-Policy: default-src 'self'; script-src "
                        + "'strict-dynamic' 'nonce-abc' data:", "csp-implemented-with-unsafe-inline", -20),
                // an empty source list means 'none'; report-uri may repeat
                c("content-security-policy", HTTPS, "Content-Security-Policy: default-src; report-uri /a; report-uri /b",
                        "csp-implemented-with-no-unsafe-default-src-none", 10),
                c("content-security-policy", HTTPS,
                        "Content-Security-Policy: script-src 'self'; object-src; style-src 'self'",
                        "csp-implemented-with-no-unsafe", 5),
                // style-src unset with no default-src allows any style: unsafe in style only
                c("content-security-policy", HTTPS, "Content-Security-Policy: script-src 'self'; object-src 'none'",
                        "csp-implemented-with-unsafe-inline-in-style-src-only", 0),
                c("content-security-policy", HTTPS, "Content-Security-Policy: default-src 'self'; style-src https:",
                        "csp-implemented-with-unsafe-inline-in-style-src-only", 0),
                c("content-security-policy", HTTPS, "Content-Security-Policy: default-src 'self'; style-src "
                        + "'self' 'unsafe-eval'", "csp-implemented-with-unsafe-eval", -10),
                // http: sources are a downgrade only for an https site
                c("content-security-policy", HTTP,
                        "Content-Security-Policy: default-src 'self'; script-src 'self' http://cdn.example",
                        "csp-implemented-with-no-unsafe", 5),
                c("content-security-policy", HTTP, "Content-Security-Policy: default-src 'self'; img-src http:",
                        "csp-implemented-with-no-unsafe", 5),
                // neither object-src nor default-src: object-src is effectively unset
                c("content-security-policy", HTTPS, "Content-Security-Policy: script-src 'self'",
                        "csp-implemented-with-unsafe-inline", -20),
                c("content-security-policy", HTTPS, "Content-Security-Policy: frame-ancestors 'none'",
                        "csp-implemented-with-unsafe-inline", -20),
                c("content-security-policy", HTTPS,
                        "Content-Security-Policy: default-src 'self'; script-src 'self' http://cdn.example",
                        "csp-implemented-with-insecure-scheme", -20),
                c("content-security-policy", HTTPS,
                        "Content-Security-Policy: default-src 'self'; connect-src http://api.example",
                        "csp-implemented-with-insecure-scheme", -20),
                c("content-security-policy", HTTPS,
                        "Content-Security-Policy: default-src 'self'; script-src 'self' 'unsafe-inline' 'nonce-abc'",
                        "csp-implemented-with-no-unsafe", 5),
                c("content-security-policy", HTTPS, "Content-Security-Policy: default-src 'self'; script-src "
                        + "'unsafe-inline' 'sha256-YWJj'", "csp-implemented-with-no-unsafe", 5),
                c("content-security-policy", HTTPS, "Content-Security-Policy: default-src 'self'; object-src 'none';"
                        + " script-src 'strict-dynamic' 'nonce-abc' https: 'unsafe-inline'",
                        "csp-implemented-with-no-unsafe", 5),
                c("content-security-policy", HTTPS,
                        "Content-Security-Policy: default-src 'self'; script-src 'strict-dynamic' https:",
                        "csp-header-invalid", -25),
                c("content-security-policy", HTTPS,
                        "Content-Security-Policy: default-src 'self'; default-src 'none'", "csp-header-invalid", -25),
                c("content-security-policy", HTTPS, "Content-Security-Policy: default_src 'self'",
                        "csp-header-invalid", -25),
                c("content-security-policy", HTTPS, "Content-Security-Policy: ;", "csp-header-invalid", -25),
                // two enforced policies: the stricter bounds the page
                c("content-security-policy", HTTPS,
                        "Content-Security-Policy: script-src *\nContent-Security-Policy: default-src 'none'",
                        "csp-implemented-with-no-unsafe-default-src-none", 10),
                // HSTS
                c("strict-transport-security", HTTP, HSTS, "hsts-not-implemented-no-https", -20),
                c("strict-transport-security", HTTPS, "", "hsts-not-implemented", -20),
                c("strict-transport-security", HTTPS, "Strict-Transport-Security: max-age=15552000",
                        "hsts-implemented-max-age-at-least-six-months", 0),
                c("strict-transport-security", HTTPS,
                        "Strict-Transport-Security: max-age=\"63072000\"; includeSubDomains; preload",
                        "hsts-implemented-max-age-at-least-six-months", 0),
                c("strict-transport-security", HTTPS, "Strict-Transport-Security: max-age=15551999",
                        "hsts-implemented-max-age-less-than-six-months", -10),
                c("strict-transport-security", HTTPS, "Strict-Transport-Security: max-age=abc",
                        "hsts-header-invalid", -20),
                c("strict-transport-security", HTTPS, "Strict-Transport-Security: includeSubDomains",
                        "hsts-header-invalid", -20),
                c("strict-transport-security", HTTPS, "Strict-Transport-Security: max-age=1; max-age=31536000",
                        "hsts-header-invalid", -20),
                c("strict-transport-security", HTTPS, HSTS + "\n" + HSTS, "hsts-header-invalid", -20),
                // X-Content-Type-Options
                c("x-content-type-options", HTTPS, "X-Content-Type-Options: nosniff",
                        "x-content-type-options-nosniff", 0),
                c("x-content-type-options", HTTPS, "X-Content-Type-Options: NoSniff",
                        "x-content-type-options-nosniff", 0),
                c("x-content-type-options", HTTPS, "", "x-content-type-options-not-implemented", -5),
                c("x-content-type-options", HTTPS, "X-Content-Type-Options: sniff",
                        "x-content-type-options-header-invalid", -5),
                // X-Frame-Options / frame-ancestors
                c("x-frame-options", HTTPS, "X-Frame-Options: DENY", "x-frame-options-sameorigin-or-deny", 5),
                c("x-frame-options", HTTPS, "X-Frame-Options: sameorigin", "x-frame-options-sameorigin-or-deny", 5),
                c("x-frame-options", HTTPS, "X-Frame-Options: ALLOW-FROM https://partner.example",
                        "x-frame-options-allow-from-origin", 0),
                c("x-frame-options", HTTPS, "", "x-frame-options-not-implemented", -20),
                c("x-frame-options", HTTPS, "X-Frame-Options: DENY\nX-Frame-Options: SAMEORIGIN",
                        "x-frame-options-header-invalid", -20),
                c("x-frame-options", HTTPS, "X-Frame-Options: never", "x-frame-options-header-invalid", -20),
                c("x-frame-options", HTTPS, "Content-Security-Policy: default-src 'self'; frame-ancestors 'none'",
                        "x-frame-options-implemented-via-csp", 5),
                c("x-frame-options", HTTPS, "Content-Security-Policy: default-src 'self'; frame-ancestors *",
                        "x-frame-options-not-implemented", -20),
                // Referrer-Policy
                c("referrer-policy", HTTPS, "Referrer-Policy: no-referrer", "referrer-policy-private", 5),
                c("referrer-policy", HTTPS, "Referrer-Policy: same-origin", "referrer-policy-private", 5),
                c("referrer-policy", HTTPS, "Referrer-Policy: strict-origin", "referrer-policy-private", 5),
                c("referrer-policy", HTTPS, "Referrer-Policy: strict-origin-when-cross-origin",
                        "referrer-policy-private", 5),
                c("referrer-policy", HTTPS, "", "referrer-policy-not-implemented", 0),
                c("referrer-policy", HTTPS, "Referrer-Policy: origin", "referrer-policy-unsafe", -5),
                c("referrer-policy", HTTPS, "Referrer-Policy: origin-when-cross-origin", "referrer-policy-unsafe", -5),
                c("referrer-policy", HTTPS, "Referrer-Policy: unsafe-url", "referrer-policy-unsafe", -5),
                c("referrer-policy", HTTPS, "Referrer-Policy: no-referrer-when-downgrade", "referrer-policy-unsafe", -5),
                c("referrer-policy", HTTPS, "Referrer-Policy: no-referrer, unsafe-url", "referrer-policy-unsafe", -5),
                c("referrer-policy", HTTPS, "Referrer-Policy: unsafe-url, strict-origin, bogus",
                        "referrer-policy-private", 5),
                c("referrer-policy", HTTPS, "Referrer-Policy: unsafe-url\nReferrer-Policy: no-referrer",
                        "referrer-policy-private", 5),
                c("referrer-policy", HTTPS, "Referrer-Policy: bogus", "referrer-policy-header-invalid", -5),
                // Cookies
                c("cookies", HTTPS, "", "cookies-not-found", 0),
                c("cookies", HTTPS, HSTS + "\nSet-Cookie: SESSIONID=a; Path=/; Secure; HttpOnly; SameSite=Lax",
                        "cookies-secure-with-httponly-sessions-and-samesite", 5),
                c("cookies", HTTPS, "Set-Cookie: theme=dark; Secure",
                        "cookies-secure-with-httponly-sessions", 0),
                c("cookies", HTTPS, HSTS + "\nSet-Cookie: theme=dark; SameSite=Lax",
                        "cookies-without-secure-flag-but-protected-by-hsts", -5),
                c("cookies", HTTPS, "Set-Cookie: theme=dark; SameSite=Lax", "cookies-without-secure-flag", -20),
                c("cookies", HTTPS, "Strict-Transport-Security: max-age=60\nSet-Cookie: theme=dark; SameSite=Lax",
                        "cookies-without-secure-flag", -20),
                c("cookies", HTTPS, HSTS + "\nSet-Cookie: sessionid=1; HttpOnly; SameSite=Strict",
                        "cookies-session-without-secure-flag-but-protected-by-hsts", -10),
                c("cookies", HTTP, "Set-Cookie: sessionid=1; HttpOnly; SameSite=Strict",
                        "cookies-session-without-secure-flag", -40),
                c("cookies", HTTPS, "Set-Cookie: login_token=1; Secure; SameSite=Strict",
                        "cookies-session-without-httponly-flag", -30),
                c("cookies", HTTPS, "Set-Cookie: csrftoken=1; Secure", "cookies-anticsrf-without-samesite-flag", -20),
                c("cookies", HTTPS, "Set-Cookie: theme=dark; Secure; SameSite=None", "cookies-samesite-flag-invalid",
                        -20),
                c("cookies", HTTPS, "Set-Cookie: theme=dark; Secure; SameSite=Lax\n"
                        + "Set-Cookie: sess=1; SameSite=Lax", "cookies-session-without-secure-flag", -40),
                // CORS on the graded response (the preflight cases are below)
                c("cross-origin-resource-sharing", HTTPS, "", "cross-origin-resource-sharing-not-implemented", 0),
                c("cross-origin-resource-sharing", HTTPS, "Access-Control-Allow-Origin: *",
                        "cross-origin-resource-sharing-implemented-with-public-access", 0),
                c("cross-origin-resource-sharing", HTTPS, "Access-Control-Allow-Origin: https://app.example",
                        "cross-origin-resource-sharing-implemented-with-restricted-access", 0),
                // COOP / COEP / CORP
                c("cross-origin-opener-policy", HTTPS, "Cross-Origin-Opener-Policy: same-origin",
                        "cross-origin-opener-policy-implemented-with-strict-value", 10),
                c("cross-origin-opener-policy", HTTPS, "Cross-Origin-Opener-Policy: same-origin; report-to=\"coop\"",
                        "cross-origin-opener-policy-implemented-with-strict-value", 10),
                c("cross-origin-opener-policy", HTTPS, "Cross-Origin-Opener-Policy: unsafe-none",
                        "cross-origin-opener-policy-implemented", 0),
                c("cross-origin-opener-policy", HTTPS, "", "cross-origin-opener-policy-not-implemented", 0),
                c("cross-origin-opener-policy", HTTPS, "Cross-Origin-Opener-Policy: strict",
                        "cross-origin-opener-policy-header-invalid", -5),
                c("cross-origin-embedder-policy", HTTPS, "Cross-Origin-Embedder-Policy: require-corp",
                        "cross-origin-embedder-policy-implemented-with-strict-value", 10),
                c("cross-origin-embedder-policy", HTTPS, "Cross-Origin-Embedder-Policy: nope",
                        "cross-origin-embedder-policy-header-invalid", -5),
                c("cross-origin-resource-policy", HTTPS, "Cross-Origin-Resource-Policy: same-origin",
                        "cross-origin-resource-policy-implemented-with-strict-value", 10),
                c("cross-origin-resource-policy", HTTPS, "Cross-Origin-Resource-Policy: cross-origin",
                        "cross-origin-resource-policy-implemented", 0),
                // redirection not asked for
                c("redirection", HTTPS, "", "redirection-not-tested", 0),
                // SRI on a non-HTML answer
                c("subresource-integrity", HTTPS, "Content-Type: application/json",
                        "sri-not-implemented-response-not-html", 0));
    }

    @ParameterizedTest(name = "{0}: {2} -> {3} {4}")
    @MethodSource("rules")
    void eachRule(String test, String url, String block, String result, int modifier) {
        TestResult r = Grader.grade(site(url, block)).byName().get(test);
        assertEquals(result, r.result(), r::line);
        assertEquals(modifier, r.modifier(), r::line);
    }

    static Stream<Arguments> sri() {
        String page = "https://app.example/index.html";
        return Stream.of(
                Arguments.of(page, "<p>no scripts</p><script>inline()</script>",
                        "sri-not-implemented-but-no-scripts-loaded", 0),
                Arguments.of(page, "<script src=\"/app.js\"></script><script src='https://app.example/b.js'>",
                        "sri-implemented-and-external-scripts-loaded-securely", 5),
                Arguments.of(page, "<script src=\"https://cdn.example/x.js\" integrity=\"sha384-abc\" crossorigin>",
                        "sri-implemented-and-external-scripts-loaded-securely", 5),
                Arguments.of(page, "<script src=https://cdn.example/x.js></script>",
                        "sri-not-implemented-but-external-scripts-loaded-securely", -5),
                Arguments.of(page, "<SCRIPT SRC=\"http://cdn.example/x.js\" integrity=\"sha384-abc\"></SCRIPT>",
                        "sri-implemented-but-external-scripts-not-loaded-securely", -20),
                Arguments.of(page, "<script src=\"//cdn.example/x.js\"></script>",
                        "sri-not-implemented-and-external-scripts-not-loaded-securely", -50));
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @MethodSource("sri")
    void subresourceIntegrity(String url, String html, String result, int modifier) {
        Site s = Site.of(url, 200, Map.of("Content-Type", List.of("text/html; charset=utf-8")), html);
        TestResult r = Grader.grade(s).byName().get("subresource-integrity");
        assertEquals(result, r.result(), r::line);
        assertEquals(modifier, r.modifier(), r::line);
    }

    static WebResponse resp(String url, int status, String block) {
        return new WebResponse(URI.create(url), status, headers(block), "");
    }

    static Stream<Arguments> preflight() {
        String origin = "https://foreign.example";
        return Stream.of(
                Arguments.of("Access-Control-Allow-Origin: https://foreign.example\n"
                        + "Access-Control-Allow-Credentials: true",
                        "cross-origin-resource-sharing-implemented-with-universal-access", -50, origin),
                Arguments.of("Access-Control-Allow-Origin: https://foreign.example",
                        "cross-origin-resource-sharing-not-implemented", 0, origin),
                Arguments.of("Access-Control-Allow-Origin: https://app.example\nAccess-Control-Allow-Credentials: true",
                        "cross-origin-resource-sharing-not-implemented", 0, origin),
                Arguments.of("", "cross-origin-resource-sharing-not-implemented", 0, origin));
    }

    @ParameterizedTest(name = "preflight {0} -> {1}")
    @MethodSource("preflight")
    void corsPreflight(String block, String result, int modifier, String origin) {
        Site s = new Site(resp(HTTPS, 200, ""), resp(HTTPS, 204, block), origin, null, false);
        TestResult r = Grader.grade(s).byName().get("cross-origin-resource-sharing");
        assertEquals(result, r.result(), r::line);
        assertEquals(modifier, r.modifier());
    }

    static RedirectChain chain(String error, Object... hops) {
        List<Hop> list = new ArrayList<>();
        for (int i = 0; i < hops.length; i += 3) {
            list.add(new Hop(URI.create((String) hops[i]), (Integer) hops[i + 1], (String) hops[i + 2]));
        }
        return new RedirectChain(list, error, false, null);
    }

    static Stream<Arguments> redirection() {
        return Stream.of(
                Arguments.of(chain(null, "http://a.example/", 301, "https://a.example/", "https://a.example/", 200, null),
                        "redirection-to-https", 0),
                Arguments.of(chain(null, "http://a.example/", 308, "https://a.example:8443/x", "https://a.example:8443/x",
                        200, null), "redirection-to-https", 0),
                Arguments.of(chain(null, "http://a.example/", 200, null), "redirection-missing", -20),
                Arguments.of(chain(null, "http://a.example/", 301, "https://www.a.example/", "https://www.a.example/",
                        200, null), "redirection-off-host-from-http", -5),
                Arguments.of(chain(null, "http://a.example/", 301, "http://www.a.example/", "http://www.a.example/", 301,
                        "https://www.a.example/", "https://www.a.example/", 200, null),
                        "redirection-not-to-https-on-initial-redirection", -10),
                Arguments.of(chain(null, "http://a.example/", 302, "/login", "http://a.example/login", 200, null),
                        "redirection-not-to-https", -20),
                Arguments.of(chain("TLS handshake failed", "http://a.example/", 301, "https://a.example/",
                        "https://a.example/", -1, null), "redirection-invalid-cert", -20),
                Arguments.of(chain("redirect loop back to http://a.example/", "http://a.example/", 301,
                        "http://a.example/x", "http://a.example/x", 301, "/"), "redirection-not-to-https", -20));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("redirection")
    void redirectionRule(RedirectChain chain, String result, int modifier) {
        Site s = new Site(resp(HTTPS, 200, ""), null, null, chain, false);
        TestResult r = Grader.grade(s).byName().get("redirection");
        assertEquals(result, r.result(), r::line);
        assertEquals(modifier, r.modifier());
    }

    @Test
    void httpRefusedMeansNoRedirectionNeeded() {
        Site s = new Site(resp(HTTPS, 200, ""), null, null, null, true);
        assertEquals("redirection-not-needed-no-http", Grader.grade(s).byName().get("redirection").result());
    }

    static final String STRONG = String.join("\n",
            "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'",
            "Strict-Transport-Security: max-age=63072000; includeSubDomains",
            "X-Content-Type-Options: nosniff",
            "X-Frame-Options: DENY",
            "Referrer-Policy: no-referrer",
            "Cross-Origin-Opener-Policy: same-origin",
            "Cross-Origin-Resource-Policy: same-origin",
            "Content-Type: application/json");

    @Test
    void strongSiteScoresWithBonuses() {
        Grader.Grading g = Grader.grade(site(HTTPS, STRONG));
        // +10 CSP, +5 frame-ancestors, +5 referrer, +10 COOP, +10 CORP
        assertEquals(140, g.score(), () -> lines(g));
        assertEquals(Grade.A_PLUS, g.grade());
        assertTrue(g.tests().stream().allMatch(TestResult::pass), () -> lines(g));
        assertEquals(12, g.tests().size());
    }

    @Test
    void bonusesCountOnlyWhenPenaltiesLeaveAtLeast90() {
        // -10 short HSTS = 90: bonuses (+40) still count
        Grader.Grading at90 = Grader.grade(site(HTTPS, STRONG.replace("max-age=63072000", "max-age=86400")));
        assertEquals(130, at90.score(), () -> lines(at90));
        // -10 short HSTS and -5 X-Content-Type-Options = 85: bonuses are dropped
        Grader.Grading at85 = Grader.grade(site(HTTPS, STRONG.replace("max-age=63072000", "max-age=86400")
                .replace("X-Content-Type-Options: nosniff\n", "")));
        assertEquals(85, at85.score(), () -> lines(at85));
        assertEquals(Grade.A_MINUS, at85.grade());
    }

    @Test
    void scoreNeverBelowZero() {
        Site s = new Site(resp(HTTP, 200, "Set-Cookie: sessionid=1\nReferrer-Policy: unsafe-url"),
                resp(HTTP, 204, "Access-Control-Allow-Origin: https://x.example\n"
                        + "Access-Control-Allow-Credentials: true"), "https://x.example", null, false);
        Grader.Grading g = Grader.grade(s);
        // -25 CSP, -40 cookie, -50 CORS, -5 referrer, -20 HSTS, -5 XCTO, -20 XFO = -165
        assertEquals(0, g.score(), () -> lines(g));
        assertEquals(Grade.F, g.grade());
    }

    @Test
    void typicalApiWithoutCspGetsB() {
        Grader.Grading g = Grader.grade(site(HTTPS, "Strict-Transport-Security: max-age=31536000\n"
                + "X-Content-Type-Options: nosniff\nX-Frame-Options: DENY\nReferrer-Policy: no-referrer"));
        assertEquals(75, g.score(), () -> lines(g)); // -25 CSP; bonuses dropped below 90
        assertEquals(Grade.B, g.grade());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"150,A+", "100,A+", "99,A", "90,A", "89,A-", "85,A-", "84,B+", "80,B+", "79,B", "70,B", "69,B-",
            "65,B-", "64,C+", "60,C+", "59,C", "50,C", "49,C-", "45,C-", "44,D+", "40,D+", "39,D", "30,D", "29,D-",
            "25,D-", "24,F", "0,F"})
    void gradeTable(int score, String grade) {
        assertEquals(grade, Grade.of(score).toString());
    }

    @Test
    void gradesCompareWithStringLiterals() throws Exception {
        Observation obs = new Observation().fact("grade", Grade.A).fact("score", 92);
        assertTrue(outcome("grade >= \"A-\"", obs).passed());
        assertTrue(outcome("grade == \"a\"", obs).passed());
        assertTrue(outcome("grade < \"A+\"", obs).passed());
        var failed = outcome("grade >= \"A+\"", obs);
        assertTrue(!failed.passed() && failed.message().contains("A"), failed.message());
        assertTrue(!outcome("grade >= \"Z\"", obs).passed());
        assertThrows(IllegalArgumentException.class, () -> Grade.parse("A++"));
        assertEquals(Grade.B_MINUS, Grade.parse(" b- "));
    }

    private static dev.deploycheck.expect.Outcome outcome(String text, Observation obs) throws Exception {
        return Expectation.parse(text, new Pos("checklist.yaml", 1, 1)).evaluate(obs);
    }

    private static String lines(Grader.Grading g) {
        return String.join("\n", g.tests().stream().map(TestResult::line).toList());
    }
}
