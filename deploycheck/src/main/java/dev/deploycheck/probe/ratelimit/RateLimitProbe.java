package dev.deploycheck.probe.ratelimit;

import dev.deploycheck.probe.http.Methods;
import dev.deploycheck.checklist.Params;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.Probe;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.probe.ProbeKind;
import dev.deploycheck.probe.http.RequestBody;
import dev.deploycheck.probe.web.WebResponse;
import dev.deploycheck.probe.web.WebTarget;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code probe: rate-limit} — a bounded burst: requests are sent (by {@code concurrency} workers) until the first
 * 429 or until {@code maxRequests}, whichever comes first; no request starts after a 429 was seen. Built-in checks: a
 * 429 arrived within {@code maxRequests} and it carried a usable Retry-After.
 */
public final class RateLimitProbe implements ProbeKind {
    static final int MAX_REQUESTS_LIMIT = 10_000;
    static final int MAX_CONCURRENCY = 64;

    /** The validated parameters of one item. */
    public record Spec(WebTarget target, String method, RequestBody body, int maxRequests, int concurrency,
            boolean requireRetryAfter) {}

    @Override
    public String name() {
        return "rate-limit";
    }

    @Override
    public String summary() {
        return "rate limiting: a bounded burst gets 429 with Retry-After within maxRequests, and stops there";
    }

    @Override
    public Set<String> keys() {
        Set<String> k = new HashSet<>(WebTarget.KEYS);
        k.addAll(Set.of("method", "json", "form", "body", "maxRequests", "concurrency", "requireRetryAfter"));
        return k;
    }

    @Override
    public Set<String> facts() {
        return Set.of("limited", "limitedAfter", "status429", "retryAfter", "requests", "statuses", "errors",
                "duration");
    }

    @Override
    public Probe create(Params params) {
        WebTarget target = WebTarget.read(params);
        String method = Methods.read(params, "GET");
        RequestBody body = RequestBody.read(params);
        if (!params.has("maxRequests")) {
            params.error("maxRequests", "missing required field 'maxRequests' (the burst's hard cap)");
        }
        int max = params.integer("maxRequests", 100, 1, MAX_REQUESTS_LIMIT);
        int conc = params.integer("concurrency", 1, 1, MAX_CONCURRENCY);
        Spec spec = new Spec(target, method, body, clamp(max, 1, MAX_REQUESTS_LIMIT), clamp(conc, 1, MAX_CONCURRENCY),
                params.bool("requireRetryAfter", true));
        return ctx -> run(spec, ctx);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    static Observation run(Spec spec, ProbeContext ctx) throws Exception {
        Instant start = Instant.now();
        Burst burst = new Burst(spec.maxRequests(), spec.concurrency());
        Burst.Result r = burst.run(() -> spec.target().send(ctx, spec.method(), spec.target().url(), Map.of(),
                spec.body()));
        if (r.responses() == 0 && r.firstError() != null) {
            throw r.firstError(); // nothing answered: the target is down, not unlimited
        }
        return observe(spec, r, Duration.between(start, Instant.now()));
    }

    static Observation observe(Spec spec, Burst.Result r, Duration took) {
        Observation obs = new Observation();
        WebResponse limited = r.first429();
        Duration retry = limited == null ? null : RetryAfter.parse(limited.first("Retry-After").orElse(null),
                limited.first("Date").orElse(null), Instant.now()).orElse(null);
        obs.fact("limited", limited != null);
        obs.fact("limitedAfter", r.limitedAfter() > 0 ? r.limitedAfter() : null);
        obs.fact("status429", r.count429());
        obs.fact("retryAfter", retry);
        obs.fact("requests", r.sent());
        obs.fact("statuses", r.statuses());
        obs.fact("errors", r.errors());
        obs.fact("duration", took);
        obs.evidence(spec.method() + " " + spec.target().url() + " x" + r.sent() + " (concurrency "
                + spec.concurrency() + ", cap " + spec.maxRequests() + ") in " + took.toMillis() + "ms: statuses "
                + r.statuses() + (r.errors() > 0 ? ", " + r.errors() + " failed: " + r.firstError().getMessage() : ""));
        if (limited != null) {
            obs.evidence("first 429 at request " + r.limitedAfter() + ", Retry-After: "
                    + limited.first("Retry-After").orElse("(none)"));
        }
        obs.check("429 within " + spec.maxRequests() + " requests", limited != null, limited != null
                ? "429 at request " + r.limitedAfter()
                : "no 429 after " + r.sent() + " requests (statuses " + r.statuses() + ")"
                        + (r.errors() > 0 ? "; stopped by a failed request: " + r.firstError().getMessage() : ""));
        if (spec.requireRetryAfter() && limited != null) {
            String raw = limited.first("Retry-After").orElse(null);
            obs.check("Retry-After", retry != null, retry != null ? "Retry-After: " + raw
                    : raw == null ? "the 429 has no Retry-After" : "Retry-After (" + raw + ") is neither seconds nor an HTTP-date");
        }
        return obs;
    }

    /** One request of the burst. */
    @FunctionalInterface
    interface Send {
        WebResponse send() throws IOException, InterruptedException;
    }
}
