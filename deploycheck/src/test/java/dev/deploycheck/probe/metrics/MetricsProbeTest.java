package dev.deploycheck.probe.metrics;

import static dev.deploycheck.testing.DataProbeFixtures.fact;
import static dev.deploycheck.testing.DataProbeFixtures.problems;
import static dev.deploycheck.testing.DataProbeFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.deploycheck.probe.Observation;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The metrics probe scraping a JDK HttpServer that serves what Micrometer's Prometheus registry writes. */
class MetricsProbeTest {
    static final String SCRAPE = String.join("\n",
            "# HELP http_server_requests_seconds Duration of HTTP server request handling",
            "# TYPE http_server_requests_seconds histogram",
            "http_server_requests_seconds_bucket{method=\"GET\",status=\"200\",uri=\"/api/health\",le=\"0.05\"} 80",
            "http_server_requests_seconds_bucket{method=\"GET\",status=\"200\",uri=\"/api/health\",le=\"0.1\"} 90",
            "http_server_requests_seconds_bucket{method=\"GET\",status=\"200\",uri=\"/api/health\",le=\"0.5\"} 98",
            "http_server_requests_seconds_bucket{method=\"GET\",status=\"200\",uri=\"/api/health\",le=\"+Inf\"} 100",
            "http_server_requests_seconds_count{method=\"GET\",status=\"200\",uri=\"/api/health\"} 100",
            "http_server_requests_seconds_sum{method=\"GET\",status=\"200\",uri=\"/api/health\"} 4.5",
            "http_server_requests_seconds_bucket{method=\"POST\",status=\"500\",uri=\"/api/chat\",le=\"0.05\"} 0",
            "http_server_requests_seconds_bucket{method=\"POST\",status=\"500\",uri=\"/api/chat\",le=\"0.1\"} 0",
            "http_server_requests_seconds_bucket{method=\"POST\",status=\"500\",uri=\"/api/chat\",le=\"0.5\"} 1",
            "http_server_requests_seconds_bucket{method=\"POST\",status=\"500\",uri=\"/api/chat\",le=\"+Inf\"} 2",
            "http_server_requests_seconds_count{method=\"POST\",status=\"500\",uri=\"/api/chat\"} 2",
            "http_server_requests_seconds_sum{method=\"POST\",status=\"500\",uri=\"/api/chat\"} 1.8",
            "# TYPE http_server_requests_seconds_max gauge",
            "http_server_requests_seconds_max{method=\"GET\",status=\"200\",uri=\"/api/health\"} 0.72",
            "# TYPE app_active_users gauge",
            "app_active_users 42",
            "# TYPE process_uptime_seconds gauge",
            "process_uptime_seconds 3725.5",
            "# TYPE rpc_duration_seconds summary",
            "rpc_duration_seconds{quantile=\"0.5\"} 0.012",
            "rpc_duration_seconds{quantile=\"0.99\"} 0.25",
            "rpc_duration_seconds_sum 17",
            "rpc_duration_seconds_count 900",
            "");
    static HttpServer server;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", ex -> {
            boolean authorized = "Bearer t0ken-123".equals(ex.getRequestHeaders().getFirst("Authorization"));
            byte[] body = (authorized ? SCRAPE : "denied").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(authorized ? 200 : 401, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/html", ex -> {
            byte[] body = "<html><body>login</body></html>".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/trickle", ex -> {
            ex.sendResponseHeaders(200, 0);
            try {
                for (int i = 0; i < 50; i++) {
                    ex.getResponseBody().write(("m" + i + " 1\n").getBytes(StandardCharsets.UTF_8));
                    ex.getResponseBody().flush();
                    Thread.sleep(100);
                }
            } catch (InterruptedException | java.io.IOException e) {
                // the client gave up
            }
            ex.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static String item(String metrics) {
        return "url: " + base + "/metrics\nheaders: {Authorization: Bearer t0ken-123}\nmetrics:\n" + metrics;
    }

    @Test
    void computesEveryKindOfDefinition() throws Exception {
        Observation obs = run(new MetricsProbe(), item(String.join("\n",
                "  http_error_ratio: {ratio: http_server_requests_seconds_count, where: 'status=~\"5..\"'}",
                "  health_p95: {quantile: 0.95, histogram: http_server_requests_seconds, where: 'uri=\"/api/health\"'}",
                "  all_p50: {quantile: 0.5, histogram: http_server_requests_seconds}",
                "  active_users: {value: app_active_users}",
                "  uptime: {sum: process_uptime_seconds}",
                "  requests: {sum: http_server_requests_seconds_count}",
                "  slowest: {value: http_server_requests_seconds_max, where: 'uri=\"/api/health\"'}",
                "  rpc_p99: {quantile: 0.99, summary: rpc_duration_seconds}",
                "  uptime_number: {value: process_uptime_seconds, as: number}",
                "  absent: {sum: no_such_metric}",
                "  get_share: {ratio: http_server_requests_seconds_count, where: 'method=\"GET\"', of: 'uri=~\"/api/.*\"'}",
                "  users_per_hour: {ratio: app_active_users, of: process_uptime_seconds}",
                "  error_per_request: {ratio: http_server_requests_seconds_count, where: 'status=\"500\"', of: 'http_server_requests_seconds_count{uri=\"/api/health\"}'}")));
        assertEquals(42 / 3725.5, (Double) fact(obs, "metric.users_per_hour"), 1e-12);
        assertEquals(2.0 / 100, (Double) fact(obs, "metric.error_per_request"), 1e-12);
        assertEquals(2.0 / 102, (Double) fact(obs, "metric.http_error_ratio"), 1e-12);
        // rank 95 of 100 falls in (0.1, 0.5] holding 8: 0.1 + 0.4 * 5/8
        assertEquals(Duration.ofMillis(350), fact(obs, "metric.health_p95"));
        // summed by le: 80, 90, 99, 102 -> rank 51 in the first bucket: 0.05 * 51/80
        assertEquals(Duration.ofNanos(Math.round(0.05 * 51 / 80 * 1e9)), fact(obs, "metric.all_p50"));
        assertEquals(42.0, fact(obs, "metric.active_users"));
        assertEquals(Duration.ofMillis(3_725_500), fact(obs, "metric.uptime"));
        assertEquals(102.0, fact(obs, "metric.requests"));
        assertEquals(Duration.ofMillis(720), fact(obs, "metric.slowest"));
        assertEquals(Duration.ofMillis(250), fact(obs, "metric.rpc_p99"));
        assertEquals(3725.5, fact(obs, "metric.uptime_number"));
        assertEquals(0.0, fact(obs, "metric.absent"));
        assertEquals(100.0 / 102, (Double) fact(obs, "metric.get_share"), 1e-12);
        assertEquals(19, obs.get("series"));
        assertTrue(obs.evidence().contains("http_error_ratio: http_server_requests_seconds_count: 2 of 102 = 0.0196078"),
                obs.evidence().toString());
    }

    @Test
    void valueNeedsExactlyOneSeries() {
        Exception e = assertThrows(Exception.class, () -> run(new MetricsProbe(),
                item("  c: {value: http_server_requests_seconds_count}")));
        assertEquals("metric c: 2 series of http_server_requests_seconds_count match; 'value' needs exactly one"
                + " (use 'sum' or narrow 'where')", e.getMessage());
    }

    @Test
    void scrapeFailuresAreClear() {
        Exception denied = assertThrows(Exception.class,
                () -> run(new MetricsProbe(), "url: " + base + "/metrics"));
        assertEquals("scrape of " + base + "/metrics answered HTTP 401", denied.getMessage());
        Exception html = assertThrows(Exception.class, () -> run(new MetricsProbe(), "url: " + base + "/html"));
        assertTrue(html.getMessage().startsWith("scrape of " + base + "/html is not Prometheus text format: line 1:"),
                html.getMessage());
    }

    @Test
    void slowBodyIsCutOffAtTheDeadline() {
        long t0 = System.nanoTime();
        Exception e = assertThrows(Exception.class, () -> run(new MetricsProbe(), "url: " + base + "/trickle",
                dev.deploycheck.testing.DataProbeFixtures.context(java.nio.file.Path.of("."), Duration.ofMillis(600))));
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toMillis() < 1500);
        assertTrue(e.getMessage().startsWith("could not scrape " + base + "/trickle: no complete answer within "),
                e.getMessage());
    }

    @Test
    void refusedScrapeIsAClearError() throws Exception {
        int port = dev.deploycheck.testing.TestServices.freePort();
        Exception e = assertThrows(Exception.class,
                () -> run(new MetricsProbe(), "url: http://127.0.0.1:" + port + "/metrics"));
        assertEquals("could not scrape http://127.0.0.1:" + port + "/metrics: connection refused", e.getMessage());
    }

    @Test
    void validationPointsAtTheDefinition() {
        MetricsProbe kind = new MetricsProbe();
        assertEquals(List.of("3:6 metric 'x' needs one of value, sum, ratio or quantile"),
                problems(kind, "url: http://h/metrics\nmetrics:\n  x: {where: 'a=\"1\"'}"));
        assertEquals(List.of("3:22 metric 'x' can have only one of value, sum, ratio, quantile"),
                problems(kind, "url: http://h/metrics\nmetrics:\n  x: {value: a, sum: b}"));
        assertEquals(List.of("3:22 'where' is not a label selector: expected a quoted value after 'status='"),
                problems(kind, "url: http://h/metrics\nmetrics:\n  x: {sum: a, where: status=500}"));
        assertEquals(List.of("3:17 a quantile needs either 'histogram: <name>' or 'summary: <name>'"),
                problems(kind, "url: http://h/metrics\nmetrics:\n  x: {quantile: 0.9}"));
        assertEquals(List.of("3:17 'quantile' must be between 0 and 1, found 95"),
                problems(kind, "url: http://h/metrics\nmetrics:\n  x: {quantile: 95, histogram: h}"));
        assertEquals(List.of("3:15 unknown key 'wher'"),
                problems(kind, "url: http://h/metrics\nmetrics:\n  x: {sum: a, wher: 'a=\"1\"'}"));
        assertEquals(List.of("3:20 'of' is the denominator of a ratio; this metric is a sum"),
                problems(kind, "url: http://h/metrics\nmetrics:\n  x: {sum: a, of: 'a=\"1\"'}"));
        assertEquals(List.of("3:3 metric name 'p.95' must be letters, digits and _ (it becomes the fact metric.p.95)"),
                problems(kind, "url: http://h/metrics\nmetrics:\n  p.95: {sum: a}"));
        assertEquals(List.of("3:19 'as' must be number or duration, found 'ms'"),
                problems(kind, "url: http://h/metrics\nmetrics:\n  x: {sum: a, as: ms}"));
    }
}
