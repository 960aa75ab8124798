package dev.deploycheck.probe.load;

import dev.deploycheck.checklist.Params;
import dev.deploycheck.checklist.Variables;
import dev.deploycheck.probe.Probe;
import dev.deploycheck.probe.ProbeKind;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * {@code probe: load}: a bounded load test. Sends {@code requests} requests (and/or for {@code duration}) with
 * {@code concurrency} workers; it always stops at the first of: the request count, the duration, the item's
 * deadline, and the hard caps ({@value #MAX_REQUESTS} requests, {@value #MAX_CONCURRENCY} workers, 10 minutes).
 */
public final class LoadProbe implements ProbeKind {
    static final int MAX_REQUESTS = 100_000;
    static final int MAX_CONCURRENCY = 256;
    static final Duration MAX_DURATION = Duration.ofMinutes(10);

    /** What to send, how much, how fast. {@code requests} 0 means "until the duration ends". */
    record Spec(URI url, String method, Map<String, String> headers, String body, int requests, Duration duration,
                int concurrency, Duration requestTimeout, dev.deploycheck.probe.http.TlsOptions tls) {}

    @Override
    public String name() {
        return "load";
    }

    @Override
    public String summary() {
        return "Bounded load test: N requests or a duration at concurrency C; throughput, p50/p95/p99, error rate";
    }

    @Override
    public Set<String> keys() {
        return Set.of("url", "method", "headers", "body", "requests", "duration", "concurrency", "requestTimeout",
                "caFile", "insecure");
    }

    @Override
    public Set<String> facts() {
        return Set.of("requests", "errors", "errorRate", "throughput", "p50", "p95", "p99", "max", "statuses",
                "duration");
    }

    @Override
    public Probe create(Params params) {
        String raw = params.url("url");
        String method = params.string("method", "GET").toUpperCase(java.util.Locale.ROOT);
        Map<String, String> headers = params.stringMap("headers");
        String body = params.optString("body").orElse(null);
        int requests = params.integer("requests", 0, 1, MAX_REQUESTS);
        Duration duration = params.duration("duration", Duration.ZERO);
        int concurrency = params.integer("concurrency", 4, 1, MAX_CONCURRENCY);
        Duration requestTimeout = params.duration("requestTimeout", Duration.ofSeconds(10));
        if (duration.compareTo(MAX_DURATION) > 0) {
            params.error("duration", "'duration' must be at most 10m, found " + dev.deploycheck.checklist.Durations.format(duration));
        }
        if (!params.has("requests") && !params.has("duration")) {
            requests = 100;
        }
        URI url = null;
        if (!raw.isEmpty() && !(params.validating() && Variables.hasRefs(raw))) {
            try {
                url = URI.create(raw);
                if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                params.error("url", "'url' must be an http:// or https:// URL");
                url = null;
            }
        }
        Spec spec = new Spec(url, method, headers, body, Math.max(0, requests), duration,
                Math.max(1, Math.min(concurrency, MAX_CONCURRENCY)), requestTimeout,
                dev.deploycheck.probe.http.TlsOptions.read(params));
        return ctx -> new LoadRun(spec, ctx).run();
    }
}
