package dev.deploycheck.probe.cors;

import dev.deploycheck.probe.http.Methods;
import dev.deploycheck.checklist.Params;
import dev.deploycheck.checklist.Variables;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.Probe;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.probe.ProbeKind;
import dev.deploycheck.probe.web.WebResponse;
import dev.deploycheck.probe.web.WebTarget;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code probe: cors} — from a hostile origin and from each listed origin, sends an OPTIONS preflight (for
 * {@code method}, with {@code requestHeaders}) and a simple GET carrying the Origin. Built-in checks: the hostile
 * origin is not allowed (never reflected, never {@code *} with credentials) and every listed origin is allowed.
 */
public final class CorsProbe implements ProbeKind {
    static final String DEFAULT_HOSTILE = "https://evil.example";

    /** The validated parameters of one item. */
    public record Spec(WebTarget target, List<String> allowedOrigins, String hostileOrigin, String method,
            List<String> requestHeaders) {}

    @Override
    public String name() {
        return "cors";
    }

    @Override
    public String summary() {
        return "CORS: a hostile origin is not allowed (never reflected with credentials); listed origins are allowed";
    }

    @Override
    public Set<String> keys() {
        Set<String> k = new HashSet<>(WebTarget.KEYS);
        k.addAll(Set.of("allowedOrigins", "hostileOrigin", "method", "requestHeaders"));
        return k;
    }

    @Override
    public Set<String> facts() {
        return Set.of("hostile", "allowed", "allowedOk", "rejected");
    }

    @Override
    public Probe create(Params params) {
        WebTarget target = WebTarget.read(params);
        List<String> allowed = params.strings("allowedOrigins").stream().map(String::trim).toList();
        allowed.forEach(o -> origin(params, "allowedOrigins", o));
        String hostile = params.string("hostileOrigin", DEFAULT_HOSTILE).trim();
        origin(params, "hostileOrigin", hostile);
        if (allowed.stream().anyMatch(hostile::equalsIgnoreCase)) {
            params.error("hostileOrigin", "'hostileOrigin' " + hostile + " is also listed in 'allowedOrigins'");
        }
        String method = Methods.read(params, "GET");
        Spec spec = new Spec(target, allowed, hostile, method, params.strings("requestHeaders"));
        return ctx -> run(spec, ctx);
    }

    private static void origin(Params params, String key, String origin) {
        if (!(params.validating() && Variables.hasRefs(origin)) && !origin.matches("(?i)https?://[^/\\s]+")) {
            params.error(key, "'" + key + "' must hold origins such as https://app.example (no path), found '"
                    + origin + "'");
        }
    }

    static Observation run(Spec spec, ProbeContext ctx) throws Exception {
        OriginResult hostile = probe(spec, spec.hostileOrigin(), ctx);
        List<OriginResult> allowed = new ArrayList<>();
        for (String o : spec.allowedOrigins()) {
            allowed.add(probe(spec, o, ctx));
        }
        return observe(hostile, allowed);
    }

    private static OriginResult probe(Spec spec, String origin, ProbeContext ctx) throws Exception {
        Map<String, String> pre = new LinkedHashMap<>();
        pre.put("Origin", origin);
        pre.put("Access-Control-Request-Method", spec.method());
        if (!spec.requestHeaders().isEmpty()) {
            pre.put("Access-Control-Request-Headers", String.join(", ", spec.requestHeaders()));
        }
        WebResponse preflight = spec.target().send(ctx, "OPTIONS", pre);
        WebResponse get = spec.target().send(ctx, "GET", Map.of("Origin", origin));
        return OriginResult.of(origin, spec.method(), preflight, get);
    }

    /** Facts and built-in checks from the answers. */
    static Observation observe(OriginResult hostile, List<OriginResult> allowed) {
        Observation obs = new Observation();
        Map<String, Object> byOrigin = new LinkedHashMap<>();
        List<String> ok = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        for (OriginResult r : allowed) {
            byOrigin.put(r.origin(), r.asFact());
            (r.allowed() ? ok : rejected).add(r.origin());
        }
        obs.fact("hostile", hostile.asFact());
        obs.fact("allowed", byOrigin);
        obs.fact("allowedOk", List.copyOf(ok));
        obs.fact("rejected", List.copyOf(rejected));
        obs.evidence("hostile " + hostile.line());
        allowed.forEach(r -> obs.evidence("listed " + r.line()));
        String why;
        if (hostile.reflected()) {
            why = "hostile origin " + hostile.origin() + " reflected in Access-Control-Allow-Origin"
                    + (hostile.credentials() ? " with Access-Control-Allow-Credentials: true" : "");
        } else if (hostile.wildcard() && hostile.credentials()) {
            why = "Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true";
        } else {
            why = "hostile origin " + hostile.origin() + " not allowed (Access-Control-Allow-Origin: "
                    + (hostile.wildcard() ? "*, without credentials" : "none") + ")";
        }
        obs.check("hostile origin rejected", hostile.hostileRejected(), why);
        if (!allowed.isEmpty()) {
            obs.check("listed origins allowed", rejected.isEmpty(), rejected.isEmpty()
                    ? ok.size() + " listed origin(s) allowed"
                    : "not allowed: " + String.join(", ", rejected.stream().map(o -> allowed.stream()
                            .filter(r -> r.origin().equals(o)).findFirst().map(OriginResult::line).orElse(o))
                            .toList()));
        }
        return obs;
    }
}
