package dev.deploycheck.probe.load;

import static dev.deploycheck.testing.DataProbeFixtures.context;
import static dev.deploycheck.testing.DataProbeFixtures.problems;
import static dev.deploycheck.testing.DataProbeFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.deploycheck.probe.Observation;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The load probe against a JDK HttpServer where every 10th request answers 500. */
class LoadProbeTest {
    static HttpServer server;
    static String base;
    static final AtomicInteger COUNTER = new AtomicInteger();
    static final AtomicInteger IN_FLIGHT = new AtomicInteger();
    static final AtomicInteger MAX_IN_FLIGHT = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(Executors.newFixedThreadPool(32));
        server.createContext("/api/flaky", ex -> {
            int inFlight = IN_FLIGHT.incrementAndGet();
            MAX_IN_FLIGHT.accumulateAndGet(inFlight, Math::max);
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int status = COUNTER.incrementAndGet() % 10 == 0 ? 500 : 200;
            byte[] body = "{\"ok\":true}".getBytes();
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            IN_FLIGHT.decrementAndGet();
            ex.close();
        });
        server.createContext("/api/slow", ex -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void countsRequestsErrorsStatusesAndPercentiles() throws Exception {
        COUNTER.set(0);
        MAX_IN_FLIGHT.set(0);
        Observation obs = run(new LoadProbe(), "url: " + base + "/api/flaky\nrequests: 200\nconcurrency: 8");
        assertEquals(200, obs.get("requests"));
        assertEquals(20, obs.get("errors"));
        assertEquals(0.1, (Double) obs.get("errorRate"), 1e-12);
        assertEquals(Map.of("200", 180, "500", 20), obs.get("statuses"));
        Duration p50 = assertInstanceOf(Duration.class, obs.get("p50"));
        Duration p95 = (Duration) obs.get("p95");
        Duration p99 = (Duration) obs.get("p99");
        Duration max = (Duration) obs.get("max");
        assertTrue(p50.compareTo(Duration.ofMillis(2)) >= 0, "the handler sleeps 2ms: " + p50);
        assertTrue(p50.compareTo(p95) <= 0 && p95.compareTo(p99) <= 0 && p99.compareTo(max) <= 0);
        assertTrue((Double) obs.get("throughput") > 0);
        assertTrue(MAX_IN_FLIGHT.get() <= 8, "never more than the concurrency in flight: " + MAX_IN_FLIGHT.get());
        assertTrue(MAX_IN_FLIGHT.get() >= 2, "requests did run concurrently");
    }

    @Test
    void durationBoundsTheRun() throws Exception {
        long t0 = System.nanoTime();
        Observation obs = run(new LoadProbe(), "url: " + base + "/api/slow\nduration: 500ms\nconcurrency: 2");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 1500, "stopped after the duration: " + ms + "ms");
        int n = (Integer) obs.get("requests");
        assertTrue(n >= 2 && n <= 12, "about 2 workers x 500ms / 200ms: " + n);
        assertEquals(0, obs.get("errors"));
    }

    @Test
    void itemDeadlineBoundsAnUnboundedRequestCount() throws Exception {
        long t0 = System.nanoTime();
        Observation obs = run(new LoadProbe(), "url: " + base + "/api/slow\nrequests: 100000\nconcurrency: 2",
                context(Path.of("."), Duration.ofSeconds(1)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 1600, "stopped before the 1s deadline (plus one in-flight request): " + ms + "ms");
        assertTrue((Integer) obs.get("requests") < 20);
    }

    @Test
    void connectionRefusedCountsAsErrors() throws Exception {
        int port = dev.deploycheck.testing.TestServices.freePort();
        Observation obs = run(new LoadProbe(), "url: http://127.0.0.1:" + port + "/\nrequests: 5\nconcurrency: 1");
        assertEquals(5, obs.get("errors"));
        assertEquals(1.0, obs.get("errorRate"));
        assertEquals(Map.of("failed", 5), obs.get("statuses"));
        assertTrue(obs.evidence().stream().anyMatch(l -> l.equals("first failure: connection refused")),
                obs.evidence().toString());
    }

    @Test
    void percentileIsNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = (i + 1) * 1_000_000L;
        }
        assertEquals(Duration.ofMillis(50), LoadRun.percentile(sorted, 0.50));
        assertEquals(Duration.ofMillis(95), LoadRun.percentile(sorted, 0.95));
        assertEquals(Duration.ofMillis(100), LoadRun.percentile(sorted, 1.0));
        assertEquals(Duration.ofMillis(7), LoadRun.percentile(new long[] {7_000_000L}, 0.99));
    }

    @Test
    void capsAreValidated() {
        LoadProbe kind = new LoadProbe();
        assertEquals(List.of("2:11 'requests' must be a whole number from 1 to 100000, found '1000000'"),
                problems(kind, "url: http://h/\nrequests: 1000000"));
        assertEquals(List.of("2:14 'concurrency' must be a whole number from 1 to 256, found '1000'"),
                problems(kind, "url: http://h/\nconcurrency: 1000"));
        assertEquals(List.of("2:11 'duration' must be at most 10m, found 1h00m"),
                problems(kind, "url: http://h/\nduration: 1h"));
        assertEquals(List.of("1:6 'url' must be an http:// or https:// URL"), problems(kind, "url: ftp://h/"));
        assertEquals(List.of(), problems(kind, "url: ${vars.api}/api/health\nrequests: 50"));
    }
}
