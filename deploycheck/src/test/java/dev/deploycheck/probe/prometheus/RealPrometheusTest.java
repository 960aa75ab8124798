package dev.deploycheck.probe.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.testing.PrometheusServer;
import dev.deploycheck.testing.TestParams;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The prometheus kind against a real Prometheus process, which scrapes a tiny HTTP server every second and loads
 * the repository's own alert rules (monitoring/rules/backend-alerts.yml).
 */
class RealPrometheusTest {
    static final Path RULES = Path.of("..", "monitoring", "rules", "backend-alerts.yml");
    static HttpServer target;
    static PrometheusServer prometheus;
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        PrometheusServer.binary(); // skip (or fail under scripts/test.sh) before starting anything
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/metrics", ex -> {
            byte[] body = String.join("\n",
                    "# TYPE system_cpu_usage gauge", "system_cpu_usage 0.42",
                    "# TYPE http_server_requests_seconds_count counter",
                    "http_server_requests_seconds_count{status=\"200\",uri=\"/api/health\"} 10",
                    "http_server_requests_seconds_count{status=\"500\",uri=\"/api/chat\"} 1", "")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        target.start();
        dir = Files.createTempDirectory("deploycheck-prometheus");
        prometheus = PrometheusServer.start(dir, "backend", List.of("127.0.0.1:" + target.getAddress().getPort()),
                List.of(RULES));
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (target != null) {
            target.stop(0);
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Observation observe(String yaml) throws Exception {
        return TestParams.run(new PrometheusProbe(), "url: " + prometheus.url() + "\n" + yaml, Duration.ofSeconds(10));
    }

    @Test
    void anInstantQueryReadsTheScrapedValueWithItsLabels() throws Exception {
        Observation obs = observe("query: system_cpu_usage{job=\"backend\"}");
        assertEquals(0.42, obs.get("value"));
        @SuppressWarnings("unchecked")
        Map<String, String> labels = (Map<String, String>) ((List<Map<String, Object>>) obs.get("result")).get(0).get("labels");
        assertEquals("backend", labels.get("job"));
        assertEquals("127.0.0.1:" + target.getAddress().getPort(), labels.get("instance"));
        assertTrue(obs.checks().stream().allMatch(Observation.Check::passed), obs.checks().toString());
    }

    @Test
    void aRangeQueryGivesPointsOverTheWindow() throws Exception {
        Observation obs = observe("query: system_cpu_usage\nrange: 30s\nstep: 1s");
        assertEquals("matrix", obs.get("resultType"));
        assertFalse(((List<?>) obs.get("values")).isEmpty());
        assertEquals(0.42, obs.get("max"));
    }

    @Test
    void theRepositorysRulesAreLoadedHealthyAndQuietAndTheTargetIsUp() throws Exception {
        Observation obs = observe(String.join("\n", "alertsLoaded: [ApiResponseTimeHigh, ErrorRateHigh, CpuUsageHigh,",
                "  MemoryUsageHigh, DiskUsageHigh, DatabaseConnectionFailures, RedisConnectionFailures, BackendDown,",
                "  UptimeSLOBurnRateFast, UptimeSLOBurnRateSlow]", "noAlertsFiring: true", "targetsUp: backend"));
        assertEquals(List.of("alerts loaded", "rules healthy", "no alert firing", "targets up"),
                obs.checks().stream().map(Observation.Check::name).toList());
        assertTrue(obs.checks().stream().allMatch(Observation.Check::passed), obs.checks().toString());
        assertEquals(14, ((Map<?, ?>) obs.get("rules")).get("count"));
    }

    @Test
    void realErrorAnswersFailOrError() throws Exception {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> observe("query: sum(rate(x[5m])"));
        assertTrue(bad.getMessage().startsWith("Prometheus rejected the query: "), bad.getMessage());
        assertTrue(bad.getMessage().contains("parse error"), bad.getMessage());
        Observation empty = observe("query: no_such_metric");
        assertEquals("result not empty", empty.checks().get(0).name());
        assertFalse(empty.checks().get(0).passed());
        Observation nan = observe("query: 0 / 0");
        assertFalse(nan.checks().stream().filter(c -> c.name().equals("no NaN")).findFirst().orElseThrow().passed());
        Observation down = observe("targetsUp: [backend, nowhere]");
        assertFalse(down.checks().get(0).passed());
        assertEquals("no active target for job nowhere", down.checks().get(0).detail());
    }
}
