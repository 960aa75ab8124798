package dev.deploycheck.probe.headers;

import dev.deploycheck.probe.httpsredirect.RedirectChain;
import dev.deploycheck.probe.web.WebResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The MDN HTTP Observatory's scoring (algorithm v6) over plain data, no network: one {@link TestResult} per test,
 * score = 100 + penalties, plus bonuses only when 100 + penalties >= 90, never below 0; grade from the score.
 */
public final class Grader {
    /** The graded tests, the score and grade, and what was parsed on the way (for facts). */
    public record Grading(int score, Grade grade, List<TestResult> tests, Csp.Policy csp, Hsts.Parsed hsts,
            List<Cookies.Cookie> cookies) {
        public Map<String, TestResult> byName() {
            Map<String, TestResult> m = new LinkedHashMap<>();
            tests.forEach(t -> m.put(t.test(), t));
            return m;
        }
    }

    private static final Set<String> PRIVATE_REFERRER = Set.of("no-referrer", "same-origin", "strict-origin",
            "strict-origin-when-cross-origin");
    private static final Set<String> UNSAFE_REFERRER = Set.of("origin", "origin-when-cross-origin", "unsafe-url",
            "no-referrer-when-downgrade");

    private Grader() {}

    /** Only these answers are graded: 2xx, 3xx, 401, 403. */
    public static boolean gradable(int status) {
        return (status >= 200 && status < 400) || status == 401 || status == 403;
    }

    public static Grading grade(Site site) {
        List<TestResult> tests = new ArrayList<>();
        Csp.Policy[] policy = new Csp.Policy[1];
        TestResult csp = Csp.test(site.https(), site.all("Content-Security-Policy"),
                site.all("Content-Security-Policy-Report-Only"), policy);
        Csp.Policy validCsp = csp.result().equals("csp-header-invalid") ? null : policy[0];
        tests.add(csp);
        List<Cookies.Cookie> cookies = Cookies.parse(site.all("Set-Cookie"));
        Hsts.Parsed hsts = Hsts.parse(site.all("Strict-Transport-Security"));
        tests.add(Cookies.test(cookies, Hsts.protects(site.https(), hsts)));
        tests.add(cors(site));
        tests.add(redirection(site));
        tests.add(referrer(site.all("Referrer-Policy")));
        tests.add(Hsts.test(site.https(), hsts));
        tests.add(Sri.test(site.response().uri(), site.response().first("Content-Type").orElse(null),
                site.response().body()));
        tests.add(xcto(site.all("X-Content-Type-Options")));
        tests.add(xfo(site.all("X-Frame-Options"), validCsp));
        tests.add(isolation("cross-origin-opener-policy", site.all("Cross-Origin-Opener-Policy"),
                Set.of("unsafe-none", "same-origin-allow-popups", "same-origin", "noopener-allow-popups"),
                Set.of("same-origin")));
        tests.add(isolation("cross-origin-embedder-policy", site.all("Cross-Origin-Embedder-Policy"),
                Set.of("unsafe-none", "require-corp", "credentialless"), Set.of("require-corp", "credentialless")));
        tests.add(isolation("cross-origin-resource-policy", site.all("Cross-Origin-Resource-Policy"),
                Set.of("same-site", "same-origin", "cross-origin"), Set.of("same-origin", "same-site")));
        int score = score(tests);
        return new Grading(score, Grade.of(score), List.copyOf(tests), validCsp, hsts, cookies);
    }

    /** 100 + penalties; bonuses only when that is at least 90; never below 0. */
    static int score(List<TestResult> tests) {
        int penalties = tests.stream().mapToInt(TestResult::modifier).filter(m -> m < 0).sum();
        int bonuses = tests.stream().mapToInt(TestResult::modifier).filter(m -> m > 0).sum();
        int base = 100 + penalties;
        return Math.max(0, base >= 90 ? base + bonuses : base);
    }

    static TestResult xcto(List<String> values) {
        String t = "x-content-type-options";
        if (values.isEmpty()) {
            return new TestResult(t, "x-content-type-options-not-implemented", -5, "no X-Content-Type-Options");
        }
        String v = String.join(", ", values);
        return v.trim().equalsIgnoreCase("nosniff")
                ? new TestResult(t, "x-content-type-options-nosniff", 0, "nosniff")
                : new TestResult(t, "x-content-type-options-header-invalid", -5, "value (" + v + ") is not nosniff");
    }

    static TestResult xfo(List<String> values, Csp.Policy csp) {
        String t = "x-frame-options";
        if (Csp.restrictsFraming(csp)) {
            return new TestResult(t, "x-frame-options-implemented-via-csp", 5,
                    "CSP frame-ancestors " + String.join(" ", csp.get("frame-ancestors")));
        }
        if (values.isEmpty()) {
            return new TestResult(t, "x-frame-options-not-implemented", -20,
                    "no X-Frame-Options and no CSP frame-ancestors");
        }
        String v = String.join(", ", values).trim();
        String u = v.toUpperCase(Locale.ROOT);
        if (values.size() == 1 && (u.equals("DENY") || u.equals("SAMEORIGIN"))) {
            return new TestResult(t, "x-frame-options-sameorigin-or-deny", 5, v);
        }
        if (values.size() == 1 && u.startsWith("ALLOW-FROM ")) {
            return new TestResult(t, "x-frame-options-allow-from-origin", 0, v);
        }
        return new TestResult(t, "x-frame-options-header-invalid", -20, "value (" + v + ") is not DENY or SAMEORIGIN");
    }

    static TestResult referrer(List<String> values) {
        String t = "referrer-policy";
        if (values.isEmpty()) {
            return new TestResult(t, "referrer-policy-not-implemented", 0, "no Referrer-Policy");
        }
        String valid = null;
        for (String v : String.join(",", values).split(",")) {
            String tok = v.trim().toLowerCase(Locale.ROOT);
            if (PRIVATE_REFERRER.contains(tok) || UNSAFE_REFERRER.contains(tok)) {
                valid = tok; // the last valid token wins
            }
        }
        String all = String.join(", ", values);
        if (valid == null) {
            return new TestResult(t, "referrer-policy-header-invalid", -5, "no valid policy in '" + all + "'");
        }
        return PRIVATE_REFERRER.contains(valid)
                ? new TestResult(t, "referrer-policy-private", 5, valid)
                : new TestResult(t, "referrer-policy-unsafe", -5, valid + " leaks the URL to other origins");
    }

    static TestResult cors(Site site) {
        String t = "cross-origin-resource-sharing";
        WebResponse pre = site.preflight();
        if (pre != null && site.foreignOrigin() != null) {
            String acao = pre.first("Access-Control-Allow-Origin").orElse("").trim();
            boolean creds = pre.first("Access-Control-Allow-Credentials").orElse("").trim().equalsIgnoreCase("true");
            if (acao.equalsIgnoreCase(site.foreignOrigin()) && creds) {
                return new TestResult(t, "cross-origin-resource-sharing-implemented-with-universal-access", -50,
                        "preflight from " + site.foreignOrigin() + " answered Access-Control-Allow-Origin (" + acao
                                + ") with Access-Control-Allow-Credentials: true");
            }
        }
        String acao = site.response().first("Access-Control-Allow-Origin").orElse(null);
        if (acao == null) {
            return new TestResult(t, "cross-origin-resource-sharing-not-implemented", 0,
                    "no Access-Control-Allow-Origin" + (pre == null ? "" : "; the foreign preflight was not allowed"
                            + " with credentials"));
        }
        return acao.trim().equals("*")
                ? new TestResult(t, "cross-origin-resource-sharing-implemented-with-public-access", 0,
                        "Access-Control-Allow-Origin: *")
                : new TestResult(t, "cross-origin-resource-sharing-implemented-with-restricted-access", 0,
                        "Access-Control-Allow-Origin: " + acao.trim());
    }

    static TestResult redirection(Site site) {
        String t = "redirection";
        RedirectChain c = site.redirect();
        if (c == null) {
            return site.httpRefused()
                    ? new TestResult(t, "redirection-not-needed-no-http", 0, "plain http is not served")
                    : new TestResult(t, "redirection-not-tested", 0, "no http:// URL to test (give httpUrl)");
        }
        if (!c.redirected()) {
            return new TestResult(t, "redirection-missing", -20,
                    c.hops().get(0).url() + " answered " + c.firstStatus() + " without redirecting");
        }
        if (c.failedOnHttps()) {
            return new TestResult(t, "redirection-invalid-cert", -20, c.describe());
        }
        if (!c.endsOnHttps()) {
            return new TestResult(t, "redirection-not-to-https", -20, c.describe());
        }
        if (!c.firstHopToHttps()) {
            return new TestResult(t, "redirection-not-to-https-on-initial-redirection", -10,
                    "first redirect to " + c.firstTarget() + "; " + c.describe());
        }
        if (!c.sameHost()) {
            return new TestResult(t, "redirection-off-host-from-http", -5,
                    "first redirect leaves the host: " + c.firstTarget());
        }
        return new TestResult(t, "redirection-to-https", 0, c.describe());
    }

    /** COOP, COEP and CORP: a strict value +10, another valid value 0, missing 0, invalid -5. */
    static TestResult isolation(String t, List<String> values, Set<String> valid, Set<String> strict) {
        if (values.isEmpty()) {
            return new TestResult(t, t + "-not-implemented", 0, "not set");
        }
        String v = String.join(", ", values).trim();
        String token = v.split(";")[0].trim().toLowerCase(Locale.ROOT); // COOP/COEP may carry report-to params
        if (values.size() > 1 || !valid.contains(token)) {
            return new TestResult(t, t + "-header-invalid", -5, "value (" + v + ") is not one of " + valid);
        }
        return strict.contains(token)
                ? new TestResult(t, t + "-implemented-with-strict-value", 10, token)
                : new TestResult(t, t + "-implemented", 0, token + " (not strict)");
    }
}
