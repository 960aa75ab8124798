package dev.deploycheck.probe.load;

import dev.deploycheck.checklist.Durations;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.ProbeContext;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Runs one bounded load test with a fixed pool of workers, each sending one request at a time. */
final class LoadRun {
    private final LoadProbe.Spec spec;
    private final ProbeContext ctx;

    LoadRun(LoadProbe.Spec spec, ProbeContext ctx) {
        this.spec = spec;
        this.ctx = ctx;
    }

    /** What one worker saw. */
    private static final class Tally {
        long[] latencies = new long[256];
        int n;
        int errors;
        final Map<String, Integer> statuses = new TreeMap<>();

        void add(long nanos, String status, boolean error) {
            if (n == latencies.length) {
                latencies = Arrays.copyOf(latencies, n * 2);
            }
            latencies[n++] = nanos;
            statuses.merge(status, 1, Integer::sum);
            if (error) {
                errors++;
            }
        }

        void merge(Tally o) {
            for (int k = 0; k < o.n; k++) {
                if (n == latencies.length) {
                    latencies = Arrays.copyOf(latencies, n * 2);
                }
                latencies[n++] = o.latencies[k];
            }
            errors += o.errors;
            o.statuses.forEach((s, c) -> statuses.merge(s, c, Integer::sum));
        }
    }

    Observation run() throws Exception {
        if (spec.url() == null) {
            throw new IllegalStateException("no URL to load");
        }
        long start = System.nanoTime();
        // stop before the item's deadline so the results can still be reported
        Duration budget = ctx.remaining().minusMillis(Math.min(500, ctx.remaining().toMillis() / 10));
        Duration limit = spec.duration().isZero() ? budget : min(spec.duration(), budget);
        long stopAt = start + min(limit, LoadProbe.MAX_DURATION).toNanos();
        int maxRequests = spec.requests() == 0 ? LoadProbe.MAX_REQUESTS : spec.requests();
        AtomicInteger tickets = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        HttpClient client = spec.tls().client(ctx, HttpClient.Redirect.NEVER, HttpClient.Version.HTTP_1_1);
        ExecutorService pool = Executors.newFixedThreadPool(spec.concurrency(), r -> {
            Thread t = new Thread(r, "deploycheck-load-" + ctx.itemId());
            t.setDaemon(true);
            return t;
        });
        List<Future<Tally>> futures = new ArrayList<>();
        try {
            for (int w = 0; w < spec.concurrency(); w++) {
                futures.add(pool.submit(() -> worker(client, tickets, maxRequests, stopAt, firstFailure)));
            }
            pool.shutdown();
            if (!pool.awaitTermination(Math.max(1, ctx.remaining().toMillis()), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } finally {
            pool.shutdownNow();
        }
        Tally all = new Tally();
        for (Future<Tally> f : futures) {
            if (f.isDone() && !f.isCancelled()) {
                all.merge(f.get());
            }
        }
        return observe(all, Duration.ofNanos(System.nanoTime() - start), firstFailure.get());
    }

    private Tally worker(HttpClient client, AtomicInteger tickets, int maxRequests, long stopAt,
                         AtomicReference<String> firstFailure) {
        Tally t = new Tally();
        HttpRequest.BodyPublisher body = spec.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(spec.body());
        while (!Thread.currentThread().isInterrupted() && System.nanoTime() < stopAt
                && tickets.getAndIncrement() < maxRequests) {
            Duration left = Duration.ofNanos(stopAt - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                break;
            }
            HttpRequest.Builder req = HttpRequest.newBuilder(spec.url()).method(spec.method(), body)
                    .timeout(min(spec.requestTimeout(), left.plusSeconds(1)));
            spec.headers().forEach(req::header);
            long t0 = System.nanoTime();
            try {
                HttpResponse<Void> resp = client.send(req.build(), HttpResponse.BodyHandlers.discarding());
                t.add(System.nanoTime() - t0, String.valueOf(resp.statusCode()), resp.statusCode() >= 400);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                t.add(System.nanoTime() - t0, "failed", true);
                firstFailure.compareAndSet(null, dev.deploycheck.probe.Reasons.of(e));
            }
        }
        return t;
    }

    private Observation observe(Tally all, Duration wall, String failure) {
        long[] sorted = Arrays.copyOf(all.latencies, all.n);
        Arrays.sort(sorted);
        double seconds = Math.max(1e-9, wall.toNanos() / 1e9);
        double throughput = all.n / seconds;
        double errorRate = all.n == 0 ? 0 : (double) all.errors / all.n;
        Observation obs = new Observation()
                .fact("requests", all.n)
                .fact("errors", all.errors)
                .fact("errorRate", errorRate)
                .fact("throughput", throughput)
                .fact("duration", wall)
                .fact("statuses", Map.copyOf(all.statuses));
        if (all.n > 0) {
            obs.fact("p50", percentile(sorted, 0.50)).fact("p95", percentile(sorted, 0.95))
                    .fact("p99", percentile(sorted, 0.99)).fact("max", Duration.ofNanos(sorted[sorted.length - 1]));
        }
        obs.evidence(String.format(Locale.ROOT, "%s %s: %d requests at concurrency %d in %s, %.1f req/s",
                spec.method(), spec.url(), all.n, spec.concurrency(), Durations.format(wall), throughput));
        if (all.n > 0) {
            obs.evidence("latency p50 " + fmt(obs.get("p50")) + ", p95 " + fmt(obs.get("p95")) + ", p99 "
                    + fmt(obs.get("p99")) + ", max " + fmt(obs.get("max")));
        }
        obs.evidence(String.format(Locale.ROOT, "errors %d (%.2f%%), statuses %s", all.errors, errorRate * 100,
                all.statuses));
        if (failure != null) {
            obs.evidence("first failure: " + ctx.redactor().mask(failure));
        }
        return obs;
    }

    /** Nearest-rank percentile: the smallest latency at or above which {@code p} of the requests completed. */
    static Duration percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return Duration.ofNanos(sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))]);
    }

    private static String fmt(Object d) {
        Duration x = (Duration) d;
        return x.toMillis() < 10 ? String.format(Locale.ROOT, "%.1fms", x.toNanos() / 1e6) : Durations.format(x);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
