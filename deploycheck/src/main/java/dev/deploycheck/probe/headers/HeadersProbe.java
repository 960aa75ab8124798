package dev.deploycheck.probe.headers;

import dev.deploycheck.checklist.Params;
import dev.deploycheck.checklist.Variables;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.Probe;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.probe.ProbeKind;
import dev.deploycheck.probe.http.HttpProbe;
import dev.deploycheck.probe.http.RequestBody;
import dev.deploycheck.probe.httpsredirect.RedirectChain;
import dev.deploycheck.probe.web.WebResponse;
import dev.deploycheck.probe.web.WebTarget;
import java.io.IOException;
import java.net.URI;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code probe: headers} — fetches {@code url} (following redirects), sends a CORS preflight from a foreign origin
 * and optionally follows {@code httpUrl}'s redirect chain, then grades the response's security headers with the MDN
 * HTTP Observatory rules ({@link Grader}). No built-in check unless {@code minGrade} is given: the item's
 * {@code expect} (such as {@code grade >= "A-"}) decides.
 */
public final class HeadersProbe implements ProbeKind {
    static final String DEFAULT_ORIGIN = "https://http-observatory.security.mozilla.org";
    private static final int MAX_HOPS = 10;

    /** The validated parameters of one item. */
    public record Spec(WebTarget target, URI httpUrl, boolean preflight, String foreignOrigin, Grade minGrade) {}

    @Override
    public String name() {
        return "headers";
    }

    @Override
    public String summary() {
        return "security headers graded by the MDN HTTP Observatory rules: score, grade (A+ .. F), one result per test";
    }

    @Override
    public Set<String> keys() {
        Set<String> k = new HashSet<>(WebTarget.KEYS);
        k.addAll(Set.of("httpUrl", "preflight", "foreignOrigin", "minGrade"));
        return k;
    }

    @Override
    public Set<String> facts() {
        return Set.of("status", "url", "score", "grade", "tests", "header", "csp", "hsts", "cookies");
    }

    @Override
    public Probe create(Params params) {
        WebTarget target = WebTarget.read(params);
        URI httpUrl = params.has("httpUrl") ? HttpProbe.url(params, "httpUrl") : null;
        if (httpUrl != null && !"http".equalsIgnoreCase(httpUrl.getScheme())) {
            params.error("httpUrl", "'httpUrl' must be a plain http:// URL, found '" + httpUrl + "'");
        }
        String origin = params.string("foreignOrigin", DEFAULT_ORIGIN).trim();
        if (!(params.validating() && Variables.hasRefs(origin)) && !origin.matches("(?i)https?://[^/\\s]+")) {
            params.error("foreignOrigin", "'foreignOrigin' must be an origin such as https://evil.example, found '"
                    + origin + "'");
        }
        Grade min = null;
        String g = params.optString("minGrade").orElse(null);
        if (g != null && !(params.validating() && Variables.hasRefs(g))) {
            try {
                min = Grade.parse(g);
            } catch (IllegalArgumentException e) {
                params.error("minGrade", e.getMessage());
            }
        }
        Spec spec = new Spec(target, httpUrl, params.bool("preflight", true), origin, min);
        return ctx -> run(spec, ctx);
    }

    static Observation run(Spec spec, ProbeContext ctx) throws Exception {
        WebTarget t = spec.target();
        Observation obs = new Observation();
        RedirectChain main = RedirectChain.follow(t, t.url(), MAX_HOPS, ctx);
        WebResponse response = main.last();
        obs.evidence("GET " + main.describe());
        RedirectChain redirect = null;
        boolean refused = false;
        if ("http".equalsIgnoreCase(t.url().getScheme())) {
            redirect = main;
        } else if (spec.httpUrl() != null) {
            try {
                redirect = RedirectChain.follow(t, spec.httpUrl(), MAX_HOPS, ctx);
                obs.evidence("GET " + redirect.describe());
            } catch (IOException e) {
                if (!String.valueOf(e.getMessage()).startsWith("connection refused")) {
                    throw e;
                }
                refused = true;
                obs.evidence(spec.httpUrl() + ": " + e.getMessage());
            }
        }
        WebResponse preflight = null;
        if (spec.preflight()) {
            try {
                preflight = t.send(ctx, "OPTIONS", response.uri(), Map.of("Origin", spec.foreignOrigin(),
                        "Access-Control-Request-Method", "GET"), RequestBody.NONE);
                obs.evidence("OPTIONS " + response.uri() + " (Origin: " + spec.foreignOrigin() + ") -> "
                        + preflight.status());
            } catch (IOException e) {
                if (ctx.remaining().isZero()) {
                    throw e;
                }
                // a server that drops OPTIONS allows no cross-origin access: grade without the preflight
                obs.evidence("OPTIONS " + response.uri() + " (Origin: " + spec.foreignOrigin() + ") failed: "
                        + e.getMessage());
            }
        }
        Site site = new Site(response, preflight, spec.foreignOrigin(), redirect, refused);
        observe(obs, site, spec.minGrade());
        return obs;
    }

    /** Grades the site and writes facts, evidence (one line per test) and the optional minGrade check. */
    static void observe(Observation obs, Site site, Grade minGrade) {
        WebResponse r = site.response();
        obs.fact("status", r.status());
        obs.fact("url", r.uri().toString());
        obs.fact("header", r.joined());
        if (!Grader.gradable(r.status())) {
            obs.check("gradable response", false, "status (" + r.status()
                    + ") is not graded: the Observatory grades only 2xx, 3xx, 401 and 403");
            return;
        }
        Grader.Grading g = Grader.grade(site);
        Map<String, Object> tests = new LinkedHashMap<>();
        g.tests().forEach(t -> tests.put(t.test(), t.asFact()));
        obs.fact("score", g.score());
        obs.fact("grade", g.grade());
        obs.fact("tests", tests);
        Map<String, Object> csp = new LinkedHashMap<>();
        csp.put("present", !site.all("Content-Security-Policy").isEmpty());
        csp.put("reportOnly", !site.all("Content-Security-Policy-Report-Only").isEmpty());
        csp.put("directives", g.csp() == null ? Map.of() : g.csp().directives());
        obs.fact("csp", csp);
        Map<String, Object> hsts = new LinkedHashMap<>();
        hsts.put("present", g.hsts().present());
        hsts.put("maxAge", g.hsts().maxAge() < 0 ? null : g.hsts().maxAge());
        hsts.put("includeSubDomains", g.hsts().includeSubDomains());
        hsts.put("preload", g.hsts().preload());
        obs.fact("hsts", hsts);
        obs.fact("cookies", g.cookies().stream().map(Cookies.Cookie::asFact).toList());
        g.tests().forEach(t -> obs.evidence(t.line()));
        obs.evidence("score " + g.score() + ", grade " + g.grade());
        if (minGrade != null) {
            obs.check("grade", g.grade().compareTo(minGrade) >= 0, g.grade().compareTo(minGrade) >= 0
                    ? "grade " + g.grade() + " (score " + g.score() + ") >= " + minGrade
                    : "grade (" + g.grade() + ", score " + g.score() + ") >= " + minGrade + "; failing: "
                            + failing(g.tests()));
        }
    }

    private static String failing(List<TestResult> tests) {
        return String.join(", ", tests.stream().filter(t -> !t.pass())
                .map(t -> t.test() + " " + t.modifier()).toList());
    }
}
