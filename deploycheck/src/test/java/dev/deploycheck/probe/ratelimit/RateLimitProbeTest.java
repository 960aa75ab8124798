package dev.deploycheck.probe.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.probe.Observation;
import dev.deploycheck.testing.PlainServer;
import dev.deploycheck.testing.Ports;
import dev.deploycheck.testing.TestParams;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code probe: rate-limit} against a JDK server with a per-path fixed-window limiter: the burst stops at the first
 * 429 (the server counts exactly how many requests arrived), never exceeds maxRequests, and reads Retry-After.
 */
class RateLimitProbeTest {
    private static final Duration T = Duration.ofSeconds(10);
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private PlainServer server;

    @BeforeEach
    void start() {
        server = new PlainServer(ex -> {
            String path = ex.getRequestURI().getPath();
            int n = hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            bodies.put(path, ex.getRequestMethod() + " " + PlainServer.body(ex));
            int limit = 5;
            if (path.startsWith("/slow")) {
                sleep(20);
                limit = 10;
            }
            if (path.equals("/unlimited") || n <= limit) {
                PlainServer.answer(ex, 200, Map.of(), ""); // bodiless: one write per answer, no Nagle stall
                return;
            }
            switch (path) {
                case "/no-retry-after" -> PlainServer.answer(ex, 429, Map.of(), "slow down");
                case "/http-date" -> {
                    Instant now = Instant.now();
                    DateTimeFormatter f = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
                    PlainServer.answer(ex, 429, Map.of("Date", f.format(now), "Retry-After",
                            f.format(now.plusSeconds(120))), "");
                }
                case "/bad-retry-after" -> PlainServer.answer(ex, 429, Map.of("Retry-After", "soon"), "");
                default -> PlainServer.answer(ex, 429, Map.of("Retry-After", "30"), "");
            }
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Observation run(String path, String extra) throws Exception {
        return TestParams.run(new RateLimitProbe(), "url: " + server.url(path) + "\n" + extra, T);
    }

    @Test
    void stopsAtTheFirst429AndReadsRetryAfter() throws Exception {
        Observation obs = run("/login", "method: POST\njson: {email: a@b.c, password: wrong}\nmaxRequests: 50");
        assertEquals(6, hits.get("/login").get(), "five allowed, the sixth limited, then nothing more");
        assertEquals(6, obs.get("limitedAfter"));
        assertEquals(6, obs.get("requests"));
        assertEquals(1, obs.get("status429"));
        assertEquals(true, obs.get("limited"));
        assertEquals(Duration.ofSeconds(30), obs.get("retryAfter"));
        assertEquals(Map.of("200", 5, "429", 1), obs.get("statuses"));
        assertEquals("POST {\"email\":\"a@b.c\",\"password\":\"wrong\"}", bodies.get("/login"));
        assertTrue(obs.checks().stream().allMatch(Observation.Check::passed), obs.checks().toString());
        assertEquals("429 within 50 requests", obs.checks().get(0).name());
        assertEquals("429 at request 6", obs.checks().get(0).detail());
    }

    @Test
    void noLimitSendsExactlyMaxRequestsAndFails() throws Exception {
        Observation obs = run("/unlimited", "maxRequests: 20");
        assertEquals(20, hits.get("/unlimited").get());
        assertNull(obs.get("limitedAfter"));
        assertEquals(false, obs.get("limited"));
        assertEquals(1, obs.checks().size(), "no Retry-After check without a 429");
        assertFalse(obs.checks().get(0).passed());
        assertEquals("no 429 after 20 requests (statuses {200=20})", obs.checks().get(0).detail());
    }

    @Test
    void limitBeyondTheCapFails() throws Exception {
        Observation obs = run("/login", "maxRequests: 5");
        assertEquals(5, hits.get("/login").get());
        assertFalse(obs.checks().get(0).passed());
    }

    @Test
    void missingRetryAfterFails() throws Exception {
        Observation obs = run("/no-retry-after", "maxRequests: 10");
        assertTrue(obs.checks().get(0).passed());
        assertFalse(obs.checks().get(1).passed());
        assertEquals("the 429 has no Retry-After", obs.checks().get(1).detail());
        Observation lenient = run("/no-retry-after", "maxRequests: 10\nrequireRetryAfter: false");
        assertEquals(1, lenient.checks().size());
    }

    @Test
    void unreadableRetryAfterFails() throws Exception {
        Observation obs = run("/bad-retry-after", "maxRequests: 10");
        assertEquals("Retry-After (soon) is neither seconds nor an HTTP-date", obs.checks().get(1).detail());
    }

    @Test
    void httpDateRetryAfterIsADuration() throws Exception {
        Observation obs = run("/http-date", "maxRequests: 10");
        assertEquals(Duration.ofSeconds(120), obs.get("retryAfter"));
        assertTrue(obs.checks().get(1).passed());
    }

    @Test
    void concurrentBurstStopsSoonAfterTheFirst429() throws Exception {
        Observation obs = run("/slow", "maxRequests: 200\nconcurrency: 4");
        int arrived = hits.get("/slow").get();
        assertTrue(arrived >= 11 && arrived <= 10 + 4, "at most one in-flight request per worker after the 429: " + arrived);
        assertEquals(arrived, obs.get("requests"));
        int limitedAfter = (Integer) obs.get("limitedAfter");
        // tickets are taken when a request starts; with 4 workers arrival order may differ by up to 3
        assertTrue(limitedAfter >= 11 - 3 && limitedAfter <= arrived, "limitedAfter " + limitedAfter);
        assertTrue(obs.checks().stream().allMatch(Observation.Check::passed), obs.checks().toString());
    }

    @Test
    void concurrencyNeverExceedsMaxRequests() throws Exception {
        run("/unlimited", "maxRequests: 7\nconcurrency: 16");
        assertEquals(7, hits.get("/unlimited").get());
    }

    @Test
    void refusedConnectionIsAnError() {
        IOException e = assertThrows(IOException.class, () -> TestParams.run(new RateLimitProbe(),
                "url: http://127.0.0.1:" + Ports.closed() + "/\nmaxRequests: 5", T));
        assertTrue(e.getMessage().startsWith("connection refused"), e.getMessage());
    }

    @Test
    void retryAfterParsing() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(Duration.ofSeconds(7), RetryAfter.parse(" 7 ", null, now).orElseThrow());
        assertEquals(Duration.ofSeconds(60),
                RetryAfter.parse("Thu, 01 Jan 2026 00:01:00 GMT", null, now).orElseThrow());
        assertEquals(Duration.ZERO, RetryAfter.parse("Wed, 31 Dec 2025 23:00:00 GMT", null, now).orElseThrow());
        assertTrue(RetryAfter.parse("-1", null, now).isEmpty());
        assertTrue(RetryAfter.parse(null, null, now).isEmpty());
    }

    @Test
    void validation() {
        List<String> p = TestParams.problems(new RateLimitProbe(), "url: http://api.example/\nconcurrency: 100");
        assertEquals(2, p.size(), p.toString());
        assertTrue(p.get(0).contains("missing required field 'maxRequests'"), p.toString());
        assertTrue(p.get(1).startsWith("2:14 'concurrency' must be a whole number from 1 to 64, found '100'"), p.toString());
        List<String> cap = TestParams.problems(new RateLimitProbe(), "url: http://api.example/\nmaxRequests: 20000");
        assertEquals(List.of("2:14 'maxRequests' must be a whole number from 1 to 10000, found '20000'"), cap);
    }
}
