package dev.deploycheck.probe.metrics;

import dev.deploycheck.checklist.Durations;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.probe.Reasons;
import dev.deploycheck.probe.Shown;
import dev.deploycheck.probe.TargetFailure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Scrapes once and evaluates every metric definition: the adapter that touches the live endpoint. */
final class MetricsRun {
    private static final int MAX_BYTES = 32 * 1024 * 1024;
    private final MetricsProbe.Spec spec;
    private final ProbeContext ctx;

    MetricsRun(MetricsProbe.Spec spec, ProbeContext ctx) {
        this.spec = spec;
        this.ctx = ctx;
    }

    Observation run() throws Exception {
        Duration budget = ctx.remaining();
        if (budget.isZero()) {
            throw new IllegalStateException("no time left to scrape " + spec.url());
        }
        HttpClient client = spec.tls().client(ctx, HttpClient.Redirect.NORMAL, HttpClient.Version.HTTP_1_1);
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(spec.url())).timeout(budget).GET()
                // ask for the text format, never the protobuf one
                .header("Accept", "text/plain;version=0.0.4;q=1,*/*;q=0.1");
        spec.headers().forEach(req::header);
        long start = System.nanoTime();
        HttpResponse<byte[]> resp;
        // the request timeout ends at the response headers; a body that trickles is bounded here
        java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> pending =
                client.sendAsync(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        try {
            resp = pending.get(Math.max(1, ctx.remaining().toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new TargetFailure("could not scrape " + spec.url() + ": " + reason(e.getCause()), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            pending.cancel(true);
            throw new TargetFailure("could not scrape " + spec.url() + ": no complete answer within "
                    + Durations.format(Duration.ofNanos(System.nanoTime() - start)));
        } catch (InterruptedException e) {
            pending.cancel(true);
            throw e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (resp.statusCode() / 100 != 2) {
            throw new TargetFailure("scrape of " + spec.url() + " answered HTTP " + resp.statusCode());
        }
        if (resp.body().length > MAX_BYTES) {
            throw new TargetFailure("scrape of " + spec.url() + " is larger than 32 MiB");
        }
        Exposition e;
        try {
            e = ExpositionParser.parse(new String(resp.body(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (ExpositionParser.ParseException ex) {
            // the target's fault, so a FAIL naming the first bad line as it was sent (escaped, cut)
            String line = ex.lineText() == null ? "" : ": " + Shown.quoted(ex.lineText(), 120);
            throw new TargetFailure("scrape of " + spec.url() + " is not Prometheus text format: "
                    + ex.getMessage() + line);
        }
        Observation obs = new Observation();
        obs.fact("series", e.samples().size());
        obs.fact("duration", took);
        obs.evidence("scraped " + spec.url() + ": " + e.samples().size() + " series in " + Durations.format(took));
        Map<String, Object> metric = new LinkedHashMap<>();
        for (MetricQuery q : spec.queries()) {
            MetricQuery.Result r = q.evaluate(e);
            metric.put(q.name(), r.value());
            obs.evidence(q.name() + ": " + r.evidence());
        }
        obs.fact("metric", metric);
        return obs;
    }

    /** HttpClient's exceptions often carry no message of their own: name the cause in words. */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return t.getMessage() == null ? "connection refused" : t.getMessage();
            }
            if (t instanceof java.net.http.HttpTimeoutException) {
                return "no answer in time";
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return Reasons.of(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Reasons.of(e);
    }
}
